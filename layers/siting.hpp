#pragma once
/// @file Siting Single Window offices for a project (DESIGN.md section 3): demand (villages
/// weighted by poor households, households, or households x service gaps), candidate sites
/// (commune halls, district towns, villages or a user point layer), existing offices kept
/// fixed, a location model from gis/locate (MCLP, LSCP, p-median, capacitated variants) or
/// cluster mode (each office serves 2-3 contiguous communes of one district), and mobile-van
/// circuits for communes beyond the threshold of every office. Results are stored as a named
/// scenario in the project; several scenarios coexist.
///
/// Costs: straight line in the project's metric CRS (distance, or time at a constant speed)
/// or road-network travel time. Everything here only prepares gis/locate instances from the
/// project's layers and shapes the solutions as tables.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/scenarios.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

enum class SiteModel { Mclp, Lscp, Pmedian };
const char* to_string(SiteModel m);
std::optional<SiteModel> parse_site_model(const std::string& s);

/// What a village weighs as demand.
enum class SiteDemand {
  PoorHouseholds,      ///< ID-Poor households (poor_hh), default
  Households,          ///< all households
  HouseholdsTimesGaps  ///< households x number of services not "served" in table gap_classes
};
const char* to_string(SiteDemand d);
std::optional<SiteDemand> parse_site_demand(const std::string& s);

/// Name of the table holding the gap analysis (adm3_pcode, service, class).
inline constexpr const char* kGapClassesTable = "gap_classes";

/// A siting request. Thresholds and costs: a time threshold is converted with `speed_kmh`
/// in line mode; network mode needs a time threshold.
struct SitingRequest {
  std::string scenario;                ///< letters, digits, underscore
  SiteModel model = SiteModel::Mclp;
  std::uint32_t p = 1;                 ///< new offices (MCLP, p-median)
  Threshold threshold{3600, true};     ///< coverage threshold
  double speed_kmh = 20;               ///< straight-line speed when the threshold is a time
  AccessMode mode = AccessMode::Line;  ///< Line or Network
  SiteDemand demand = SiteDemand::PoorHouseholds;
  /// "communes" (commune halls: point on surface of each commune), "districts" (district
  /// towns: the village with most households of each district), "villages", or the name of
  /// a point layer of the project.
  std::string candidates = "communes";
  /// Point layer of existing offices; empty = facilities with service sws_office.
  std::string existing;
  std::string province;                ///< adm1_pcode: restrict demand, candidates, offices
  double min_spacing_m = 0;            ///< minimum distance between offices
  std::optional<double> capacity;      ///< per office, in demand-weight units (capacitated model)
  bool clusters = false;               ///< cluster mode (replaces the model)
  std::uint32_t cluster_min = 2, cluster_max = 3;
  std::uint32_t van_days_per_commune = 5;    ///< visit length per commune per cycle
  std::uint32_t van_cycle_days = 60;         ///< working days of one visiting cycle (a quarter)
  bool exact = false;                  ///< solve with CBC (small instances)
  double time_limit_s = 60;

  nlohmann::json to_json() const;
};

/// Figures per district (or national, district empty).
struct DistrictFigures {
  std::string adm2_pcode, name;
  double poor = 0, covered_poor_before = 0, covered_poor_after = 0;
};

/// One office of the result (existing or new).
struct SitedOffice {
  std::string office_id;   ///< existing id, or "new_<rank>"
  bool existing = false;
  std::uint32_t rank = 0;  ///< order of choice (greedy marginal gain), 0 for existing
  std::string adm3_pcode, commune_name;
  double x_m = 0, y_m = 0, lon = 0, lat = 0;
  double covered_households = 0, covered_poor = 0;  ///< villages assigned to it within the threshold
  double marginal_gain = 0;  ///< demand weight lost if this office alone were removed
};

struct SitingResult {
  SitingRequest request;
  std::string metric_crs;
  std::string method;                  ///< solver description
  double objective = 0, bound = 0, gap_0_1 = 0;
  bool proven_optimal = false;
  std::string objective_unit;          ///< e.g. "poor households covered", "poor-household-km"
  double poor_total = 0, covered_poor_before = 0, covered_poor_after = 0;
  std::vector<DistrictFigures> districts;
  std::vector<SitedOffice> offices;    ///< existing first, then new by rank
  std::uint32_t van_count = 0, van_lower_bound = 0, van_communes = 0;
  std::vector<std::string> infeasible_districts;  ///< cluster mode: "KH1701: reason"
  std::vector<std::string> notes;
  /// Source and year of the households and poor households (the project's demand basis).
  std::string demand_source;
  double seconds = 0;
  // Tables ready to store.
  gis::VectorLayer offices_layer, assignment_table, clusters_table, vans_table;
  /// Map layers of the same run (empty when there are no vans / no assigned village).
  gis::VectorLayer van_stops_layer, assignment_lines_layer;

  nlohmann::ordered_json summary_json() const;
};

/// Runs the request on a project. @throws UsageError for an impossible request (unknown
/// candidates layer, gap demand without gap_classes, p larger than the candidates, capacity
/// below demand, no candidate within reach of any demand), InputError for missing layers or
/// fields; Cancelled through `progress`.
SitingResult run_siting(const Project& project, const SitingRequest& request,
                        gis::Progress& progress = gis::no_progress());

/// Stages the scenario's layers and its row of swsplan_scenarios (replacing a scenario of
/// the same name) on `writer`. @throws UsageError if the scenario exists and !replace.
void stage_scenario(const Project& project, const SitingResult& result, ProjectWriter& writer,
                    bool replace);

/// Covered poor households per district in two scenarios.
struct ScenarioComparison {
  struct Row {
    std::string adm2_pcode, name;
    double poor = 0, covered_a = 0, covered_b = 0;
  };
  std::vector<Row> rows;  ///< per district, then a national row with adm2_pcode ""
};
/// @throws UsageError if a scenario is missing.
ScenarioComparison compare_scenarios(const Project& project, const std::string& a, const std::string& b);

}  // namespace swsplan::layers
