#pragma once
/// @file Internal helpers shared by the solvers of gis/locate (not a public API).
#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"

namespace swsplan::gis::locate::detail {

/// Open/closed state of the candidates plus the spacing bookkeeping: blocked[j] = number of
/// open sites in conflict with j, blocker_sum[j] = sum of their ids (the unique blocker when
/// blocked[j] == 1).
struct SiteState {
  const SpacingConflicts* conflicts = nullptr;
  std::vector<char> open, fixed;
  std::vector<std::uint32_t> blocked;
  std::vector<std::uint64_t> blocker_sum;

  SiteState(const Instance& inst, const SpacingConflicts& g);
  void set_open(std::uint32_t j, bool on);
  /// j may be opened without closing anything.
  bool can_open(std::uint32_t j) const { return !open[j] && blocked[j] == 0; }
  /// Open sites, ascending.
  std::vector<std::uint32_t> sites() const;
};

/// Number of non-fixed candidates not blocked by a fixed site.
std::uint32_t openable_count(const SiteState& s);

/// Throws Infeasible with a planner-readable message if p new sites cannot be opened.
void check_p(const Instance& inst, const Options& opt, const SiteState& s, const char* model);

/// Demand ids with no pair of cost <= max_cost.
std::vector<std::uint32_t> unreachable_demand(const Instance& inst, double max_cost);

/// "12, 40, 41 (and 17 more)".
std::string id_list(const std::vector<std::uint32_t>& ids, std::size_t max_shown = 20);

/// True if every weight is an integer (bounds can then be rounded).
bool integral_weights(const Instance& inst);

/// Fills sites (sorted), gap and proven_optimal.
void finish(Solution& sol, const SiteState& s, bool maximise);

/// Per demand, the nearest open site with cost <= max_cost (kNone if none).
std::vector<std::uint32_t> nearest_open(const Instance& inst, const std::vector<char>& open,
                                        double max_cost);

}  // namespace swsplan::gis::locate::detail

namespace swsplan::gis::locate::detail {
/// Capacitated models: throws UsageError if capacities are missing, Infeasible (capacitated
/// p-median only) if the fixed sites plus the p largest openable capacities cannot hold the
/// total demand weight.
void check_capacity(const Instance& inst, const Options& opt, const SiteState& s, Model model);
}  // namespace swsplan::gis::locate::detail

namespace swsplan::gis::locate::detail {
/// Exact set partitioning with CBC: choose sets (each a list of element ids < n) covering
/// every element exactly once at least total cost. Returns the chosen set indices (empty
/// optional if infeasible or no solution within the time limit); `proven` tells whether
/// optimality was proven.
struct PartitionResult {
  bool found = false, proven = false, infeasible = false;
  std::vector<std::uint32_t> chosen;
};
PartitionResult solve_set_partition(std::uint32_t n, const std::vector<std::vector<std::uint32_t>>& sets,
                                    const std::vector<double>& cost, double time_limit_s);
}  // namespace swsplan::gis::locate::detail

namespace swsplan::gis::locate::detail {
/// Lazy greedy (Minoux 1978) for objectives whose gains only shrink as sites open
/// (submodular: MCLP coverage, p-median savings). Opens candidates one at a time until
/// `opened` reaches p; ties go to the smaller candidate id, so results are deterministic.
///   can_open(j) -> bool: j may be opened now;
///   gain(j) -> double: current gain of opening j;
///   open(j): opens j and updates whatever gain() reads.
/// Returns false when no openable candidate is left before p sites are open.
template <class CanOpen, class Gain, class Open>
bool lazy_greedy(std::uint32_t candidate_count, std::uint32_t& opened, std::uint32_t p, CanOpen&& can_open,
                 Gain&& gain, Open&& open) {
  struct Entry {
    double gain;
    std::uint32_t j;
  };
  // Max-heap: larger gain first, then the smaller candidate id.
  auto less = [](const Entry& a, const Entry& b) { return a.gain < b.gain || (a.gain == b.gain && a.j > b.j); };
  std::priority_queue<Entry, std::vector<Entry>, decltype(less)> pq(less);
  for (std::uint32_t j = 0; j < candidate_count; ++j)
    if (can_open(j)) pq.push({gain(j), j});
  while (opened < p) {
    if (pq.empty()) return false;
    const Entry top = pq.top();
    pq.pop();
    if (!can_open(top.j)) continue;
    // Stale entries are re-evaluated; the fresh gain wins only if it still tops the heap.
    const Entry cur{gain(top.j), top.j};
    if (!pq.empty() && less(cur, pq.top())) {
      pq.push(cur);
      continue;
    }
    open(cur.j);
    ++opened;
  }
  return true;
}
}  // namespace swsplan::gis::locate::detail
