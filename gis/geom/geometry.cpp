#include "gis/geom/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>

#include "gis/core/error.hpp"
#include "gis/geom/convert.hpp"
#include "gis/geom/geos.hpp"

namespace swsplan::gis {

using geos::ctx;
using geos::GeomPtr;

namespace {

int dimension_of(GeometryKind k) {
  return k == GeometryKind::Point ? 0 : k == GeometryKind::Line ? 1 : 2;
}

void rebuild(Geometries& g, const std::vector<GeomPtr>& parts_per_feature) {
  Geometries out;
  out.kind = g.kind;
  for (const auto& p : parts_per_feature) append_from_geos(out, p.get());
  g = std::move(out);
}

}  // namespace

RepairReport make_valid(VectorLayer& layer, Progress& progress) {
  RepairReport report;
  if (layer.geom.kind != GeometryKind::Polygon && layer.geom.kind != GeometryKind::Line) {
    report.checked = layer.size();
    return report;
  }
  auto h = ctx();
  std::vector<GeomPtr> geoms;
  geoms.reserve(layer.size());
  bool changed = false;
  for (std::size_t f = 0; f < layer.geom.features(); ++f) {
    if (f % 256 == 0) progress.report(double(f) / double(layer.size()), "checking geometry validity");
    GeomPtr g = to_geos(layer.geom, f);
    ++report.checked;
    if (g && GEOSisValid_r(h, g.get()) != 1) {
      char* reason = GEOSisValidReason_r(h, g.get());
      RepairReport::Item item{layer.fids[f], reason ? reason : "invalid", 0, 0};
      GEOSFree_r(h, reason);
      if (layer.geom.kind == GeometryKind::Polygon) GEOSArea_r(h, g.get(), &item.area_before);
      GeomPtr fixed = geos::take(GEOSMakeValid_r(h, g.get()), "make_valid");
      GeomPtr kept = keep_dimension(fixed.get(), dimension_of(layer.geom.kind));
      if (kept && GEOSisEmpty_r(h, kept.get()) == 0) {
        if (layer.geom.kind == GeometryKind::Polygon) GEOSArea_r(h, kept.get(), &item.area_after);
        report.repaired.push_back(std::move(item));
      } else {
        report.emptied.push_back(layer.fids[f]);
        kept.reset();
      }
      g = std::move(kept);
      changed = true;
    }
    geoms.push_back(std::move(g));
  }
  if (changed) rebuild(layer.geom, geoms);
  return report;
}

std::vector<double> areas(const VectorLayer& layer) {
  std::vector<double> out(layer.size(), 0.0);
  if (layer.geom.kind != GeometryKind::Polygon) return out;
  // Shoelace on the flat arrays: exact for planar rings, no GEOS objects needed.
  const auto& g = layer.geom;
  for (std::size_t f = 0; f < g.features(); ++f) {
    double a = 0;
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
      for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
        double s = 0;
        const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
        for (auto i = b; i + 1 < e; ++i) s += g.xs[i] * g.ys[i + 1] - g.xs[i + 1] * g.ys[i];
        if (e > b) s += g.xs[e - 1] * g.ys[b] - g.xs[b] * g.ys[e - 1];  // closes open rings; 0 if closed
        s = std::abs(s) / 2;
        a += (r == g.part_offsets[p]) ? s : -s;  // holes subtract
      }
    }
    out[f] = a;
  }
  return out;
}

std::vector<double> lengths(const VectorLayer& layer) {
  std::vector<double> out(layer.size(), 0.0);
  const auto& g = layer.geom;
  if (g.kind == GeometryKind::None || g.kind == GeometryKind::Point) return out;
  for (std::size_t f = 0; f < g.features(); ++f) {
    double len = 0;
    for (auto r = g.part_offsets[g.feature_offsets[f]]; r < g.part_offsets[g.feature_offsets[f + 1]]; ++r)
      for (auto i = g.ring_offsets[r]; i + 1 < g.ring_offsets[r + 1]; ++i)
        len += std::hypot(g.xs[i + 1] - g.xs[i], g.ys[i + 1] - g.ys[i]);
    out[f] = len;
  }
  return out;
}

void point_on_surface(const VectorLayer& layer, std::vector<double>& xs, std::vector<double>& ys) {
  auto h = ctx();
  xs.assign(layer.size(), std::numeric_limits<double>::quiet_NaN());
  ys.assign(layer.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t f = 0; f < layer.geom.features(); ++f) {
    GeomPtr g = to_geos(layer.geom, f);
    if (!g) continue;
    GeomPtr p = geos::take(GEOSPointOnSurface_r(h, g.get()), "point on surface");
    if (GEOSisEmpty_r(h, p.get())) continue;
    GEOSGeomGetX_r(h, p.get(), &xs[f]);
    GEOSGeomGetY_r(h, p.get(), &ys[f]);
  }
}

// ---------------------------------------------------------------------------------------

struct PolygonIndex::Impl {
  std::vector<GeomPtr> geoms;
  std::vector<geos::PreparedPtr> prepared;
  geos::STRtreePtr tree;
  // Fast path: a uniform grid over the polygons' bounding boxes and a crossing-number test on
  // the flat rings (no GEOS object per query). GEOS settles what the fast path cannot: points
  // on a boundary, which the half-open crossing rule may leave outside every polygon.
  Geometries rings;
  std::vector<double> bx0, by0, bx1, by1;
  double gx0 = 0, gy0 = 0, gcell = 1;
  int gw = 0, gh = 0;
  std::vector<std::uint32_t> gfirst, gitems;

  bool contains(std::size_t f, double x, double y) const {
    if (x < bx0[f] || x > bx1[f] || y < by0[f] || y > by1[f]) return false;
    bool inside = false;
    for (auto r = rings.part_offsets[rings.feature_offsets[f]]; r < rings.part_offsets[rings.feature_offsets[f + 1]]; ++r) {
      const auto b = rings.ring_offsets[r], e = rings.ring_offsets[r + 1];
      for (auto i = b, j = e - 1; i < e; j = i++) {
        const double xi = rings.xs[i], xj = rings.xs[j], yi = rings.ys[i], yj = rings.ys[j];
        // On the boundary counts as inside (the lowest index wins a shared edge, as documented).
        if ((x - xi) * (yj - yi) == (y - yi) * (xj - xi) && x >= std::min(xi, xj) && x <= std::max(xi, xj) &&
            y >= std::min(yi, yj) && y <= std::max(yi, yj))
          return true;
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside;
  }
};

PolygonIndex::PolygonIndex(const VectorLayer& polygons) : impl_(std::make_unique<Impl>()) {
  if (polygons.geom.kind != GeometryKind::Polygon)
    throw UsageError("layer '" + polygons.name + "' is not a polygon layer");
  auto h = ctx();
  impl_->tree.reset(GEOSSTRtree_create_r(h, 10));
  const std::size_t n = polygons.size();
  impl_->geoms.reserve(n);
  impl_->prepared.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    GeomPtr g = to_geos(polygons.geom, f);
    if (g) {
      impl_->prepared.emplace_back(GEOSPrepare_r(h, g.get()));
      GEOSSTRtree_insert_r(h, impl_->tree.get(), g.get(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(f)));
    } else {
      impl_->prepared.emplace_back(nullptr);
    }
    impl_->geoms.push_back(std::move(g));
  }
  Impl& m = *impl_;
  m.rings = polygons.geom;
  m.bx0.assign(n, INFINITY), m.by0.assign(n, INFINITY), m.bx1.assign(n, -INFINITY), m.by1.assign(n, -INFINITY);
  const auto& g = m.rings;
  for (std::size_t f = 0; f < n; ++f)
    for (auto c = g.ring_offsets[g.part_offsets[g.feature_offsets[f]]];
         c < g.ring_offsets[g.part_offsets[g.feature_offsets[f + 1]]]; ++c) {
      m.bx0[f] = std::min(m.bx0[f], g.xs[c]), m.bx1[f] = std::max(m.bx1[f], g.xs[c]);
      m.by0[f] = std::min(m.by0[f], g.ys[c]), m.by1[f] = std::max(m.by1[f], g.ys[c]);
    }
  const Extent e = polygons.extent();
  if (n > 0 && e.valid()) {
    const int side = std::clamp(static_cast<int>(std::sqrt(double(n)) * 2), 1, 1024);
    m.gx0 = e.xmin;
    m.gy0 = e.ymin;
    m.gcell = std::max((e.xmax - e.xmin), (e.ymax - e.ymin)) / side + 1e-9;
    m.gw = static_cast<int>((e.xmax - e.xmin) / m.gcell) + 1;
    m.gh = static_cast<int>((e.ymax - e.ymin) / m.gcell) + 1;
    std::vector<std::vector<std::uint32_t>> cells(static_cast<std::size_t>(m.gw) * m.gh);
    for (std::size_t f = 0; f < n; ++f) {
      if (!(m.bx0[f] <= m.bx1[f])) continue;
      const int c0 = static_cast<int>((m.bx0[f] - m.gx0) / m.gcell), c1 = static_cast<int>((m.bx1[f] - m.gx0) / m.gcell);
      const int r0 = static_cast<int>((m.by0[f] - m.gy0) / m.gcell), r1 = static_cast<int>((m.by1[f] - m.gy0) / m.gcell);
      for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) cells[static_cast<std::size_t>(r) * m.gw + c].push_back(static_cast<std::uint32_t>(f));
    }
    m.gfirst.push_back(0);
    for (auto& v : cells) {
      m.gitems.insert(m.gitems.end(), v.begin(), v.end());
      m.gfirst.push_back(static_cast<std::uint32_t>(m.gitems.size()));
    }
  }
}

PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;
PolygonIndex::~PolygonIndex() = default;

namespace {
void collect_index(void* item, void* userdata) {
  static_cast<std::vector<std::uint32_t>*>(userdata)->push_back(
      static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(item)));
}
}  // namespace

std::int32_t PolygonIndex::locate(double x, double y) const {
  const Impl& m = *impl_;
  if (!std::isfinite(x) || !std::isfinite(y)) return -1;  // an empty point lies in no polygon
  if (m.gw > 0) {
    // Cell coordinates compared as doubles: a far-away point must not overflow an int.
    const double cd = std::floor((x - m.gx0) / m.gcell), rd = std::floor((y - m.gy0) / m.gcell);
    if (cd >= 0 && rd >= 0 && cd < m.gw && rd < m.gh) {
      const std::size_t cell = static_cast<std::size_t>(rd) * m.gw + static_cast<std::size_t>(cd);
      for (auto k = m.gfirst[cell]; k < m.gfirst[cell + 1]; ++k)  // ascending feature order
        if (m.contains(m.gitems[k], x, y)) return static_cast<std::int32_t>(m.gitems[k]);
    } else {
      return -1;
    }
  }
  auto h = ctx();
  GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x, y));
  std::vector<std::uint32_t> cand;
  GEOSSTRtree_query_r(h, impl_->tree.get(), pt.get(), collect_index, &cand);
  std::sort(cand.begin(), cand.end());
  for (auto c : cand)
    if (GEOSPreparedIntersects_r(h, impl_->prepared[c].get(), pt.get()) == 1) return static_cast<std::int32_t>(c);
  return -1;
}

void PolygonIndex::locate_all(const std::vector<double>& xs, const std::vector<double>& ys,
                              std::vector<std::int32_t>& out, Progress& progress) const {
  out.resize(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i % 4096 == 0) progress.report(double(i) / double(xs.size()), "point in polygon");
    out[i] = std::isfinite(xs[i]) && std::isfinite(ys[i]) ? locate(xs[i], ys[i]) : -1;
  }
}

std::pair<std::int32_t, double> PolygonIndex::nearest(double x, double y, double max_distance) const {
  auto h = ctx();
  GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x, y));
  GeomPtr box = geos::take(GEOSGeom_createRectangle_r(h, x - max_distance, y - max_distance, x + max_distance,
                                                      y + max_distance),
                           "rectangle");
  std::vector<std::uint32_t> cand;
  GEOSSTRtree_query_r(h, impl_->tree.get(), box.get(), collect_index, &cand);
  std::sort(cand.begin(), cand.end());
  std::int32_t best = -1;
  double best_d = max_distance;
  for (auto c : cand) {
    double d = 0;
    if (GEOSDistance_r(h, impl_->geoms[c].get(), pt.get(), &d) == 1 && d <= best_d) {
      if (best < 0 || d < best_d) {
        best = static_cast<std::int32_t>(c);
        best_d = d;
      }
    }
  }
  return {best, best < 0 ? std::numeric_limits<double>::quiet_NaN() : best_d};
}

// ---------------------------------------------------------------------------------------

VectorLayer dissolve(const VectorLayer& layer, const std::string& key_field, const std::vector<std::string>& sum_fields,
                     Progress& progress) {
  if (layer.geom.kind != GeometryKind::Polygon) throw UsageError("dissolve needs a polygon layer");
  const Column& key = layer.column(key_field);
  std::vector<const Column*> sums;
  for (const auto& s : sum_fields) sums.push_back(&layer.column(s));
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (key.is_null(i)) throw InputError({layer.source, layer.name, layer.fids[i], key_field}, "empty key: cannot dissolve");
    groups[key.text(i)].push_back(i);
  }
  VectorLayer out;
  out.name = layer.name + "_by_" + key_field;
  out.source = layer.source;
  out.crs = layer.crs;
  out.geom.kind = GeometryKind::Polygon;
  Column kc;
  kc.name = key_field;
  kc.type = FieldType::String;
  std::vector<Column> sc(sums.size());
  for (std::size_t s = 0; s < sums.size(); ++s) {
    sc[s].name = sums[s]->name;
    sc[s].type = FieldType::Real;
  }
  auto h = ctx();
  std::size_t done = 0;
  std::int64_t fid = 0;
  for (const auto& [k, members] : groups) {
    progress.report(double(done++) / double(groups.size()), "dissolving");
    std::vector<GEOSGeometry*> raw;
    std::vector<GeomPtr> owned;
    for (auto i : members)
      if (auto g = to_geos(layer.geom, i)) owned.push_back(std::move(g));
    for (auto& g : owned) raw.push_back(g.release());
    GeomPtr coll = geos::take(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                           static_cast<unsigned>(raw.size())),
                              "dissolve collection");
    GeomPtr u = geos::take(GEOSUnaryUnion_r(h, coll.get()), "dissolve union");
    append_from_geos(out.geom, keep_dimension(u.get(), 2).get());
    out.fids.push_back(++fid);
    kc.push(std::string(k));
    for (std::size_t s = 0; s < sums.size(); ++s) {
      double total = 0;
      bool any = false;
      for (auto i : members)
        if (auto v = sums[s]->number(i)) {
          total += *v;
          any = true;
        }
      any ? sc[s].push(total) : sc[s].push_null();
    }
  }
  out.columns.push_back(std::move(kc));
  for (auto& c : sc) out.columns.push_back(std::move(c));
  return out;
}

Adjacency polygon_adjacency(const VectorLayer& layer, double tolerance, double min_shared_length, Progress& progress) {
  if (layer.geom.kind != GeometryKind::Polygon) throw UsageError("adjacency needs a polygon layer");
  auto h = ctx();
  const std::size_t n = layer.size();
  std::vector<GeomPtr> geoms(n), boundaries(n), buffered(n);
  geos::STRtreePtr tree(GEOSSTRtree_create_r(h, 10));
  for (std::size_t i = 0; i < n; ++i) {
    geoms[i] = to_geos(layer.geom, i);
    if (!geoms[i]) continue;
    boundaries[i] = geos::take(GEOSBoundary_r(h, geoms[i].get()), "boundary");
    buffered[i] = geos::take(GEOSBuffer_r(h, geoms[i].get(), tolerance, 4), "buffer");
    GEOSSTRtree_insert_r(h, tree.get(), buffered[i].get(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(i)));
  }
  std::vector<std::vector<std::pair<std::uint32_t, double>>> nb(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 64 == 0) progress.report(double(i) / double(n), "polygon adjacency");
    if (!geoms[i]) continue;
    std::vector<std::uint32_t> cand;
    GEOSSTRtree_query_r(h, tree.get(), buffered[i].get(), collect_index, &cand);
    for (auto j : cand) {
      if (j <= i) continue;
      GeomPtr shared(GEOSIntersection_r(h, boundaries[i].get(), buffered[j].get()));
      if (!shared) continue;
      double len = 0;
      GEOSLength_r(h, shared.get(), &len);
      if (len >= min_shared_length) {
        nb[i].emplace_back(j, len);
        nb[j].emplace_back(static_cast<std::uint32_t>(i), len);
      }
    }
  }
  Adjacency adj;
  adj.first.push_back(0);
  for (auto& v : nb) {
    std::sort(v.begin(), v.end());
    for (auto& [j, len] : v) {
      adj.target.push_back(j);
      adj.shared_length.push_back(len);
    }
    adj.first.push_back(static_cast<std::uint32_t>(adj.target.size()));
  }
  return adj;
}

}  // namespace swsplan::gis
