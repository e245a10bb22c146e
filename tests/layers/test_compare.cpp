// Tests of layers/compare on two siting scenarios of the synthetic sample: the difference is
// antisymmetric (compare(A,B) = -compare(B,A)), compare(A,A) is zero, commune rows add up to
// the districts and the total, the total equals the scenarios' own coverage figures, and the
// difference layer carries one commune polygon per commune.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "layers/compare.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

struct Fixture {
  fs::path dir, path;
  layers::SitingResult one, three;
  Fixture() {
    dir = fs::temp_directory_path() / ("swsplan_test_compare_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "demo.gpkg";
    fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
    auto p = layers::Project::open(path.string());
    layers::SitingRequest rq;
    rq.threshold = layers::Threshold::parse("5km");
    rq.scenario = "one";
    rq.p = 1;
    one = layers::run_siting(p, rq);
    rq.scenario = "three";
    rq.p = 3;
    three = layers::run_siting(p, rq);
    layers::ProjectWriter w(path.string());
    layers::stage_scenario(p, one, w, false);
    w.commit();
    p = layers::Project::open(path.string());
    layers::ProjectWriter w2(path.string());
    layers::stage_scenario(p, three, w2, false);
    w2.commit();
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const Fixture& fx() {
  static Fixture f;
  return f;
}

void check_negated(const layers::CompareRow& x, const layers::CompareRow& y) {
  CAPTURE(x.level, x.code);
  CHECK(x.code == y.code);
  CHECK(x.households == y.households);
  CHECK(x.covered_households_a == y.covered_households_b);
  CHECK(x.covered_poor_a == y.covered_poor_b);
  CHECK(x.diff_covered_households == -y.diff_covered_households);
  CHECK(x.diff_covered_poor == -y.diff_covered_poor);
  if (std::isnan(x.diff_access))
    CHECK(std::isnan(y.diff_access));
  else
    CHECK(x.diff_access == -y.diff_access);
}

}  // namespace

TEST_CASE("compare(A, B) = -compare(B, A) for every commune, district and the total", "[compare]") {
  auto p = layers::Project::open(fx().path.string());
  const auto ab = layers::compare_scenarios_full(p, "one", "three");
  const auto ba = layers::compare_scenarios_full(p, "three", "one");
  REQUIRE(ab.communes.size() == ba.communes.size());
  REQUIRE(ab.districts.size() == ba.districts.size());
  REQUIRE_FALSE(ab.communes.empty());
  for (std::size_t i = 0; i < ab.communes.size(); ++i) check_negated(ab.communes[i], ba.communes[i]);
  for (std::size_t i = 0; i < ab.districts.size(); ++i) check_negated(ab.districts[i], ba.districts[i]);
  check_negated(ab.total, ba.total);
  // Two more offices cover more: the comparison is not trivially zero.
  CHECK(ab.total.diff_covered_poor > 0);
  CHECK(ab.total.diff_access < 0);
  CHECK(ab.access_unit == "km");
}

TEST_CASE("compare(A, A) is zero everywhere", "[compare]") {
  auto p = layers::Project::open(fx().path.string());
  const auto aa = layers::compare_scenarios_full(p, "three", "three");
  for (const auto& r : aa.communes) {
    CHECK(r.diff_covered_households == 0);
    CHECK(r.diff_covered_poor == 0);
    CHECK((std::isnan(r.diff_access) || r.diff_access == 0));
  }
  CHECK(aa.total.diff_covered_poor == 0);
  CHECK(aa.total.diff_access == 0);
}

TEST_CASE("commune rows add up to districts and total, which equal the scenarios' coverage", "[compare]") {
  auto p = layers::Project::open(fx().path.string());
  const auto d = layers::compare_scenarios_full(p, "one", "three");
  double sum_a = 0, sum_b = 0, sum_d = 0;
  for (const auto& r : d.communes) sum_a += r.covered_poor_a, sum_b += r.covered_poor_b;
  for (const auto& r : d.districts) sum_d += r.diff_covered_poor;
  CHECK(sum_a == Approx(d.total.covered_poor_a));
  CHECK(sum_b == Approx(d.total.covered_poor_b));
  CHECK(sum_d == Approx(d.total.diff_covered_poor));
  // The scenarios' own figures (siting counts poor households of villages within the threshold).
  CHECK(d.total.covered_poor_a == Approx(fx().one.covered_poor_after));
  CHECK(d.total.covered_poor_b == Approx(fx().three.covered_poor_after));
  // The difference layer: one polygon per commune, with the diff fields.
  const auto communes = p.read("communes");
  CHECK(d.difference_layer.name == "compare_one_three");
  CHECK(d.difference_layer.size() == communes.size());
  CHECK(d.difference_layer.geom.kind == gis::GeometryKind::Polygon);
  CHECK(d.difference_layer.find("diff_covered_poor") >= 0);
  const auto t = d.table();
  CHECK(t.size() == d.communes.size() + d.districts.size() + 1);
}

TEST_CASE("compare refuses unknown scenarios and :before on a siting scenario", "[compare]") {
  auto p = layers::Project::open(fx().path.string());
  CHECK_THROWS_AS(layers::compare_scenarios_full(p, "one", "nope"), gis::UsageError);
  try {
    (void)layers::compare_scenarios_full(p, "one:before", "three");
    FAIL("no error");
  } catch (const gis::UsageError& e) {
    CHECK_THAT(std::string(e.what()), Contains("PWP"));
  }
  CHECK_THROWS_AS(layers::compare_scenarios_full(p, "one:after", "three"), gis::UsageError);
}

// ---- Access scenarios (issue 7 item 5): a dry- and a wet-season raster run ----------------
//
// A tiny project in EPSG:32648 metres (stored in EPSG:4326): communes KH010101 (x 500-520 km)
// and KH010102 (x 520-540 km) of district KH0101, one health centre F at (519, 1405) km.
//   V1 (517, 1405) km in KH010101, 100 households, 25 poor: 2.0 km off-road from F
//   V2 (520.2, 1405) km in KH010102, 200 households, 50 poor: 1.2 km off-road from F
// No roads or rivers: travel is off-road walking at 4 km/h (dry) or 4 x 0.5 = 2 km/h (wet),
// so V1 takes about 30 min dry and 60 min wet, V2 about 18 and 36 (100 m cells: +-1.5 min).
// With a 45-minute threshold the wet season loses V1: KH010101 drops from 100 covered
// households (25 poor) to 0, KH010102 keeps its 200. On a uniform surface every wet time is
// exactly twice the dry time.
#include "gis/crs/crs.hpp"
#include "layers/access.hpp"

namespace {

void add_utm(gis::VectorLayer& l, std::vector<double> xs, std::vector<double> ys, gis::GeometryKind kind) {
  gis::Transformer("EPSG:32648", "EPSG:4326").transform(xs, ys);
  l.geom.kind = kind;
  l.geom.begin_feature();
  if (kind == gis::GeometryKind::Point) {
    l.geom.add_point(xs[0], ys[0]);
  } else {
    l.geom.begin_part();
    l.geom.add_ring(xs.data(), ys.data(), xs.size());
  }
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

struct SeasonProject {
  fs::path dir, path;
  SeasonProject() {
    dir = fs::temp_directory_path() / ("swsplan_test_compare_season_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "season.gpkg";
    gis::VectorLayer com;
    com.name = "communes";
    com.crs = "EPSG:4326";
    gis::Column c3("adm3_pcode", gis::FieldType::String), c2("adm2_pcode", gis::FieldType::String),
         fl("flood", gis::FieldType::Real);
    for (int k = 0; k < 2; ++k) {
      const double x0 = 500000 + 20000 * k, x1 = x0 + 20000;
      add_utm(com, {x0, x1, x1, x0, x0}, {1390000, 1390000, 1420000, 1420000, 1390000}, gis::GeometryKind::Polygon);
      c3.push(std::string(k == 0 ? "KH010101" : "KH010102"));
      c2.push(std::string("KH0101"));
      fl.push(k == 0 ? 10.0 : 80.0);  // KH010102 is flood-prone at a threshold of 50
    }
    com.columns = {c3, c2, fl};
    gis::VectorLayer vil;
    vil.name = "villages";
    vil.crs = "EPSG:4326";
    gis::Column vc("vil_code", gis::FieldType::String), va("adm3_pcode", gis::FieldType::String),
         hh("households", gis::FieldType::Real), poor("poor_hh", gis::FieldType::Real);
    add_utm(vil, {517000}, {1405000}, gis::GeometryKind::Point);
    vc.push(std::string("01010101")), va.push(std::string("KH010101")), hh.push(100.0), poor.push(25.0);
    add_utm(vil, {520200}, {1405000}, gis::GeometryKind::Point);
    vc.push(std::string("01010201")), va.push(std::string("KH010102")), hh.push(200.0), poor.push(50.0);
    vil.columns = {vc, va, hh, poor};
    gis::VectorLayer fac;
    fac.name = "facilities";
    fac.crs = "EPSG:4326";
    gis::Column fid("facility_id", gis::FieldType::String), sv("service", gis::FieldType::String);
    add_utm(fac, {519000}, {1405000}, gis::GeometryKind::Point);
    fid.push(std::string("F1")), sv.push(std::string("health_centre"));
    fac.columns = {fid, sv};
    layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
    w.put(com, "communes");
    w.put(vil, "villages");
    w.put(fac, "facilities");
    w.commit();
  }
  ~SeasonProject() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // Runs raster access with `season` and stores it as scenario `name`.
  layers::ServiceAccess store(const std::string& name, const layers::SeasonFriction& season) const {
    auto p = layers::Project::open(path.string());
    auto s = layers::default_settings(layers::Service::HealthCentre);
    s.mode = layers::AccessMode::Raster;
    s.threshold = layers::Threshold::parse("45min");
    const auto in = layers::load_access_inputs(p);
    auto a = layers::compute_access(in, s, layers::analysis_settings(p), season, &p);
    layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
    layers::stage_access_scenario(p, name, in, a, season, w, false);
    w.commit();
    return a;
  }
};

const layers::CompareRow& commune_row(const layers::ScenarioDiff& d, const std::string& code) {
  for (const auto& r : d.communes)
    if (r.code == code) return r;
  throw std::runtime_error("no commune row " + code);
}

}  // namespace

TEST_CASE("access scenarios: the wet season loses coverage in a commune, by hand", "[compare][access][season]") {
  SeasonProject sp;
  const auto dry = sp.store("dry", layers::dry_season());
  auto wet_season = layers::wet_season();  // no flood field named wfp_flood_hazard_index here: speed factors only
  const auto wet = sp.store("wet", wet_season);
  REQUIRE(dry.cost.size() == 2);
  CHECK(dry.cost[0] / 60 == Approx(30).margin(1.5));
  CHECK(dry.cost[1] / 60 == Approx(18).margin(1.5));
  CHECK(wet.cost[0] == Approx(2 * dry.cost[0]));  // off-road at half the speed everywhere
  CHECK(wet.cost[1] == Approx(2 * dry.cost[1]));
  CHECK(wet.flood_cells == 0);

  auto p = layers::Project::open(sp.path.string());
  const auto rows = layers::list_scenarios(p);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].model == layers::kAccessModel);
  CHECK(rows[1].settings["season"]["name"] == "wet");
  CHECK(rows[1].settings["season"]["offroad_speed_factor"] == 0.5);
  CHECK(rows[0].objective == 300);  // dry: both villages' households covered
  CHECK(rows[1].objective == 200);

  const auto d = layers::compare_scenarios_full(p, "dry", "wet");
  CHECK(d.kind_a == "access");
  CHECK(d.kind_b == "access");
  CHECK(d.service == "health_centre");
  CHECK(d.access_unit == "min");
  const auto& c1 = commune_row(d, "KH010101");
  CHECK(c1.covered_households_a == 100);
  CHECK(c1.covered_households_b == 0);
  CHECK(c1.diff_covered_households == -100);
  CHECK(c1.diff_covered_poor == -25);
  CHECK(c1.access_b == Approx(2 * c1.access_a).margin(0.002));  // table times are rounded to 0.001 min
  const auto& c2 = commune_row(d, "KH010102");
  CHECK(c2.diff_covered_households == 0);
  CHECK(c2.covered_poor_b == 50);
  REQUIRE(d.districts.size() == 1);
  CHECK(d.districts[0].diff_covered_households == -100);
  CHECK(d.total.diff_covered_poor == -25);
  CHECK(d.total.covered_households_a == 300);
  // Antisymmetry and zero self-difference, as for the other kinds.
  const auto r = layers::compare_scenarios_full(p, "wet", "dry");
  for (std::size_t i = 0; i < d.communes.size(); ++i) check_negated(d.communes[i], r.communes[i]);
  check_negated(d.districts[0], r.districts[0]);
  check_negated(d.total, r.total);
  const auto z = layers::compare_scenarios_full(p, "wet", "wet");
  CHECK(z.total.diff_covered_households == 0);
  CHECK(z.total.diff_access == 0);
  // The other service cannot be picked, nor ':before'.
  layers::CompareOptions o;
  o.service = "school_upper_secondary";
  CHECK_THROWS_AS(layers::compare_scenarios_full(p, "dry", "wet", o), gis::UsageError);
  CHECK_THROWS_AS(layers::compare_scenarios_full(p, "dry:before", "wet"), gis::UsageError);
  // The same name again is refused without replace.
  CHECK_THROWS_AS(sp.store("dry", layers::dry_season()), gis::UsageError);
}

TEST_CASE("access scenarios: a flood-prone commune made impassable cuts its village off", "[compare][access][season]") {
  SeasonProject sp;
  sp.store("dry", layers::dry_season());
  auto flood = layers::wet_season();
  flood.flood_field = "flood";
  flood.flood_field_required = true;
  flood.flood_threshold = 50;
  flood.flood_offroad_speed_factor = 0;  // impassable off-road
  const auto a = sp.store("flood", flood);
  CHECK(a.flood_cells > 0);
  CHECK(a.flood_prone[0] == 0);
  CHECK(a.flood_prone[1] == 1);
  CHECK(std::isfinite(a.cost[0]));
  CHECK_FALSE(std::isfinite(a.cost[1]));  // V2 stands on impassable land
  auto p = layers::Project::open(sp.path.string());
  const auto d = layers::compare_scenarios_full(p, "dry", "flood");
  CHECK(commune_row(d, "KH010102").diff_covered_households == -200);
  CHECK(std::isnan(commune_row(d, "KH010102").access_b));  // no village of it has a time
  CHECK(d.total.diff_covered_households == -300);         // V1 lost to the wet speed as well
  bool noted = false;
  for (const auto& n : d.notes) noted |= n.find("200 households have no travel cost") != std::string::npos;
  CHECK(noted);
  // A missing field that was asked for is an InputError naming it.
  auto bad = flood;
  bad.flood_field = "no_such_field";
  try {
    sp.store("bad", bad);
    FAIL("no error");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("no_such_field"));
  }
}
