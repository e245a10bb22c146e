#pragma once
/// @file Road-network travel time: a routable graph from a line layer (GEOS noding), snapping
/// of demand points and facilities onto the nearest road segment with an off-network walking
/// link, and travel time to the nearest facility by multi-source Dijkstra.
///
/// All coordinates are in the project's metric CRS (metres, x = east, y = north); the caller
/// projects. Travel is from the demand point to the facility: one-way roads are honoured in
/// that direction, which is why the routing graph stores arcs reversed (a search started at
/// the facilities then yields, at every node, the time *to* the nearest facility).
///
/// Pipeline: build_road_network (once per road layer) -> build_routing_graph (once per set of
/// demand points and facilities) -> nearest_facility_network (once per service type) and
/// cost_matrix_network (coverage.hpp).
#include <cstdint>
#include <span>
#include <vector>

#include "gis/access/graph.hpp"
#include "gis/access/nearest.hpp"  // PointArrays
#include "gis/core/progress.hpp"

namespace swsplan::gis {

/// Road classes with documented default speeds (see default_speed_kmh).
enum class RoadClass : std::uint8_t { national, provincial, rural, pwp_track, path };

/// Default travel speed of a road class in km/h, for when the road layer has no speed.
/// Chosen for the typical rural Cambodian trip (motorbike, mixed surfaces, dry season):
/// national road 60, provincial road 40, rural (commune/village) road 25, PWP earth track 15,
/// footpath 5 (walking). Planners should override them with local values; the wet season
/// slows the last three markedly.
double default_speed_kmh(RoadClass road_class) noexcept;

/// Direction of travel allowed on a line, relative to its vertex order.
enum class OneWay : std::int8_t { backward = -1, both = 0, forward = 1 };

/// A line layer as structure of arrays: line l has vertices vertex_first[l] .. vertex_first[l+1]-1.
struct LineArrays {
  std::span<const std::uint32_t> vertex_first;  ///< line_count()+1 offsets into x_m / y_m
  std::span<const double> x_m, y_m;             ///< vertices, metric CRS
  std::span<const double> speed_kmh;            ///< per line, > 0
  std::span<const std::int8_t> oneway;          ///< per line (OneWay values), or empty: all two-way
  /// per line: 1 for a bridge / over-pass / tunnel that crosses other lines without
  /// connecting to them (it connects only at its own end points), or empty: none.
  std::span<const std::uint8_t> grade_separated;
  std::size_t line_count() const noexcept { return vertex_first.empty() ? 0 : vertex_first.size() - 1; }
};

/// The noded road network: nodes at shared vertices and at crossings of lines that are not
/// grade-separated; each edge is the polyline between two nodes, from one source line.
struct RoadNetwork {
  std::vector<double> node_x_m, node_y_m;
  std::vector<std::uint32_t> edge_from, edge_to;   ///< node ids
  std::vector<std::uint32_t> edge_line;            ///< source line of each edge
  std::vector<std::uint32_t> edge_vertex_first;    ///< edge_count()+1 offsets into vertex_*
  std::vector<double> vertex_x_m, vertex_y_m;      ///< edge polylines, end nodes included
  std::vector<double> edge_length_m, edge_speed_kmh;
  std::vector<std::int8_t> edge_oneway;            ///< OneWay relative to edge_from -> edge_to
  /// Lines skipped because all their vertices coincide (zero length): they connect nothing.
  std::vector<std::uint32_t> zero_length_lines;

  std::uint32_t node_count() const noexcept { return static_cast<std::uint32_t>(node_x_m.size()); }
  std::uint32_t edge_count() const noexcept { return static_cast<std::uint32_t>(edge_from.size()); }
};

/// Nodes the line layer with GEOS (GEOSNode_r) and builds the edge list. Lines flagged
/// grade_separated are kept out of the noding, so they connect only at their end points;
/// other lines are split where such an end point sits exactly on one of their vertices.
/// Repeated vertices are dropped; lines of zero length are skipped and listed.
/// @throws InputError (feature = line index; field "geometry", "speed_kmh" or "oneway") on a
///         non-finite coordinate, a speed that is not a finite number > 0, or a bad one-way
///         value; UsageError on inconsistent array lengths; Error if GEOS fails; Cancelled.
RoadNetwork build_road_network(const LineArrays& lines, Progress& progress);

/// Off-network (door-to-door) settings. A trip is the best of walking straight from the
/// demand point to a facility, and walking to the road + driving + walking from the road to
/// the facility (DESIGN.md, access modes). Walking is a straight line at one speed: it
/// ignores rivers and paddies, which the cost-surface method (costdist) models instead.
struct SnapOptions {
  /// Longest straight walk between a point and the road network. A point farther than this
  /// from every road does not join the network (it may still walk straight to a facility).
  double tolerance_m = 2000.0;
  /// Speed of every straight walk (to and from the road, and straight to a facility).
  double walk_speed_kmh = 5.0;
  /// Door to door: a demand point may also walk straight to any facility within this
  /// distance, without a road; 0 = road trips only.
  double direct_walk_max_m = 2000.0;
};

/// Connectivity report of a routing graph. Components are weakly connected (one-way arcs
/// count in both directions), numbered by their lowest node id.
struct ComponentReport {
  std::uint32_t component_count = 0;
  std::vector<std::uint32_t> component_node_count;  ///< road + split nodes per component
  std::vector<std::uint32_t> demand_component;      ///< per demand point, kNoId if unsnapped
  std::vector<std::uint32_t> facility_component;    ///< per facility, kNoId if unsnapped
  std::vector<std::uint32_t> unsnapped_demand;      ///< demand points beyond the tolerance
  std::vector<std::uint32_t> unsnapped_facilities;  ///< facilities beyond the tolerance
};

/// Routable graph with the demand points and facilities attached. Node layout:
/// [0, road_node_count) road nodes, then split nodes where points snap inside an edge,
/// then one node per demand point, then one per facility.
struct RoutingGraph {
  CsrGraph toward_facility;  ///< arcs reversed w.r.t. travel; weights in seconds
  std::uint32_t road_node_count = 0;
  std::uint32_t split_node_count = 0;
  std::vector<std::uint32_t> demand_node, facility_node;  ///< kNoId if unsnapped
  std::vector<double> demand_snap_m, facility_snap_m;     ///< walking link length, kUnreachable if unsnapped
  std::vector<std::uint32_t> node_component;              ///< per road/split node
  /// Straight walks from demand points to facilities (door to door), in CSR form by demand
  /// point: facility direct_facility[k] at direct_time_s[k] seconds for k in
  /// direct_first[i] .. direct_first[i+1]-1, ascending facility position. Also arcs of the graph.
  std::vector<std::uint32_t> direct_first, direct_facility;
  std::vector<double> direct_time_s;
  ComponentReport report;
};

/// Snaps every demand point and facility onto the nearest point of the nearest road segment
/// (not merely the nearest vertex) within the tolerance. The segment is split there and its
/// travel time shared in proportion to length, so two points on one edge route along it.
/// The walking link goes from demand point to road and from road to facility only, so it
/// can never serve as a shortcut between two roads. Straight walks from each demand point to
/// the facilities within options.direct_walk_max_m are added as arcs of their own, so every
/// search over the graph (nearest, matrix) returns the door-to-door best; a point beyond
/// the tolerance from every road keeps its straight walks.
/// @throws UsageError on mismatched arrays or bad options; InputError (feature = position,
///         field "geometry") on a non-finite point; Cancelled.
RoutingGraph build_routing_graph(const RoadNetwork& network, const PointArrays& demand,
                                 const PointArrays& facilities, const SnapOptions& options,
                                 Progress& progress);

/// Why a demand point has no network time.
enum class NoTimeReason : std::uint8_t {
  /// No road within the snapping tolerance and no facility within the straight-walk limit.
  beyond_walk,
  /// It joins a road piece not connected to any of the facilities, and none is within the
  /// straight-walk limit.
  road_piece_without_facility,
  /// Its road piece holds a facility, but one-way roads allow no trip towards it.
  one_way_only,
  /// A trip exists but takes longer than the search bound (max_time_s).
  beyond_max_time,
};
const char* to_string(NoTimeReason r) noexcept;

/// A demand point without a network time and why.
struct NoTime {
  std::uint32_t demand = kNoId;
  NoTimeReason reason = NoTimeReason::beyond_walk;
  double snap_m = kUnreachable;  ///< walk to the road it joined, kUnreachable if none within the tolerance
};

/// Network travel time from each demand point to its nearest facility of one service type.
struct NetworkNearest {
  std::vector<double> time_s;           ///< per demand point, seconds, kUnreachable if none
  std::vector<std::uint32_t> facility;  ///< per demand point, facility position, kNoId if none
  /// per demand point: 1 when the best trip is the straight walk (no road used)
  std::vector<std::uint8_t> walked_direct;
  /// Every demand point with no time, by ascending position, with its reason.
  std::vector<NoTime> no_time;
  /// Snapped demand points on a component that holds none of the facilities used (they may
  /// still have a time by walking straight to a facility).
  std::vector<std::uint32_t> demand_on_component_without_facility;
  /// Demand points beyond the snapping tolerance from every road (they may still have a
  /// time by walking straight to a facility).
  std::vector<std::uint32_t> unsnapped_demand;
};

/// Multi-source Dijkstra from the given facilities (one service type).
/// @param facilities positions in the routing graph's facility arrays, or empty for all
/// @param max_time_s search bound in seconds (kUnreachable for none)
/// @throws UsageError on a facility position out of range; Cancelled.
NetworkNearest nearest_facility_network(const RoutingGraph& graph,
                                        std::span<const std::uint32_t> facilities,
                                        double max_time_s, Progress& progress);

}  // namespace swsplan::gis
