#include "gis/geom/convert.hpp"

#include <vector>

#include "gis/core/error.hpp"

namespace swsplan::gis {

using geos::ctx;
using geos::GeomPtr;

namespace {

GEOSCoordSequence* seq(const Geometries& g, std::uint32_t ring, bool close) {
  const auto b = g.ring_offsets[ring], e = g.ring_offsets[ring + 1];
  unsigned n = e - b;
  const bool open = close && n > 0 && (g.xs[b] != g.xs[e - 1] || g.ys[b] != g.ys[e - 1]);
  if (!open) return GEOSCoordSeq_copyFromArrays_r(ctx(), g.xs.data() + b, g.ys.data() + b, nullptr, nullptr, n);
  std::vector<double> x(g.xs.begin() + b, g.xs.begin() + e), y(g.ys.begin() + b, g.ys.begin() + e);
  x.push_back(x.front());
  y.push_back(y.front());
  return GEOSCoordSeq_copyFromArrays_r(ctx(), x.data(), y.data(), nullptr, nullptr, n + 1);
}

GEOSGeometry* part_to_geos(const Geometries& g, std::uint32_t p) {
  auto h = ctx();
  const auto r0 = g.part_offsets[p], r1 = g.part_offsets[p + 1];
  switch (g.kind) {
    case GeometryKind::Point: {
      auto c = g.ring_offsets[r0];
      return GEOSGeom_createPointFromXY_r(h, g.xs[c], g.ys[c]);
    }
    case GeometryKind::Line: return GEOSGeom_createLineString_r(h, seq(g, r0, false));
    case GeometryKind::Polygon: {
      // Rings with fewer than 4 points cannot be GEOS rings: make_valid() will report them.
      GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq(g, r0, true));
      if (!shell) return nullptr;
      std::vector<GEOSGeometry*> holes;
      for (auto r = r0 + 1; r < r1; ++r)
        if (auto* hole = GEOSGeom_createLinearRing_r(h, seq(g, r, true))) holes.push_back(hole);
      return GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size()));
    }
    case GeometryKind::None: return nullptr;
  }
  return nullptr;
}

void collect(const GEOSGeometry* g, int dim, std::vector<GEOSGeometry*>& out) {
  auto h = ctx();
  const int t = GEOSGeomTypeId_r(h, g);
  if (t == GEOS_MULTIPOINT || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) collect(GEOSGetGeometryN_r(h, g, i), dim, out);
    return;
  }
  if (GEOSisEmpty_r(h, g)) return;
  const int d = (t == GEOS_POINT) ? 0 : (t == GEOS_LINESTRING || t == GEOS_LINEARRING) ? 1 : 2;
  if (d == dim) out.push_back(GEOSGeom_clone_r(h, g));
}

void append_seq(Geometries& out, const GEOSCoordSequence* s) {
  auto h = ctx();
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, s, &n);
  std::vector<double> x(n), y(n);
  if (n) GEOSCoordSeq_copyToArrays_r(h, s, x.data(), y.data(), nullptr, nullptr);
  out.add_ring(x.data(), y.data(), n);
}

void append_simple(Geometries& out, const GEOSGeometry* g) {
  auto h = ctx();
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT: {
      double x, y;
      GEOSGeomGetX_r(h, g, &x);
      GEOSGeomGetY_r(h, g, &y);
      out.add_point(x, y);
      break;
    }
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      out.begin_part();
      append_seq(out, GEOSGeom_getCoordSeq_r(h, g));
      break;
    case GEOS_POLYGON: {
      out.begin_part();
      append_seq(out, GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g)));
      for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i)
        append_seq(out, GEOSGeom_getCoordSeq_r(h, GEOSGetInteriorRingN_r(h, g, i)));
      break;
    }
    default: break;
  }
}

}  // namespace

GeomPtr to_geos(const Geometries& g, std::size_t f) {
  const auto p0 = g.feature_offsets[f], p1 = g.feature_offsets[f + 1];
  if (p0 == p1) return nullptr;
  auto h = ctx();
  if (p1 - p0 == 1) return GeomPtr(part_to_geos(g, p0));
  std::vector<GEOSGeometry*> parts;
  for (auto p = p0; p < p1; ++p)
    if (auto* part = part_to_geos(g, p)) parts.push_back(part);
  const int type = g.kind == GeometryKind::Point  ? GEOS_MULTIPOINT
                   : g.kind == GeometryKind::Line ? GEOS_MULTILINESTRING
                                                  : GEOS_MULTIPOLYGON;
  return GeomPtr(GEOSGeom_createCollection_r(h, type, parts.data(), static_cast<unsigned>(parts.size())));
}

GeomPtr keep_dimension(const GEOSGeometry* g, int dim) {
  if (!g) return nullptr;
  std::vector<GEOSGeometry*> parts;
  collect(g, dim, parts);
  const int type = dim == 0 ? GEOS_MULTIPOINT : dim == 1 ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
  return GeomPtr(GEOSGeom_createCollection_r(ctx(), type, parts.data(), static_cast<unsigned>(parts.size())));
}

void append_from_geos(Geometries& out, const GEOSGeometry* g) {
  if (!g) {
    out.add_empty_feature();
    return;
  }
  const int dim = out.kind == GeometryKind::Point ? 0 : out.kind == GeometryKind::Line ? 1 : 2;
  std::vector<GEOSGeometry*> parts;
  collect(g, dim, parts);
  for (auto* p : parts) {
    append_simple(out, p);
    GEOSGeom_destroy_r(ctx(), p);
  }
  out.end_feature();
}

}  // namespace swsplan::gis
