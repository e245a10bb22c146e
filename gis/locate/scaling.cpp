#include "gis/locate/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

namespace swsplan::gis::locate {

namespace {

/// Pairs of one candidate within the threshold, nearest first (ties: smaller demand id).
struct Reach {
  std::vector<std::uint32_t> first, demand;
};

Reach reach_by_candidate(const Instance& inst, double cover_cost) {
  const CandidateIndex T = transpose(inst, cover_cost);
  Reach r;
  r.first = T.first;
  r.demand = T.demand;
  std::vector<std::pair<double, std::uint32_t>> row;
  for (std::uint32_t j = 0; j < inst.candidate_count; ++j) {
    row.clear();
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) row.push_back({T.cost[k], T.demand[k]});
    std::sort(row.begin(), row.end());
    for (std::size_t q = 0; q < row.size(); ++q) r.demand[T.first[j] + q] = row[q].second;
  }
  return r;
}

}  // namespace

ScalingResult scale_up(const Instance& inst, const ScalingSpec& spec, Progress& progress) {
  inst.validate();
  if (!(spec.cover_cost >= 0.0))
    throw UsageError("scaling-up: the coverage threshold must be >= 0, got " +
                     std::to_string(spec.cover_cost));
  if (!(spec.target_coverage_0_1 >= 0.0 && spec.target_coverage_0_1 <= 1.0))
    throw UsageError("scaling-up: the target coverage must lie in [0, 1], got " +
                     std::to_string(spec.target_coverage_0_1));
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  if (!spec.site_cost.empty() && spec.site_cost.size() != m)
    throw UsageError("scaling-up: " + std::to_string(spec.site_cost.size()) + " site costs for " +
                     std::to_string(m) + " candidates");
  for (std::uint32_t j = 0; j < spec.site_cost.size(); ++j)
    if (!(spec.site_cost[j] >= 0.0))
      throw UsageError("scaling-up: the cost of candidate " + std::to_string(j) + " must be >= 0");
  if (!(spec.budget >= 0.0)) throw UsageError("scaling-up: the budget must be >= 0");
  const bool capacitated = !inst.capacity.empty();
  const auto& w = inst.demand_weight;
  const Reach R = reach_by_candidate(inst, spec.cover_cost);

  ScalingResult res;
  std::vector<double> left(w.begin(), w.end());  // uncovered weight per demand
  for (double x : w) res.total_weight += x;
  std::vector<char> open(m, 0);
  double covered = 0.0;
  auto cap = [&](std::uint32_t j) {
    return capacitated ? inst.capacity[j] : std::numeric_limits<double>::infinity();
  };
  auto gain = [&](std::uint32_t j) {
    double s = 0.0;
    const double c = cap(j);
    for (auto k = R.first[j]; k < R.first[j + 1] && s < c; ++k) s += left[R.demand[k]];
    return std::min(s, c);
  };
  auto take = [&](std::uint32_t j) {
    double room = cap(j), got = 0.0;
    for (auto k = R.first[j]; k < R.first[j + 1] && room > 0.0; ++k) {
      double& l = left[R.demand[k]];
      const double t = std::min(l, room);
      l -= t;
      room -= t;
      got += t;
    }
    open[j] = 1;
    covered += got;
    return got;
  };
  std::vector<std::uint32_t> fixed = inst.fixed_sites;
  std::sort(fixed.begin(), fixed.end());
  for (auto f : fixed) take(f);
  res.initial_covered_weight = covered;

  const double target = spec.target_coverage_0_1 * res.total_weight;
  auto cost_of = [&](std::uint32_t j) { return spec.site_cost.empty() ? 1.0 : spec.site_cost[j]; };
  using E = std::pair<double, std::uint32_t>;  // max-heap on gain, then the smaller id
  auto less = [](const E& a, const E& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); };
  std::priority_queue<E, std::vector<E>, decltype(less)> pq(less);
  for (std::uint32_t j = 0; j < m; ++j)
    if (!open[j]) pq.push({gain(j), j});
  double spent = 0.0;
  bool over_budget = false;
  const double eps = 1e-9 * std::max(1.0, res.total_weight);
  for (;;) {
    progress.check();
    if (covered >= target - eps) {
      res.stop_reason = "target coverage reached";
      break;
    }
    if (spec.max_new_sites && res.steps.size() >= spec.max_new_sites) {
      res.stop_reason = "number of new sites reached";
      break;
    }
    // Best affordable site; an unaffordable one never becomes affordable again.
    bool found = false;
    E cur{};
    while (!pq.empty()) {
      const E top = pq.top();
      pq.pop();
      if (spent + cost_of(top.second) > spec.budget * (1 + 1e-12)) {
        over_budget = true;
        continue;
      }
      cur = {gain(top.second), top.second};
      if (!pq.empty() && less(cur, pq.top())) {
        pq.push(cur);
        continue;
      }
      found = true;
      break;
    }
    if (!found || cur.first <= eps) {
      res.stop_reason = !found && over_budget ? "budget" : "no site adds coverage";
      break;
    }
    ScalingStep s;
    s.site = cur.second;
    s.added_weight = take(cur.second);
    spent += cost_of(cur.second);
    s.covered_weight = covered;
    s.coverage_0_1 = res.total_weight > 0 ? covered / res.total_weight : 1.0;
    s.spent = spent;
    res.steps.push_back(s);
    if (m > 0) progress.report(std::min(1.0, s.coverage_0_1 / std::max(spec.target_coverage_0_1, 1e-9)),
                               "scaling-up: " + std::to_string(res.steps.size()) + " new sites");
  }
  res.covered_weight.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) res.covered_weight[i] = w[i] - left[i];
  return res;
}

}  // namespace swsplan::gis::locate
