#pragma once
/// @file `swsplan sample`: a deterministic synthetic demo province ("Demo Province
/// (synthetic)", fictitious code KH90 / NCDD 90) with the same schema as an imported real
/// project: provinces, districts, communes, villages with ID-Poor-like poverty, facilities by
/// service, roads by class (PWP roads included), PWP lines (roads + an irrigation canal) and a
/// river. None of it is real data: every number comes from a small seeded PRNG of our own
/// (splitmix64, no std distributions), so the same seed gives the same layers on every
/// platform and, written with write_sample(), a byte-identical GeoPackage on every run.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::layers {

/// Seed of the committed sample-maps/demo_province.gpkg.
inline constexpr std::uint64_t kSampleDefaultSeed = 20260101;
/// Fixed timestamp stamped into provenance and GeoPackage metadata (reproducibility).
inline constexpr const char* kSampleTimestamp = "2026-01-01T00:00:00Z";
/// Fictitious province pcode: no real Cambodian province has NCDD code 90.
inline constexpr const char* kSampleProvincePcode = "KH90";
inline constexpr const char* kSampleProvinceName = "Demo Province (synthetic)";

struct SampleOptions {
  std::uint64_t seed = kSampleDefaultSeed;
  std::string timestamp = kSampleTimestamp;  ///< ISO 8601 UTC
};

/// The generated layers, all in EPSG:4326 (lon/lat, coordinates rounded to 1e-7 degree).
struct SampleProject {
  /// Standard layer name (services.hpp names, plus "water") -> layer, in write order.
  std::vector<std::pair<std::string, gis::VectorLayer>> layers;
  double town_lon = 0, town_lat = 0;  ///< the provincial town (referral hospital, SWS office)
  std::string metric_crs;             ///< CRS the geometry was built in ("EPSG:32648")

  /// Layer by name. @throws UsageError when absent.
  const gis::VectorLayer& layer(const std::string& name) const;
};

/// Builds the demo province in memory. Pure function of `options.seed`.
SampleProject generate_sample(const SampleOptions& options = {});

/// What write_sample() wrote.
struct SampleSummary {
  std::string path;
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, std::size_t>> layers;      ///< layer -> features
  std::vector<std::pair<std::string, std::size_t>> facilities;  ///< service id -> count
  std::uintmax_t bytes = 0;

  nlohmann::json to_json() const;
  std::string to_text() const;
};

/// Generates the demo province and writes it as a new project GeoPackage at `path` (layers,
/// project meta `synthetic=yes`, provenance rows marked synthetic). GeoPackage timestamps
/// are pinned to `options.timestamp` so two runs give byte-identical files.
/// @throws UsageError when `path` exists and `overwrite` is false; Error on write failure
/// (an existing file is then left as it was).
SampleSummary write_sample(const std::string& path, const SampleOptions& options = {}, bool overwrite = false);

}  // namespace swsplan::layers
