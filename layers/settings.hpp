#pragma once
/// @file Per-service analysis settings stored in the project (table swsplan_settings, key
/// "service.<id>", JSON), with documented defaults (docs/methods.md gives their sources or
/// marks them as assumptions to review).
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

enum class AccessMode { Line, Network, Raster };
const char* to_string(AccessMode m);
std::optional<AccessMode> parse_access_mode(const std::string& s);

/// Which households a service is meant for (the coverage weight).
enum class DemandBase { Households, PoorHouseholds };
const char* to_string(DemandBase d);

/// A threshold in time or distance, parsed from "60min", "2h", "10km", "800m", "90s".
struct Threshold {
  double value = 0;    ///< seconds or metres
  bool is_time = false;
  /// @throws UsageError naming the text when it is not a number with a unit.
  static Threshold parse(const std::string& text);
  std::string str() const;  ///< "60min", "10km"
};

struct ServiceSettings {
  Service service = Service::HealthCentre;
  bool enabled = true;               ///< analysed by `swsplan analyze`
  AccessMode mode = AccessMode::Line;
  Threshold threshold{10000, false};
  double line_speed_kmh = 20;        ///< straight-line travel speed, turns distance into time when the threshold is a time
  double coverage_norm_0_1 = 0.8;    ///< share of households within the threshold for "available"
  double people_per_facility = 20000;  ///< people one facility can serve (the norm's upper end)
  /// Facility field holding each facility's capacity in people served; empty = every
  /// facility counts as people_per_facility (capacity columns of other units, such as pupils
  /// or beds, must not be mixed with people).
  std::string capacity_field;
  double capacity_norm = 1.0;        ///< capacity ratio (E2SFCA, people of capacity per person) needed for "available"
  DemandBase demand = DemandBase::Households;
  std::string source;                ///< where the defaults come from, or "assumption to review"

  nlohmann::json to_json() const;
  /// @throws InputError naming the key when a value has the wrong type or range.
  static ServiceSettings from_json(Service s, const nlohmann::json& j, const ServiceSettings& defaults);
};

/// Project-wide analysis settings.
struct AnalysisSettings {
  double persons_per_household = 4.2;  ///< 2019 census average household size
  double deprivation_threshold_0_1 = 0.25;  ///< "high deprivation" cut-off (fixed value)
  std::optional<double> deprivation_quantile_0_1;  ///< if set, the cut-off is this national quantile instead
  /// Where the commune deprivation rate comes from: "villages" (ID-Poor poor_hh / households
  /// of the commune's villages), or "commune:<field>" (a field of the communes layer, e.g.
  /// commune:idp22_poor_share), or "indicator:<table>:<numerator>/<denominator>".
  /// "indicator:<table>:<field>" or "child_deprivation" (share of households/children in
  /// units with 2+ child deprivations; needs child_deprivation_table).
  std::string deprivation_source = "villages";
  /// Which side of the threshold is deprived: higher_is_worse (default; e.g. share of poor
  /// households) or lower_is_worse (e.g. share of households with an improved latrine).
  bool deprivation_lower_is_worse = false;
  /// Child-deprivation dimensions (DESIGN.md section 3): an indicator table (ind_<name>,
  /// keyed by adm3_pcode or vil_code) with one column per dimension. Empty = none.
  std::string child_deprivation_table;
  /// "dimension=field;dimension=field" (dimensions: health, nutrition, education,
  /// sanitation, shelter, water, information). Empty = the columns named after the dimensions.
  std::string child_deprivation_fields;
  /// Field of the table weighting each unit (e.g. children); empty = the unit's households.
  std::string child_deprivation_weight;
  /// A unit counts as deprived in a dimension when its value (share of children or
  /// households deprived, or a 0/1 flag) is >= this cut-off.
  double child_deprivation_cutoff_0_1 = 0.5;
  /// Which source counts households and poor households for every verb (layers/demand.hpp,
  /// docs/methods.md, Demand): auto (ID-Poor 2022 commune totals when the project has them,
  /// else the villages' counts), idpoor_2022, villages, commune_database_2011, or
  /// table:<table>:<households field>:<poor field>.
  std::string demand_basis = "auto";
  /// Communes whose villages carry no household counts: split this communes field (e.g.
  /// idp22_total_hh) equally over their villages, marked as an estimate. Empty = no fallback.
  std::string households_fallback;
  std::string raster_landcover;        ///< land cover GeoTIFF for raster mode (empty: uniform off-road speed)
  double raster_offroad_kmh = 4.0;     ///< off-road walking speed when no land cover is given
  double raster_cell_m = 0;            ///< 0 = automatic (100 m, coarser for large extents)
  /// Network mode, door to door (docs/methods.md, Access): a village's time is the best of
  /// walking straight to a facility and walking to the road + driving + walking from it.
  /// Straight-walk speed, off the roads: the raster mode's off-road speed by default, so the
  /// two modes differ by their routing only.
  double network_walk_kmh = 4.0;
  /// Longest straight walk between a village or facility and the road network, metres.
  double network_snap_m = 50000;
  /// Longest straight walk from a village to a facility without a road, metres.
  double network_direct_walk_m = 50000;
  /// Road speeds (km/h) that replace the defaults, by road class (national, provincial,
  /// rural, pwp_track, path) or by OSM highway value (trunk, primary, ...: wins over the
  /// class the importer gave it). Stored as analysis.road_speed_kmh_<class>.
  std::map<std::string, double> road_speed_kmh;
  /// Speed of a road: its OSM highway value's setting, else its class's setting, else the
  /// class's documented default (gis::default_speed_kmh).
  double road_speed(const std::string& road_class, const std::string& osm_highway = {}) const;
  nlohmann::json to_json() const;
  static AnalysisSettings from_json(const nlohmann::json& j);
};

/// Documented defaults for every service.
ServiceSettings default_settings(Service s);

/// Settings of a project: stored values over defaults.
ServiceSettings service_settings(const Project& p, Service s);
AnalysisSettings analysis_settings(const Project& p);

/// Key in swsplan_settings for a service.
std::string settings_key(Service s);

}  // namespace swsplan::layers
