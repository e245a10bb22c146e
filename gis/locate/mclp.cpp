#include "gis/locate/mclp.hpp"

#include <algorithm>
#include <cmath>

#include "gis/locate/detail.hpp"
#include "gis/locate/exact.hpp"

namespace swsplan::gis::locate {

namespace {

constexpr std::uint32_t kHookEvery = 20;
/// The CBC check runs on models up to this many demand-site pairs, for at most this long.
constexpr std::size_t kProverMaxPairs = 2000000;
constexpr double kProverTimeLimit_s = 10.0;

void check_cover_cost(double c) {
  if (!(c >= 0.0))
    throw UsageError("coverage threshold must be >= 0 (same unit as the travel costs), got " +
                     std::to_string(c));
}

}  // namespace

double mclp_lagrangian_bound(const Instance& inst, const Options& opt, double incumbent,
                             std::uint32_t* iterations, Progress& progress,
                             const PrimalHook& hook) {
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
  std::vector<std::uint32_t> chosen, last_hooked;
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
    if (hook && it % kHookEvery == kHookEvery - 1) {
      std::sort(chosen.begin(), chosen.end());
      if (chosen != last_hooked) {
        incumbent = std::max(incumbent, hook(chosen));
        last_hooked = chosen;
      }
    }
    if (rounded(best) <= incumbent + 1e-9 * std::max(1.0, incumbent)) break;  // proven optimal
    if (relative_gap(incumbent, rounded(best)) <= opt.target_gap_0_1) break;
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

namespace {

/// Local-search state: open sites, per-demand cover counts and the sum of covering ids
/// (the unique coverer when the count is 1), so swap gains are incremental.
class Search {
 public:
  Search(const Instance& inst, const Options& opt, const SpacingConflicts& conf)
      : inst_(inst), opt_(opt), T_(transpose(inst, opt.cover_cost)), st(inst, conf),
        cnt_(inst.demand_count(), 0), csum_(inst.demand_count(), 0) {
    for (double x : inst.demand_weight) total += x;
    for (std::uint32_t j = 0; j < inst.candidate_count; ++j)
      if (st.fixed[j]) add_cover(j, true);
  }

  /// Closes every non-fixed site, then opens `start` (ascending) where spacing allows.
  void reset(const std::vector<std::uint32_t>& start) {
    for (std::uint32_t j = 0; j < inst_.candidate_count; ++j)
      if (st.open[j] && !st.fixed[j]) set(j, false);
    opened_ = 0;
    for (auto j : start)
      if (opened_ < opt_.p && st.can_open(j)) {
        set(j, true);
        ++opened_;
      }
  }

  /// Lazy greedy up to p new sites (coverage gains only shrink: submodularity).
  /// Returns false if the spacing leaves no room.
  bool greedy_fill() {
    return detail::lazy_greedy(
        inst_.candidate_count, opened_, opt_.p, [&](std::uint32_t j) { return st.can_open(j); },
        [&](std::uint32_t j) { return gain(j); }, [&](std::uint32_t j) { set(j, true); });
  }

  /// Best-improvement vertex substitution until no improving swap. Returns the swaps made.
  std::uint32_t interchange(Progress& progress) {
    const std::uint32_t n = inst_.demand_count(), m = inst_.candidate_count;
    const auto& w = inst_.demand_weight;
    const double eps = 1e-9 * std::max(1.0, total);
    loss_.assign(m, 0.0);
    corr_.assign(m, 0.0);
    touched_flag_.assign(m, 0);
    std::uint32_t swaps = 0;
    while (opt_.p > 0) {
      progress.check();
      std::fill(loss_.begin(), loss_.end(), 0.0);
      for (std::uint32_t i = 0; i < n; ++i)
        if (cnt_[i] == 1) loss_[csum_[i]] += w[i];
      std::uint32_t rmin = kNone;
      for (std::uint32_t j = 0; j < m; ++j)
        if (st.open[j] && !st.fixed[j] && (rmin == kNone || loss_[j] < loss_[rmin])) rmin = j;
      if (rmin == kNone) break;
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
        for (auto k = T_.first[a]; k < T_.first[a + 1]; ++k) {
          const auto i = T_.demand[k];
          if (cnt_[i] == 0) {
            gin += w[i];
          } else if (cnt_[i] == 1) {
            const auto r = static_cast<std::uint32_t>(csum_[i]);
            if (!touched_flag_[r]) {
              touched_flag_[r] = 1;
              touched_.push_back(r);
            }
            corr_[r] += w[i];
          }
        }
        std::uint32_t r_best;
        double val;
        if (forced != kNone) {
          r_best = forced;
          val = corr_[forced] - loss_[forced];
        } else {
          r_best = rmin;
          val = -loss_[rmin];
          for (auto r : touched_) {
            if (st.fixed[r]) continue;
            const double x = corr_[r] - loss_[r];
            if (x > val || (x == val && r < r_best)) {
              val = x;
              r_best = r;
            }
          }
        }
        for (auto r : touched_) {
          corr_[r] = 0.0;
          touched_flag_[r] = 0;
        }
        touched_.clear();
        if (gin + val > best_profit) {
          best_profit = gin + val;
          best_a = a;
          best_r = r_best;
        }
      }
      if (best_a == kNone) break;
      set(best_r, false);
      set(best_a, true);
      ++swaps;
    }
    return swaps;
  }

  double covered() const {
    double c = 0.0;
    for (std::uint32_t i = 0; i < inst_.demand_count(); ++i)
      if (cnt_[i] > 0) c += inst_.demand_weight[i];
    return c;
  }

  std::vector<std::uint32_t> open_free() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t j = 0; j < inst_.candidate_count; ++j)
      if (st.open[j] && !st.fixed[j]) out.push_back(j);
    return out;
  }

  double total = 0.0;

 private:
  void add_cover(std::uint32_t j, bool on) {
    for (auto k = T_.first[j]; k < T_.first[j + 1]; ++k) {
      const auto i = T_.demand[k];
      if (on) {
        ++cnt_[i];
        csum_[i] += j;
      } else {
        --cnt_[i];
        csum_[i] -= j;
      }
    }
  }
  void set(std::uint32_t j, bool on) {
    st.set_open(j, on);
    add_cover(j, on);
  }
  double gain(std::uint32_t j) const {
    double s = 0.0;
    for (auto k = T_.first[j]; k < T_.first[j + 1]; ++k)
      if (cnt_[T_.demand[k]] == 0) s += inst_.demand_weight[T_.demand[k]];
    return s;
  }

  const Instance& inst_;
  const Options& opt_;
  CandidateIndex T_;

 public:
  detail::SiteState st;

 private:
  std::vector<std::uint32_t> cnt_;
  std::vector<std::uint64_t> csum_;
  std::uint32_t opened_ = 0;
  std::vector<double> loss_, corr_;
  std::vector<char> touched_flag_;
  std::vector<std::uint32_t> touched_;
};

}  // namespace

Solution solve_mclp(const Instance& inst, const Options& opt, Progress& progress) {
  inst.validate();
  check_cover_cost(opt.cover_cost);
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  Search search(inst, opt, conf);
  detail::check_p(inst, opt, search.st, "MCLP");
  Solution sol;
  sol.unreachable = detail::unreachable_demand(inst, opt.cover_cost);
  if (opt.unreachable_is_error && !sol.unreachable.empty())
    throw Infeasible("MCLP: " + std::to_string(sol.unreachable.size()) +
                         " demand points have no candidate site within the coverage threshold (" +
                         std::to_string(opt.cover_cost) + "): demand ids " +
                         detail::id_list(sol.unreachable),
                     sol.unreachable);
  progress.report(0.0, "MCLP: greedy + interchange");
  search.reset({});
  if (!search.greedy_fill())
    throw Infeasible("MCLP: with a minimum spacing of " + std::to_string(opt.min_spacing_m) +
                     " m the heuristic could not place " + std::to_string(opt.p) +
                     " new offices; lower p or the spacing");
  std::uint32_t swaps = search.interchange(progress);
  double best = search.covered();
  std::vector<std::uint32_t> best_sites = search.open_free();

  // Lagrangian heuristic: restart the interchange from the relaxation's site choices.
  progress.report(0.2, "MCLP: Lagrangian bound and restarts");
  Progress sub = progress.sub(0.2, 0.95);
  PrimalHook hook = [&](const std::vector<std::uint32_t>& start) {
    search.reset(start);
    if (search.greedy_fill()) {
      swaps += search.interchange(sub);
      const double c = search.covered();
      if (c > best) {
        best = c;
        best_sites = search.open_free();
      }
    }
    return best;
  };
  std::uint32_t bound_it = 0;
  sol.bound = opt.bound_iterations
                  ? mclp_lagrangian_bound(inst, opt, best, &bound_it, sub, hook)
                  : search.total;
  std::string prover;
  if (opt.milp_prover && relative_gap(best, sol.bound) > 1e-9 &&
      inst.pair_count() <= kProverMaxPairs) {
    // The Lagrangian bound stalls short of the LP bound on some instances, and the LP bound
    // short of the optimum: CBC, started from our sites, proves (or improves) the cover.
    progress.report(0.95, "MCLP: CBC check");
    Options eo = opt;
    eo.time_limit_s = std::min(opt.time_limit_s, kProverTimeLimit_s);
    try {
      auto sub2 = progress.sub(0.95, 1.0);
      const auto ex = solve_exact(inst, Model::mclp, eo, sub2, best_sites);
      if (ex.objective > best) {
        best = ex.objective;
        best_sites.clear();
        for (auto j : ex.sites)
          if (!search.st.fixed[j]) best_sites.push_back(j);
      }
      sol.bound = std::min(sol.bound, ex.bound);
      prover = ex.proven_optimal ? ", CBC check: optimal" : ", CBC check: stopped at its time limit";
    } catch (const Cancelled&) {
      throw;
    } catch (const Error&) {
      prover = ", CBC check: no solution within its time limit";
    }
  }
  search.reset(best_sites);
  sol.assignment = detail::nearest_open(inst, search.st.open, opt.cover_cost);
  sol.objective = search.covered();
  sol.unassigned_weight = search.total - sol.objective;
  sol.iterations = swaps + bound_it;
  sol.method = "greedy + vertex substitution (incremental cover counts), Lagrangian bound "
               "with Lagrangian-guided restarts" + prover;
  detail::finish(sol, search.st, true);
  progress.report(1.0, "MCLP: done");
  return sol;
}

}  // namespace swsplan::gis::locate
