#include "gis/locate/capacitated.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "gis/locate/detail.hpp"
#include "gis/locate/exact.hpp"
#include "gis/locate/mclp.hpp"
#include "gis/locate/pmedian.hpp"

namespace swsplan::gis::locate {

namespace {

struct Assigner {
  const Instance& inst;
  bool pmedian;
  double pen, lim;
  // Demand-major rows of usable pairs sorted by (cost, id).
  std::vector<std::uint32_t> rfirst, rcand;
  std::vector<double> rcost;

  Assigner(const Instance& in, bool pm, double p, double l) : inst(in), pmedian(pm), pen(p), lim(l) {
    const std::uint32_t n = in.demand_count();
    rfirst.assign(static_cast<std::size_t>(n) + 1, 0);
    std::vector<std::pair<double, std::uint32_t>> row;
    for (std::uint32_t i = 0; i < n; ++i) {
      row.clear();
      for (auto k = in.first[i]; k < in.first[i + 1]; ++k)
        if (in.pair_cost[k] <= lim) row.push_back({in.pair_cost[k], in.pair_candidate[k]});
      std::sort(row.begin(), row.end());
      for (auto [c, j] : row) {
        rcost.push_back(c);
        rcand.push_back(j);
      }
      rfirst[i + 1] = static_cast<std::uint32_t>(rcand.size());
    }
  }

  /// Assigns demand to open sites within capacity; returns the objective (p-median: cost
  /// incl. penalties, to minimise; MCLP: covered weight, to maximise).
  double assign(const std::vector<char>& open, std::vector<std::uint32_t>& a) const {
    const std::uint32_t n = inst.demand_count();
    const auto& w = inst.demand_weight;
    std::vector<double> left(inst.capacity);
    a.assign(n, kNone);
    std::vector<std::pair<double, std::uint32_t>> order;  // (key, i): ascending key first
    order.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      double c1 = pen, c2 = pen;
      std::uint32_t opts = 0;
      for (auto k = rfirst[i]; k < rfirst[i + 1]; ++k) {
        if (!open[rcand[k]]) continue;
        if (opts == 0) c1 = rcost[k];
        else if (opts == 1) c2 = rcost[k];
        ++opts;
      }
      if (opts == 0) continue;
      // p-median: largest regret (weighted) first; MCLP: fewest options, heaviest first.
      const double key = pmedian ? -(c2 - c1) * w[i] : static_cast<double>(opts) - w[i] * 1e-12;
      order.push_back({key, i});
    }
    std::sort(order.begin(), order.end());
    for (auto [key, i] : order) {
      std::uint32_t pick = kNone;
      for (auto k = rfirst[i]; k < rfirst[i + 1]; ++k) {
        const auto j = rcand[k];
        if (!open[j] || left[j] + 1e-9 < w[i]) continue;
        if (pmedian) {
          pick = j;
          break;
        }
        if (pick == kNone || left[j] > left[pick]) pick = j;  // MCLP: most room left
      }
      if (pick != kNone) {
        a[i] = pick;
        left[pick] -= w[i];
      }
    }
    // One pass of improving moves: p-median to a cheaper site with room; MCLP: place
    // unassigned demand where it still fits.
    for (std::uint32_t i = 0; i < n; ++i) {
      for (auto k = rfirst[i]; k < rfirst[i + 1]; ++k) {
        const auto j = rcand[k];
        if (!open[j] || j == a[i]) continue;
        if (!pmedian && a[i] != kNone) break;
        if (left[j] + 1e-9 < w[i]) continue;
        if (pmedian && a[i] != kNone && cost_of(i, a[i]) <= rcost[k]) break;
        if (a[i] != kNone) left[a[i]] += w[i];
        a[i] = j;
        left[j] -= w[i];
        break;
      }
    }
    double obj = 0.0;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (pmedian)
        obj += w[i] * (a[i] == kNone ? pen : cost_of(i, a[i]));
      else if (a[i] != kNone)
        obj += w[i];
    }
    return obj;
  }

  double cost_of(std::uint32_t i, std::uint32_t j) const {
    for (auto k = rfirst[i]; k < rfirst[i + 1]; ++k)
      if (rcand[k] == j) return rcost[k];
    return pen;
  }
};

}  // namespace

Solution solve_capacitated(const Instance& inst, Model model, const Options& opt,
                           Progress& progress) {
  if (model != Model::capacitated_pmedian && model != Model::capacitated_mclp)
    throw UsageError("solve_capacitated: the model must be capacitated p-median or MCLP");
  inst.validate();
  const bool pm = model == Model::capacitated_pmedian;
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  detail::SiteState st(inst, conf);
  detail::check_p(inst, opt, st, pm ? "capacitated p-median" : "capacitated MCLP");
  detail::check_capacity(inst, opt, st, model);

  progress.report(0.0, "capacitated: uncapacitated start");
  Progress sub0 = progress.sub(0.0, 0.4);
  const Solution start = pm ? solve_pmedian(inst, opt, sub0) : solve_mclp(inst, opt, sub0);
  const double pen = pm ? effective_out_of_reach_cost(inst, opt) : 0.0;
  const Assigner as(inst, pm, pen, pm ? std::nextafter(pen, 0.0) : opt.cover_cost);
  const std::uint32_t m = inst.candidate_count;

  for (auto j : start.sites) st.set_open(j, true);
  std::vector<std::uint32_t> assign;
  double best = as.assign(st.open, assign);
  auto better = [&](double x, double y) { return pm ? x < y - 1e-9 * std::max(1.0, std::abs(y)) : x > y + 1e-9 * std::max(1.0, std::abs(y)); };

  progress.report(0.4, "capacitated: interchange");
  std::uint32_t evals = 1, swaps = 0;
  std::vector<std::uint32_t> trial;
  bool improved = true;
  while (improved && evals < opt.capacitated_evaluations) {
    improved = false;
    for (std::uint32_t r = 0; r < m && !improved && evals < opt.capacitated_evaluations; ++r) {
      if (!st.open[r] || st.fixed[r]) continue;
      progress.check();
      // Closed candidates the demand of r could also use, most shared first.
      std::map<std::uint32_t, double> share;
      for (std::uint32_t i = 0; i < inst.demand_count(); ++i) {
        if (assign[i] != r) continue;
        for (auto k = as.rfirst[i]; k < as.rfirst[i + 1]; ++k)
          if (!st.open[as.rcand[k]]) share[as.rcand[k]] += inst.demand_weight[i];
      }
      std::vector<std::pair<double, std::uint32_t>> cands;
      for (auto [j, s] : share) cands.push_back({-s, j});
      std::sort(cands.begin(), cands.end());
      if (cands.size() > 8) cands.resize(8);
      for (auto [negs, a] : cands) {
        if (evals >= opt.capacitated_evaluations) break;
        st.set_open(r, false);
        if (!st.can_open(a)) {
          st.set_open(r, true);
          continue;
        }
        st.set_open(a, true);
        ++evals;
        const double v = as.assign(st.open, trial);
        if (better(v, best)) {
          best = v;
          assign = trial;
          ++swaps;
          improved = true;
          break;
        }
        st.set_open(a, false);
        st.set_open(r, true);
      }
    }
  }

  Solution sol;
  sol.assignment = assign;
  sol.objective = best;
  sol.unreachable = start.unreachable;
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i)
    if (assign[i] == kNone) sol.unassigned_weight += inst.demand_weight[i];
  sol.bound = start.bound;  // uncapacitated bound: a relaxation of the capacitated model
  std::string bound_name = "uncapacitated Lagrangian bound";
  if (inst.pair_count() <= 300000) {
    progress.report(0.8, "capacitated: LP bound");
    Progress sub = progress.sub(0.8, 1.0);
    // Within the solve's time limit; an LP stopped at the limit leaves the Lagrangian bound.
    const auto lp = lp_relaxation_bound(inst, model, opt, sub);
    if (lp && (pm ? *lp > sol.bound : *lp < sol.bound)) {
      sol.bound = *lp;
      bound_name = "LP relaxation bound (Clp)";
    }
  }
  sol.iterations = swaps + evals;
  sol.method = std::string("uncapacitated start + regret assignment + swaps, ") + bound_name;
  detail::finish(sol, st, !pm);
  progress.report(1.0, "capacitated: done");
  return sol;
}

}  // namespace swsplan::gis::locate
