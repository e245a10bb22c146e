// Tests of gis/crs: CRS parsing, UTM zone choice, point transforms against references
// computed independently with PROJ's cs2cs, axis order with EPSG:4326, reprojection round
// trips that preserve areas, and the swapped-axis check.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"

using namespace swsplan::gis;
using Catch::Matchers::Contains;

namespace {

VectorLayer points_layer(const std::vector<std::pair<double, double>>& pts, const std::string& crs) {
  VectorLayer l;
  l.name = "pts";
  l.source = "memory";
  l.crs = crs;
  l.geom.kind = GeometryKind::Point;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    l.fids.push_back(static_cast<std::int64_t>(i + 1));
    l.geom.add_point(pts[i].first, pts[i].second);
    l.geom.end_feature();
  }
  return l;
}

VectorLayer read_layer(const std::string& name) {
  ReadOptions o;
  o.layer = name;
  return read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", o);
}

}  // namespace

TEST_CASE("describe_crs identifies EPSG codes and refuses nonsense", "[crs]") {
  auto utm = describe_crs("EPSG:32648");
  CHECK(utm.epsg == 32648);
  CHECK_FALSE(utm.geographic);
  CHECK_THAT(utm.name, Contains("UTM zone 48N"));
  auto wgs = describe_crs("EPSG:4326");
  CHECK(wgs.geographic);
  CHECK(wgs.epsg == 4326);
  CHECK(wgs.definition == "EPSG:4326");
  // A PROJ string is accepted (it need not have an EPSG id).
  auto pj = describe_crs("+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs +type=crs");
  CHECK_FALSE(pj.geographic);
  CHECK_THROWS_AS(describe_crs("EPSG:999999"), CrsError);
  CHECK_THROWS_AS(describe_crs("not a crs"), CrsError);
  CHECK_THROWS_AS(describe_crs(""), CrsError);
}

TEST_CASE("utm_epsg and metric_crs_for", "[crs]") {
  CHECK(utm_epsg(105.0, 12.0) == 32648);    // zone 48 spans 102-108 E
  CHECK(utm_epsg(102.1, 12.0) == 32648);
  CHECK(utm_epsg(101.9, 12.0) == 32647);
  CHECK(utm_epsg(108.1, 12.0) == 32649);
  CHECK(utm_epsg(105.0, -12.0) == 32748);   // southern hemisphere
  CHECK(utm_epsg(-177.0, 1.0) == 32601);
  CHECK(utm_epsg(179.9, 1.0) == 32660);
  CHECK(utm_epsg(180.0, 1.0) == 32660);     // clamped
  // Found by fuzzing: an extent from a longitude of 1e54 overflowed the int conversion.
  CHECK(utm_epsg(1e54, 13.0) == 32660);
  CHECK(utm_epsg(-1e300, 13.0) == 32601);
  CHECK(utm_epsg(NAN, 13.0) == 32601);
  CHECK(metric_crs_for(Extent{102.3, 10.3, 107.7, 14.7}) == "EPSG:32648");  // Cambodia
}

TEST_CASE("known points transform to the references of cs2cs", "[crs]") {
  // References computed once by hand with PROJ 9.1 cs2cs (proj-bin):
  //   echo "12 105" | cs2cs -f %.4f EPSG:4326 EPSG:32648                       -> 500000.0000 1326553.6358
  //   echo "104.9282 11.5564" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to EPSG:32648 -> 492171.3682 1277502.9662
  Transformer t("EPSG:4326", "EPSG:32648");
  CHECK_FALSE(t.identity());
  std::vector<double> xs = {105.0, 104.9282}, ys = {12.0, 11.5564};
  CHECK(t.transform(xs, ys) == 2);
  CHECK(xs[0] == Approx(500000.0).margin(0.01));
  CHECK(ys[0] == Approx(1326553.6358).margin(0.01));
  CHECK(xs[1] == Approx(492171.3682).margin(0.01));
  CHECK(ys[1] == Approx(1277502.9662).margin(0.01));

  // Inverse direction gives lon/lat back, x = lon (axis order normalised even though
  // EPSG:4326 officially lists latitude first).
  Transformer inv("EPSG:32648", "EPSG:4326");
  CHECK(inv.transform(xs, ys) == 2);
  CHECK(xs[0] == Approx(105.0).margin(1e-9));
  CHECK(ys[0] == Approx(12.0).margin(1e-9));
  CHECK(xs[1] == Approx(104.9282).margin(1e-9));
  CHECK(ys[1] == Approx(11.5564).margin(1e-9));
}

TEST_CASE("axis order: EPSG:4326 and OGC:CRS84 take the same lon/lat input", "[crs]") {
  Transformer a("EPSG:4326", "EPSG:32648"), b("OGC:CRS84", "EPSG:32648");
  std::vector<double> x1 = {105.0}, y1 = {12.0}, x2 = {105.0}, y2 = {12.0};
  a.transform(x1, y1);
  b.transform(x2, y2);
  CHECK(x1[0] == Approx(x2[0]).margin(1e-6));
  CHECK(y1[0] == Approx(y2[0]).margin(1e-6));
  CHECK(x1[0] == Approx(500000.0).margin(0.01));
}

TEST_CASE("Transformer: identity, failures become NaN, unknown CRSs throw", "[crs]") {
  Transformer same("EPSG:4326", "EPSG:4326");
  CHECK(same.identity());
  std::vector<double> xs = {105.0}, ys = {12.0};
  CHECK(same.transform(xs, ys) == 1);
  CHECK(xs[0] == 105.0);

  Transformer t("EPSG:4326", "EPSG:32648");
  std::vector<double> bx = {105.0, 105.0}, by = {12.0, 95.0};  // latitude 95 does not exist
  CHECK(t.transform(bx, by) == 1);
  CHECK(std::isnan(bx[1]));
  CHECK(std::isnan(by[1]));
  CHECK_FALSE(std::isnan(bx[0]));

  CHECK_THROWS_AS(Transformer("", "EPSG:4326"), CrsError);
  CHECK_THROWS_AS(Transformer("EPSG:4326", ""), CrsError);
  CHECK_THROWS_AS(Transformer("EPSG:4326", "EPSG:999999"), CrsError);
}

TEST_CASE("reproject round trip keeps coordinates and commune areas", "[crs][real]") {
  VectorLayer communes = read_layer("communes");
  REQUIRE(communes.crs == "EPSG:4326");
  VectorLayer utm = reproject(communes, "EPSG:32648");
  CHECK(utm.crs == "EPSG:32648");
  CHECK(utm.size() == communes.size());
  VectorLayer back = reproject(utm, "EPSG:4326");
  REQUIRE(back.geom.xs.size() == communes.geom.xs.size());
  double worst = 0;
  for (std::size_t i = 0; i < back.geom.xs.size(); ++i)
    worst = std::max({worst, std::abs(back.geom.xs[i] - communes.geom.xs[i]), std::abs(back.geom.ys[i] - communes.geom.ys[i])});
  CHECK(worst < 1e-8);  // degrees: well under a millimetre

  // Areas: the round trip preserves them, and UTM zone 48 areas match the published
  // area_km2 (computed by the data's maintainer in EPSG:32648 with other software).
  const auto a_utm = areas(utm);
  const auto a_back = areas(reproject(back, "EPSG:32648"));
  const auto& published = communes.column("area_km2");
  double total = 0;
  std::size_t close = 0;
  for (std::size_t i = 0; i < a_utm.size(); ++i) {
    CHECK(a_back[i] == Approx(a_utm[i]).epsilon(1e-9));
    total += a_utm[i];
    if (auto p = published.number(i); p && std::abs(a_utm[i] / 1e6 - *p) <= 0.01 * *p + 1e-3) ++close;
  }
  CHECK(close == communes.size());
  // The communes tile the country: their area matches the provinces' published total
  // (SOURCES.md: about 63 km^2 of gaps and 69 km^2 of overhang against the COD-AB union).
  VectorLayer provinces = read_layer("provinces");
  double prov_total = 0;
  for (std::size_t i = 0; i < provinces.size(); ++i) prov_total += provinces.column("area_km2").number(i).value_or(0);
  CHECK(prov_total > 170000);
  CHECK(total / 1e6 == Approx(prov_total).epsilon(0.001));
}

TEST_CASE("reproject of an empty layer only changes the CRS, impossible points throw", "[crs]") {
  VectorLayer empty = points_layer({}, "EPSG:4326");
  auto e = reproject(empty, "EPSG:32648");
  CHECK(e.crs == "EPSG:32648");
  VectorLayer bad = points_layer({{105.0, 12.0}, {105.0, 95.0}}, "EPSG:4326");
  bad.source = "bad.csv";
  try {
    (void)reproject(bad, "EPSG:32648");
    FAIL("expected CrsError");
  } catch (const CrsError& err) {
    CHECK_THAT(err.what(), Contains("bad.csv"));
    CHECK_THAT(err.what(), Contains("1 coordinate(s)"));
  }
  VectorLayer unknown = points_layer({{105.0, 12.0}}, "");
  CHECK_THROWS_AS(reproject(unknown, "EPSG:32648"), CrsError);
}

TEST_CASE("check_axis_order spots swapped lon/lat", "[crs]") {
  const Extent khm{101.5, 9.5, 108.5, 15.5};
  auto ok = points_layer({{103.0, 13.6}, {104.9, 11.5}}, "EPSG:4326");
  CHECK_FALSE(check_axis_order(ok));
  CHECK_FALSE(check_axis_order(ok, khm));

  // Latitude beyond 90: swapped for sure, even without an expected extent.
  auto swapped = points_layer({{13.6, 103.0}, {11.5, 104.9}}, "EPSG:4326");
  auto w = check_axis_order(swapped);
  REQUIRE(w);
  CHECK_THAT(*w, Contains("swapped"));
  CHECK_THAT(*w, Contains("pts"));

  // Both values plausible as lon/lat (|y| <= 90), but only the swapped reading is in Cambodia.
  auto plausible = points_layer({{13.6, 80.0}, {13.0, 80.0}}, "EPSG:4326");
  CHECK_FALSE(check_axis_order(plausible));  // no extent: nothing to say
  auto near = points_layer({{12.0, 104.0}, {13.0, 105.0}, {11.0, 106.0}}, "+proj=longlat +datum=WGS84 +no_defs +type=crs");
  CHECK(check_axis_order(near, khm));

  // Projected layers are not checked.
  auto utm = points_layer({{13.6, 103.0}}, "EPSG:32648");
  CHECK_FALSE(check_axis_order(utm, khm));
}

TEST_CASE("real layers are not reported as swapped", "[crs][real]") {
  const Extent khm{101.5, 9.5, 108.5, 15.5};
  for (const char* l : {"villages", "health_facilities", "schools_upper_secondary", "communes"}) {
    INFO(l);
    auto layer = read_layer(l);
    CHECK_FALSE(check_axis_order(layer, khm));
  }
}
