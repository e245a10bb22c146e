// Tests of gis/geom/geometry: validity repair, areas and lengths against hand-computed
// figures, point-on-surface, PolygonIndex against brute-force GEOS on the real villages x
// communes, dissolve of the real communes into districts, and polygon adjacency.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"

using namespace swsplan::gis;
using Catch::Matchers::Contains;

namespace {

const std::string kGpkg = std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg";

VectorLayer read_layer(const std::string& name) {
  ReadOptions o;
  o.layer = name;
  return read_vector(kGpkg, o);
}

// A layer of single-ring polygons given as closed coordinate lists.
VectorLayer polygons(const std::vector<std::vector<std::pair<double, double>>>& rings, const std::string& crs = "EPSG:32648") {
  VectorLayer l;
  l.name = "polys";
  l.source = "memory";
  l.crs = crs;
  l.geom.kind = GeometryKind::Polygon;
  for (std::size_t f = 0; f < rings.size(); ++f) {
    l.fids.push_back(static_cast<std::int64_t>(f + 1));
    std::vector<double> xs, ys;
    for (auto [x, y] : rings[f]) {
      xs.push_back(x);
      ys.push_back(y);
    }
    l.geom.begin_part();
    l.geom.add_ring(xs.data(), ys.data(), xs.size());
    l.geom.end_feature();
  }
  return l;
}

std::vector<std::pair<double, double>> square(double x0, double y0, double s) {
  return {{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}};
}

// Brute-force oracle: GEOS geometries of each polygon feature, built from the flat arrays
// independently of gis/geom/convert.
struct GeosOracle {
  GEOSContextHandle_t ctx = GEOS_init_r();
  std::vector<GEOSGeometry*> geoms;
  explicit GeosOracle(const VectorLayer& l) {
    const auto& g = l.geom;
    for (std::size_t f = 0; f < l.size(); ++f) {
      std::vector<GEOSGeometry*> parts;
      for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
        std::vector<GEOSGeometry*> rings;
        for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
          const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
          GEOSCoordSequence* cs = GEOSCoordSeq_create_r(ctx, e - b, 2);
          for (auto k = b; k < e; ++k) GEOSCoordSeq_setXY_r(ctx, cs, k - b, g.xs[k], g.ys[k]);
          rings.push_back(GEOSGeom_createLinearRing_r(ctx, cs));
        }
        parts.push_back(GEOSGeom_createPolygon_r(ctx, rings[0], rings.size() > 1 ? rings.data() + 1 : nullptr,
                                                 static_cast<unsigned>(rings.size() - 1)));
      }
      geoms.push_back(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())));
    }
  }
  ~GeosOracle() {
    for (auto* g : geoms) GEOSGeom_destroy_r(ctx, g);
    GEOS_finish_r(ctx);
  }
  // Every polygon that covers (x, y) (boundary included).
  std::vector<std::int32_t> covering(double x, double y) const {
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, x, y);
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < geoms.size(); ++i)
      if (GEOSIntersects_r(ctx, geoms[i], pt) == 1) out.push_back(static_cast<std::int32_t>(i));
    GEOSGeom_destroy_r(ctx, pt);
    return out;
  }
  double area(std::size_t i) const {
    double a = 0;
    GEOSArea_r(ctx, geoms[i], &a);
    return a;
  }
  GeosOracle(const GeosOracle&) = delete;
  GeosOracle& operator=(const GeosOracle&) = delete;
};

}  // namespace

TEST_CASE("areas and lengths of hand-made polygons", "[geom]") {
  // 1 km square, a 3-4-5 right triangle, and a square with a square hole.
  auto l = polygons({square(500000, 1300000, 1000), {{0, 0}, {3, 0}, {0, 4}, {0, 0}}});
  {
    // third feature: 10x10 with a 2x2 hole
    auto outer = square(0, 0, 10), hole = square(4, 4, 2);
    std::vector<double> ox, oy, hx, hy;
    for (auto [x, y] : outer) ox.push_back(x), oy.push_back(y);
    for (auto it = hole.rbegin(); it != hole.rend(); ++it) hx.push_back(it->first), hy.push_back(it->second);
    l.fids.push_back(3);
    l.geom.begin_part();
    l.geom.add_ring(ox.data(), oy.data(), ox.size());
    l.geom.add_ring(hx.data(), hy.data(), hx.size());
    l.geom.end_feature();
    l.fids.push_back(4);
    l.geom.add_empty_feature();
  }
  const auto a = areas(l);
  REQUIRE(a.size() == 4);
  CHECK(a[0] == Approx(1e6));
  CHECK(a[1] == Approx(6.0));
  CHECK(a[2] == Approx(96.0));
  CHECK(a[3] == 0.0);
  const auto len = lengths(l);
  CHECK(len[0] == Approx(4000.0));
  CHECK(len[1] == Approx(12.0));
  CHECK(len[2] == Approx(48.0));  // outer 40 + hole 8
  CHECK(len[3] == 0.0);

  // Lines have a length and no area; points have neither.
  VectorLayer line;
  line.crs = "EPSG:32648";
  line.geom.kind = GeometryKind::Line;
  line.fids = {1};
  const double lx[] = {0, 3, 3}, ly[] = {0, 4, 10};
  line.geom.begin_part();
  line.geom.add_ring(lx, ly, 3);
  line.geom.end_feature();
  CHECK(lengths(line)[0] == Approx(11.0));
  CHECK(areas(line)[0] == 0.0);
}

TEST_CASE("make_valid repairs a bow tie into two triangles and reports it", "[geom]") {
  // Bow tie over the unit square: (0,0)-(1,1)-(1,0)-(0,1): two triangles of area 1/4 each.
  auto l = polygons({square(10, 10, 1), {{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}});
  l.fids = {11, 42};
  const auto rep = make_valid(l);
  CHECK(rep.checked == 2);
  REQUIRE(rep.repaired.size() == 1);
  CHECK(rep.repaired[0].fid == 42);
  CHECK_THAT(rep.repaired[0].reason, Contains("Self-intersection"));
  CHECK(rep.repaired[0].area_after == Approx(0.5));
  CHECK(rep.emptied.empty());
  CHECK(l.geom.kind == GeometryKind::Polygon);
  CHECK(l.size() == 2);
  CHECK(l.fids == std::vector<std::int64_t>{11, 42});
  const auto a = areas(l);
  CHECK(a[0] == Approx(1.0));
  CHECK(a[1] == Approx(0.5));
  // Now valid: a second pass changes nothing.
  const auto again = make_valid(l);
  CHECK(again.repaired.empty());

  // A zero-area sliver is reported as emptied.
  auto flat = polygons({{{0, 0}, {1, 0}, {2, 0}, {0, 0}}});
  const auto r2 = make_valid(flat);
  CHECK(r2.emptied == std::vector<std::int64_t>{1});
}

TEST_CASE("the real admin layers are valid polygons", "[geom][real]") {
  for (const char* name : {"communes", "districts", "provinces"}) {
    INFO(name);
    auto l = read_layer(name);
    const auto before = l.geom.xs;
    const auto rep = make_valid(l);
    CHECK(rep.checked == l.size());
    CHECK(rep.repaired.empty());
    CHECK(rep.emptied.empty());
    CHECK(l.geom.xs == before);
  }
}

TEST_CASE("point_on_surface lies inside its own polygon", "[geom][real]") {
  auto communes = reproject(read_layer("communes"), "EPSG:32648");
  std::vector<double> xs, ys;
  point_on_surface(communes, xs, ys);
  REQUIRE(xs.size() == communes.size());
  PolygonIndex index(communes);
  std::size_t own = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) own += index.locate(xs[i], ys[i]) == static_cast<std::int32_t>(i);
  CHECK(own == communes.size());

  VectorLayer empty = polygons({});
  empty.fids = {1};
  empty.geom.add_empty_feature();
  point_on_surface(empty, xs, ys);
  REQUIRE(xs.size() == 1);
  CHECK(std::isnan(xs[0]));
}

TEST_CASE("PolygonIndex agrees with brute-force GEOS on real villages x communes", "[geom][real]") {
  const auto communes = read_layer("communes");
  const auto villages = read_layer("villages");
  PolygonIndex index(communes);
  GeosOracle oracle(communes);
  // Every 37th village (381 points) against every commune.
  std::size_t tested = 0, agree = 0;
  for (std::size_t i = 0; i < villages.size(); i += 37) {
    auto xy = villages.geom.first_xy(i);
    REQUIRE(xy);
    const auto brute = oracle.covering(xy->first, xy->second);
    const std::int32_t got = index.locate(xy->first, xy->second);
    const std::int32_t want = brute.empty() ? -1 : brute.front();  // lowest index wins
    ++tested;
    agree += got == want;
    if (got != want) UNSCOPED_INFO("village " << villages.column("vil_code").text(i) << " got " << got << " want " << want);
  }
  CHECK(tested > 300);
  CHECK(agree == tested);

  // Points on shared edges and corners: the lowest index wins; far away: -1.
  auto grid = polygons({square(0, 0, 1), square(1, 0, 1), square(0, 1, 1), square(1, 1, 1)});
  PolygonIndex g(grid);
  CHECK(g.locate(0.5, 0.5) == 0);
  CHECK(g.locate(1.5, 1.5) == 3);
  CHECK(g.locate(1.0, 0.5) == 0);  // edge of 0 and 1
  CHECK(g.locate(1.0, 1.0) == 0);  // corner of all four
  CHECK(g.locate(1.5, 1.0) == 1);  // edge of 1 and 3
  CHECK(g.locate(5, 5) == -1);
  CHECK(g.locate(std::nan(""), 0.5) == -1);
  std::vector<std::int32_t> out;
  g.locate_all({0.5, 1.5, 9}, {0.5, 0.5, 9}, out);
  CHECK(out == std::vector<std::int32_t>{0, 1, -1});
  auto [j, d] = g.nearest(2.5, 0.5, 1.0);
  CHECK(j == 1);
  CHECK(d == Approx(0.5));
  CHECK(g.nearest(5, 5, 1.0).first == -1);
}

TEST_CASE("every real village locates in the commune the data says holds it", "[geom][real]") {
  // villages.adm3_pcode was computed by the data's maintainer (point in polygon, the two
  // points outside every polygon given the nearest commune: outside_polygon_m).
  const auto communes = reproject(read_layer("communes"), "EPSG:32648");
  const auto villages = reproject(read_layer("villages"), "EPSG:32648");
  PolygonIndex index(communes);
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    xs.push_back(villages.geom.first_xy(i)->first);
    ys.push_back(villages.geom.first_xy(i)->second);
  }
  std::vector<std::int32_t> where;
  index.locate_all(xs, ys, where);
  const Column& want = villages.column("adm3_pcode");
  const Column& outside = villages.column("outside_polygon_m");
  const Column& code = communes.column("adm3_pcode");
  std::size_t inside_ok = 0, outside_n = 0;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    const bool is_outside = !outside.is_null(i) && outside.number(i).value_or(0) > 0;
    if (is_outside) {
      ++outside_n;
      CHECK(where[i] == -1);
      auto [j, d] = index.nearest(xs[i], ys[i], 1000);
      REQUIRE(j >= 0);
      CHECK(code.text(static_cast<std::size_t>(j)) == want.text(i));
      CHECK(d == Approx(*outside.number(i)).margin(2.0));
    } else if (where[i] >= 0 && code.text(static_cast<std::size_t>(where[i])) == want.text(i)) {
      ++inside_ok;
    }
  }
  CHECK(outside_n == 2);  // SOURCES.md: 28 m and 46 m outside, on the coast
  CHECK(inside_ok + outside_n == villages.size());
}

TEST_CASE("dissolving the real communes by district", "[geom][real]") {
  const auto communes = reproject(read_layer("communes"), "EPSG:32648");
  std::set<std::string> keys;
  double village_points = 0;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    keys.insert(communes.column("adm2_pcode").text(i));
    village_points += communes.column("n_village_points").number(i).value_or(0);
  }
  const auto d = dissolve(communes, "adm2_pcode", {"n_village_points"});
  REQUIRE(d.size() == keys.size());
  CHECK(d.size() >= 190);
  CHECK(d.size() <= 197);
  CHECK(d.geom.kind == GeometryKind::Polygon);
  // Sorted keys, one feature each.
  std::vector<std::string> got;
  for (std::size_t i = 0; i < d.size(); ++i) got.push_back(d.column("adm2_pcode").text(i));
  CHECK(got == std::vector<std::string>(keys.begin(), keys.end()));
  // Areas add up (the communes tile without overlap).
  double ca = 0, da = 0, vp = 0;
  for (double a : areas(communes)) ca += a;
  for (double a : areas(d)) da += a;
  for (std::size_t i = 0; i < d.size(); ++i) vp += d.column("n_village_points").number(i).value_or(0);
  CHECK(da == Approx(ca).epsilon(1e-4));
  CHECK(vp == village_points);
  // Each dissolved district covers about the published COD-AB district (the commune
  // geometry is simplified, SOURCES.md: median commune 99.7 % inside its district).
  const auto districts = reproject(read_layer("districts"), "EPSG:32648");
  std::map<std::string, double> published;
  for (std::size_t i = 0; i < districts.size(); ++i)
    published[districts.column("adm2_pcode").text(i)] = *districts.column("area_km2").number(i);
  const auto a = areas(d);
  std::size_t close = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto it = published.find(got[i]);
    if (it != published.end() && std::abs(a[i] / 1e6 - it->second) < 0.05 * it->second) ++close;
  }
  CHECK(close >= d.size() * 9 / 10);
}

TEST_CASE("polygon adjacency of a 2x2 grid and of the real communes", "[geom]") {
  auto grid = polygons({square(0, 0, 1), square(1, 0, 1), square(0, 1, 1), square(1, 1, 1)});
  const auto adj = polygon_adjacency(grid, 1e-9, 1e-6);
  REQUIRE(adj.first.size() == 5);
  auto neighbours = [&](const Adjacency& g, std::uint32_t i) {
    return std::set<std::uint32_t>(g.target.begin() + g.first[i], g.target.begin() + g.first[i + 1]);
  };
  CHECK(neighbours(adj, 0) == std::set<std::uint32_t>{1, 2});  // 0 and 3 touch at a corner only
  CHECK(neighbours(adj, 3) == std::set<std::uint32_t>{1, 2});
  for (double len : adj.shared_length) CHECK(len == Approx(1.0));
  // A long minimum shared length removes every edge.
  CHECK(polygon_adjacency(grid, 1e-9, 1.5).target.empty());

  auto communes = reproject(read_layer("communes"), "EPSG:32648");
  const auto a = polygon_adjacency(communes, 1.0, 10.0);
  const std::size_t n = communes.size();
  REQUIRE(a.first.size() == n + 1);
  REQUIRE(a.target.size() == a.shared_length.size());
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> edges;
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto k = a.first[i]; k < a.first[i + 1]; ++k) {
      CHECK(a.target[k] != i);
      edges[{i, a.target[k]}] = a.shared_length[k];
    }
  std::size_t symmetric = 0;
  for (const auto& [e, len] : edges) {
    auto it = edges.find({e.second, e.first});
    if (it != edges.end() && std::abs(it->second - len) <= 1e-6 * std::max(1.0, len)) ++symmetric;
  }
  CHECK(symmetric == edges.size());
  // A planar map: at most 3n - 6 undirected edges; a tiling: on average several neighbours.
  const double undirected = double(edges.size()) / 2;
  CHECK(undirected <= 3.0 * double(n) - 6);
  CHECK(undirected / double(n) > 2.0);
  // Communes sharing an edge are mostly in the same or a neighbouring district; at least
  // every commune on the mainland has a neighbour.
  std::size_t isolated = 0;
  for (std::uint32_t i = 0; i < n; ++i) isolated += a.first[i] == a.first[i + 1];
  CHECK(isolated < 20);  // islands only
}

TEST_CASE("long geometry operations honour cancellation", "[geom]") {
  auto communes = read_layer("communes");
  CancelToken token;
  token.cancel();
  Progress p([](double, const std::string&) {}, &token);
  CHECK_THROWS_AS(dissolve(communes, "adm2_pcode", {}, p), Cancelled);
  CHECK_THROWS_AS(make_valid(communes, p), Cancelled);
}
