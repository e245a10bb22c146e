#pragma once
/// @file Capacitated p-median and capacitated MCLP (single-source: each demand is served by
/// one site; a site serves at most capacity[j] demand weight).
///
/// Heuristic: start from the uncapacitated solution; evaluate a set of open sites by a
/// regret-ordered greedy assignment (p-median: largest regret between the two cheapest
/// open sites first; MCLP: demand with the fewest covering sites first) followed by a pass
/// of improving reassignments; improve the sites by first-improvement swaps between each
/// open site and the closed candidates its demand could also use, within
/// `capacitated_evaluations` assignments. Bound: the better of the uncapacitated Lagrangian
/// bound (a relaxation) and, when the model has at most 300k pairs, the LP relaxation of
/// the capacitated MILP (Clp). Meant for district / province sizes.
#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate {

/// @param model Model::capacitated_pmedian or Model::capacitated_mclp.
/// Solution::assignment respects the capacities; demand that does not fit stays kNone
/// (p-median: charged out_of_reach_cost per unit weight; MCLP: uncovered).
/// @throws UsageError (other model, missing capacities), Infeasible (p too large, total
///         capacity below total demand for the p-median, spacing), Cancelled.
Solution solve_capacitated(const Instance& inst, Model model, const Options& opt,
                           Progress& progress);

}  // namespace swsplan::gis::locate
