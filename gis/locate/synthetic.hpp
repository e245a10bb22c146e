#pragma once
/// @file Deterministic synthetic location instances (clustered settlements in a rectangle,
/// straight-line costs in metres) for tests and benchmarks. Same spec -> same instance on
/// every platform (own splitmix64 generator, no <random> distributions).
#include <cstdint>
#include <vector>

#include "gis/locate/instance.hpp"

namespace swsplan::gis::locate {

struct SyntheticSpec {
  std::uint32_t demand_count = 100;
  std::uint32_t candidate_count = 20;
  double width_m = 100000.0, height_m = 100000.0;
  double max_cost_m = 30000.0;   ///< pairs beyond this straight-line distance are dropped
  std::uint32_t clusters = 8;    ///< settlement clusters (0 = uniform)
  double cluster_sigma_m = 8000.0;
  double weight_min = 1.0, weight_max = 100.0;  ///< integer weights drawn in [min, max]
  bool candidates_at_demand = false;  ///< candidates = the first candidate_count demand points
  std::uint64_t seed = 1;
};

struct SyntheticInstance {
  Instance instance;  ///< costs in metres, candidate coordinates filled
  std::vector<double> demand_x_m, demand_y_m;
};

/// Builds the instance. @throws UsageError if candidates_at_demand and there are fewer
/// demand points than candidates.
SyntheticInstance make_synthetic_instance(const SyntheticSpec& spec);

/// CSR instance from points, straight-line cost (metres) for pairs within max_cost_m.
/// Uses a uniform grid so it stays O(n + pairs) for national sizes.
Instance instance_from_points(const std::vector<double>& demand_x_m,
                              const std::vector<double>& demand_y_m,
                              std::vector<double> demand_weight,
                              const std::vector<double>& cand_x_m,
                              const std::vector<double>& cand_y_m, double max_cost_m);

}  // namespace swsplan::gis::locate
