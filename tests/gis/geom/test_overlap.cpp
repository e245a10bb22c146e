// Tests of gis/geom/overlap: overlap areas of hand-drawn squares (shared edges are not
// overlaps), the repair of a hole outside its shell landing on a neighbour, and the real
// communes, which tile without overlapping.
#include <catch2/catch.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/geom/overlap.hpp"
#include "gis/io/vector.hpp"

using namespace swsplan::gis;

namespace {

using Ring = std::vector<std::pair<double, double>>;

// One polygon feature per entry: its shell, then its holes.
VectorLayer polygons(const std::vector<std::vector<Ring>>& features) {
  VectorLayer l;
  l.name = "polys";
  l.source = "memory";
  l.crs = "EPSG:32648";
  l.geom.kind = GeometryKind::Polygon;
  for (std::size_t f = 0; f < features.size(); ++f) {
    l.fids.push_back(static_cast<std::int64_t>(f));
    l.geom.begin_part();
    for (const Ring& r : features[f]) {
      std::vector<double> xs, ys;
      for (auto [x, y] : r) xs.push_back(x), ys.push_back(y);
      l.geom.add_ring(xs.data(), ys.data(), xs.size());
    }
    l.geom.end_feature();
  }
  return l;
}

Ring square(double x0, double y0, double side) {
  return {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
}

}  // namespace

TEST_CASE("overlaps: shared edges are not overlaps, a real overlap has its area", "[overlap]") {
  // 0 and 1 share an edge; 2 overlaps 1 by a 20 x 100 strip; 3 is far away.
  const VectorLayer l = polygons({{square(0, 0, 100)}, {square(100, 0, 100)}, {square(180, 0, 100)}, {square(1000, 0, 10)}});
  const std::vector<std::size_t> all = {0, 1, 2, 3};
  const auto o = overlaps_with_others(l, all, 0.0);
  REQUIRE(o.size() == 2);
  CHECK(o[0].feature == 1);
  CHECK(o[0].other == 2);
  CHECK(o[0].area == Approx(2000.0));
  CHECK(o[1].feature == 2);
  CHECK(o[1].other == 1);
  // Asked about one feature only, and with a floor above the overlap.
  const std::vector<std::size_t> one = {0};
  CHECK(overlaps_with_others(l, one, 0.0).empty());
  const std::vector<std::size_t> two = {2};
  CHECK(overlaps_with_others(l, two, 2500.0).empty());
  const std::vector<std::size_t> bad = {9};
  CHECK_THROWS_AS(overlaps_with_others(l, bad, 0.0), UsageError);
}

TEST_CASE("overlaps: a hole outside its shell, once repaired, lies on the neighbour", "[overlap]") {
  // Feature 0's "hole" is drawn inside feature 1: GEOS makes it an island of 0 there.
  VectorLayer l = polygons({{square(0, 100, 100), square(20, 20, 60)}, {square(0, 0, 100)}});
  const RepairReport rep = make_valid(l);
  REQUIRE(rep.repaired.size() == 1);
  const std::vector<std::size_t> repaired = {0};
  const auto o = overlaps_with_others(l, repaired, 0.0);
  REQUIRE(o.size() == 1);
  CHECK(o[0].other == 1);
  CHECK(o[0].area == Approx(3600.0));
}

TEST_CASE("overlaps: the real communes tile without overlapping", "[overlap][real]") {
  ReadOptions opt;
  opt.layer = "communes";
  const VectorLayer c = reproject(read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", opt), "EPSG:32648");
  std::vector<std::size_t> some(60);
  std::iota(some.begin(), some.end(), std::size_t{0});
  const std::vector<double> a = areas(c);
  for (const auto& o : overlaps_with_others(c, some, 0.0)) {
    INFO("commune " << o.feature << " and " << o.other);
    CHECK(o.area <= 1e-4 * a[o.feature]);  // noding slivers only
  }
}
