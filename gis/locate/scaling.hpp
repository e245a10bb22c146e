#pragma once
/// @file Scaling-up (AccessMod's "scaling up coverage"): add facilities one at a time where
/// they cover the most still-uncovered demand weight within the threshold and their capacity,
/// until a target coverage, a number of new sites or a budget is reached. The result is the
/// order of the sites and the cumulative coverage table.
///
/// Capacity: a site serves at most capacity[j] demand weight (instance capacities, or no limit
/// when the instance has none); it takes the uncovered demand within cover_cost nearest
/// first, splitting the last demand point if needed (weights are populations). Existing
/// (fixed) sites take their share first, in id order. Greedy is exact step by step: gains
/// only shrink as demand gets covered, so a lazy heap finds the best site at every step
/// (ties: the smaller id).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"

namespace swsplan::gis::locate {

struct ScalingSpec {
  double cover_cost = 0.0;                 ///< threshold, unit of the instance's costs
  double target_coverage_0_1 = 1.0;        ///< stop once this share of the weight is covered
  std::uint32_t max_new_sites = 0;         ///< stop after this many new sites (0 = no limit)
  double budget = std::numeric_limits<double>::infinity();  ///< total cost of new sites
  std::vector<double> site_cost;           ///< per candidate (empty = 1 per site)
};

struct ScalingStep {
  std::uint32_t site = kNone;      ///< candidate opened at this step
  double added_weight = 0.0;       ///< weight it covers that was uncovered before
  double covered_weight = 0.0;     ///< cumulative covered weight after the step
  double coverage_0_1 = 0.0;       ///< covered_weight / total weight
  double spent = 0.0;              ///< cumulative cost of the new sites
};

struct ScalingResult {
  double total_weight = 0.0;
  double initial_covered_weight = 0.0;  ///< by the fixed sites
  std::vector<ScalingStep> steps;       ///< in opening order
  std::vector<double> covered_weight;   ///< per demand, the part covered at the end
  std::string stop_reason;              ///< "target coverage reached", "budget", ...
};

/// @throws UsageError for an invalid instance or spec (negative threshold or costs, a target
///         outside [0, 1], site_cost of the wrong size); Cancelled through `progress`.
ScalingResult scale_up(const Instance& inst, const ScalingSpec& spec, Progress& progress);

}  // namespace swsplan::gis::locate
