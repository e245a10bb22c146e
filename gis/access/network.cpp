#include "gis/access/network.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/error.hpp"
#include "gis/geom/geos.hpp"

namespace swsplan::gis {

double default_speed_kmh(RoadClass road_class) noexcept {
  switch (road_class) {
    case RoadClass::national: return 60.0;
    case RoadClass::provincial: return 40.0;
    case RoadClass::rural: return 25.0;
    case RoadClass::pwp_track: return 15.0;
    case RoadClass::path: return 5.0;
  }
  return 5.0;
}

namespace {

// Exact coordinate key: noded GEOS output repeats a node's coordinates bit for bit, so
// nodes are identified by equality, not by a tolerance that could merge distinct junctions.
struct XYKey {
  std::uint64_t x, y;
  bool operator==(const XYKey&) const = default;
};
struct XYHash {
  std::size_t operator()(const XYKey& k) const noexcept {
    return std::hash<std::uint64_t>()(k.x * 0x9E3779B97F4A7C15ull ^ (k.y + 0x7F4A7C159E3779B9ull));
  }
};
XYKey key_of(double x, double y) {
  // +0.0 folds -0.0 onto 0.0 so the two compare equal as keys too.
  return {std::bit_cast<std::uint64_t>(x + 0.0), std::bit_cast<std::uint64_t>(y + 0.0)};
}

// Uniform grid over segments. Long segments are cut into cell-sized chunks for indexing, so
// a long diagonal road is listed only in the cells along it, not in its whole bounding box.
// Road segments are spread fairly evenly, which suits a grid better than a tree here.
class SegmentGrid {
 public:
  SegmentGrid(std::vector<double> ax, std::vector<double> ay, std::vector<double> bx, std::vector<double> by)
      : ax_(std::move(ax)), ay_(std::move(ay)), bx_(std::move(bx)), by_(std::move(by)) {
    const std::size_t n = ax_.size();
    if (n == 0) return;
    minx_ = miny_ = std::numeric_limits<double>::max();
    double maxx = -minx_, maxy = -miny_;
    for (std::size_t s = 0; s < n; ++s) {
      minx_ = std::min({minx_, ax_[s], bx_[s]});
      miny_ = std::min({miny_, ay_[s], by_[s]});
      maxx = std::max({maxx, ax_[s], bx_[s]});
      maxy = std::max({maxy, ay_[s], by_[s]});
    }
    // About one segment per cell on average (a line-shaped extent has no area: fall back
    // to its length over n).
    const double w = maxx - minx_, h = maxy - miny_;
    cell_ = std::max({std::sqrt(w * h / double(n)), std::max(w, h) / double(n), 1e-3});
    // Cap the cell count so memory stays bounded whatever the data.
    for (;;) {
      nx_ = static_cast<std::uint32_t>(std::floor(w / cell_)) + 1;
      ny_ = static_cast<std::uint32_t>(std::floor(h / cell_)) + 1;
      if (double(nx_) * ny_ <= 4.0e6) break;
      cell_ *= 2;
    }
    std::vector<std::uint32_t> count(std::size_t(nx_) * ny_ + 1, 0);
    auto each_cell = [&](std::size_t s, auto&& f) {
      const double len = std::hypot(bx_[s] - ax_[s], by_[s] - ay_[s]);
      const std::size_t chunks = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(len / cell_)));
      std::size_t last = std::numeric_limits<std::size_t>::max();
      for (std::size_t c = 0; c < chunks; ++c) {
        const double t0 = double(c) / chunks, t1 = double(c + 1) / chunks;
        const double x0 = ax_[s] + t0 * (bx_[s] - ax_[s]), x1 = ax_[s] + t1 * (bx_[s] - ax_[s]);
        const double y0 = ay_[s] + t0 * (by_[s] - ay_[s]), y1 = ay_[s] + t1 * (by_[s] - ay_[s]);
        const auto [cx0, cy0] = cell_of(std::min(x0, x1), std::min(y0, y1));
        const auto [cx1, cy1] = cell_of(std::max(x0, x1), std::max(y0, y1));
        for (std::uint32_t cy = cy0; cy <= cy1; ++cy)
          for (std::uint32_t cx = cx0; cx <= cx1; ++cx) {
            const std::size_t cell = std::size_t(cy) * nx_ + cx;
            if (cell == last) continue;  // consecutive chunks often share a cell
            last = cell;
            f(cell);
          }
      }
    };
    for (std::size_t s = 0; s < n; ++s) each_cell(s, [&](std::size_t c) { ++count[c + 1]; });
    for (std::size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
    first_ = count;
    items_.resize(first_.back());
    for (std::size_t s = 0; s < n; ++s)
      each_cell(s, [&](std::size_t c) { items_[count[c]++] = static_cast<std::uint32_t>(s); });
  }

  struct Hit {
    std::uint32_t segment = kNoId;
    double distance_m = kUnreachable;
    double t_0_1 = 0;  ///< position along the segment
  };

  /// Nearest segment within radius_m (ties: lowest segment index). Searches one cell's
  /// reach first: a hit within that reach is final, so a large tolerance costs only for
  /// points far from every road.
  Hit nearest(double x, double y, double radius_m, std::vector<std::uint32_t>& scratch) const {
    const double r1 = std::min(radius_m, cell_);
    Hit best = nearest_in(x, y, r1, scratch);
    if (best.distance_m <= r1 || radius_m <= r1) return best;
    return nearest_in(x, y, radius_m, scratch);
  }

  /// Segments whose cells meet the square of half-side r around (x, y), sorted, unique.
  void candidates(double x, double y, double r, std::vector<std::uint32_t>& out) const {
    out.clear();
    if (ax_.empty()) return;
    const auto [cx0, cy0] = cell_of(x - r, y - r);
    const auto [cx1, cy1] = cell_of(x + r, y + r);
    for (std::uint32_t cy = cy0; cy <= cy1; ++cy)
      for (std::uint32_t cx = cx0; cx <= cx1; ++cx) {
        const std::size_t c = std::size_t(cy) * nx_ + cx;
        out.insert(out.end(), items_.begin() + first_[c], items_.begin() + first_[c + 1]);
      }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

  /// Distance from (x, y) to segment s; t receives the closest point's position in [0, 1].
  double distance(std::uint32_t s, double x, double y, double& t) const {
    const double dx = bx_[s] - ax_[s], dy = by_[s] - ay_[s];
    const double len_sq = dx * dx + dy * dy;
    // A zero-length segment is a point: projecting onto it would divide by zero.
    t = len_sq > 0 ? std::clamp(((x - ax_[s]) * dx + (y - ay_[s]) * dy) / len_sq, 0.0, 1.0) : 0.0;
    return std::hypot(x - (ax_[s] + t * dx), y - (ay_[s] + t * dy));
  }

 private:
  Hit nearest_in(double x, double y, double radius_m, std::vector<std::uint32_t>& scratch) const {
    Hit best;
    candidates(x, y, radius_m, scratch);
    for (std::uint32_t s : scratch) {
      double t = 0;
      const double d = distance(s, x, y, t);
      if (d <= radius_m && (d < best.distance_m || (d == best.distance_m && s < best.segment))) best = {s, d, t};
    }
    return best;
  }

  std::pair<std::uint32_t, std::uint32_t> cell_of(double x, double y) const {
    auto clampi = [](double v, std::uint32_t n) {
      if (!(v > 0)) return 0u;
      return static_cast<std::uint32_t>(std::min<double>(v, n - 1));
    };
    return {clampi(std::floor((x - minx_) / cell_), nx_), clampi(std::floor((y - miny_) / cell_), ny_)};
  }

  std::vector<double> ax_, ay_, bx_, by_;
  double minx_ = 0, miny_ = 0, cell_ = 1;
  std::uint32_t nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> first_, items_;
};

// A polyline with its source line, ready to become an edge.
struct Piece {
  std::vector<double> x, y;
  std::uint32_t line;
  bool reversed;  // vertex order opposite to the source line's
};

void drop_repeats(std::vector<double>& x, std::vector<double>& y) {
  std::size_t w = 0;
  for (std::size_t r = 0; r < x.size(); ++r) {
    if (w > 0 && x[r] == x[w - 1] && y[r] == y[w - 1]) continue;
    x[w] = x[r];
    y[w] = y[r];
    ++w;
  }
  x.resize(w);
  y.resize(w);
}

}  // namespace

RoadNetwork build_road_network(const LineArrays& lines, Progress& progress) {
  const std::size_t n_lines = lines.line_count();
  if (lines.x_m.size() != lines.y_m.size()) throw UsageError("road lines: x_m and y_m differ in length");
  if (lines.speed_kmh.size() != n_lines) throw UsageError("road lines: one speed_kmh per line is needed");
  if (!lines.oneway.empty() && lines.oneway.size() != n_lines)
    throw UsageError("road lines: oneway must be empty or one value per line");
  if (!lines.grade_separated.empty() && lines.grade_separated.size() != n_lines)
    throw UsageError("road lines: grade_separated must be empty or one value per line");
  if (n_lines > 0 && (lines.vertex_first.front() != 0 || lines.vertex_first.back() != lines.x_m.size()))
    throw UsageError("road lines: vertex_first must run from 0 to the number of vertices");

  RoadNetwork net;
  std::vector<std::vector<double>> lx(n_lines), ly(n_lines);
  for (std::size_t l = 0; l < n_lines; ++l) {
    const auto where = [&](const char* field) {
      return InputLocation{{}, {}, static_cast<std::int64_t>(l), field};
    };
    const double v = lines.speed_kmh[l];
    if (!(v > 0) || !std::isfinite(v))
      throw InputError(where("speed_kmh"), "road speed must be a number of km/h greater than 0, got " +
                                               std::to_string(v));
    if (!lines.oneway.empty() && (lines.oneway[l] < -1 || lines.oneway[l] > 1))
      throw InputError(where("oneway"), "one-way must be -1 (against digitising), 0 (both) or 1 (along)");
    if (lines.vertex_first[l + 1] < lines.vertex_first[l])
      throw UsageError("road lines: vertex_first must not decrease");
    for (std::uint32_t k = lines.vertex_first[l]; k < lines.vertex_first[l + 1]; ++k) {
      if (!std::isfinite(lines.x_m[k]) || !std::isfinite(lines.y_m[k]))
        throw InputError(where("geometry"), "road line has a non-finite coordinate");
      lx[l].push_back(lines.x_m[k]);
      ly[l].push_back(lines.y_m[k]);
    }
    drop_repeats(lx[l], ly[l]);
    if (lx[l].size() < 2) net.zero_length_lines.push_back(static_cast<std::uint32_t>(l));
  }
  progress.check();
  auto grade_separated = [&](std::size_t l) {
    return !lines.grade_separated.empty() && lines.grade_separated[l] != 0;
  };

  std::vector<Piece> pieces;
  // End points of grade-separated lines: other lines must be split there to meet them.
  std::unordered_set<XYKey, XYHash> forced;
  std::vector<std::uint32_t> noded_lines;
  for (std::size_t l = 0; l < n_lines; ++l) {
    if (lx[l].size() < 2) continue;
    if (grade_separated(l)) {
      forced.insert(key_of(lx[l].front(), ly[l].front()));
      forced.insert(key_of(lx[l].back(), ly[l].back()));
      pieces.push_back({lx[l], ly[l], static_cast<std::uint32_t>(l), false});
    } else {
      noded_lines.push_back(static_cast<std::uint32_t>(l));
    }
  }

  if (!noded_lines.empty()) {
    GEOSContextHandle_t h = geos::ctx();
    std::vector<GEOSGeometry*> parts;
    parts.reserve(noded_lines.size());
    try {
      for (std::uint32_t l : noded_lines) {
        GEOSCoordSequence* seq = GEOSCoordSeq_copyFromArrays_r(h, lx[l].data(), ly[l].data(), nullptr,
                                                               nullptr, static_cast<unsigned>(lx[l].size()));
        if (!seq) throw Error("road network: GEOS could not copy line " + std::to_string(l));
        GEOSGeometry* g = GEOSGeom_createLineString_r(h, seq);  // takes seq, also on failure
        if (!g) throw Error("road network: GEOS could not build line " + std::to_string(l));
        parts.push_back(g);
      }
    } catch (...) {
      for (GEOSGeometry* g : parts) GEOSGeom_destroy_r(h, g);
      throw;
    }
    // The collection takes ownership of the parts (also when it fails, per the GEOS docs).
    geos::GeomPtr coll = geos::take(
        GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts.data(), static_cast<unsigned>(parts.size())),
        "road network: collecting lines");
    progress.report(0.1, "noding roads");
    // Floating-point noding can fail on nearly coincident lines ("found non-noded
    // intersection"); the unary union nodes with OverlayNG's snapping heuristics instead.
    // It dissolves overlaps, which the piece-to-line matching below copes with.
    GEOSGeometry* raw = GEOSNode_r(h, coll.get());
    if (!raw) {
      const std::string first_error = geos::take_last_error();
      raw = GEOSUnaryUnion_r(h, coll.get());
      if (!raw)
        throw Error("road network: GEOS could not node the road lines (" + first_error + "; then " +
                    geos::take_last_error() + ")");
    }
    geos::GeomPtr noded(raw);
    coll.reset();
    progress.report(0.5, "building road graph");

    // GEOSNode_r forgets which input a piece came from: find it again through the source
    // segment under the middle of the piece's first segment (never a node, so unambiguous
    // unless two lines overlap; then the fastest road wins, as a traveller would choose).
    std::vector<double> ax, ay, bx, by;
    std::vector<std::uint32_t> seg_line;
    std::vector<double> seg_dx, seg_dy;
    for (std::uint32_t l : noded_lines)
      for (std::size_t k = 1; k < lx[l].size(); ++k) {
        ax.push_back(lx[l][k - 1]);
        ay.push_back(ly[l][k - 1]);
        bx.push_back(lx[l][k]);
        by.push_back(ly[l][k]);
        seg_line.push_back(l);
        seg_dx.push_back(bx.back() - ax.back());
        seg_dy.push_back(by.back() - ay.back());
      }
    const SegmentGrid grid(std::move(ax), std::move(ay), std::move(bx), std::move(by));
    std::vector<std::uint32_t> scratch;
    const int n_out = GEOSGetNumGeometries_r(h, noded.get());
    for (int i = 0; i < n_out; ++i) {
      if ((i & 1023) == 0) progress.check();
      const GEOSGeometry* g = GEOSGetGeometryN_r(h, noded.get(), i);
      const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, g);
      unsigned size = 0;
      if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size) || size < 2) continue;
      Piece p;
      p.x.resize(size);
      p.y.resize(size);
      if (!GEOSCoordSeq_copyToArrays_r(h, seq, p.x.data(), p.y.data(), nullptr, nullptr))
        throw Error("road network: GEOS could not read a noded line: " + geos::take_last_error());
      drop_repeats(p.x, p.y);
      if (p.x.size() < 2) continue;  // zero-length piece: connects nothing
      const double mx = 0.5 * (p.x[0] + p.x[1]), my = 0.5 * (p.y[0] + p.y[1]);
      // Noding moves a crossing by rounding only: 1 mm is far above that and far below any
      // distance between two real roads.
      const double tol = 1e-3;
      grid.candidates(mx, my, tol, scratch);
      std::uint32_t best_line = kNoId;
      double best_dot = 0;
      for (std::uint32_t s : scratch) {
        double t = 0;
        if (grid.distance(s, mx, my, t) > tol) continue;
        const std::uint32_t l = seg_line[s];
        const bool better = best_line == kNoId || lines.speed_kmh[l] > lines.speed_kmh[best_line] ||
                            (lines.speed_kmh[l] == lines.speed_kmh[best_line] && l < best_line);
        if (!better) continue;
        best_line = l;
        // Direction relative to the source line, for one-way roads.
        const double sdx = seg_dx[s], sdy = seg_dy[s];
        best_dot = sdx * (p.x[1] - p.x[0]) + sdy * (p.y[1] - p.y[0]);
      }
      if (best_line == kNoId)
        throw Error("road network: a noded piece near (" + std::to_string(mx) + ", " + std::to_string(my) +
                    ") matches no input line; GEOS noding moved it more than 1 mm");
      p.line = best_line;
      p.reversed = best_dot < 0;
      pieces.push_back(std::move(p));
    }
  }

  // Assemble edges; nodes are piece end points plus forced split vertices.
  std::unordered_map<XYKey, std::uint32_t, XYHash> node_of;
  auto node_id = [&](double x, double y) {
    const auto [it, inserted] = node_of.try_emplace(key_of(x, y), net.node_count());
    if (inserted) {
      net.node_x_m.push_back(x);
      net.node_y_m.push_back(y);
    }
    return it->second;
  };
  net.edge_vertex_first.push_back(0);
  auto add_edge = [&](const Piece& p, std::size_t k0, std::size_t k1) {
    const std::uint32_t a = node_id(p.x[k0], p.y[k0]);
    const std::uint32_t b = node_id(p.x[k1], p.y[k1]);
    double len = 0;
    for (std::size_t k = k0; k <= k1; ++k) {
      net.vertex_x_m.push_back(p.x[k]);
      net.vertex_y_m.push_back(p.y[k]);
      if (k > k0) len += std::hypot(p.x[k] - p.x[k - 1], p.y[k] - p.y[k - 1]);
    }
    net.edge_vertex_first.push_back(static_cast<std::uint32_t>(net.vertex_x_m.size()));
    net.edge_from.push_back(a);
    net.edge_to.push_back(b);
    net.edge_line.push_back(p.line);
    net.edge_length_m.push_back(len);
    net.edge_speed_kmh.push_back(lines.speed_kmh[p.line]);
    std::int8_t ow = lines.oneway.empty() ? 0 : lines.oneway[p.line];
    net.edge_oneway.push_back(static_cast<std::int8_t>(p.reversed ? -ow : ow));
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if ((i & 1023) == 0) progress.check();
    const Piece& p = pieces[i];
    const bool splittable = !grade_separated(p.line);
    std::size_t k0 = 0;
    for (std::size_t k = 1; k + 1 < p.x.size(); ++k)
      if (splittable && forced.count(key_of(p.x[k], p.y[k]))) {
        add_edge(p, k0, k);
        k0 = k;
      }
    add_edge(p, k0, p.x.size() - 1);
  }
  progress.report(1.0, "road graph built");
  return net;
}

RoutingGraph build_routing_graph(const RoadNetwork& net, const PointArrays& demand,
                                 const PointArrays& facilities, const SnapOptions& options,
                                 Progress& progress) {
  if (!(options.tolerance_m >= 0) || !std::isfinite(options.tolerance_m))
    throw UsageError("snapping tolerance must be a finite number of metres >= 0");
  if (!(options.walk_speed_kmh > 0) || !std::isfinite(options.walk_speed_kmh))
    throw UsageError("walking speed must be a number of km/h greater than 0");
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
  for (std::size_t i = 0; i < D; ++i) {
    if (snap_node[i] == kNoId) continue;
    rg.demand_node[i] = first_demand + static_cast<std::uint32_t>(i);
    from.push_back(rg.demand_node[i]);  // demand -> road
    to.push_back(snap_node[i]);
    w.push_back(rg.demand_snap_m[i] / walk_mps);
  }
  for (std::size_t j = 0; j < F; ++j) {
    if (snap_node[D + j] == kNoId) continue;
    rg.facility_node[j] = first_facility + static_cast<std::uint32_t>(j);
    from.push_back(snap_node[D + j]);  // road -> facility
    to.push_back(rg.facility_node[j]);
    w.push_back(rg.facility_snap_m[j] / walk_mps);
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
    comp_has[g.report.facility_component[j]] = 1;
  }
  const ShortestPaths sp = multi_source_dijkstra(g.toward_facility, sources, {}, max_time_s, progress);
  NetworkNearest out;
  out.time_s.assign(D, kUnreachable);
  out.facility.assign(D, kNoId);
  out.unsnapped_demand = g.report.unsnapped_demand;
  for (std::size_t i = 0; i < D; ++i) {
    const std::uint32_t v = g.demand_node[i];
    if (v == kNoId) continue;
    if (!comp_has[g.report.demand_component[i]])
      out.demand_on_component_without_facility.push_back(static_cast<std::uint32_t>(i));
    if (sp.source[v] == kNoId) continue;
    out.time_s[i] = sp.time_s[v];
    out.facility[i] = source_facility[sp.source[v]];
  }
  return out;
}

}  // namespace swsplan::gis
