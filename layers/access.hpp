#pragma once
/// @file Accessibility of one service for a project: travel cost from every village to the
/// nearest facility (straight line, road network or cost surface), coverage per commune, and
/// a capacity ratio per commune (E2SFCA). Built on gis/access; this file only picks the
/// project's layers and settings and shapes the results as tables.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/network.hpp"
#include "gis/io/raster.hpp"
#include "gis/io/vector.hpp"
#include "layers/demand.hpp"
#include "layers/project.hpp"
#include "layers/scenarios.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

/// Project layers prepared once for any number of services.
struct AccessInputs {
  std::string metric_crs;             ///< e.g. EPSG:32648
  gis::VectorLayer villages, facilities, communes;   ///< EPSG:4326 as stored
  std::optional<gis::VectorLayer> roads_m, water_m;  ///< metric CRS, when present
  std::vector<double> vx_m, vy_m, vlon, vlat;  ///< villages
  std::vector<double> fx_m, fy_m, flon, flat;  ///< facilities
  std::vector<std::uint32_t> village_commune;  ///< row of the commune, kNoId if none
  std::vector<double> households;   ///< per village; NaN when unknown
  std::vector<char> households_estimated;  ///< per village: split from a commune total
  std::vector<double> poor;         ///< per village; NaN when unknown
  std::vector<std::string> facility_service;
  DemandBasis basis;  ///< where households and poor households come from (source, year, communes left out)
};

/// Default speed (km/h) of a road class name (national, provincial, rural, pwp_track, path;
/// anything else counts as a path).
double road_speed_kmh(const std::string& road_class);

/// A roads layer in a metric CRS as the network builder's arrays (layers/network_access.hpp
/// builds it from the roads layer and the project's road speeds).
struct RoadLines {
  std::vector<std::uint32_t> first{0};
  std::vector<double> xs, ys, speed;
  std::vector<std::int8_t> oneway;
  std::vector<std::uint8_t> bridge;
  gis::LineArrays view() const { return {first, xs, ys, speed, oneway, bridge}; }
};

/// @throws InputError when the project lacks villages, facilities or communes.
AccessInputs load_access_inputs(const Project& project, gis::Progress& progress = gis::no_progress());

/// Season of a raster-mode friction surface (issue 7 item 5): speed factors applied on top
/// of the project's settings (raster_offroad_kmh, road class speeds), and flood-prone land.
/// "dry" leaves the surface as configured (factors 1, no flooding): it is the surface of a
/// run without --season. The "wet" factors are documented in docs/methods.md (raster mode,
/// seasons) as assumptions to review.
struct SeasonFriction {
  std::string name = "dry";
  double offroad_speed_factor = 1.0;     ///< multiplies raster_offroad_kmh everywhere
  double national_speed_factor = 1.0, provincial_speed_factor = 1.0, rural_speed_factor = 1.0,
         pwp_track_speed_factor = 1.0, path_speed_factor = 1.0;  ///< multiply the road class speeds
  /// Flood-prone land: communes whose `flood_field` (a number) is >= flood_threshold, and/or
  /// the polygons of `flood_layer` (a project layer, or a file path[#layer]). Off-road
  /// speed there is multiplied again by flood_offroad_speed_factor (0 = impassable); roads
  /// crossing it keep their (seasonal) speed, as they run on embankments.
  std::string flood_field;
  double flood_threshold = 50;
  /// When false, a communes layer without flood_field means "no flood-prone land" (a note),
  /// not an error: the wet preset names the WFP field that the national import carries.
  bool flood_field_required = true;
  std::string flood_layer;
  double flood_offroad_speed_factor = 0.25;

  /// Factor of a road class (national, provincial, rural, pwp_track; anything else is a path).
  double road_speed_factor(const std::string& road_class) const;
  nlohmann::ordered_json to_json() const;
  bool has_flooding() const { return !flood_field.empty() || !flood_layer.empty(); }
};
/// The surface as configured (all factors 1, no flooding).
SeasonFriction dry_season();
/// Documented wet-season defaults (docs/methods.md): off-road x0.5, national x0.9,
/// provincial x0.8, rural x0.6, PWP track and path x0.5; communes with
/// wfp_flood_hazard_index >= 50 are flood-prone, off-road x0.25 more there.
SeasonFriction wet_season();
/// "dry" or "wet"; nullopt otherwise.
std::optional<SeasonFriction> season_preset(const std::string& name);

/// Result for one service.
struct ServiceAccess {
  ServiceSettings settings;
  std::vector<std::uint32_t> facility_rows;  ///< rows of the service's facilities
  // per village
  std::vector<double> cost;               ///< seconds (time threshold) or metres; kUnreachable if none
  std::vector<std::uint32_t> nearest;     ///< facility row, kNoId if none
  std::vector<double> capacity_score;     ///< E2SFCA A_i: people of capacity per person reachable
  std::vector<double> weight;             ///< households used as weight (equal weights where unknown)
  // per commune (rows of AccessInputs::communes)
  gis::GroupCoverage coverage;            ///< shares from `weight`; its household sums mix units, see below
  std::vector<double> households;         ///< per commune, sum of known village households (NaN if none)
  std::vector<double> poor_households;    ///< per commune, sum of known poor households (NaN if none)
  std::vector<double> capacity_ratio;     ///< weighted mean of capacity_score
  std::vector<std::string> basis;         ///< "households" or "villages (no household counts)" or ""
  std::vector<std::uint32_t> villages_in_commune;
  std::vector<std::string> notes;         ///< e.g. villages beyond the road network
  std::size_t search_notes_from = 0;      ///< notes before this index describe the demand basis, the rest the search
  std::optional<gis::Catchments> catchments;  ///< AccessMod-style capacity-limited catchments
  std::optional<gis::Raster> time_raster; ///< raster mode
  std::vector<std::int32_t> allocation;   ///< raster mode, per cell
  bool cost_is_time = false;
  std::string season = "dry";             ///< raster mode: the season of the friction surface
  std::vector<std::uint8_t> flood_prone;  ///< raster mode, per village: its cell is flood-prone land
  std::size_t flood_cells = 0;            ///< raster mode: flood-prone cells of the surface
  double cell_m = 0;                      ///< raster mode: cell size
};

/// Computes access for one service. @throws UsageError for an impossible setting (e.g.
/// network mode without a roads layer, or with a distance threshold); Cancelled.
ServiceAccess compute_access(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                             gis::Progress& progress = gis::no_progress());
/// The same with a season for raster mode (the other modes refuse a season other than dry:
/// UsageError). `project` resolves a flood_layer naming a project layer. @throws InputError
/// when flood_field is required and missing, not numeric, or flood_layer holds no polygons.
ServiceAccess compute_access(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                             const SeasonFriction& season, const Project* project,
                             gis::Progress& progress = gis::no_progress());

/// The per-village results of a search done earlier (the stored `access_<service>` of a
/// `swsplan access` run, layers/access_store.hpp).
struct AccessResults {
  std::vector<double> cost;               ///< as ServiceAccess::cost
  std::vector<std::uint32_t> nearest;     ///< facility rows of this project
  std::vector<double> capacity_score;
  std::vector<std::string> search_notes;  ///< the search's notes (ServiceAccess::notes after search_notes_from)
};

/// Access from earlier per-village results, without searching again: the same checks,
/// facilities, weights and per-commune summary as compute_access (dry season), so equal
/// per-village results give equal tables. Catchments and raster outputs stay empty.
ServiceAccess access_from_results(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                                  AccessResults results);

/// Per-village table `access_<service>` (vil_code, adm3_pcode, households, poor_hh,
/// nearest_facility, distance_km or time_min rounded, within_threshold, capacity_score, and
/// the exact cost in distance_m or time_s that analyze reads back, layers/access_store.hpp).
gis::VectorLayer village_access_table(const AccessInputs& in, const ServiceAccess& a);
/// Catchment polygons `catchments_<service>` (EPSG:4326): one per facility, the concave hull
/// of the villages it serves in its capacity-limited catchment, with facility_id, name,
/// people_served, capacity_left and farthest cost.
gis::VectorLayer catchment_layer(const AccessInputs& in, const ServiceAccess& a,
                                 gis::Progress& progress = gis::no_progress());

/// Per-commune table `access_<service>_communes` (adm3_pcode, households, poor_hh,
/// coverage_0_1, coverage_poor_0_1, capacity_ratio, basis, villages).
gis::VectorLayer commune_access_table(const AccessInputs& in, const ServiceAccess& a);


/// An access run stored as a scenario, so that two runs (e.g. dry and wet season) compare
/// like any two saved scenarios (layers/compare).
///   scenario_<name>_access_villages: vil_code, adm3_pcode, households, poor_hh,
///     nearest_facility, time_min (or distance_km), within_threshold (0/1), flood_prone
///     (0/1, raster mode), capacity_score
///   scenario_<name>_access_communes: the columns of commune_access_table plus
///     households_within, poor_within and mean_time_min (or mean_distance_km) over villages
///     with a cost (household-weighted)
/// Its row in swsplan_scenarios: model "access", threshold, demand "households", objective =
/// covered households, covered_poor_after = covered poor households, and settings (JSON:
/// service, mode, threshold, season with its factors, cell size, metric CRS, totals).
gis::VectorLayer access_scenario_villages(const AccessInputs& in, const ServiceAccess& a);
gis::VectorLayer access_scenario_communes(const AccessInputs& in, const ServiceAccess& a);
/// Stages both tables and the scenario row on `writer` (other rows kept; a scenario of the
/// same name, of any kind, is replaced when `replace`). @throws UsageError for a bad name or
/// an existing scenario without `replace`.
void stage_access_scenario(const Project& project, const std::string& name, const AccessInputs& in,
                           const ServiceAccess& a, const SeasonFriction& season, ProjectWriter& writer,
                           bool replace);

}  // namespace swsplan::layers
