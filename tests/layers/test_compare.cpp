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
