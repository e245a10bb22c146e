// End-to-end tests of `swsplan access`: on the national project built from
// ../shared/data/khm, the number of villages within 10 km of a health centre in straight
// line equals a brute-force count computed here from khm.gpkg itself (EPSG:32648 metres);
// on the synthetic sample, raster mode writes two GeoTIFFs that open and agree with the
// village table; impossible modes fail with clear messages and leave the project unchanged.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/raster.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

const fs::path& national_project() {
  static TempDir dir("e2e_access_national");
  static const fs::path path = [] {
    const fs::path p = dir / "national.gpkg";
    auto r = run({"/bin/bash", std::string(SWSPLAN_SOURCE_DIR) + "/scripts/import_national.sh", p.string(), exe()},
                 dir.path);
    if (r.exit_code != 0) throw std::runtime_error("cannot import the national project: " + r.describe());
    return p;
  }();
  return path;
}

struct SampleCopy {
  TempDir dir{"e2e_access_sample"};
  fs::path path = dir / "demo.gpkg";
  SampleCopy() { fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path); }
};

std::vector<std::pair<double, double>> points_m(const gis::VectorLayer& l4326) {
  auto m = gis::reproject(l4326, "EPSG:32648");
  std::vector<std::pair<double, double>> v;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (auto xy = m.geom.first_xy(i)) v.push_back(*xy);
  return v;
}

}  // namespace

TEST_CASE("access national, line mode: villages within 10 km match a brute-force count from khm.gpkg",
          "[e2e][access]") {
  const auto& p = national_project();
  const auto khm = (shared_data() / "khm.gpkg").string();
  gis::ReadOptions vo, fo;
  vo.layer = "villages";
  fo.layer = "health_facilities";
  const auto villages = points_m(gis::read_vector(khm, vo));
  const auto fac_all = gis::read_vector(khm, fo);
  std::vector<std::size_t> hc_rows;
  for (std::size_t i = 0; i < fac_all.size(); ++i)
    if (layers::parse_service(fac_all.column("facility_type").text(i)) == layers::Service::HealthCentre) hc_rows.push_back(i);
  const auto hcs = points_m(gis::select_rows(fac_all, hc_rows));
  REQUIRE(hcs.size() == hc_rows.size());
  REQUIRE(!hcs.empty());
  std::size_t within = 0;
  for (const auto& [vx, vy] : villages) {
    double best = INFINITY;
    for (const auto& [fx, fy] : hcs) best = std::min(best, (vx - fx) * (vx - fx) + (vy - fy) * (vy - fy));
    within += std::sqrt(best) <= 10000.0;
  }

  auto r = run_swsplan({"access", p.string(), "--service", "health_centre", "--mode", "line", "--json", "-q"});
  INFO(r.describe().substr(0, 3000));
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["service"] == "health_centre");
  CHECK(j["mode"] == "line");
  CHECK(j["threshold"] == "10km");
  // One demand point more than the villages: KH070315 has ID-Poor 2022 households and no
  // village point, so a point inside it carries them (layers/demand.hpp).
  auto project = layers::Project::open(p.string());
  const auto vt = project.read("access_health_centre");
  std::size_t point_row = vt.size();
  for (std::size_t i = 0; i < vt.size(); ++i)
    if (vt.column("vil_code").text(i) == "KH070315-point") point_row = i;
  REQUIRE(point_row < vt.size());
  CHECK(*vt.column("households").number(point_row) == Approx(2336));  // ID-Poor 2022 total of KH070315
  const std::size_t point_within = vt.column("within_threshold").number(point_row).value_or(0) != 0;
  CHECK(j["facilities"].get<std::size_t>() == hcs.size());
  CHECK(j["villages"].get<std::size_t>() == villages.size() + 1);
  CHECK(j["villages_within"].get<std::size_t>() == within + point_within);
  CHECK(j["villages_reached"].get<std::size_t>() == villages.size() + 1);
  CHECK(j["households_covered"].get<double>() <= j["households"].get<double>());
  // The tables are written into the project, one row per demand point and per commune.
  CHECK(vt.size() == villages.size() + 1);
  std::size_t table_within = 0;
  for (std::size_t i = 0; i < vt.size(); ++i)
    if (i != point_row) table_within += vt.column("within_threshold").number(i).value_or(0) != 0;
  CHECK(table_within == within);
  CHECK(project.read("access_health_centre_communes").size() == project.read("communes").size());
}

TEST_CASE("access: network mode without roads, or with a distance threshold, is a clear usage error",
          "[e2e][access]") {
  // The sample without its roads layer (cheaper than a second national import).
  SampleCopy s;
  {
    layers::ProjectWriter w(s.path.string());
    w.remove("roads");
    w.commit();
  }
  const auto& p = s.path;
  REQUIRE(!layers::Project::open(p.string()).has("roads"));
  const auto before = sha256_file(p);
  auto r = run_swsplan({"access", p.string(), "--service", "health_centre", "--mode", "network", "--threshold", "60min",
                        "-q"});
  INFO(r.describe());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("roads layer") && Contains("--roads"));
  auto d = run_swsplan({"access", p.string(), "--service", "health_centre", "--mode", "network", "--threshold", "10km",
                        "-q"});
  INFO(d.describe());
  CHECK(d.exit_code == 2);
  CHECK_THAT(d.err, Contains("time threshold"));
  CHECK(sha256_file(p) == before);
}

TEST_CASE("access: an empty threshold or a speed of 0 or below is refused, not replaced by the default",
          "[e2e][access]") {
  SampleCopy s;
  const auto before = sha256_file(s.path);
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--threshold", ""}, {"--speed", "0"}, {"--speed", "-20"}, {"--mode", ""}}) {
    std::vector<std::string> args = {"access", s.path.string(), "--service", "health_centre", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_swsplan(args);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(extra[0]));
  }
  CHECK(sha256_file(s.path) == before);
}

TEST_CASE("access raster mode on the sample writes two GeoTIFFs consistent with the village table",
          "[e2e][access][raster]") {
  SampleCopy s;
  const auto rdir = s.dir / "rasters";
  fs::create_directories(rdir);
  auto r = run_swsplan({"access", s.path.string(), "--service", "health_centre", "--mode", "raster", "--threshold",
                        "60min", "--raster-dir", rdir.string(), "--json", "-q"},
                       s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["rasters"].size() == 2);
  const auto time_path = rdir / "demo_health_centre_time_s.tif", fac_path = rdir / "demo_health_centre_facility.tif";
  CHECK(j["rasters"][0] == time_path.string());
  CHECK(j["rasters"][1] == fac_path.string());
  const auto t = gis::read_raster(time_path.string());
  const auto a = gis::read_raster(fac_path.string());
  CHECK(t.grid.width == a.grid.width);
  CHECK(t.grid.height == a.grid.height);
  CHECK(t.grid.width > 10);
  CHECK(t.grid.dx == Approx(a.grid.dx));
  const double nf = j["facilities"].get<double>();
  std::size_t finite = 0, negative = 0, bad_facility = 0;
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    if (std::isfinite(t.values[i]) && t.values[i] != t.nodata) {
      ++finite;
      negative += t.values[i] < 0;
      bad_facility += !(a.values[i] >= 0 && a.values[i] < nf);
    }
  }
  CHECK(finite > t.values.size() / 2);
  CHECK(negative == 0);
  CHECK(bad_facility == 0);  // every reached cell is allocated to one of the facilities

  // Village times: never faster than a straight line at 60 km/h (the fastest road class),
  // less one cell diagonal for the village's and the facility's snapping to cell centres.
  auto project = layers::Project::open(s.path.string());
  const auto vt = project.read("access_health_centre");
  const auto vil = gis::reproject(project.read("villages"), "EPSG:32648");
  const auto fac = gis::reproject(project.read("facilities"), "EPSG:32648");
  std::vector<std::pair<double, double>> hcs;
  for (std::size_t i = 0; i < fac.size(); ++i)
    if (fac.column("service").text(i) == "health_centre") hcs.push_back(*fac.geom.first_xy(i));
  REQUIRE(vt.size() == vil.size());
  const double slack = std::sqrt(2.0) * t.grid.dx;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < vt.size(); ++i) {
    auto tm = vt.column("time_min").number(i);
    if (!tm) continue;
    const auto [vx, vy] = *vil.geom.first_xy(i);
    double best = INFINITY;
    for (const auto& [fx, fy] : hcs) best = std::min(best, std::hypot(vx - fx, vy - fy));
    CAPTURE(i, best, *tm);
    CHECK(*tm * 60 >= (best - slack) / (60 / 3.6) - 0.1);
    ++checked;
  }
  CHECK(checked > vt.size() / 2);
}
