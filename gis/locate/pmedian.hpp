#pragma once
/// @file p-median: open p new sites besides the fixed ones, minimising the weighted travel
/// cost of every demand to its nearest open site. Pairs outside the sparse matrix cost
/// `out_of_reach_cost` per unit weight (the demand stays unassigned).
///
/// Heuristic: lazy greedy (add), then Whitaker's fast interchange in the Resende-Werneck
/// form (closest/second-closest open site per demand; gain, loss and extra(a,r) accumulated
/// over the sparse matrix, best swap per pass). Bound: Lagrangian relaxation of the
/// assignment constraints, subgradient optimisation.
#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate {

/// Solves the p-median heuristically with a lower bound.
/// Solution: objective = sum w_i * min(cost to nearest open site, out_of_reach_cost),
/// bound <= optimum, assignment = nearest open site in reach (kNone if none),
/// unassigned_weight = weight with no open site in reach.
/// @throws UsageError for an invalid instance or out_of_reach_cost <= 0.
/// @throws Infeasible if p exceeds the candidates that may be opened, if the spacing leaves
///         fewer than p sites, if no demand can reach any candidate, or
///         (unreachable_is_error) demand with no candidate in reach (ids = demand ids).
/// @throws Cancelled through `progress`.
Solution solve_pmedian(const Instance& inst, const Options& opt, Progress& progress);

/// The out-of-reach cost actually used (resolves the NaN default).
double effective_out_of_reach_cost(const Instance& inst, const Options& opt);

/// Lagrangian lower bound on the p-median optimum. `incumbent` is the best known objective;
/// `warm_start_cost` (optional, per demand) initialises the multipliers as weight * cost.
/// Every few iterations `hook` (if set) receives the relaxation's new sites and returns the
/// best objective known since.
double pmedian_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                                const std::vector<double>* warm_start_cost,
                                std::uint32_t* iterations, Progress& progress,
                                const PrimalHook& hook = {});

}  // namespace swsplan::gis::locate
