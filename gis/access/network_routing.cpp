// Routing graph (snapping, straight walks) and nearest-facility search over it; the road
// network itself is built in network.cpp.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "gis/access/detail/segment_grid.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"

namespace swsplan::gis {

using detail::SegmentGrid;

const char* to_string(NoTimeReason r) noexcept {
  switch (r) {
    case NoTimeReason::beyond_walk: return "no road within the walking limit to the road and no facility within the straight-walk limit";
    case NoTimeReason::road_piece_without_facility:
      return "its nearest road piece connects to no facility and no facility is within the straight-walk limit";
    case NoTimeReason::one_way_only: return "one-way roads allow no trip to a facility";
    case NoTimeReason::beyond_max_time: return "every trip takes longer than the search bound";
  }
  return "unknown";
}

RoutingGraph build_routing_graph(const RoadNetwork& net, const PointArrays& demand,
                                 const PointArrays& facilities, const SnapOptions& options,
                                 Progress& progress) {
  if (!(options.tolerance_m >= 0) || !std::isfinite(options.tolerance_m))
    throw UsageError("snapping tolerance must be a finite number of metres >= 0");
  if (!(options.walk_speed_kmh > 0) || !std::isfinite(options.walk_speed_kmh))
    throw UsageError("walking speed must be a number of km/h greater than 0");
  if (!(options.direct_walk_max_m >= 0) || !std::isfinite(options.direct_walk_max_m))
    throw UsageError("straight-walk limit must be a finite number of metres >= 0");
  if (demand.x_m.size() != demand.y_m.size() || facilities.x_m.size() != facilities.y_m.size())
    throw UsageError("routing graph: x_m and y_m differ in length");
  const std::uint32_t R = net.node_count();
  const std::size_t E = net.edge_count();
  const std::size_t D = demand.size(), F = facilities.size();

  // Segment grid over all edge polylines.
  std::vector<double> ax, ay, bx, by;
  std::vector<std::uint32_t> seg_edge;
  std::vector<double> seg_along;  // distance along the edge at the segment's start
  for (std::size_t e = 0; e < E; ++e) {
    double along = 0;
    for (std::uint32_t k = net.edge_vertex_first[e] + 1; k < net.edge_vertex_first[e + 1]; ++k) {
      ax.push_back(net.vertex_x_m[k - 1]);
      ay.push_back(net.vertex_y_m[k - 1]);
      bx.push_back(net.vertex_x_m[k]);
      by.push_back(net.vertex_y_m[k]);
      seg_edge.push_back(static_cast<std::uint32_t>(e));
      seg_along.push_back(along);
      const double len = std::hypot(bx.back() - ax.back(), by.back() - ay.back());
      along += len;
    }
  }
  const SegmentGrid grid(ax, ay, bx, by);

  RoutingGraph rg;
  rg.road_node_count = R;
  rg.demand_node.assign(D, kNoId);
  rg.facility_node.assign(F, kNoId);
  rg.demand_snap_m.assign(D, kUnreachable);
  rg.facility_snap_m.assign(F, kUnreachable);

  // Snap all points: (edge, along) per point; point p < D is demand, else facility p - D.
  struct Snap {
    std::uint32_t edge;
    double along_m;
    std::uint32_t point;
  };
  std::vector<Snap> snaps;
  std::vector<std::uint32_t> scratch;
  for (std::size_t p = 0; p < D + F; ++p) {
    if ((p & 1023) == 0) progress.check();
    const bool is_demand = p < D;
    const std::size_t i = is_demand ? p : p - D;
    const double x = is_demand ? demand.x_m[i] : facilities.x_m[i];
    const double y = is_demand ? demand.y_m[i] : facilities.y_m[i];
    if (!std::isfinite(x) || !std::isfinite(y))
      throw InputError(InputLocation{{}, {}, static_cast<std::int64_t>(i), "geometry"},
                       std::string(is_demand ? "demand point" : "facility") + " has no valid coordinates");
    const SegmentGrid::Hit hit = grid.nearest(x, y, options.tolerance_m, scratch);
    if (hit.segment == kNoId) {
      (is_demand ? rg.report.unsnapped_demand : rg.report.unsnapped_facilities).push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    (is_demand ? rg.demand_snap_m : rg.facility_snap_m)[i] = hit.distance_m;
    const std::uint32_t s = hit.segment;
    const double seg_len = std::hypot(bx[s] - ax[s], by[s] - ay[s]);
    const std::uint32_t e = seg_edge[s];
    const double along = std::min(seg_along[s] + hit.t_0_1 * seg_len, net.edge_length_m[e]);
    snaps.push_back({e, along, static_cast<std::uint32_t>(p)});
  }
  std::sort(snaps.begin(), snaps.end(), [](const Snap& a, const Snap& b) {
    return a.edge < b.edge || (a.edge == b.edge && (a.along_m < b.along_m || (a.along_m == b.along_m && a.point < b.point)));
  });

  // Arcs are collected in travel direction, then stored reversed.
  std::vector<std::uint32_t> from, to;
  std::vector<double> w;
  std::uint32_t next_split = R;
  std::vector<std::uint32_t> snap_node(D + F, kNoId);
  // Split node ids must be known before the demand/facility ids, so count them first.
  std::uint32_t split_count = 0;
  for (std::size_t k = 0; k < snaps.size(); ++k) {
    const Snap& s = snaps[k];
    const bool at_end = s.along_m <= 0 || s.along_m >= net.edge_length_m[s.edge];
    const bool same_as_prev = k > 0 && snaps[k - 1].edge == s.edge && snaps[k - 1].along_m == s.along_m;
    if (!at_end && !same_as_prev) ++split_count;
  }
  const std::uint32_t first_demand = R + split_count;
  const std::uint32_t first_facility = first_demand + static_cast<std::uint32_t>(D);
  const std::uint32_t n_nodes = first_facility + static_cast<std::uint32_t>(F);

  auto add_road = [&](std::uint32_t a, std::uint32_t b, double len_m, double speed_kmh, std::int8_t ow) {
    const double t = len_m / (speed_kmh / 3.6);
    if (ow >= 0) {
      from.push_back(a);
      to.push_back(b);
      w.push_back(t);
    }
    if (ow <= 0) {
      from.push_back(b);
      to.push_back(a);
      w.push_back(t);
    }
  };
  std::size_t k = 0;
  for (std::uint32_t e = 0; e < E; ++e) {
    if ((e & 4095) == 0) progress.check();
    const double L = net.edge_length_m[e];
    std::uint32_t prev_node = net.edge_from[e];
    double prev_along = 0;
    while (k < snaps.size() && snaps[k].edge == e) {
      const Snap& s = snaps[k];
      std::uint32_t node;
      if (s.along_m <= 0) {
        node = net.edge_from[e];
      } else if (s.along_m >= L) {
        node = net.edge_to[e];
      } else if (s.along_m == prev_along && prev_node >= R) {
        node = prev_node;  // several points snap to the same spot: share one split node
      } else {
        node = next_split++;
        add_road(prev_node, node, s.along_m - prev_along, net.edge_speed_kmh[e], net.edge_oneway[e]);
        prev_node = node;
        prev_along = s.along_m;
      }
      snap_node[s.point] = node;
      ++k;
    }
    add_road(prev_node, net.edge_to[e], L - prev_along, net.edge_speed_kmh[e], net.edge_oneway[e]);
  }
  rg.split_node_count = next_split - R;

  const double walk_mps = options.walk_speed_kmh / 3.6;
  // Straight walks, demand point -> facility, every facility within the limit. The k-d tree
  // answers by distance; the CSR keeps ascending facility positions (deterministic arcs).
  rg.direct_first.assign(D + 1, 0);
  std::vector<char> facility_walked_to(F, 0);
  if (options.direct_walk_max_m > 0 && D > 0 && F > 0) {
    const FacilityIndex index(PointArrays{facilities.x_m, facilities.y_m, {}, {}});
    std::vector<NearestHit> hits;
    for (std::size_t i = 0; i < D; ++i) {
      if ((i & 1023) == 0) progress.check();
      index.within(QueryPoint{demand.x_m[i], demand.y_m[i]}, options.direct_walk_max_m, hits);
      std::sort(hits.begin(), hits.end(),
                [](const NearestHit& a, const NearestHit& b) { return a.facility < b.facility; });
      for (const NearestHit& h : hits) {
        rg.direct_facility.push_back(h.facility);
        rg.direct_time_s.push_back(h.distance_m / walk_mps);
        facility_walked_to[h.facility] = 1;
      }
      rg.direct_first[i + 1] = static_cast<std::uint32_t>(rg.direct_facility.size());
    }
  }
  for (std::size_t i = 0; i < D; ++i) {
    const bool walks = rg.direct_first[i + 1] > rg.direct_first[i];
    if (snap_node[i] == kNoId && !walks) continue;
    rg.demand_node[i] = first_demand + static_cast<std::uint32_t>(i);
    if (snap_node[i] == kNoId) continue;
    from.push_back(rg.demand_node[i]);  // demand -> road
    to.push_back(snap_node[i]);
    w.push_back(rg.demand_snap_m[i] / walk_mps);
  }
  for (std::size_t j = 0; j < F; ++j) {
    if (snap_node[D + j] == kNoId && !facility_walked_to[j]) continue;
    rg.facility_node[j] = first_facility + static_cast<std::uint32_t>(j);
    if (snap_node[D + j] == kNoId) continue;
    from.push_back(snap_node[D + j]);  // road -> facility
    to.push_back(rg.facility_node[j]);
    w.push_back(rg.facility_snap_m[j] / walk_mps);
  }
  for (std::size_t i = 0; i < D; ++i)
    for (std::uint32_t a = rg.direct_first[i]; a < rg.direct_first[i + 1]; ++a) {
      from.push_back(rg.demand_node[i]);  // demand -> facility on foot
      to.push_back(rg.facility_node[rg.direct_facility[a]]);
      w.push_back(rg.direct_time_s[a]);
    }
  rg.toward_facility = make_csr(n_nodes, to, from, w);  // reversed on purpose

  // Weakly connected components of the road part (union-find with path halving).
  const std::uint32_t n_road = R + rg.split_node_count;
  std::vector<std::uint32_t> parent(n_road);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (std::size_t a = 0; a < from.size(); ++a)
    if (from[a] < n_road && to[a] < n_road) {
      const std::uint32_t ra = find(from[a]), rb = find(to[a]);
      if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
  rg.node_component.assign(n_road, kNoId);
  std::vector<std::uint32_t> comp_of_root(n_road, kNoId);
  for (std::uint32_t v = 0; v < n_road; ++v) {
    const std::uint32_t r = find(v);
    if (comp_of_root[r] == kNoId) {
      comp_of_root[r] = rg.report.component_count++;
      rg.report.component_node_count.push_back(0);
    }
    rg.node_component[v] = comp_of_root[r];
    ++rg.report.component_node_count[comp_of_root[r]];
  }
  rg.report.demand_component.assign(D, kNoId);
  rg.report.facility_component.assign(F, kNoId);
  for (std::size_t i = 0; i < D; ++i)
    if (snap_node[i] != kNoId) rg.report.demand_component[i] = rg.node_component[snap_node[i]];
  for (std::size_t j = 0; j < F; ++j)
    if (snap_node[D + j] != kNoId) rg.report.facility_component[j] = rg.node_component[snap_node[D + j]];
  return rg;
}

NetworkNearest nearest_facility_network(const RoutingGraph& g, std::span<const std::uint32_t> facilities,
                                        double max_time_s, Progress& progress) {
  const std::size_t F = g.facility_node.size(), D = g.demand_node.size();
  std::vector<std::uint32_t> used;
  if (facilities.empty()) {
    used.resize(F);
    std::iota(used.begin(), used.end(), 0u);
  } else {
    used.assign(facilities.begin(), facilities.end());
  }
  std::vector<std::uint32_t> sources, source_facility;
  std::vector<char> comp_has(g.report.component_count, 0);
  for (std::uint32_t j : used) {
    if (j >= F)
      throw UsageError("nearest_facility_network: facility " + std::to_string(j) + " is out of range (" +
                       std::to_string(F) + " facilities in the routing graph)");
    if (g.facility_node[j] == kNoId) continue;
    sources.push_back(g.facility_node[j]);
    source_facility.push_back(j);
    if (g.report.facility_component[j] != kNoId) comp_has[g.report.facility_component[j]] = 1;
  }
  std::vector<char> is_used(F, 0);
  for (std::uint32_t j : source_facility) is_used[j] = 1;
  const ShortestPaths sp = multi_source_dijkstra(g.toward_facility, sources, {}, max_time_s, progress);
  NetworkNearest out;
  out.time_s.assign(D, kUnreachable);
  out.facility.assign(D, kNoId);
  out.walked_direct.assign(D, 0);
  out.unsnapped_demand = g.report.unsnapped_demand;
  const bool has_direct = g.direct_first.size() == D + 1;
  for (std::size_t i = 0; i < D; ++i) {
    const std::uint32_t v = g.demand_node[i];
    const std::uint32_t comp = g.report.demand_component.empty() ? kNoId : g.report.demand_component[i];
    const bool on_facility_piece = comp != kNoId && comp_has[comp];
    if (comp != kNoId && !comp_has[comp])
      out.demand_on_component_without_facility.push_back(static_cast<std::uint32_t>(i));
    if (v != kNoId && sp.source[v] != kNoId) {
      out.time_s[i] = sp.time_s[v];
      out.facility[i] = source_facility[sp.source[v]];
      if (has_direct)
        for (std::uint32_t k = g.direct_first[i]; k < g.direct_first[i + 1]; ++k)
          if (g.direct_facility[k] == out.facility[i] && g.direct_time_s[k] <= out.time_s[i]) out.walked_direct[i] = 1;
      continue;
    }
    bool walks = false;
    if (has_direct)
      for (std::uint32_t k = g.direct_first[i]; k < g.direct_first[i + 1]; ++k) walks |= is_used[g.direct_facility[k]] != 0;
    NoTime nt;
    nt.demand = static_cast<std::uint32_t>(i);
    nt.snap_m = g.demand_snap_m[i];
    if (max_time_s != kUnreachable && (walks || on_facility_piece))
      nt.reason = NoTimeReason::beyond_max_time;
    else if (on_facility_piece)
      nt.reason = NoTimeReason::one_way_only;
    else if (comp != kNoId)
      nt.reason = NoTimeReason::road_piece_without_facility;
    else
      nt.reason = NoTimeReason::beyond_walk;
    out.no_time.push_back(nt);
  }
  return out;
}

}  // namespace swsplan::gis
