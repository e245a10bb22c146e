#include "gis/locate/instance.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace swsplan::gis::locate {

Infeasible::Infeasible(const std::string& what, std::vector<std::uint32_t> ids)
    : UsageError(what), ids_(std::move(ids)) {}

namespace {
std::string s(std::uint64_t v) { return std::to_string(v); }
}  // namespace

void Instance::validate() const {
  const std::uint32_t n = demand_count();
  if (first.size() != static_cast<std::size_t>(n) + 1)
    throw UsageError("location instance: CSR 'first' has " + s(first.size()) +
                     " entries, expected demand count + 1 = " + s(n + 1ull));
  if (first.front() != 0 || first.back() != pair_candidate.size())
    throw UsageError("location instance: CSR 'first' must start at 0 and end at the pair count " +
                     s(pair_candidate.size()));
  if (pair_cost.size() != pair_candidate.size())
    throw UsageError("location instance: " + s(pair_cost.size()) + " pair costs for " +
                     s(pair_candidate.size()) + " pairs");
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!(demand_weight[i] >= 0.0) || !std::isfinite(demand_weight[i]))
      throw UsageError("location instance: demand " + s(i) + " has weight " +
                       std::to_string(demand_weight[i]) + ", expected a finite value >= 0");
    if (first[i] > first[i + 1])
      throw UsageError("location instance: CSR 'first' decreases at demand " + s(i));
  }
  for (std::size_t k = 0; k < pair_candidate.size(); ++k) {
    if (pair_candidate[k] >= candidate_count)
      throw UsageError("location instance: pair " + s(k) + " names candidate " +
                       s(pair_candidate[k]) + " but there are only " + s(candidate_count));
    if (!(pair_cost[k] >= 0.0) || !std::isfinite(pair_cost[k]))
      throw UsageError("location instance: pair " + s(k) + " has cost " +
                       std::to_string(pair_cost[k]) + ", expected a finite value >= 0");
  }
  std::vector<std::uint32_t> seen(candidate_count, kNone);
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto k = first[i]; k < first[i + 1]; ++k) {
      if (seen[pair_candidate[k]] == i)
        throw UsageError("location instance: demand " + s(i) + " lists candidate " +
                         s(pair_candidate[k]) + " twice");
      seen[pair_candidate[k]] = i;
    }
  for (auto f : fixed_sites)
    if (f >= candidate_count)
      throw UsageError("location instance: fixed site " + s(f) + " is not a candidate (there are " +
                       s(candidate_count) + ")");
  if (!capacity.empty() && capacity.size() != candidate_count)
    throw UsageError("location instance: " + s(capacity.size()) + " capacities for " +
                     s(candidate_count) + " candidates");
  if (candidate_x_m.size() != candidate_y_m.size() ||
      (!candidate_x_m.empty() && candidate_x_m.size() != candidate_count))
    throw UsageError("location instance: candidate coordinates must be given for all " +
                     s(candidate_count) + " candidates");
}

Instance Instance::from_dense(std::vector<double> weights, std::uint32_t n_cand,
                              const std::vector<double>& cost, double max_cost) {
  Instance inst;
  const auto n = static_cast<std::uint32_t>(weights.size());
  if (cost.size() != static_cast<std::size_t>(n) * n_cand)
    throw UsageError("dense cost matrix has " + s(cost.size()) + " entries, expected " +
                     s(static_cast<std::uint64_t>(n) * n_cand));
  inst.demand_weight = std::move(weights);
  inst.candidate_count = n_cand;
  inst.first.reserve(n + 1);
  inst.first.push_back(0);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n_cand; ++j) {
      const double c = cost[static_cast<std::size_t>(i) * n_cand + j];
      if (c <= max_cost) {
        inst.pair_candidate.push_back(j);
        inst.pair_cost.push_back(c);
      }
    }
    inst.first.push_back(static_cast<std::uint32_t>(inst.pair_candidate.size()));
  }
  return inst;
}

double relative_gap(double objective, double bound) noexcept {
  const double den = std::max({std::abs(objective), std::abs(bound), 1e-12});
  return std::abs(bound - objective) / den;
}

SpacingConflicts spacing_conflicts(const Instance& inst, double min_spacing_m) {
  SpacingConflicts out;
  const std::uint32_t m = inst.candidate_count;
  out.first.assign(static_cast<std::size_t>(m) + 1, 0);
  if (!(min_spacing_m > 0.0)) return out;
  if (inst.candidate_x_m.size() != m || inst.candidate_y_m.size() != m)
    throw UsageError("a minimum spacing between offices needs the candidates' coordinates "
                     "(projected, metres)");
  // Grid bucketing with cell = spacing: conflicts lie in the 3x3 neighbourhood.
  const double cell = min_spacing_m;
  auto key = [](std::int64_t gx, std::int64_t gy) {
    return (static_cast<std::uint64_t>(gx) << 32) ^ static_cast<std::uint64_t>(gy & 0xffffffff);
  };
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  std::vector<std::int64_t> gx(m), gy(m);
  for (std::uint32_t j = 0; j < m; ++j) {
    gx[j] = static_cast<std::int64_t>(std::floor(inst.candidate_x_m[j] / cell));
    gy[j] = static_cast<std::int64_t>(std::floor(inst.candidate_y_m[j] / cell));
    grid[key(gx[j], gy[j])].push_back(j);
  }
  const double d2max = min_spacing_m * min_spacing_m;
  std::vector<std::vector<std::uint32_t>> adj(m);
  for (std::uint32_t j = 0; j < m; ++j) {
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find(key(gx[j] + dx, gy[j] + dy));
        if (it == grid.end()) continue;
        for (auto k : it->second) {
          if (k == j) continue;
          const double ddx = inst.candidate_x_m[j] - inst.candidate_x_m[k];
          const double ddy = inst.candidate_y_m[j] - inst.candidate_y_m[k];
          if (ddx * ddx + ddy * ddy < d2max) adj[j].push_back(k);
        }
      }
    std::sort(adj[j].begin(), adj[j].end());
  }
  for (std::uint32_t j = 0; j < m; ++j) {
    out.first[j + 1] = out.first[j] + static_cast<std::uint32_t>(adj[j].size());
    out.conflict.insert(out.conflict.end(), adj[j].begin(), adj[j].end());
  }
  std::vector<char> fixed(m, 0);
  for (auto f : inst.fixed_sites) fixed[f] = 1;
  for (auto f : inst.fixed_sites)
    for (auto k = out.first[f]; k < out.first[f + 1]; ++k)
      if (fixed[out.conflict[k]] && out.conflict[k] != f)
        throw Infeasible("existing offices " + s(f) + " and " + s(out.conflict[k]) +
                             " are closer than the minimum spacing of " +
                             std::to_string(min_spacing_m) + " m; lower the spacing",
                         {f, out.conflict[k]});
  return out;
}

CandidateIndex transpose(const Instance& inst, double max_cost) {
  CandidateIndex t;
  const std::uint32_t m = inst.candidate_count, n = inst.demand_count();
  t.first.assign(static_cast<std::size_t>(m) + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
      if (inst.pair_cost[k] <= max_cost) ++t.first[inst.pair_candidate[k] + 1];
  for (std::uint32_t j = 0; j < m; ++j) t.first[j + 1] += t.first[j];
  t.demand.resize(t.first[m]);
  t.cost.resize(t.first[m]);
  std::vector<std::uint32_t> pos(t.first.begin(), t.first.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
      if (inst.pair_cost[k] <= max_cost) {
        const auto j = inst.pair_candidate[k];
        t.demand[pos[j]] = i;
        t.cost[pos[j]] = inst.pair_cost[k];
        ++pos[j];
      }
  return t;
}

}  // namespace swsplan::gis::locate
