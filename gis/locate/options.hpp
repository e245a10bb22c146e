#pragma once
/// @file Options shared by the location-allocation solvers (MCLP, LSCP, p-median and their
/// capacitated variants, heuristic and exact).
#include <cstdint>
#include <limits>

namespace swsplan::gis::locate {

/// The model to solve.
enum class Model {
  mclp,                 ///< maximise demand weight covered within cover_cost with p new sites
  lscp,                 ///< fewest new sites so that all (coverable) demand is covered
  pmedian,              ///< minimise weighted travel cost with p new sites
  capacitated_pmedian,  ///< p-median, each site serves at most capacity[j] weight (single source)
  capacitated_mclp,     ///< MCLP, each site covers at most capacity[j] weight (single source)
};

/// Solver settings. Costs use the unit of the instance's matrix (metres or seconds).
struct Options {
  /// New sites to open (MCLP, p-median and capacitated variants), besides the fixed ones.
  std::uint32_t p = 1;
  /// Coverage threshold for MCLP / LSCP: demand i is covered by site j when cost <= this.
  double cover_cost = std::numeric_limits<double>::infinity();
  /// p-median: cost per unit weight charged for demand with no open site in reach (pairs
  /// not in the matrix). NaN = twice the largest pair cost of the matrix.
  double out_of_reach_cost = std::numeric_limits<double>::quiet_NaN();
  /// Minimum distance between any two open sites (metres, needs candidate coordinates);
  /// candidates closer than this to a chosen or fixed site are excluded. 0 = no spacing.
  double min_spacing_m = 0.0;
  /// When true, demand with no candidate in reach is an error (Infeasible listing the ids);
  /// when false it is reported in Solution::unreachable and left unassigned. LSCP always
  /// treats uncoverable demand as an error unless this is false AND allow_uncoverable is set.
  bool unreachable_is_error = false;
  /// LSCP: cover what can be covered and report the rest instead of throwing.
  bool allow_uncoverable = false;
  /// Stop the bound / restart phase once the proven relative gap is at most this
  /// (0 = run all bound_iterations unless the gap closes).
  double target_gap_0_1 = 0.0;
  /// Subgradient iterations for the Lagrangian bound (0 = no bound: bound stays trivial).
  std::uint32_t bound_iterations = 400;
  /// Exact solver (CBC) limits. Hitting a limit makes the result time dependent; the
  /// Solution then reports proven_optimal = false and CBC's best bound.
  double time_limit_s = 60.0;
  /// LSCP / MCLP heuristics: when their bound leaves a gap, CBC solves the (reduced) model
  /// within time_limit_s to prove the result optimal or improve it. false = heuristic and
  /// Lagrangian bound only.
  bool milp_prover = true;
  /// Capacitated heuristic: maximum number of full re-assignments tried by the interchange.
  std::uint32_t capacitated_evaluations = 4000;
};

}  // namespace swsplan::gis::locate
