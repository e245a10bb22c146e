#include "gis/locate/lscp.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "gis/locate/detail.hpp"

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
  // Uncoverable: no fixed office and no openable candidate covers it.
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
  progress.report(0.0, "LSCP: greedy");

  auto gain = [&](std::uint32_t j) {
    std::uint32_t s = 0;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
      if (need[T.demand[k]] && cnt[T.demand[k]] == 0) ++s;
    return s;
  };
  std::uint32_t remaining = 0;
  for (std::uint32_t i = 0; i < n; ++i) remaining += need[i];
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
  // Redundancy elimination: drop a site when every needed demand it covers is covered twice.
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
  const auto nsites = static_cast<std::uint32_t>(order.size()) - dropped;
  sol.objective = nsites;
  sol.assignment = detail::nearest_open(inst, st.open, opt.cover_cost);
  for (std::uint32_t i = 0; i < n; ++i)
    if (sol.assignment[i] == kNone) sol.unassigned_weight += w[i];

  // Lagrangian bound of the covering LP: max sum(l) + sum_j min(0, 1 - sum_{i in j} l_i).
  progress.report(0.5, "LSCP: Lagrangian bound");
  std::vector<std::uint32_t> rows;  // needed demand
  for (std::uint32_t i = 0; i < n; ++i)
    if (need[i]) rows.push_back(i);
  std::vector<std::uint32_t> free_sites;  // not fixed, not too close to a fixed office
  for (std::uint32_t j = 0; j < m; ++j) {
    if (st.fixed[j]) continue;
    bool blocked_by_fixed = false;
    if (!conf.empty())
      for (auto k = conf.first[j]; k < conf.first[j + 1]; ++k)
        blocked_by_fixed = blocked_by_fixed || st.fixed[conf.conflict[k]];
    if (!blocked_by_fixed) free_sites.push_back(j);
  }
  std::vector<double> lambda(n, 0.0), g(n, 0.0);
  for (auto i : rows) lambda[i] = 1.0;
  double best = 0.0, theta = 2.0;
  std::uint32_t since = 0, it = 0;
  const double ub = nsites;
  for (; it < opt.bound_iterations && !rows.empty(); ++it) {
    if ((it & 15) == 0) progress.check();
    double L = 0.0;
    for (auto i : rows) {
      L += lambda[i];
      g[i] = 1.0;
    }
    for (auto j : free_sites) {
      double s = 0.0;
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
        if (need[T.demand[k]]) s += lambda[T.demand[k]];
      if (s > 1.0) {
        L += 1.0 - s;
        for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
          if (need[T.demand[k]]) g[T.demand[k]] -= 1.0;
      }
    }
    if (L > best + 1e-12) {
      best = L;
      since = 0;
    } else if (++since >= 12) {
      theta *= 0.5;
      since = 0;
    }
    if (std::ceil(best - 1e-6) >= ub || theta < 1e-3) break;
    double norm = 0.0;
    for (auto i : rows) norm += g[i] * g[i];
    if (norm == 0.0) break;
    const double t = theta * std::max(ub - L, 0.05) / norm;
    for (auto i : rows) lambda[i] = std::max(0.0, lambda[i] + t * g[i]);
  }
  sol.bound = rows.empty() ? 0.0 : std::ceil(best - 1e-6);
  sol.iterations = it;
  sol.method = "greedy + redundancy elimination, Lagrangian bound";
  detail::finish(sol, st, false);
  progress.report(1.0, "LSCP: done");
  return sol;
}

}  // namespace swsplan::gis::locate
