#pragma once
/// @file Referral analysis (WHO AccessMod): for every health centre of a project, the referral
/// hospital it reaches, with travel time and distance, by one of the three travel modes of
/// access (straight line, road network, cost surface) and the same engines and settings:
///   line     straight distance at the referral hospitals' line_speed_kmh setting;
///   network  the road network of `access -m network` (same graph, road speeds and door-to-door
///            walking legs); distance is the length of the fastest route, walks included;
///   raster   minutes from the cost-distance surface of `access -m raster`, seeded at the
///            hospitals; distance is the straight line to the hospital reached (the surface
///            gives no route).
/// Target: the nearest hospital by the mode's travel time, or with `assigned_by` the nearest
/// hospital that shares the centre's value of that facilities field (e.g. the operational
/// district, od_code). A centre without a value, or whose value no hospital has, is listed
/// and gets no hospital; it is never sent to another group's hospital.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

/// What `swsplan referral` asks.
struct ReferralRequest {
  AccessMode mode = AccessMode::Network;
  /// Facilities field (a column, or a key of the imported `attributes`) grouping centres with
  /// their hospitals; empty = the nearest hospital of all.
  std::string assigned_by;
  /// A province pcode (KH01...): only the health centres of that province. Hospitals of every
  /// province stay candidates (a centre near a border may refer across it).
  std::string province;
};

/// One health centre's referral.
struct ReferralRow {
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t centre = kNone;    ///< row of the facilities layer
  std::uint32_t hospital = kNone;  ///< row of the facilities layer; kNone when none is reached
  double time_s = std::numeric_limits<double>::quiet_NaN();      ///< NaN without a route
  double distance_m = std::numeric_limits<double>::quiet_NaN();  ///< see the file comment per mode
  std::string group;               ///< the centre's assigned_by value (empty without assigned_by)
  bool walked_direct = false;      ///< network: the fastest trip is a straight walk, no road
  std::string note;                ///< why there is no hospital or no time
};

/// Summary over the centres with a time.
struct ReferralSummary {
  std::size_t centres = 0;    ///< centres analysed
  std::size_t with_time = 0;  ///< centres with a hospital and a time
  double median_min = std::numeric_limits<double>::quiet_NaN();
  double longest_min = std::numeric_limits<double>::quiet_NaN();
  std::uint32_t longest_centre = ReferralRow::kNone;  ///< facilities row of the longest referral
  std::size_t beyond_60 = 0, beyond_120 = 0;          ///< centres with time > 60 / > 120 minutes
};

struct ReferralResult {
  ReferralRequest request;
  gis::VectorLayer facilities;     ///< the project's facilities (EPSG:4326), rows as in ReferralRow
  std::vector<ReferralRow> rows;   ///< one per health centre, in facilities order
  ReferralSummary summary;
  double line_speed_kmh = 0;       ///< line mode's speed
  std::vector<std::string> notes;  ///< surface size, centres without a group or a route, ...
};

/// The referral of every health centre. @throws UsageError for a province with no health
/// centre or a project without referral hospitals; InputError naming the field when
/// assigned_by is on neither layer, or network mode has no roads layer; Cancelled.
ReferralResult compute_referral(const Project& project, const ReferralRequest& request,
                                gis::Progress& progress = gis::no_progress());

/// Median, longest and counts beyond 60 / 120 minutes of the rows with a time.
ReferralSummary summarise_referral(const std::vector<ReferralRow>& rows);

/// `referral_<mode>`: one line per centre with a hospital (centre -> hospital, EPSG:4326):
/// centre_id, centre_name, adm3_pcode, group, hospital_id, hospital_name, time_min,
/// distance_km, time_s, distance_m, walked_direct.
gis::VectorLayer referral_lines(const ReferralResult& result);
/// `referral_<mode>_centres`: the same columns for every centre (no geometry), with `note`.
gis::VectorLayer referral_table(const ReferralResult& result);
/// "referral_line", "referral_network" or "referral_raster".
std::string referral_layer_name(AccessMode mode);

}  // namespace swsplan::layers
