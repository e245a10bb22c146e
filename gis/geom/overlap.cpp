#include "gis/geom/overlap.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "gis/core/error.hpp"
#include "gis/geom/convert.hpp"
#include "gis/geom/geos.hpp"

namespace swsplan::gis {

std::vector<PolygonOverlap> overlaps_with_others(const VectorLayer& layer, std::span<const std::size_t> features,
                                                 double min_area) {
  std::vector<PolygonOverlap> out;
  if (features.empty()) return out;
  if (layer.geom.kind != GeometryKind::Polygon) throw UsageError("overlaps_with_others: the layer must be polygons");
  const Geometries& g = layer.geom;
  const std::size_t n = g.features();
  // Bounding box of every feature, from the flat arrays (no GEOS object per feature).
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<double> x0(n, inf), y0(n, inf), x1(n, -inf), y1(n, -inf);
  for (std::size_t f = 0; f < n; ++f)
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
      for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r)
        for (auto i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
          x0[f] = std::min(x0[f], g.xs[i]), x1[f] = std::max(x1[f], g.xs[i]);
          y0[f] = std::min(y0[f], g.ys[i]), y1[f] = std::max(y1[f], g.ys[i]);
        }
  auto h = geos::ctx();
  std::vector<std::size_t> asked(features.begin(), features.end());
  std::sort(asked.begin(), asked.end());
  asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
  for (std::size_t f : asked) {
    if (f >= n) throw UsageError("overlaps_with_others: feature " + std::to_string(f) + " is out of range");
    geos::GeomPtr a = to_geos(g, f);
    if (!a) continue;
    geos::PreparedPtr pa(GEOSPrepare_r(h, a.get()));
    if (!pa) throw Error("overlaps_with_others: GEOS could not prepare feature " + std::to_string(f));
    for (std::size_t o = 0; o < n; ++o) {
      if (o == f || x0[o] > x1[f] || x1[o] < x0[f] || y0[o] > y1[f] || y1[o] < y0[f]) continue;
      geos::GeomPtr b = to_geos(g, o);
      if (!b) continue;
      const char hit = GEOSPreparedIntersects_r(h, pa.get(), b.get());
      if (hit == 2) throw Error("overlaps_with_others: " + geos::take_last_error());
      if (!hit) continue;
      geos::GeomPtr both = geos::take(GEOSIntersection_r(h, a.get(), b.get()), "overlaps_with_others: intersection");
      double area = 0;
      if (!GEOSArea_r(h, both.get(), &area)) throw Error("overlaps_with_others: " + geos::take_last_error());
      if (area > min_area) out.push_back({f, o, area});
    }
  }
  return out;
}

}  // namespace swsplan::gis
