#pragma once
/// @file Accessibility of one service for a project: travel cost from every village to the
/// nearest facility (straight line, road network or cost surface), coverage per commune, and
/// a capacity ratio per commune (E2SFCA). Built on gis/access; this file only picks the
/// project's layers and settings and shapes the results as tables.
#include <optional>
#include <string>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/network.hpp"
#include "gis/io/raster.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
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
};

/// Default speed (km/h) of a road class name (national, provincial, rural, pwp_track, path;
/// anything else counts as a path).
double road_speed_kmh(const std::string& road_class);

/// A roads layer in a metric CRS as the network builder's arrays: one line per part, speeds
/// from road_class, one-way and bridge flags when the fields exist.
struct RoadLines {
  std::vector<std::uint32_t> first{0};
  std::vector<double> xs, ys, speed;
  std::vector<std::int8_t> oneway;
  std::vector<std::uint8_t> bridge;
  gis::LineArrays view() const { return {first, xs, ys, speed, oneway, bridge}; }
};
RoadLines road_lines(const gis::VectorLayer& roads_m);

/// @throws InputError when the project lacks villages, facilities or communes.
AccessInputs load_access_inputs(const Project& project, gis::Progress& progress = gis::no_progress());

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
  std::optional<gis::Catchments> catchments;  ///< AccessMod-style capacity-limited catchments
  std::optional<gis::Raster> time_raster; ///< raster mode
  std::vector<std::int32_t> allocation;   ///< raster mode, per cell
  bool cost_is_time = false;
};

/// Computes access for one service. @throws UsageError for an impossible setting (e.g.
/// network mode without a roads layer, or with a distance threshold); Cancelled.
ServiceAccess compute_access(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                             gis::Progress& progress = gis::no_progress());

/// Per-village table `access_<service>` (vil_code, adm3_pcode, households, poor_hh,
/// nearest_facility, cost_m or time_min, within_threshold, capacity_score).
gis::VectorLayer village_access_table(const AccessInputs& in, const ServiceAccess& a);
/// Catchment polygons `catchments_<service>` (EPSG:4326): one per facility, the concave hull
/// of the villages it serves in its capacity-limited catchment, with facility_id, name,
/// people_served, capacity_left and farthest cost.
gis::VectorLayer catchment_layer(const AccessInputs& in, const ServiceAccess& a,
                                 gis::Progress& progress = gis::no_progress());

/// Per-commune table `access_<service>_communes` (adm3_pcode, households, poor_hh,
/// coverage_0_1, coverage_poor_0_1, capacity_ratio, basis, villages).
gis::VectorLayer commune_access_table(const AccessInputs& in, const ServiceAccess& a);

}  // namespace swsplan::layers
