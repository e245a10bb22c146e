#include "gis/locate/pmedian.hpp"

#include <algorithm>
#include <cmath>

#include "gis/locate/detail.hpp"

namespace swsplan::gis::locate {

namespace {

/// Pairs strictly cheaper than the out-of-reach cost are the only useful ones.
double useful_limit(double pen) { return std::nextafter(pen, 0.0); }

constexpr std::uint32_t kHookEvery = 100;

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

namespace {

/// Demand-major rows of the useful pairs sorted by (cost, candidate), shared by the local
/// search and the bound so that a dense national matrix is held sorted once.
struct SortedRows {
  std::vector<std::uint32_t> first, cand;
  std::vector<double> cost;
};

double lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                        const std::vector<double>* warm, std::uint32_t* iterations,
                        Progress& progress, const PrimalHook& hook, const SortedRows* shared);

}  // namespace

double pmedian_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                                const std::vector<double>* warm, std::uint32_t* iterations,
                                Progress& progress, const PrimalHook& hook) {
  return lagrangian_bound(inst, opt, incumbent, warm, iterations, progress, hook, nullptr);
}

namespace {

double lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                        const std::vector<double>* warm, std::uint32_t* iterations,
                        Progress& progress, const PrimalHook& hook, const SortedRows* shared) {
  const double pen = effective_out_of_reach_cost(inst, opt);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  const detail::SiteState st(inst, conf);
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;
  const double lim = useful_limit(pen);

  // Demand-major rows of useful, allowed pairs sorted by cost: an iteration only visits
  // the pairs cheaper than the multiplier (w_i c_ij < lambda_i), a handful per demand.
  // With shared rows, candidates blocked by a fixed site stay in the rows: they are never
  // chosen, so their pairs add nothing to the bound or the subgradient.
  SortedRows own;
  std::vector<char> active(n, 0);  // has a useful allowed pair and positive weight
  double constant = 0.0;
  if (shared) {
    for (std::uint32_t i = 0; i < n; ++i) {
      for (auto k = shared->first[i]; k < shared->first[i + 1] && !active[i]; ++k) {
        const auto j = shared->cand[k];
        active[i] = st.fixed[j] || st.blocked[j] == 0;
      }
      active[i] = active[i] && w[i] > 0.0;
      if (!active[i]) constant += w[i] * pen;
    }
  } else {
    own.first.assign(static_cast<std::size_t>(n) + 1, 0);
    std::vector<std::pair<double, std::uint32_t>> row;
    for (std::uint32_t i = 0; i < n; ++i) {
      row.clear();
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k) {
        const auto j = inst.pair_candidate[k];
        if (inst.pair_cost[k] <= lim && (st.fixed[j] || st.blocked[j] == 0))
          row.push_back({inst.pair_cost[k], j});
      }
      active[i] = !row.empty() && w[i] > 0.0;
      if (!active[i]) {
        constant += w[i] * pen;
        row.clear();
      }
      std::sort(row.begin(), row.end());
      for (auto [c, j] : row) {
        own.cand.push_back(j);
        own.cost.push_back(c);
      }
      own.first[i + 1] = static_cast<std::uint32_t>(own.cand.size());
    }
  }
  const SortedRows& rows = shared ? *shared : own;
  const auto& rfirst = rows.first;
  const auto& rcand = rows.cand;
  const auto& rcost = rows.cost;
  std::vector<std::uint32_t> fixed_sites, free_sites;
  for (std::uint32_t j = 0; j < m; ++j) {
    if (st.fixed[j])
      fixed_sites.push_back(j);
    else if (st.blocked[j] == 0)
      free_sites.push_back(j);
  }
  std::vector<double> lambda(n, 0.0), g(n, 0.0), rho(m, 0.0);
  std::vector<char> chosen_flag(m, 0);
  std::vector<std::uint32_t> prefix_end(rfirst.begin(), rfirst.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    if (active[i]) lambda[i] = w[i] * (warm ? std::min((*warm)[i], pen) : pen);

  double best = -std::numeric_limits<double>::infinity();
  double theta = 2.0;
  std::uint32_t since_improve = 0, it = 0;
  std::vector<std::uint32_t> chosen, last_hooked;
  for (; it < opt.bound_iterations; ++it) {
    if ((it & 15) == 0) progress.check();
    std::fill(rho.begin(), rho.end(), 0.0);
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
      // Rows are sorted by cost: the pairs with negative reduced cost form a prefix.
      auto k = rfirst[i];
      const double wi = w[i], li = lambda[i];
      for (; k < rfirst[i + 1]; ++k) {
        const double r = wi * rcost[k] - li;
        if (r >= 0.0) break;
        rho[rcand[k]] += r;
      }
      prefix_end[i] = k;
    }
    chosen.clear();
    for (auto j : free_sites)
      if (rho[j] < 0.0) chosen.push_back(j);
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
      chosen_flag[j] = 1;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!active[i]) continue;
      for (auto k = rfirst[i]; k < prefix_end[i]; ++k)
        if (chosen_flag[rcand[k]]) g[i] -= 1.0;
    }
    for (auto j : chosen) chosen_flag[j] = 0;
    if (!std::isfinite(best) || L > best + 1e-12 * std::max(1.0, std::abs(best))) {
      best = L;
      since_improve = 0;
    } else if (++since_improve >= 12) {
      theta *= 0.5;
      since_improve = 0;
    }
    if (hook && it % kHookEvery == kHookEvery - 1) {
      std::vector<std::uint32_t> start(chosen.begin(), chosen.end() - fixed_sites.size());
      std::sort(start.begin(), start.end());
      if (start != last_hooked) {
        incumbent = std::min(incumbent, hook(start));
        last_hooked = std::move(start);
      }
    }
    if (best >= incumbent - 1e-9 * std::max(1.0, incumbent)) break;
    if (relative_gap(incumbent, best) <= opt.target_gap_0_1) break;
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

/// Local-search state of the fast interchange: per demand the closest and second-closest
/// open site in reach (cost `pen` and kNone when there is none).
class Search {
 public:
  Search(const Instance& inst, const Options& opt, const SpacingConflicts& conf, double pen)
      : inst_(inst), opt_(opt), pen_(pen), lim_(useful_limit(pen)),
        T_(transpose(inst, lim_)), st(inst, conf) {
    const std::uint32_t n = inst.demand_count();
    // Demand-major rows of useful pairs sorted by (cost, id): the nearest open sites are
    // found by a short scan and a swap pass only visits pairs cheaper than d2.
    rows_.first.assign(static_cast<std::size_t>(n) + 1, 0);
    std::vector<std::pair<double, std::uint32_t>> row;
    for (std::uint32_t i = 0; i < n; ++i) {
      row.clear();
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_cost[k] <= lim_) row.push_back({inst.pair_cost[k], inst.pair_candidate[k]});
      std::sort(row.begin(), row.end());
      for (auto [c, j] : row) {
        rows_.cost.push_back(c);
        rows_.cand.push_back(j);
      }
      rows_.first[i + 1] = static_cast<std::uint32_t>(rows_.cand.size());
    }
    d1.assign(n, pen);
    d2.assign(n, pen);
    c1.assign(n, kNone);
    c2.assign(n, kNone);
    for (std::uint32_t i = 0; i < n; ++i) recompute(i);
  }

  void reset(const std::vector<std::uint32_t>& start) {
    for (std::uint32_t j = 0; j < inst_.candidate_count; ++j)
      if (st.open[j] && !st.fixed[j]) st.set_open(j, false);
    opened_ = 0;
    for (auto j : start)
      if (opened_ < opt_.p && st.can_open(j)) {
        st.set_open(j, true);
        ++opened_;
      }
    for (std::uint32_t i = 0; i < inst_.demand_count(); ++i) recompute(i);
  }

  /// Lazy greedy add (savings only shrink as sites open). False if spacing leaves no room.
  bool greedy_fill() {
    return detail::lazy_greedy(
        inst_.candidate_count, opened_, opt_.p, [&](std::uint32_t j) { return st.can_open(j); },
        [&](std::uint32_t j) { return gain(j); },
        [&](std::uint32_t j) {
          st.set_open(j, true);
          for (auto k = T_.first[j]; k < T_.first[j + 1]; ++k) recompute(T_.demand[k]);
        });
  }

  /// Whitaker's fast interchange (Resende-Werneck gain/loss/extra), best swap per pass.
  std::uint32_t interchange(Progress& progress) {
    const std::uint32_t n = inst_.demand_count(), m = inst_.candidate_count;
    const auto& w = inst_.demand_weight;
    double total_w = 0.0;
    for (double x : w) total_w += x;
    const double eps = 1e-10 * std::max(1.0, total_w * pen_);
    loss_.assign(m, 0.0);
    extra_.assign(m, 0.0);
    touched_flag_.assign(m, 0);
    gin_.assign(m, 0.0);
    bestval_.assign(m, 0.0);
    bestr_.assign(m, kNone);
    forcedval_.assign(m, 0.0);
    bucket_first_.assign(static_cast<std::size_t>(m) + 2, 0);
    bucket_.assign(n, 0);
    std::uint32_t swaps = 0;
    while (opt_.p > 0) {
      progress.check();
      std::fill(loss_.begin(), loss_.end(), 0.0);
      for (std::uint32_t i = 0; i < n; ++i)
        if (c1[i] != kNone) loss_[c1[i]] += w[i] * (d2[i] - d1[i]);
      std::uint32_t rmin = kNone;
      for (std::uint32_t j = 0; j < m; ++j)
        if (st.open[j] && !st.fixed[j] && (rmin == kNone || loss_[j] < loss_[rmin])) rmin = j;
      if (rmin == kNone) break;
      // Demand-major pass, demand grouped by its closest open site r: gain(a) and
      // extra(a, r) only come from pairs cheaper than the demand's second-closest site.
      std::fill(gin_.begin(), gin_.end(), 0.0);
      std::fill(bestval_.begin(), bestval_.end(), -std::numeric_limits<double>::infinity());
      std::fill(bestr_.begin(), bestr_.end(), kNone);
      std::fill(forcedval_.begin(), forcedval_.end(), 0.0);
      std::fill(bucket_first_.begin(), bucket_first_.end(), 0u);
      for (std::uint32_t i = 0; i < n; ++i)
        ++bucket_first_[(c1[i] == kNone ? m : c1[i]) + 1];
      for (std::uint32_t j = 0; j <= m; ++j) bucket_first_[j + 1] += bucket_first_[j];
      {
        std::vector<std::uint32_t> pos(bucket_first_.begin(), bucket_first_.end() - 1);
        for (std::uint32_t i = 0; i < n; ++i) bucket_[pos[c1[i] == kNone ? m : c1[i]]++] = i;
      }
      const double* rcost = rows_.cost.data();
      const std::uint32_t* rcand = rows_.cand.data();
      const char* open = st.open.data();
      double* gin = gin_.data();
      double* extra = extra_.data();
      char* tflag = touched_flag_.data();
      for (std::uint32_t r = 0; r <= m; ++r) {
        for (auto b = bucket_first_[r]; b < bucket_first_[r + 1]; ++b) {
          const auto i = bucket_[b];
          // Locals: the stores below must not force reloads of d1/d2/w (aliasing).
          const double wi = w[i], d1i = d1[i], d2i = d2[i];
          const std::uint32_t kend = rows_.first[i + 1];
          for (auto k = rows_.first[i]; k < kend; ++k) {
            const double c = rcost[k];
            if (c >= d2i) break;
            const auto a = rcand[k];
            if (open[a]) continue;
            double x;
            if (c < d1i) {
              gin[a] += wi * (d1i - c);
              if (r == m) continue;
              x = wi * (d2i - d1i);
            } else {
              x = wi * (d2i - c);
            }
            if (!tflag[a]) {
              tflag[a] = 1;
              touched_.push_back(a);
            }
            extra[a] += x;
          }
        }
        for (auto a : touched_) {
          if (!st.fixed[r]) {
            const double v = extra_[a] - loss_[r];
            if (v > bestval_[a]) {  // r ascending: the lowest r wins ties
              bestval_[a] = v;
              bestr_[a] = r;
            }
            if (st.blocked[a] == 1 && st.blocker_sum[a] == r) forcedval_[a] = extra_[a];
          }
          extra_[a] = 0.0;
          touched_flag_[a] = 0;
        }
        touched_.clear();
      }
      double best_profit = eps;
      std::uint32_t best_a = kNone, best_r = kNone;
      for (std::uint32_t a = 0; a < m; ++a) {
        if (st.open[a] || st.blocked[a] >= 2) continue;
        std::uint32_t r_best;
        double val;
        if (st.blocked[a] == 1) {
          r_best = static_cast<std::uint32_t>(st.blocker_sum[a]);
          if (st.fixed[r_best]) continue;
          val = forcedval_[a] - loss_[r_best];
        } else {
          r_best = rmin;
          val = -loss_[rmin];
          if (bestval_[a] > val || (bestval_[a] == val && bestr_[a] < r_best)) {
            val = bestval_[a];
            r_best = bestr_[a];
          }
        }
        if (gin_[a] + val > best_profit) {
          best_profit = gin_[a] + val;
          best_a = a;
          best_r = r_best;
        }
      }
      if (best_a == kNone) break;
      st.set_open(best_r, false);
      st.set_open(best_a, true);
      for (auto k = T_.first[best_r]; k < T_.first[best_r + 1]; ++k) recompute(T_.demand[k]);
      for (auto k = T_.first[best_a]; k < T_.first[best_a + 1]; ++k) recompute(T_.demand[k]);
      ++swaps;
    }
    return swaps;
  }

  double objective() const {
    double obj = 0.0;
    for (std::uint32_t i = 0; i < inst_.demand_count(); ++i) obj += inst_.demand_weight[i] * d1[i];
    return obj;
  }

  const SortedRows& rows() const { return rows_; }

  std::vector<std::uint32_t> open_free() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t j = 0; j < inst_.candidate_count; ++j)
      if (st.open[j] && !st.fixed[j]) out.push_back(j);
    return out;
  }

 private:
  void recompute(std::uint32_t i) {
    double b1 = pen_, b2 = pen_;
    std::uint32_t j1 = kNone, j2 = kNone;
    for (auto k = rows_.first[i]; k < rows_.first[i + 1]; ++k) {
      if (!st.open[rows_.cand[k]]) continue;
      if (j1 == kNone) {
        b1 = rows_.cost[k];
        j1 = rows_.cand[k];
      } else {
        b2 = rows_.cost[k];
        j2 = rows_.cand[k];
        break;
      }
    }
    d1[i] = b1;
    d2[i] = b2;
    c1[i] = j1;
    c2[i] = j2;
  }
  double gain(std::uint32_t j) const {
    double s = 0.0;
    for (auto k = T_.first[j]; k < T_.first[j + 1]; ++k) {
      const auto i = T_.demand[k];
      if (T_.cost[k] < d1[i]) s += inst_.demand_weight[i] * (d1[i] - T_.cost[k]);
    }
    return s;
  }

  const Instance& inst_;
  const Options& opt_;
  double pen_, lim_;
  CandidateIndex T_;

 public:
  detail::SiteState st;
  std::vector<double> d1, d2;
  std::vector<std::uint32_t> c1, c2;

 private:
  SortedRows rows_;
  std::uint32_t opened_ = 0;
  std::vector<double> loss_, extra_, gin_, bestval_, forcedval_;
  std::vector<std::uint32_t> bestr_, bucket_first_, bucket_;
  std::vector<char> touched_flag_;
  std::vector<std::uint32_t> touched_;
};

}  // namespace

Solution solve_pmedian(const Instance& inst, const Options& opt, Progress& progress) {
  inst.validate();
  const double pen = effective_out_of_reach_cost(inst, opt);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  Search search(inst, opt, conf, pen);
  detail::check_p(inst, opt, search.st, "p-median");
  const std::uint32_t n = inst.demand_count();
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
  progress.report(0.0, "p-median: greedy + fast interchange");
  search.reset({});
  if (!search.greedy_fill())
    throw Infeasible("p-median: with a minimum spacing of " + std::to_string(opt.min_spacing_m) +
                     " m the heuristic could not place " + std::to_string(opt.p) +
                     " new offices; lower p or the spacing");
  std::uint32_t swaps = search.interchange(progress);
  double best = search.objective();
  std::vector<std::uint32_t> best_sites = search.open_free();
  const std::vector<double> warm = search.d1;

  progress.report(0.2, "p-median: Lagrangian bound and restarts");
  Progress sub = progress.sub(0.2, 0.95);
  PrimalHook hook = [&](const std::vector<std::uint32_t>& start) {
    search.reset(start);
    if (search.greedy_fill()) {
      swaps += search.interchange(sub);
      const double c = search.objective();
      if (c < best) {
        best = c;
        best_sites = search.open_free();
      }
    }
    return best;
  };
  std::uint32_t bound_it = 0;
  sol.bound = opt.bound_iterations
                  ? lagrangian_bound(inst, opt, best, &warm, &bound_it, sub, hook, &search.rows())
                  : 0.0;
  search.reset(best_sites);
  sol.assignment = search.c1;
  sol.objective = search.objective();
  for (std::uint32_t i = 0; i < n; ++i)
    if (search.c1[i] == kNone) sol.unassigned_weight += w[i];
  sol.iterations = swaps + bound_it;
  sol.method = "greedy + fast interchange (Whitaker, Resende-Werneck), Lagrangian bound with "
               "Lagrangian-guided restarts";
  detail::finish(sol, search.st, false);
  progress.report(1.0, "p-median: done");
  return sol;
}

}  // namespace swsplan::gis::locate
