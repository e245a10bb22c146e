#include "gis/locate/lscp.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "gis/locate/detail.hpp"
#include "gis/locate/exact.hpp"
#include "gis/locate/setcover.hpp"

namespace swsplan::gis::locate {

namespace {
struct Entry {
  std::uint32_t gain;
  std::uint32_t j;
};
struct EntryLess {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.gain < b.gain || (a.gain == b.gain && a.j > b.j);
  }
};

/// With a minimum spacing the set-cover reductions no longer hold (a dominated site may be
/// the only one far enough from the others): lazy greedy on newly covered demand that
/// respects the spacing, then redundancy elimination (latest-added first). Opens the sites
/// in `st` and returns how many new sites it opened.
std::uint32_t spaced_greedy(const Options& opt, const CandidateIndex& T, const std::vector<char>& need,
                            std::vector<std::uint32_t>& cnt, detail::SiteState& st, Progress& progress) {
  const auto n = static_cast<std::uint32_t>(need.size());
  const auto m = static_cast<std::uint32_t>(T.first.size() - 1);
  auto gain = [&](std::uint32_t j) {
    std::uint32_t s = 0;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
      if (need[T.demand[k]] && cnt[T.demand[k]] == 0) ++s;
    return s;
  };
  std::uint32_t remaining = 0;
  for (std::uint32_t i = 0; i < n; ++i) remaining += need[i] && cnt[i] == 0;
  std::priority_queue<Entry, std::vector<Entry>, EntryLess> pq;
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.can_open(j)) pq.push({gain(j), j});
  std::vector<std::uint32_t> order;  // new sites in the order opened
  while (remaining > 0) {
    progress.check();
    if (pq.empty() || pq.top().gain == 0) {
      std::vector<std::uint32_t> left;
      for (std::uint32_t i = 0; i < n; ++i)
        if (need[i] && cnt[i] == 0) left.push_back(i);
      throw Infeasible("LSCP: with a minimum spacing of " + std::to_string(opt.min_spacing_m) +
                           " m the heuristic leaves " + std::to_string(left.size()) +
                           " demand points uncovered: demand ids " + detail::id_list(left) +
                           "; lower the spacing",
                       left);
    }
    const Entry top = pq.top();
    pq.pop();
    if (!st.can_open(top.j)) continue;
    const Entry cur{gain(top.j), top.j};
    if (cur.gain == 0) continue;
    if (!pq.empty() && EntryLess{}(cur, pq.top())) {
      pq.push(cur);
      continue;
    }
    st.set_open(cur.j, true);
    order.push_back(cur.j);
    for (auto k = T.first[cur.j]; k < T.first[cur.j + 1]; ++k) {
      const auto i = T.demand[k];
      if (need[i] && cnt[i] == 0) --remaining;
      ++cnt[i];
    }
  }
  std::uint32_t dropped = 0;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const auto j = *it;
    bool redundant = true;
    for (auto k = T.first[j]; k < T.first[j + 1] && redundant; ++k)
      if (need[T.demand[k]] && cnt[T.demand[k]] < 2) redundant = false;
    if (!redundant) continue;
    st.set_open(j, false);
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) --cnt[T.demand[k]];
    ++dropped;
  }
  return static_cast<std::uint32_t>(order.size()) - dropped;
}
}  // namespace

Solution solve_lscp(const Instance& inst, const Options& opt, Progress& progress) {
  inst.validate();
  if (!(opt.cover_cost >= 0.0))
    throw UsageError("coverage threshold must be >= 0, got " + std::to_string(opt.cover_cost));
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  detail::SiteState st(inst, conf);
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;
  const CandidateIndex T = transpose(inst, opt.cover_cost);

  // Demand to cover: positive weight. Already covered by a fixed office: done.
  // Uncoverable: no fixed office and no openable candidate covers it; these rows are left
  // out of the model (and reported), so the bound below is the bound of what can be covered.
  std::vector<std::uint32_t> cnt(n, 0);
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.fixed[j])
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k) ++cnt[T.demand[k]];
  std::vector<char> coverable(n, 0), need(n, 0);
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.open[j] || st.blocked[j] == 0)
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k) coverable[T.demand[k]] = 1;
  Solution sol;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (w[i] <= 0.0) continue;
    if (!coverable[i])
      sol.unreachable.push_back(i);
    else if (cnt[i] == 0)
      need[i] = 1;
  }
  if (!sol.unreachable.empty() && !opt.allow_uncoverable)
    throw Infeasible("LSCP: " + std::to_string(sol.unreachable.size()) +
                         " demand points cannot be covered by any candidate site within the "
                         "coverage threshold (" + std::to_string(opt.cover_cost) +
                         "): demand ids " + detail::id_list(sol.unreachable) +
                         "; add candidates near them, raise the threshold, or allow uncovered "
                         "demand (mobile service)",
                     sol.unreachable);

  // The covering problem: rows = demand still to cover, columns = sites that may open (not
  // fixed, not too close to a fixed office).
  progress.report(0.0, "LSCP: reductions");
  std::vector<std::uint32_t> row_of(n, kNone);
  SetCover sc;
  for (std::uint32_t i = 0; i < n; ++i)
    if (need[i]) row_of[i] = sc.row_count++;
  std::vector<std::uint32_t> col_site;
  for (std::uint32_t j = 0; j < m; ++j) {
    if (st.fixed[j] || st.blocked[j] != 0) continue;
    std::vector<std::uint32_t> rows;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
      if (need[T.demand[k]]) rows.push_back(row_of[T.demand[k]]);
    if (rows.empty()) continue;
    col_site.push_back(j);
    sc.columns.push_back(std::move(rows));
  }
  const SetCoverReduction red = reduce_set_cover(sc, progress);
  progress.report(0.1, "LSCP: Lagrangian heuristic");
  auto sub = progress.sub(0.1, 0.6);
  const SetCoverResult lag = lagrangian_set_cover(red.core, opt.bound_iterations, sub);
  const auto n_essential = static_cast<double>(red.essential.size());
  double bound = n_essential + lag.lower_bound;
  sol.iterations = lag.iterations;
  std::string prover;

  if (conf.empty()) {
    std::vector<std::uint32_t> core_pick = lag.chosen;
    if (!lag.proven_optimal && opt.milp_prover) {
      progress.report(0.6, "LSCP: CBC on the reduced model");
      auto sub2 = progress.sub(0.6, 0.95);
      const auto ex = solve_set_cover_exact(red.core, lag.chosen, opt.time_limit_s, sub2);
      if (ex.found && ex.chosen.size() < core_pick.size()) core_pick = ex.chosen;
      if (ex.found) bound = std::max(bound, n_essential + ex.lower_bound);
      sol.iterations += ex.nodes;
      prover = ex.proven_optimal ? ", CBC on the reduced model: optimal"
                                 : ", CBC on the reduced model: stopped at the time limit";
    }
    for (auto c : red.essential) st.set_open(col_site[c], true);
    for (auto c : core_pick) st.set_open(col_site[red.core_columns[c]], true);
    sol.objective = n_essential + static_cast<double>(core_pick.size());
  } else {
    progress.report(0.6, "LSCP: greedy with spacing");
    sol.objective = spaced_greedy(opt, T, need, cnt, st, progress);
    if (bound < sol.objective && opt.milp_prover) {
      Options eo = opt;
      eo.allow_uncoverable = true;
      auto sub2 = progress.sub(0.6, 0.95);
      try {
        const auto ex = solve_exact(inst, Model::lscp, eo, sub2);
        if (ex.objective < sol.objective) {
          for (std::uint32_t j = 0; j < m; ++j)
            if (!st.fixed[j]) st.set_open(j, false);
          for (auto j : ex.sites) st.set_open(j, true);
          sol.objective = ex.objective;
        }
        bound = std::max(bound, ex.bound);
        prover = ex.proven_optimal ? ", CBC: optimal" : ", CBC: stopped at the time limit";
      } catch (const Infeasible&) {
        throw;
      } catch (const Cancelled&) {
        throw;
      } catch (const Error&) {
        prover = ", CBC found no cover within the time limit";
      }
    }
  }
  sol.bound = std::min(bound, sol.objective);
  sol.assignment = detail::nearest_open(inst, st.open, opt.cover_cost);
  for (std::uint32_t i = 0; i < n; ++i)
    if (sol.assignment[i] == kNone) sol.unassigned_weight += w[i];
  sol.method = "set-cover reductions (" + std::to_string(red.essential.size()) + " essential sites, " +
               std::to_string(red.rows_dominated) + " demand and " + std::to_string(red.columns_dominated) +
               " sites dominated) + Lagrangian heuristic" + (conf.empty() ? "" : " bound, spacing greedy") +
               prover;
  detail::finish(sol, st, false);
  progress.report(1.0, "LSCP: done");
  return sol;
}

}  // namespace swsplan::gis::locate
