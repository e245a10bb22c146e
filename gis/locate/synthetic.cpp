#include "gis/locate/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace swsplan::gis::locate {

namespace {
struct SplitMix {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double normal() {  // Box-Muller
    const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
};
}  // namespace

Instance instance_from_points(const std::vector<double>& dx, const std::vector<double>& dy,
                              std::vector<double> weight, const std::vector<double>& cx,
                              const std::vector<double>& cy, double max_cost_m) {
  if (dx.size() != dy.size() || dx.size() != weight.size() || cx.size() != cy.size())
    throw UsageError("instance_from_points: coordinate and weight arrays differ in length");
  Instance inst;
  const auto n = static_cast<std::uint32_t>(dx.size());
  const auto m = static_cast<std::uint32_t>(cx.size());
  inst.demand_weight = std::move(weight);
  inst.candidate_count = m;
  inst.candidate_x_m = cx;
  inst.candidate_y_m = cy;
  const double cell = std::max(max_cost_m, 1.0);
  auto key = [](std::int64_t gx, std::int64_t gy) {
    return (static_cast<std::uint64_t>(gx) << 32) ^ static_cast<std::uint64_t>(gy & 0xffffffff);
  };
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  for (std::uint32_t j = 0; j < m; ++j)
    grid[key(static_cast<std::int64_t>(std::floor(cx[j] / cell)),
             static_cast<std::int64_t>(std::floor(cy[j] / cell)))]
        .push_back(j);
  inst.first.reserve(n + 1);
  inst.first.push_back(0);
  std::vector<std::pair<std::uint32_t, double>> row;
  for (std::uint32_t i = 0; i < n; ++i) {
    row.clear();
    const auto gx = static_cast<std::int64_t>(std::floor(dx[i] / cell));
    const auto gy = static_cast<std::int64_t>(std::floor(dy[i] / cell));
    for (std::int64_t ox = -1; ox <= 1; ++ox)
      for (std::int64_t oy = -1; oy <= 1; ++oy) {
        auto it = grid.find(key(gx + ox, gy + oy));
        if (it == grid.end()) continue;
        for (auto j : it->second) {
          const double d = std::hypot(dx[i] - cx[j], dy[i] - cy[j]);
          if (d <= max_cost_m) row.push_back({j, d});
        }
      }
    std::sort(row.begin(), row.end());
    for (auto [j, d] : row) {
      inst.pair_candidate.push_back(j);
      inst.pair_cost.push_back(d);
    }
    inst.first.push_back(static_cast<std::uint32_t>(inst.pair_candidate.size()));
  }
  return inst;
}

SyntheticInstance make_synthetic_instance(const SyntheticSpec& spec) {
  if (spec.candidates_at_demand && spec.candidate_count > spec.demand_count)
    throw UsageError("synthetic instance: more candidates than demand points");
  SplitMix rng{spec.seed * 0x2545f4914f6cdd1dull + 7};
  std::vector<double> ccx(spec.clusters), ccy(spec.clusters);
  for (std::uint32_t c = 0; c < spec.clusters; ++c) {
    ccx[c] = rng.uniform() * spec.width_m;
    ccy[c] = rng.uniform() * spec.height_m;
  }
  auto point = [&](double& x, double& y) {
    if (spec.clusters == 0 || rng.uniform() < 0.2) {  // a fifth scattered, the rest clustered
      x = rng.uniform() * spec.width_m;
      y = rng.uniform() * spec.height_m;
    } else {
      const auto c = static_cast<std::uint32_t>(rng.next() % spec.clusters);
      x = std::clamp(ccx[c] + spec.cluster_sigma_m * rng.normal(), 0.0, spec.width_m);
      y = std::clamp(ccy[c] + spec.cluster_sigma_m * rng.normal(), 0.0, spec.height_m);
    }
  };
  SyntheticInstance out;
  std::vector<double> w(spec.demand_count);
  out.demand_x_m.resize(spec.demand_count);
  out.demand_y_m.resize(spec.demand_count);
  const auto span = static_cast<std::uint64_t>(std::max(0.0, spec.weight_max - spec.weight_min)) + 1;
  for (std::uint32_t i = 0; i < spec.demand_count; ++i) {
    point(out.demand_x_m[i], out.demand_y_m[i]);
    w[i] = spec.weight_min + static_cast<double>(rng.next() % span);
  }
  std::vector<double> cx(spec.candidate_count), cy(spec.candidate_count);
  for (std::uint32_t j = 0; j < spec.candidate_count; ++j) {
    if (spec.candidates_at_demand) {
      cx[j] = out.demand_x_m[j];
      cy[j] = out.demand_y_m[j];
    } else {
      point(cx[j], cy[j]);
    }
  }
  out.instance = instance_from_points(out.demand_x_m, out.demand_y_m, std::move(w), cx, cy,
                                      spec.max_cost_m);
  return out;
}

}  // namespace swsplan::gis::locate
