#pragma once
/// @file Maximal covering location problem (MCLP): open p new sites besides the fixed ones so
/// that the demand weight within `cover_cost` of an open site is largest.
///
/// Heuristic: lazy greedy, then best-improvement vertex substitution with incremental swap
/// gains (per-demand cover counts and the id of the unique coverer), honouring the minimum
/// spacing. Bound: Lagrangian relaxation of the coverage constraints (subgradient
/// optimisation), which equals the LP bound at convergence; rounded down for integer weights.
#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate {

/// Solves the MCLP heuristically with an optimality bound.
/// Solution: objective = covered weight, bound >= optimum, assignment = nearest open site
/// within cover_cost (kNone if uncovered), unassigned_weight = uncovered weight.
/// @throws UsageError for an invalid instance or cover_cost < 0.
/// @throws Infeasible if p exceeds the candidates that may still be opened (ids = none),
///         if the spacing leaves fewer than p sites, or (unreachable_is_error) demand with no
///         candidate within cover_cost (ids = those demand ids).
/// @throws Cancelled through `progress`.
Solution solve_mclp(const Instance& inst, const Options& opt, Progress& progress);

/// Lagrangian upper bound on the MCLP optimum (used by solve_mclp; exposed for tests).
/// `incumbent` is the best known objective (for the step size). Spacing is relaxed except
/// that candidates too close to a fixed site stay closed. Every few iterations `hook` (if
/// set) receives the relaxation's new sites and returns the best objective known since.
double mclp_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                             std::uint32_t* iterations, Progress& progress,
                             const PrimalHook& hook = {});

}  // namespace swsplan::gis::locate
