#pragma once
/// @file Cluster mode: within each group (district), partition its units (communes) into
/// contiguous clusters of min_size..max_size units (default 2-3), one office per cluster,
/// minimising the weighted travel cost from every unit to its cluster's office (an office
/// sits in one of the cluster's units). Groups or parts that cannot be partitioned are
/// reported explicitly, never silently dropped.
///
/// Method per connected component of a group: enumerate all connected unit subsets of
/// size min..max (cost = best office unit inside the subset), then exact set partitioning
/// by dynamic programming over bitmasks (components up to `dp_max_units`), or a set
/// partitioning MILP with COIN-OR CBC (up to `milp_max_units`, within the time limit);
/// beyond that, or if CBC stops without a proof, a greedy heuristic whose result is marked
/// as heuristic.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"

namespace swsplan::gis::locate {

/// Units with weights, groups, adjacency (CSR, symmetric) and unit -> unit travel costs
/// (CSR by unit u: cost of serving u from an office in unit v; pairs not listed are out of
/// reach; u -> u costs 0 unless listed).
struct ClusterInput {
  std::vector<double> unit_weight;           ///< e.g. poor households, >= 0
  std::vector<std::uint32_t> unit_group;     ///< group (district) id per unit
  std::vector<std::uint32_t> adj_first, adj_target;  ///< contiguity graph, CSR
  std::vector<std::uint32_t> cost_first, cost_target;
  std::vector<double> cost;                  ///< caller's unit (m or s)
  std::uint32_t unit_count() const noexcept {
    return static_cast<std::uint32_t>(unit_weight.size());
  }
};

struct ClusterOptions {
  std::uint32_t min_size = 2, max_size = 3;  ///< units per cluster (max_size <= 5)
  std::uint32_t dp_max_units = 20;           ///< exact DP over bitmasks up to this size
  std::uint32_t milp_max_units = 400;        ///< CBC set partitioning up to this size
  double time_limit_s = 30.0;                ///< per component, for CBC
};

struct Cluster {
  std::uint32_t group = 0;
  std::vector<std::uint32_t> units;  ///< ascending
  std::uint32_t office_unit = 0;     ///< unit hosting the office
  double cost = 0.0;                 ///< sum of weight x cost to the office
};

/// A part of a group that has no valid partition.
struct InfeasibleGroup {
  std::uint32_t group = 0;
  std::vector<std::uint32_t> units;  ///< the component's units, ascending
  std::string reason;                ///< planner-readable
};

struct ClusterSolution {
  std::vector<Cluster> clusters;            ///< by group, then by smallest unit
  std::vector<std::uint32_t> unit_cluster;  ///< per unit: index into clusters, or kNone
  std::vector<InfeasibleGroup> infeasible;
  double objective = 0.0;                   ///< total cost of the clusters
  /// Groups solved by the greedy fallback (no optimality proof); empty = all exact.
  std::vector<std::uint32_t> heuristic_groups;
  std::string method;
};

/// Partitions every group. @throws UsageError for inconsistent arrays, an asymmetric
/// adjacency, or sizes outside 1..5; Cancelled through `progress`.
ClusterSolution solve_clusters(const ClusterInput& in, const ClusterOptions& opt,
                               Progress& progress);

}  // namespace swsplan::gis::locate
