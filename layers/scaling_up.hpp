#pragma once
/// @file Scaling-up analysis (after WHO AccessMod): where to add facilities of one service,
/// one at a time, so that each new facility covers the most households still beyond the
/// threshold (straight line) of every facility, within its capacity; stops at a target
/// coverage or a number of new facilities. Candidates are the commune halls (a point inside
/// each commune); existing facilities of the service cover first. The greedy order is
/// compared with the MCLP optimum (or its proven bound) for the same number of new sites.
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/qgis_styles.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

struct ScalingUpRequest {
  Service service = Service::HealthCentre;
  double threshold_m = 5000;            ///< straight-line reach of a facility
  double target_coverage_0_1 = 1.0;     ///< share of households to cover
  std::uint32_t max_new_sites = 0;      ///< 0 = no limit (until the target or no gain)
  std::optional<double> capacity_hh;    ///< households one facility can serve (none = no limit)
  std::string province;                 ///< adm1_pcode to restrict to, empty = whole project
  bool compare_mclp = true;             ///< solve the MCLP for the same count (uncapacitated)
};

struct ScalingUpStep {
  std::uint32_t step = 0;               ///< 1-based opening order
  std::string adm3_pcode, commune_name;
  double lon = 0, lat = 0;              ///< commune hall, EPSG:4326
  double added_hh = 0, covered_hh = 0, coverage_0_1 = 0;
};

struct ScalingUpResult {
  ScalingUpRequest request;
  std::uint32_t existing_sites = 0;
  double total_hh = 0, initial_covered_hh = 0;
  std::vector<ScalingUpStep> steps;
  std::string stop_reason;
  /// MCLP with as many new sites (uncapacitated requests only): covered households, its
  /// proven upper bound, and the greedy's shortfall against that bound.
  std::optional<double> mclp_covered_hh, mclp_bound_hh, greedy_gap_0_1;
  bool mclp_proven_optimal = false;
  std::vector<std::string> notes;
};

/// @throws UsageError (no household counts, unknown province, bad threshold/target) or
///         InputError from the project; Cancelled through `progress`.
ScalingUpResult run_scaling_up(const Project& project, const ScalingUpRequest& request,
                               gis::Progress& progress);

/// The new sites as the point layer `scaling_up_<service>` (EPSG:4326, at the commune halls):
/// order, adm3_pcode, commune, added_hh, covered_hh, coverage_0_1 (cumulative).
gis::VectorLayer scaling_up_layer(const ScalingUpResult& result);

/// run_scaling_up, its layer stored through the door (layers/store.hpp) with provenance and the
/// QGIS style `styler` gives (empty: none); a new run of the service replaces the layer, a
/// cancel writes nothing. @throws as run_scaling_up, LeaseBusy, Cancelled.
ScalingUpResult run_and_store_scaling_up(const std::string& project_path, const ScalingUpRequest& request,
                                         const QgisStyler& styler, gis::Progress& progress);

}  // namespace swsplan::layers
