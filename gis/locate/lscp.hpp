#pragma once
/// @file Location set covering (LSCP): the fewest new sites (besides the fixed ones) so that
/// every demand with positive weight lies within `cover_cost` of an open site.
///
/// Heuristic: lazy greedy on the number of newly covered demand points, then redundancy
/// elimination (latest-added first). Bound: Lagrangian relaxation of the covering
/// constraints (subgradient), rounded up to an integer.
#include "gis/core/progress.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate {

/// Solves the LSCP heuristically with a lower bound. objective = number of new sites,
/// assignment = nearest open site within cover_cost.
/// @throws Infeasible listing the demand ids that no candidate covers (unless
///         opt.allow_uncoverable, then they are reported in Solution::unreachable), or
///         that the spacing rule leaves uncovered.
/// @throws UsageError for an invalid instance; Cancelled through `progress`.
Solution solve_lscp(const Instance& inst, const Options& opt, Progress& progress);

}  // namespace swsplan::gis::locate
