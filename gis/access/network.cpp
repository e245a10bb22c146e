#include "gis/access/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gis/access/detail/segment_grid.hpp"
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

using detail::key_of;
using detail::SegmentGrid;
using detail::XYHash;
using detail::XYKey;

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

}  // namespace swsplan::gis
