#pragma once
/// @file Exact location models as mixed-integer programs solved with COIN-OR CBC, for small
/// instances and for validating the heuristics. Formulations (y_j open, x_ij assign, z_i
/// covered, u_i unassigned; fixed sites y_j = 1; spacing y_a + y_b <= 1):
/// - MCLP: max sum w_i z_i, z_i <= sum_{j covers i} y_j, sum_{free} y_j = p;
/// - LSCP: min sum_{free} y_j, sum_{j covers i} y_j >= 1 for demand not covered by fixed sites;
/// - p-median: min sum w_i c_ij x_ij + w_i pen u_i, sum_j x_ij + u_i = 1, x_ij <= y_j,
///   sum_{free} y_j = p (strong, disaggregated form);
/// - capacitated p-median / MCLP: binary x_ij (single source), sum_i w_i x_ij <= cap_j y_j.
#include <optional>

#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate {

/// Solves `model` exactly (or until opt.time_limit_s, then proven_optimal = false and the
/// bound is CBC's best bound). `iterations` = branch-and-bound nodes. Single-threaded and
/// deterministic unless the time limit is hit.
/// @throws Infeasible (p too large, capacity below demand, uncoverable LSCP demand, or CBC
///         proves the model infeasible, e.g. because of the spacing).
/// `start_sites` (MCLP, LSCP; optional) are new sites of a known solution, CBC's first
/// incumbent. A cancel through `progress` stops CBC within a node, cut round or simplex
/// iteration.
/// @throws UsageError for an invalid instance; Cancelled.
Solution solve_exact(const Instance& inst, Model model, const Options& opt, Progress& progress,
                     const std::vector<std::uint32_t>& start_sites = {});

/// Optimum of the LP relaxation of `model` (Clp): an upper bound for MCLP models, a lower
/// bound for the others; nullopt when the simplex was stopped at opt.time_limit_s (no proven
/// bound). A cancel through `progress` stops the simplex at its next iteration.
/// @throws as solve_exact.
std::optional<double> lp_relaxation_bound(const Instance& inst, Model model, const Options& opt,
                                          Progress& progress);

}  // namespace swsplan::gis::locate
