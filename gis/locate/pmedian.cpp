#include "gis/locate/pmedian.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "gis/locate/detail.hpp"

namespace swsplan::gis::locate {

namespace {

struct Entry {
  double gain;
  std::uint32_t j;
};
struct EntryLess {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.gain < b.gain || (a.gain == b.gain && a.j > b.j);
  }
};

/// Pairs strictly cheaper than the out-of-reach cost are the only useful ones.
double useful_limit(double pen) { return std::nextafter(pen, 0.0); }

}  // namespace

double effective_out_of_reach_cost(const Instance& inst, const Options& opt) {
  if (!std::isnan(opt.out_of_reach_cost)) {
    if (!(opt.out_of_reach_cost > 0.0) || !std::isfinite(opt.out_of_reach_cost))
      throw UsageError("out-of-reach cost must be a finite value > 0, got " +
                       std::to_string(opt.out_of_reach_cost));
    return opt.out_of_reach_cost;
  }
  double mx = 0.0;
  for (double c : inst.pair_cost) mx = std::max(mx, c);
  return mx > 0.0 ? 2.0 * mx : 1.0;
}

double pmedian_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                                const std::vector<double>* warm, std::uint32_t* iterations,
                                Progress& progress) {
  const double pen = effective_out_of_reach_cost(inst, opt);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  const detail::SiteState st(inst, conf);
  const CandidateIndex T = transpose(inst, useful_limit(pen));
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;

  std::vector<char> active(n, 0);  // has a useful pair and positive weight
  double constant = 0.0;
  for (std::uint32_t j = 0; j < m; ++j)
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) active[T.demand[k]] = 1;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (w[i] <= 0.0) active[i] = 0;
    if (!active[i]) constant += w[i] * pen;
  }
  std::vector<std::uint32_t> fixed_sites, free_sites;
  for (std::uint32_t j = 0; j < m; ++j) {
    if (st.fixed[j])
      fixed_sites.push_back(j);
    else if (st.blocked[j] == 0)
      free_sites.push_back(j);
  }
  std::vector<double> lambda(n, 0.0), g(n, 0.0), rho(m, 0.0);
  for (std::uint32_t i = 0; i < n; ++i)
    if (active[i]) lambda[i] = w[i] * (warm ? std::min((*warm)[i], pen) : pen);

  double best = -std::numeric_limits<double>::infinity();
  double theta = 2.0;
  std::uint32_t since_improve = 0, it = 0;
  std::vector<std::uint32_t> chosen;
  for (; it < opt.bound_iterations; ++it) {
    if ((it & 15) == 0) progress.check();
    double L = constant;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!active[i]) continue;
      L += lambda[i];
      g[i] = 1.0;
      const double u = w[i] * pen - lambda[i];
      if (u < 0.0) {
        L += u;
        g[i] -= 1.0;
      }
    }
    auto eval_rho = [&](std::uint32_t j) {
      double s = 0.0;
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k) {
        const auto i = T.demand[k];
        if (!active[i]) continue;
        const double r = w[i] * T.cost[k] - lambda[i];
        if (r < 0.0) s += r;
      }
      rho[j] = s;
    };
    chosen.clear();
    for (auto j : fixed_sites) eval_rho(j);
    for (auto j : free_sites) {
      eval_rho(j);
      if (rho[j] < 0.0) chosen.push_back(j);
    }
    auto better = [&](std::uint32_t a, std::uint32_t b) {
      return rho[a] < rho[b] || (rho[a] == rho[b] && a < b);
    };
    if (chosen.size() > opt.p) {
      std::nth_element(chosen.begin(), chosen.begin() + opt.p, chosen.end(), better);
      chosen.resize(opt.p);
    }
    chosen.insert(chosen.end(), fixed_sites.begin(), fixed_sites.end());
    for (auto j : chosen) {
      L += rho[j];
      for (auto k = T.first[j]; k < T.first[j + 1]; ++k) {
        const auto i = T.demand[k];
        if (active[i] && w[i] * T.cost[k] - lambda[i] < 0.0) g[i] -= 1.0;
      }
    }
    if (!std::isfinite(best) || L > best + 1e-12 * std::max(1.0, std::abs(best))) {
      best = L;
      since_improve = 0;
    } else if (++since_improve >= 12) {
      theta *= 0.5;
      since_improve = 0;
    }
    if (best >= incumbent - 1e-9 * std::max(1.0, incumbent)) break;
    if (theta < 1e-3) break;
    double norm = 0.0;
    for (std::uint32_t i = 0; i < n; ++i)
      if (active[i]) norm += g[i] * g[i];
    if (norm == 0.0) break;
    const double t = theta * std::max(incumbent - L, 1e-9 * std::max(1.0, incumbent)) / norm;
    for (std::uint32_t i = 0; i < n; ++i)
      if (active[i]) lambda[i] += t * g[i];
  }
  if (iterations) *iterations = it;
  if (!std::isfinite(best)) best = constant;  // no iteration: every active demand >= 0
  return best;
}

Solution solve_pmedian(const Instance& inst, const Options& opt, Progress& progress) {
  inst.validate();
  const double pen = effective_out_of_reach_cost(inst, opt);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  detail::SiteState st(inst, conf);
  detail::check_p(inst, opt, st, "p-median");
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;

  Solution sol;
  sol.unreachable = detail::unreachable_demand(inst, std::numeric_limits<double>::infinity());
  if (n > 0 && sol.unreachable.size() == n)
    throw Infeasible("p-median: no demand point has any candidate site within reach; "
                     "check the travel-cost limit and the candidate layer");
  if (opt.unreachable_is_error && !sol.unreachable.empty())
    throw Infeasible("p-median: " + std::to_string(sol.unreachable.size()) +
                         " demand points have no candidate site within reach: demand ids " +
                         detail::id_list(sol.unreachable),
                     sol.unreachable);
  progress.report(0.0, "p-median: greedy");

  const double lim = useful_limit(pen);
  const CandidateIndex T = transpose(inst, lim);
  std::vector<double> d1(n, pen), d2(n, pen);
  std::vector<std::uint32_t> c1(n, kNone), c2(n, kNone);
  auto recompute = [&](std::uint32_t i) {
    double b1 = pen, b2 = pen;
    std::uint32_t j1 = kNone, j2 = kNone;
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k) {
      const auto j = inst.pair_candidate[k];
      const double c = inst.pair_cost[k];
      if (!st.open[j] || c > lim) continue;
      if (c < b1 || (c == b1 && j < j1)) {
        b2 = b1;
        j2 = j1;
        b1 = c;
        j1 = j;
      } else if (c < b2 || (c == b2 && j < j2)) {
        b2 = c;
        j2 = j;
      }
    }
    d1[i] = b1;
    d2[i] = b2;
    c1[i] = j1;
    c2[i] = j2;
  };
  for (std::uint32_t i = 0; i < n; ++i) recompute(i);

  // Lazy greedy add: the saving of a site can only shrink as others open.
  auto gain = [&](std::uint32_t j) {
    double s = 0.0;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) {
      const auto i = T.demand[k];
      if (T.cost[k] < d1[i]) s += w[i] * (d1[i] - T.cost[k]);
    }
    return s;
  };
  std::priority_queue<Entry, std::vector<Entry>, EntryLess> pq;
  for (std::uint32_t j = 0; j < m; ++j)
    if (st.can_open(j)) pq.push({gain(j), j});
  std::uint32_t opened = 0;
  while (opened < opt.p) {
    if (pq.empty())
      throw Infeasible("p-median: with a minimum spacing of " + std::to_string(opt.min_spacing_m) +
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
    ++opened;
    for (auto k = T.first[cur.j]; k < T.first[cur.j + 1]; ++k) recompute(T.demand[k]);
  }
  progress.report(0.2, "p-median: fast interchange");

  double total_w = 0.0;
  for (double x : w) total_w += x;
  const double eps = 1e-10 * std::max(1.0, total_w * pen);
  std::vector<double> loss(m, 0.0), extra(m, 0.0);
  std::vector<char> touched_flag(m, 0);
  std::vector<std::uint32_t> touched;
  std::uint32_t swaps = 0;
  while (opt.p > 0) {
    progress.check();
    std::fill(loss.begin(), loss.end(), 0.0);
    for (std::uint32_t i = 0; i < n; ++i)
      if (c1[i] != kNone) loss[c1[i]] += w[i] * (d2[i] - d1[i]);
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
        const double c = T.cost[k];
        if (c >= d2[i]) continue;
        const auto r = c1[i];
        double x;
        if (c < d1[i]) {
          gin += w[i] * (d1[i] - c);
          if (r == kNone) continue;
          x = w[i] * (d2[i] - d1[i]);
        } else {
          x = w[i] * (d2[i] - c);
        }
        if (!touched_flag[r]) {
          touched_flag[r] = 1;
          touched.push_back(r);
        }
        extra[r] += x;
      }
      std::uint32_t r_best;
      double val;
      if (forced != kNone) {
        r_best = forced;
        val = extra[forced] - loss[forced];
      } else {
        r_best = rmin;
        val = -loss[rmin];
        for (auto r : touched) {
          if (st.fixed[r]) continue;
          const double x = extra[r] - loss[r];
          if (x > val || (x == val && r < r_best)) {
            val = x;
            r_best = r;
          }
        }
      }
      for (auto r : touched) {
        extra[r] = 0.0;
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
    st.set_open(best_a, true);
    for (auto k = T.first[best_r]; k < T.first[best_r + 1]; ++k) recompute(T.demand[k]);
    for (auto k = T.first[best_a]; k < T.first[best_a + 1]; ++k) recompute(T.demand[k]);
    ++swaps;
  }

  sol.assignment = c1;
  double obj = 0.0, unassigned = 0.0;
  for (std::uint32_t i = 0; i < n; ++i) {
    obj += w[i] * d1[i];
    if (c1[i] == kNone) unassigned += w[i];
  }
  sol.objective = obj;
  sol.unassigned_weight = unassigned;
  progress.report(0.4, "p-median: Lagrangian bound");
  Progress sub = progress.sub(0.4, 1.0);
  std::uint32_t bound_it = 0;
  sol.bound = opt.bound_iterations
                  ? pmedian_lagrangian_bound(inst, opt, obj, &d1, &bound_it, sub)
                  : 0.0;
  sol.iterations = swaps + bound_it;
  sol.method = "greedy + fast interchange (Resende-Werneck), Lagrangian bound";
  detail::finish(sol, st, false);
  progress.report(1.0, "p-median: done");
  return sol;
}

}  // namespace swsplan::gis::locate
