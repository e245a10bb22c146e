#pragma once
/// @file Scenario comparison (issue 7 item 5): any two saved scenarios side by side, per
/// commune, per district and in total: households and poor households covered (within the
/// threshold) in A and in B, their difference B - A, and the household-weighted mean access
/// cost in A and B with its difference: for a siting scenario the straight-line distance (km)
/// from each village to the scenario's nearest office; for a PWP scenario the network travel
/// time (min) to the nearest facility of the service, over villages with a network time. A difference layer (commune polygons with the diff fields) backs a
/// difference map.
///
/// For an access scenario (`swsplan access --scenario`, e.g. a dry- and a wet-season run) the
/// covered households are those of villages within the run's threshold and the mean cost is
/// its travel time (min; km for a line-mode distance run) over villages with a cost;
/// households cut off from every facility count as not covered and are named in a note.
///
/// A scenario operand is:
///   NAME          a siting scenario (its assignment table), a PWP scenario after the works,
///                 or an access scenario (its villages table)
///   NAME:before   a PWP scenario without the works (the network as it is today)
/// PWP scenarios hold one result per service: CompareOptions::service picks it (default: the
/// first service stored in the scenario). Differences are B - A everywhere, so
/// compare(A, B) = -compare(B, A) and compare(A, A) = 0 (tests check both).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

struct CompareOptions {
  std::string service;   ///< PWP operands: service id to compare; empty = first stored (access operands: must match theirs)
};

/// One row of a comparison (commune, district or total).
struct CompareRow {
  std::string level;     ///< "commune", "district" or "total"
  std::string code;      ///< adm3_pcode, adm2_pcode, or "" for the total
  std::string name;
  std::string adm2_pcode;  ///< communes: their district
  double households = 0, poor_households = 0;
  double covered_households_a = 0, covered_households_b = 0, diff_covered_households = 0;  ///< diff = b - a
  double covered_poor_a = 0, covered_poor_b = 0, diff_covered_poor = 0;
  double access_a = 0, access_b = 0, diff_access = 0;  ///< mean cost in access_unit; NaN when unknown
};

struct ScenarioDiff {
  std::string a, b;             ///< operands as given
  std::string kind_a, kind_b;   ///< "siting", "pwp" or "access"
  std::string access_unit;      ///< "min" or "km" (NaN diffs when A and B differ in unit)
  std::string service;          ///< PWP operands: the service compared
  std::vector<CompareRow> communes, districts;
  CompareRow total;
  std::vector<std::string> notes;
  /// Commune polygons (EPSG:4326) with the commune rows' fields: layer `compare_<a>_<b>`
  /// (":" becomes "_"). Communes (and districts) outside both scenarios are left out, e.g.
  /// the other provinces of a national project when both scenarios cover one province.
  gis::VectorLayer difference_layer;

  /// Rows as a table: communes, then districts, then the total (level column tells which).
  gis::VectorLayer table() const;
  nlohmann::ordered_json to_json() const;
  std::string to_text() const;  ///< districts and total (communes with --communes in the CLI)
};

/// Compares two scenarios. @throws UsageError for an unknown scenario or a ":before" on a
/// siting scenario or an unknown service; InputError for a damaged scenario table.
ScenarioDiff compare_scenarios_full(const Project& project, const std::string& a, const std::string& b,
                                    const CompareOptions& options = {});

/// Name of the difference layer for operands a and b.
std::string compare_layer_name(const std::string& a, const std::string& b);

/// compare_scenarios_full() on the project at `project_path` with the difference layer stored
/// through the door (layers/store.hpp), as `swsplan compare` and the app do.
ScenarioDiff run_and_store_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                   const CompareOptions& options, gis::Progress& progress = gis::no_progress());

}  // namespace swsplan::layers
