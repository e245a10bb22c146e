#pragma once
/// @file Location set covering (LSCP): the fewest new sites (besides the fixed ones) so that
/// every demand with positive weight lies within `cover_cost` of an open site.
///
/// Method: demand still to cover becomes a unicost set-covering problem (gis/locate/setcover):
/// reduction tests (essential sites, dominated demand and sites), then a Lagrangian heuristic
/// (subgradient bound rounded up, greedy on Lagrangian costs at every step). When the bound
/// leaves a gap and opt.milp_prover is set, CBC solves the reduced model within
/// opt.time_limit_s and proves or improves the cover. Uncoverable demand is left out of the
/// model, so the bound stays tight for what can be covered. With a minimum spacing the
/// reductions only serve the bound; a spacing-aware greedy finds the cover and CBC the proof.
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
