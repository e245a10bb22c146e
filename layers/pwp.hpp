#pragma once
/// @file PWP road scenario (issue 7 item 3): add new road segments or upgrade existing ones
/// (class change, e.g. path -> rural), recompute road-network access for each service with
/// and without the works, and count the households and poor households that come within the
/// service threshold, per commune and in total; cost the works in labour-days and USD
/// (CostingSettings). Stored as a named scenario with model "pwp" in swsplan_scenarios plus
/// the layers scenario_<name>_pwp_works (lines), scenario_<name>_pwp_communes (commune x
/// service) and scenario_<name>_pwp_villages (village x service times before/after).
///
/// Works layer (a project layer name, or a file `path[#layer]`), one line feature per work:
///   work       "new" (default when the field is absent) or "upgrade"
///   road_class target class: national, provincial, rural, pwp_track, path (default pwp_track
///              for new roads; required for upgrades)
///   road_id    upgrades only: the road_id of the existing segment of the project's roads
///              layer whose class changes (its own geometry and length are used)
///   name       optional
/// New roads connect to the network where they cross a road or share a vertex with it; an
/// end point within kPwpConnectTolerance_m of a road is joined to it (moved onto the road's
/// vertex when that is the nearest point, else extended 0.5 m across the road's segment).
/// With the works a village's time is the better of its time over today's network and over
/// the network with the works (new roads re-snap villages and facilities to the nearest road,
/// possibly a dead end; the old route is still there), so no household loses access unless an
/// upgrade lowers a road's speed.
/// Network mode needs a roads layer: the sample project has one, the national import has none.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"
#include "layers/scenarios.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

/// End points of new roads this close to an existing road are joined to it.
inline constexpr double kPwpConnectTolerance_m = 25.0;

struct PwpRequest {
  std::string scenario;                 ///< letters, digits, underscore
  std::string works;                    ///< project layer name or file path[#layer]
  std::vector<Service> services;        ///< empty = the project's enabled services
  /// Threshold for every service (a time); unset = each service's own threshold, a distance
  /// being turned into a time at the service's line_speed_kmh.
  std::optional<Threshold> threshold;
  std::string assume_crs;               ///< CRS of a works file without one
};

/// One road work with its cost.
struct PwpWork {
  std::string work_id;        ///< "new_<n>" / "upgrade_<road_id>"
  std::string work;           ///< "new" or "upgrade"
  std::string road_class;     ///< class after the work
  std::string from_class;     ///< upgrades: class before
  std::string road_id;        ///< upgrades: the road upgraded
  std::string name;
  double length_km = 0;
  double labour_days = 0;     ///< length_km x labour-days per km of the work type
  double cost_usd = 0;        ///< labour_days x all-in USD per person-day
  double wage_usd = 0;        ///< labour_days x wage per person-day
};

/// Totals for one service (or one commune x service).
struct PwpGain {
  std::string service;        ///< service id
  std::string threshold;      ///< e.g. "60min"
  double households = 0, poor_households = 0;
  double households_within_before = 0, households_within_after = 0;
  double poor_within_before = 0, poor_within_after = 0;
  double households_gained = 0, households_lost = 0;   ///< villages newly within / no longer within
  double poor_gained = 0, poor_lost = 0;
  double villages_gained = 0;
  double mean_time_min_before = 0, mean_time_min_after = 0;  ///< household-weighted, reachable villages only; NaN if none
};

struct PwpCommuneGain {
  std::string adm3_pcode, name, adm2_pcode;
  PwpGain gain;
};

struct PwpResult {
  PwpRequest request;
  std::string metric_crs;
  std::vector<PwpWork> works;
  double km_new = 0, km_upgrade = 0, labour_days = 0, cost_usd = 0, wage_usd = 0;
  CostingSettings costing;               ///< unit costs used
  std::vector<PwpGain> services;         ///< one total per service analysed
  std::vector<PwpCommuneGain> communes;  ///< every commune x service (service-major, communes in layer order)
  double poor_gained_any = 0;            ///< poor households gaining access to >= 1 service (counted once)
  double households_gained_any = 0;
  std::vector<std::string> notes;
  // Tables ready to store.
  gis::VectorLayer works_layer, communes_table, villages_table;
  /// The gain per commune as polygons (pwp_gain_layer); unnamed when no commune changed.
  gis::VectorLayer gain_layer;

  nlohmann::ordered_json summary_json() const;
  std::string to_text() const;
};

/// The map of a scenario's gain: the communes where any household gains or loses access, with
/// households_gained_<service>, poor_gained_<service> and net_poor_<service> (poor gained -
/// poor lost) for every service of the result. Unnamed (empty) when no commune changed.
/// @throws InputError if `communes` has no adm3_pcode.
gis::VectorLayer pwp_gain_layer(const gis::VectorLayer& communes, const PwpResult& result);

/// Runs the scenario. @throws UsageError (no roads layer, bad scenario name, a works layer
/// that is not lines, an upgrade without a known road_id), InputError naming the row and field
/// of a bad works feature; Cancelled.
PwpResult run_pwp(const Project& project, const PwpRequest& request, gis::Progress& progress = gis::no_progress());

/// Stages the scenario's layers and its row in swsplan_scenarios (other rows kept).
/// @throws UsageError if a scenario of that name exists and !replace.
void stage_pwp(const Project& project, const PwpResult& result, ProjectWriter& writer, bool replace);

/// A stored PWP scenario read back from its row and tables (no recomputation): works,
/// totals, per-service and per-commune gains, notes, and the three tables. request.works
/// holds the works source recorded at the time. @throws UsageError if `scenario` is not a
/// stored PWP scenario; InputError for damaged tables.
PwpResult load_pwp(const Project& project, const std::string& scenario);

/// Whether a stored scenario is a PWP scenario. @throws UsageError if it does not exist.
bool is_pwp_scenario(const Project& project, const std::string& scenario);

/// Runs the scenario on the project at `project_path` and stores it through the door
/// (layers/store.hpp): an existing scenario of that name is refused before any work unless
/// `replace` (the refusal ends with `replace_hint`); cancelled before the commit, nothing is
/// written.
PwpResult run_and_store_pwp(const std::string& project_path, const PwpRequest& request, bool replace,
                            gis::Progress& progress, const std::string& replace_hint = "pass --replace");

}  // namespace swsplan::layers
