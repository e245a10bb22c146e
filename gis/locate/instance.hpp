#pragma once
/// @file The generic location-allocation instance shared by every solver in gis/locate:
/// demand weights, candidate sites and a sparse demand -> candidate travel-cost matrix (CSR),
/// plus the common solution record. Nothing here knows about Cambodia or about how the costs
/// were computed (straight line, road network or cost surface: see gis/access).
///
/// Costs carry the caller's unit (metres or seconds); every threshold given to a solver
/// (`cover_cost`, `out_of_reach_cost`) must use the same unit. Ids are 32-bit indices.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gis/core/error.hpp"

namespace swsplan::gis::locate {

/// "No site": an unassigned demand, an empty slot.
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// A request that cannot be met (p larger than the candidates, capacity below demand,
/// demand out of reach of every candidate, ...). `ids()` lists the demand or candidate ids
/// at fault, so a planner can find them on the map; the message says which kind they are.
class Infeasible : public UsageError {
 public:
  Infeasible(const std::string& what, std::vector<std::uint32_t> ids = {});
  const std::vector<std::uint32_t>& ids() const noexcept { return ids_; }

 private:
  std::vector<std::uint32_t> ids_;
};

/// A location-allocation instance. The cost matrix is CSR by demand: the candidates within
/// the accessibility engine's maximum cost of demand i are
/// `pair_candidate[first[i] .. first[i+1])` with costs `pair_cost[...]` (same range).
/// Pairs not listed are out of reach. Demand with no pair at all is "unreachable" and is
/// handled explicitly by every solver (reported in `Solution::unreachable`, or an error).
struct Instance {
  std::vector<double> demand_weight;      ///< per demand, >= 0 (e.g. poor households)
  std::uint32_t candidate_count = 0;      ///< candidates are 0 .. candidate_count-1
  std::vector<std::uint32_t> first;       ///< CSR offsets, size demand_count()+1
  std::vector<std::uint32_t> pair_candidate;  ///< candidate id per pair
  std::vector<double> pair_cost;          ///< cost per pair (caller's unit, >= 0)
  std::vector<std::uint32_t> fixed_sites; ///< existing offices: always open, never swapped

  /// Optional per-candidate capacity in demand-weight units (capacitated models only).
  std::vector<double> capacity;
  /// Optional candidate coordinates in a projected CRS, metres (minimum spacing only).
  std::vector<double> candidate_x_m, candidate_y_m;

  std::uint32_t demand_count() const noexcept {
    return static_cast<std::uint32_t>(demand_weight.size());
  }
  std::size_t pair_count() const noexcept { return pair_candidate.size(); }

  /// Checks sizes, id ranges, sortedness-independent duplicates and signs.
  /// @throws UsageError naming the first offending demand / pair / candidate.
  void validate() const;

  /// Builds an instance from a dense row-major cost matrix (demand x candidate), keeping
  /// only pairs with cost <= max_cost. Meant for tests and small problems.
  static Instance from_dense(std::vector<double> weights, std::uint32_t candidate_count,
                             const std::vector<double>& cost_row_major, double max_cost);
};

/// Result of every solver. For maximisation models (MCLP) `bound >= objective`; for
/// minimisation models (p-median, LSCP) `bound <= objective`.
struct Solution {
  std::vector<std::uint32_t> sites;      ///< open sites, ascending; fixed sites always included
  std::vector<std::uint32_t> assignment; ///< per demand: serving / covering site, or kNone
  double objective = 0.0;  ///< model objective (covered weight, weighted cost, # new sites)
  double bound = 0.0;      ///< best proven bound on the optimum (Lagrangian, LP or MILP)
  double gap_0_1 = 0.0;    ///< |bound - objective| / max(|objective|, |bound|, tiny)
  std::uint32_t iterations = 0;  ///< interchange moves + bound iterations (or B&B nodes)
  bool proven_optimal = false;   ///< gap closed (within 1e-9 relative) or MILP optimal
  std::string method;            ///< e.g. "greedy+fast-interchange, lagrangian bound"
  std::vector<std::uint32_t> unreachable;  ///< demand ids with no candidate in reach
  double unassigned_weight = 0.0;  ///< demand weight left without a site (all models)
};

/// Called by the Lagrangian bounds with the sites (ascending, non-fixed) chosen by the
/// relaxation; a solver runs its local search from them and returns the best objective
/// found so far (a "Lagrangian heuristic").
using PrimalHook = std::function<double(const std::vector<std::uint32_t>& free_sites)>;

/// Relative gap as reported in Solution::gap_0_1.
double relative_gap(double objective, double bound) noexcept;

/// Candidate pairs closer than `min_spacing_m` (CSR by candidate: conflicts of candidate j
/// are `conflict[first[j] .. first[j+1])`), from the instance's coordinates.
struct SpacingConflicts {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> conflict;
  bool empty() const noexcept { return conflict.empty(); }
};

/// Builds the conflict graph for a minimum spacing (grid bucketing, O(n) expected).
/// Returns an empty graph (first = zeros) when min_spacing_m <= 0.
/// @throws UsageError if min_spacing_m > 0 and the coordinates are missing.
/// @throws Infeasible if two fixed sites are closer than min_spacing_m (lists both ids).
SpacingConflicts spacing_conflicts(const Instance& inst, double min_spacing_m);

/// Transposed matrix (CSR by candidate) restricted to pairs with cost <= max_cost.
struct CandidateIndex {
  std::vector<std::uint32_t> first;   ///< size candidate_count+1
  std::vector<std::uint32_t> demand;  ///< demand ids per pair (ascending per candidate)
  std::vector<double> cost;
};
CandidateIndex transpose(const Instance& inst, double max_cost);

}  // namespace swsplan::gis::locate
