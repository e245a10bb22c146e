#include "gis/locate/mclp.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "gis/locate/detail.hpp"

namespace swsplan::gis::locate {

namespace {

/// Max-heap entry for lazy greedy: larger gain first, then the smaller candidate id.
struct Entry {
  double gain;
  std::uint32_t j;
};
struct EntryLess {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.gain < b.gain || (a.gain == b.gain && a.j > b.j);
  }
};

void check_cover_cost(double c) {
  if (!(c >= 0.0))
    throw UsageError("coverage threshold must be >= 0 (same unit as the travel costs), got " +
                     std::to_string(c));
}

}  // namespace

double mclp_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                             std::uint32_t* iterations, Progress& progress) {
  check_cover_cost(opt.cover_cost);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  const detail::SiteState st(inst, conf);
  const CandidateIndex T = transpose(inst, opt.cover_cost);
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;

  std::vector<char> covered_fixed(n, 0), in_r(n, 0);
  double constant = 0.0;
  for (auto f : inst.fixed_sites)
    for (auto k = T.first[f]; k < T.first[f + 1]; ++k) covered_fixed[T.demand[k]] = 1;
  std::vector<std::uint32_t> free_sites;
  for (std::uint32_t j = 0; j < m; ++j)
    if (!st.fixed[j] && st.blocked[j] == 0) {
      free_sites.push_back(j);
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
        if (!covered_fixed[T.demand[k]]) in_r[T.demand[k]] = 1;
    }
  for (std::uint32_t i = 0; i < n; ++i)
    if (covered_fixed[i]) constant += w[i];
  const bool integral = detail::integral_weights(inst);
  auto rounded = [&](double L) { return integral ? std::floor(L + 1e-7) : L; };

  std::vector<double> lambda(n, 0.0), g(n, 0.0), v(m, 0.0);
  for (std::uint32_t i = 0; i < n; ++i)
    if (in_r[i]) lambda[i] = 0.5 * w[i];
  double best = std::numeric_limits<double>::infinity();
  double theta = 2.0;
  std::uint32_t since_improve = 0, it = 0;
  std::vector<std::uint32_t> chosen;
  const std::uint32_t p = opt.p;
  for (; it < opt.bound_iterations; ++it) {
    if ((it & 15) == 0) progress.check();
    double L = constant;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!in_r[i]) continue;
      const bool y = w[i] > lambda[i];
      if (y) L += w[i] - lambda[i];
      g[i] = y ? -1.0 : 0.0;
    }
    chosen.clear();
    for (auto j : free_sites) {
      double s = 0.0;
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
        if (in_r[T.demand[k]]) s += lambda[T.demand[k]];
      v[j] = s;
      if (s > 0.0) chosen.push_back(j);
    }
    auto better = [&](std::uint32_t a, std::uint32_t b) { return v[a] > v[b] || (v[a] == v[b] && a < b); };
    if (chosen.size() > p) {
      std::nth_element(chosen.begin(), chosen.begin() + p, chosen.end(), better);
      chosen.resize(p);
    }
    for (auto j : chosen) {
      L += v[j];
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
        if (in_r[T.demand[k]]) g[T.demand[k]] += 1.0;
    }
    if (!std::isfinite(best) || L < best - 1e-12 * std::max(1.0, std::abs(best))) {
      best = L;
      since_improve = 0;
    } else if (++since_improve >= 12) {
      theta *= 0.5;
      since_improve = 0;
    }
    if (rounded(best) <= incumbent + 1e-9 * std::max(1.0, incumbent)) break;  // proven optimal
    if (theta < 1e-3) break;
    double norm = 0.0;
    for (std::uint32_t i = 0; i < n; ++i)
      if (in_r[i]) norm += g[i] * g[i];
    if (norm == 0.0) break;  // Lagrangian optimum reached
    const double t = theta * std::max(L - incumbent, 1e-9 * std::max(1.0, L)) / norm;
    for (std::uint32_t i = 0; i < n; ++i)
      if (in_r[i]) lambda[i] = std::max(0.0, lambda[i] - t * g[i]);
  }
  if (iterations) *iterations = it;
  if (!std::isfinite(best)) {  // no iteration ran: trivial bound
    best = constant;
    for (std::uint32_t i = 0; i < n; ++i)
      if (in_r[i]) best += w[i];
  }
  return rounded(best);
}

Solution solve_mclp(const Instance& inst, const Options& opt, Progress& progress) {
  inst.validate();
  check_cover_cost(opt.cover_cost);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  detail::SiteState st(inst, conf);
  detail::check_p(inst, opt, st, "MCLP");
  Solution sol;
  sol.unreachable = detail::unreachable_demand(inst, opt.cover_cost);
  if (opt.unreachable_is_error && !sol.unreachable.empty())
    throw Infeasible("MCLP: " + std::to_string(sol.unreachable.size()) +
                         " demand points have no candidate site within the coverage threshold (" +
                         std::to_string(opt.cover_cost) + "): demand ids " +
                         detail::id_list(sol.unreachable),
                     sol.unreachable);
  progress.report(0.0, "MCLP: greedy");

  const CandidateIndex T = transpose(inst, opt.cover_cost);
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;
  double total = 0.0;
  for (double x : w) total += x;
  std::vector<std::uint32_t> cnt(n, 0);
  std::vector<std::uint64_t> csum(n, 0);  // sum of covering open ids: the coverer if cnt == 1
  auto add_cover = [&](std::uint32_t j, bool on) {
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) {
      const auto i = T.demand[k];
      if (on) {
        ++cnt[i];
        csum[i] += j;
      } else {
        --cnt[i];
        csum[i] -= j;
      }
    }
  };
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.fixed[j]) add_cover(j, true);

  // Lazy greedy: coverage gains only shrink as sites open (submodularity).
  auto gain = [&](std::uint32_t j) {
    double s = 0.0;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
      if (cnt[T.demand[k]] == 0) s += w[T.demand[k]];
    return s;
  };
  std::priority_queue<Entry, std::vector<Entry>, EntryLess> pq;
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.can_open(j)) pq.push({gain(j), j});
  std::uint32_t opened = 0;
  while (opened < opt.p) {
    if (pq.empty())
      throw Infeasible("MCLP: with a minimum spacing of " + std::to_string(opt.min_spacing_m) +
                       " m the heuristic could place only " + std::to_string(opened) + " of " +
                       std::to_string(opt.p) + " new offices; lower p or the spacing");
    const Entry top = pq.top();
    pq.pop();
    if (!st.can_open(top.j)) continue;
    const Entry cur{gain(top.j), top.j};
    if (!pq.empty() && EntryLess{}(cur, pq.top())) {
      pq.push(cur);
      continue;
    }
    st.set_open(cur.j, true);
    add_cover(cur.j, true);
    ++opened;
  }
  progress.report(0.2, "MCLP: interchange");

  // Best-improvement vertex substitution with incremental gains.
  const double eps = 1e-9 * std::max(1.0, total);
  std::vector<double> loss(m, 0.0), corr(m, 0.0);
  std::vector<char> touched_flag(m, 0);
  std::vector<std::uint32_t> touched;
  std::uint32_t swaps = 0;
  while (opt.p > 0) {
    progress.check();
    std::fill(loss.begin(), loss.end(), 0.0);
    for (std::uint32_t i = 0; i < n; ++i)
      if (cnt[i] == 1) loss[csum[i]] += w[i];
    std::uint32_t rmin = kNone;
    for (std::uint32_t j = 0; j < m; ++j)
      if (st.open[j] && !st.fixed[j] && (rmin == kNone || loss[j] < loss[rmin])) rmin = j;
    double best_profit = eps;
    std::uint32_t best_a = kNone, best_r = kNone;
    for (std::uint32_t a = 0; a < m; ++a) {
      if (st.open[a] || st.blocked[a] >= 2) continue;
      std::uint32_t forced = kNone;
      if (st.blocked[a] == 1) {
        forced = static_cast<std::uint32_t>(st.blocker_sum[a]);
        if (st.fixed[forced]) continue;
      }
      double gin = 0.0;
      for (auto k = T.first[a]; k < T.first[a + 1]; ++k) {
        const auto i = T.demand[k];
        if (cnt[i] == 0) {
          gin += w[i];
        } else if (cnt[i] == 1) {
          const auto r = static_cast<std::uint32_t>(csum[i]);
          if (!touched_flag[r]) {
            touched_flag[r] = 1;
            touched.push_back(r);
          }
          corr[r] += w[i];
        }
      }
      std::uint32_t r_best;
      double val;
      if (forced != kNone) {
        r_best = forced;
        val = corr[forced] - loss[forced];
      } else {
        r_best = rmin;
        val = -loss[rmin];
        for (auto r : touched) {
          if (st.fixed[r]) continue;
          const double x = corr[r] - loss[r];
          if (x > val || (x == val && r < r_best)) {
            val = x;
            r_best = r;
          }
        }
      }
      for (auto r : touched) {
        corr[r] = 0.0;
        touched_flag[r] = 0;
      }
      touched.clear();
      if (gin + val > best_profit) {
        best_profit = gin + val;
        best_a = a;
        best_r = r_best;
      }
    }
    if (best_a == kNone) break;
    st.set_open(best_r, false);
    add_cover(best_r, false);
    st.set_open(best_a, true);
    add_cover(best_a, true);
    ++swaps;
  }

  sol.assignment = detail::nearest_open(inst, st.open, opt.cover_cost);
  double covered = 0.0;
  for (std::uint32_t i = 0; i < n; ++i)
    if (sol.assignment[i] != kNone) covered += w[i];
  sol.objective = covered;
  sol.unassigned_weight = total - covered;
  progress.report(0.4, "MCLP: Lagrangian bound");
  Progress sub = progress.sub(0.4, 1.0);
  std::uint32_t bound_it = 0;
  sol.bound = opt.bound_iterations
                  ? mclp_lagrangian_bound(inst, opt, covered, &bound_it, sub)
                  : total;
  sol.iterations = swaps + bound_it;
  sol.method = "greedy + vertex substitution (incremental cover counts), Lagrangian bound";
  detail::finish(sol, st, true);
  progress.report(1.0, "MCLP: done");
  return sol;
}

}  // namespace swsplan::gis::locate
