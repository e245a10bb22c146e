#pragma once
/// @file Access results stored once and read downstream. Beside its per-village table
/// access_<service>, `swsplan access` stores one row per service in swsplan_access: mode,
/// threshold, season, when, the search's notes and a fingerprint of everything the search
/// depends on (settings, villages with their households, the service's facilities, the road
/// and water network). `swsplan analyze`, the PWP search before the works and the commune
/// report read the stored results while the fingerprint matches the project, and search
/// again, naming the input that changed, once it does not.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layers/access.hpp"

namespace swsplan::layers {

/// One hash per input of an access search (FNV-1a 64 bits, hex): cheap to compare, not a
/// security measure. Equal fingerprints mean the search would give the same results.
struct AccessFingerprint {
  std::string settings;    ///< service settings the search reads, analysis settings but deprivation, season
  std::string villages;    ///< locations, households, poor households, communes, demand basis
  std::string facilities;  ///< the service's facilities: id, location, capacity
  std::string network;     ///< roads and water with all their fields (network and raster modes)

  nlohmann::ordered_json to_json() const;
  static AccessFingerprint from_json(const nlohmann::json& j);
  /// The names of the inputs whose hashes differ, e.g. {"settings", "villages"}.
  std::vector<std::string> differences(const AccessFingerprint& other) const;
};

AccessFingerprint access_fingerprint(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                                     const SeasonFriction& season);

/// Stages the swsplan_access row of this run on `w` (the other services' rows kept).
void stage_access_run(const Project& project, const AccessInputs& in, const ServiceAccess& acc,
                      const AnalysisSettings& a, const SeasonFriction& season, ProjectWriter& w);

struct StoredAccess {
  std::optional<ServiceAccess> access;  ///< the stored results, when still valid for these inputs
  std::string note;  ///< "access: read from ..." or "access: computed ...: why the stored run was not used"
  bool stored = false;  ///< a run of `swsplan access` is stored for this service (used or not)
};

/// The stored access of service `s` (dry season) when its fingerprint matches `in`, `s` and
/// `a`; otherwise no access and a note saying why (nothing stored, which input changed, or a
/// table that no longer lines up with the villages or facilities).
StoredAccess read_stored_access(const Project& project, const AccessInputs& in, const ServiceSettings& s,
                                const AnalysisSettings& a);

}  // namespace swsplan::layers
