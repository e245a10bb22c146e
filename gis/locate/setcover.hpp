#pragma once
/// @file Unicost set covering, the core of the LSCP: choose the fewest columns so that every
/// row lies in a chosen column.
///
/// - reduce_set_cover: the classical reduction tests (essential columns, column domination,
///   row domination), repeated until nothing changes. They keep the optimum value: optimum of
///   the original = essential columns + optimum of the core.
/// - lagrangian_set_cover: Lagrangian relaxation of the covering rows by subgradient
///   optimisation (Beasley 1990) with a primal heuristic at every step: a greedy on Lagrangian
///   costs (the score of Caprara, Fischetti and Toth 1999), redundancy removal and a local
///   search (open a column when two or more of its neighbours become redundant).
///   The bound is rounded up, which is valid because the costs are unit.
/// - solve_set_cover_exact: the core as a MILP for COIN-OR CBC (time-limited, cancellable).
#include <cstdint>
#include <vector>

#include "gis/core/progress.hpp"

namespace swsplan::gis::locate {

/// rows are 0 .. row_count-1; columns[j] lists the rows column j covers (ascending).
/// Every row must be covered by at least one column.
struct SetCover {
  std::uint32_t row_count = 0;
  std::vector<std::vector<std::uint32_t>> columns;
};

struct SetCoverReduction {
  std::vector<std::uint32_t> essential;     ///< columns in every optimum (input ids, ascending)
  std::vector<std::uint32_t> core_columns;  ///< input id of each core column
  SetCover core;                            ///< remaining rows (renumbered) and columns
  std::uint32_t rows_dominated = 0, columns_dominated = 0;
};

/// @throws UsageError if a row is covered by no column; Cancelled through `progress`.
SetCoverReduction reduce_set_cover(const SetCover& sc, Progress& progress);

struct SetCoverResult {
  std::vector<std::uint32_t> chosen;  ///< columns of the best cover found (ascending)
  double lower_bound = 0.0;           ///< proven lower bound on the optimum (integer)
  std::uint32_t iterations = 0;       ///< subgradient steps
  bool proven_optimal = false;        ///< chosen.size() == lower_bound
};

/// Lagrangian heuristic with `iterations` subgradient steps at most (it stops earlier once
/// the rounded bound meets the best cover). Deterministic.
SetCoverResult lagrangian_set_cover(const SetCover& sc, std::uint32_t iterations,
                                    Progress& progress);

/// Exact solve with CBC within time_limit_s. `start` (a cover, may be empty) gives CBC a
/// first incumbent. found = false when CBC has no cover at the limit.
struct SetCoverExact {
  bool found = false, proven_optimal = false;
  std::vector<std::uint32_t> chosen;
  double lower_bound = 0.0;
  std::uint32_t nodes = 0;
};
SetCoverExact solve_set_cover_exact(const SetCover& sc, const std::vector<std::uint32_t>& start,
                                    double time_limit_s, Progress& progress);

}  // namespace swsplan::gis::locate
