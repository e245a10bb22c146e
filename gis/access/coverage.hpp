#pragma once
/// @file Coverage analyses over a sparse demand x facility cost matrix: share of (poor)
/// households within a threshold per group, AccessMod-style capacity-limited catchments,
/// E2SFCA accessibility scores, and catchment polygons.
///
/// The cost matrix is built once, from straight-line radius queries (k-d tree) or from the
/// road network (one bounded Dijkstra per facility), and every analysis reads it. Costs are
/// travel time in seconds or distance in metres (CostMatrix::unit); thresholds, band edges
/// and maximum costs given to the analyses are in the same unit as the matrix.
#include <cstdint>
#include <span>
#include <vector>

#include "gis/access/graph.hpp"
#include "gis/access/nearest.hpp"
#include "gis/access/network.hpp"
#include "gis/core/progress.hpp"

namespace swsplan::gis {

enum class CostUnit : std::uint8_t { seconds, metres };

/// Sparse demand x facility costs in CSR form by demand point: row i lists the facilities
/// within the matrix's maximum cost of demand point i, by ascending facility id.
struct CostMatrix {
  CostUnit unit = CostUnit::seconds;
  std::uint32_t facility_count = 0;
  std::vector<std::uint32_t> first;     ///< demand_count()+1 offsets
  std::vector<std::uint32_t> facility;  ///< per entry
  std::vector<double> cost;             ///< per entry, seconds or metres per `unit`

  std::uint32_t demand_count() const noexcept {
    return first.empty() ? 0u : static_cast<std::uint32_t>(first.size() - 1);
  }
};

/// Builds a CostMatrix from (demand, facility, cost) triples in any order. Duplicate pairs
/// keep the smallest cost.
/// @throws UsageError on an id out of range, a negative or non-finite cost, or mismatched spans.
CostMatrix make_cost_matrix(std::uint32_t demand_count, std::uint32_t facility_count, CostUnit unit,
                            std::span<const std::uint32_t> demand, std::span<const std::uint32_t> facility,
                            std::span<const double> cost);

/// Straight-line matrix: every facility within max_distance_m (inclusive) of each demand
/// point, by k-d tree radius query. Cost is metres, or seconds when speed_kmh > 0 (a
/// straight-line travel time at that speed).
/// @throws UsageError on a bad distance or speed; as nearest_facility.
CostMatrix cost_matrix_straight_line(const PointArrays& demand, const FacilityIndex& facilities,
                                     double max_distance_m, double speed_kmh, Progress& progress);

/// Network matrix: travel time (s) from each demand point to every facility reachable within
/// max_time_s, by one bounded Dijkstra per facility on the reversed graph. Each search only
/// touches the nodes within max_time_s of its facility, and the workspace resets only those,
/// so the cost grows with the catchment size, not with the national network. Facilities
/// are searched in parallel; the result does not depend on the number of threads.
/// @param threads worker threads, 0 for std::thread::hardware_concurrency()
/// @throws UsageError on a bad max_time_s; Cancelled (checked between facilities).
CostMatrix cost_matrix_network(const RoutingGraph& graph, double max_time_s, Progress& progress,
                               unsigned threads = 0);

/// Nearest (cheapest) facility cost per demand point read off a matrix; kUnreachable where
/// the row is empty.
std::vector<double> nearest_cost(const CostMatrix& matrix);

/// Households and coverage per group (e.g. commune). Shares are NaN for a group with no
/// households (0/0 must not read as "0 % covered").
struct GroupCoverage {
  std::vector<double> households, poor_households;
  std::vector<double> covered_households, covered_poor_households;
  std::vector<double> share_covered_0_1, share_poor_covered_0_1;
  std::uint32_t group_count() const noexcept { return static_cast<std::uint32_t>(households.size()); }
};

/// Share of households and of poor households whose cost to the nearest facility is
/// <= threshold (same unit as the costs).
/// @param nearest_cost per demand point (kUnreachable when none)
/// @param group per demand point, in [0, group_count), or kNoId to leave it out
/// @throws UsageError on mismatched lengths, a group out of range, or a negative / non-finite
///         household count (the message names the demand position).
GroupCoverage coverage_by_group(std::span<const double> nearest_cost, double threshold,
                                std::span<const double> households, std::span<const double> poor_households,
                                std::span<const std::uint32_t> group, std::uint32_t group_count);

/// Sums group coverage into parent groups (commune -> district -> province) and recomputes
/// the shares. @param parent per group, in [0, parent_count) or kNoId.
/// @throws UsageError on a parent out of range or a wrong length.
GroupCoverage roll_up(const GroupCoverage& groups, std::span<const std::uint32_t> parent,
                      std::uint32_t parent_count);

/// Capacity-limited catchment settings. The facility processing order follows AccessMod 5's
/// "geographic coverage analysis" (amCapacityAnalysis): either by the value of a facility
/// column (AccessMod "tableOrder") or by the demand within a travel-time bound computed in
/// a pre-analysis without removing covered demand (AccessMod "travelTime"; with a
/// straight-line matrix this is AccessMod's "circBuffer"); descending by default, as in
/// AccessMod. Equal values keep facility id order (AccessMod's R `order` is stable).
struct CatchmentOptions {
  /// Maximum cost of a catchment (same unit as the matrix).
  double max_cost = kUnreachable;
  /// Per facility ordering value (e.g. capacity, or a priority column), or empty to order by
  /// the demand within order_max_cost.
  std::span<const double> order_value;
  /// Bound of the ordering pre-analysis; kUnreachable means max_cost.
  double order_max_cost = kUnreachable;
  bool descending = true;
};

/// Result of capacity-limited catchments.
struct Catchments {
  std::vector<std::uint32_t> order;           ///< facilities in processing order
  std::vector<double> order_value;            ///< per facility, the value it was ranked by
  std::vector<double> covered_demand;         ///< per facility, demand taken
  std::vector<double> capacity_left;          ///< per facility
  std::vector<double> catchment_max_cost;     ///< per facility, cost of the farthest demand taken (0 if none)
  std::vector<std::uint32_t> served_first;    ///< facility_count+1 offsets into served_*
  std::vector<std::uint32_t> served_demand;   ///< demand points served, in the order taken
  std::vector<double> served_amount;          ///< demand taken from that point
  std::vector<double> served_cost;            ///< its cost to the facility
  std::vector<double> residual_demand;        ///< per demand point, demand left uncovered
};

/// AccessMod-style capacity-limited catchments: facilities are processed one at a time in
/// the order above; each takes the demand points within max_cost nearest first (ties by
/// demand id) until its capacity is used up; demand taken is removed before the next
/// facility. The last point may be taken in part (AccessMod likewise splits the population
/// of the last travel-time band), its remainder staying available to later facilities.
/// A capacity of kUnreachable (infinity) means "ignore capacity" (AccessMod ignoreCapacity).
/// @throws UsageError on mismatched lengths or a negative / NaN demand or capacity; Cancelled.
Catchments capacity_catchments(const CostMatrix& matrix, std::span<const double> demand,
                               std::span<const double> capacity, const CatchmentOptions& options,
                               Progress& progress);

/// Catchments without capacity: every demand point belongs wholly to the facility given for
/// it (typically its nearest, from nearest_facility or nearest_facility_network), so the
/// polygons below can also show plain nearest-facility service areas.
/// @param facility_of_demand per demand point, facility id or kNoId (not served)
/// @param cost per demand point, its cost to that facility
/// @param demand per demand point, the amount served (e.g. households)
/// @throws UsageError on mismatched lengths or a facility id >= facility_count.
Catchments catchments_from_assignment(std::span<const std::uint32_t> facility_of_demand,
                                      std::span<const double> cost, std::span<const double> demand,
                                      std::uint32_t facility_count);

/// Distance decay for E2SFCA.
enum class DecayKind {
  step,      ///< piecewise constant weights over cost bands
  gaussian,  ///< Gaussian of Dai (2010), zero at and beyond gaussian_max_cost
};

/// One step-decay band: costs in (previous upper_cost, upper_cost] get `weight`.
struct DecayBand {
  double upper_cost;
  double weight;
};

struct E2sfcaOptions {
  DecayKind decay = DecayKind::step;
  /// Default: 0-10 / 10-20 / 20-30 minutes weighted 1 / 0.68 / 0.22 (Luo & Qi 2009), in
  /// seconds; give metres instead when the matrix is in metres. Upper costs must increase.
  std::vector<DecayBand> bands = {{600.0, 1.0}, {1200.0, 0.68}, {1800.0, 0.22}};
  /// Gaussian catchment size d0: W(d) = (exp(-d^2 / (2 d0^2)) - e^-1/2) / (1 - e^-1/2) for
  /// d < d0, else 0.
  double gaussian_max_cost = 1800.0;
};

/// Decay weight of a cost under the options (0 beyond the catchment).
double decay_weight(double cost, const E2sfcaOptions& options) noexcept;

struct E2sfcaResult {
  std::vector<double> facility_ratio;  ///< R_j: supply per weighted demand in its catchment (0 if none)
  std::vector<double> accessibility;   ///< A_i: sum of R_j weighted by decay, per demand point
};

/// Enhanced two-step floating catchment area (Luo & Qi 2009):
/// R_j = S_j / sum_i P_i W(d_ij), A_i = sum_j R_j W(d_ij), over the matrix entries.
/// @throws UsageError on mismatched lengths, negative / NaN population or supply, or bands
///         that do not increase; Cancelled.
E2sfcaResult e2sfca(const CostMatrix& matrix, std::span<const double> population,
                    std::span<const double> supply, const E2sfcaOptions& options, Progress& progress);

/// Catchment polygon settings. A facility's polygon is the concave hull (GEOS 3.11
/// GEOSConcaveHull_r) of the facility and the demand points it serves, buffered by buffer_m
/// so that a hull of one or two points still becomes an area and village points on the rim
/// are inside. Concave hull rather than buffer-union: it follows the shape of the served
/// settlement pattern without the lobes of a union of circles, and it costs O(n log n).
struct CatchmentShapeOptions {
  double concave_ratio_0_1 = 0.3;  ///< GEOS ratio: 1 = convex hull, smaller = tighter
  double buffer_m = 500.0;
  bool allow_holes = false;
};

/// One polygon per facility, as ISO WKB (little endian, 2D) in the metric CRS of the points;
/// WKB so that callers above gis/ never see GEOS and the vector writer stores it as is.
/// @throws UsageError on mismatched arrays; Error if GEOS fails; Cancelled.
std::vector<std::vector<unsigned char>> catchment_polygons_wkb(const Catchments& catchments,
                                                               const PointArrays& demand,
                                                               const PointArrays& facilities,
                                                               const CatchmentShapeOptions& options,
                                                               Progress& progress);

}  // namespace swsplan::gis
