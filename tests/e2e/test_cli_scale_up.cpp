// End-to-end tests of `swsplan scale-up` on a copy of the demo province: the opening order
// and cumulative coverage add up, a shorter run is the prefix of a longer one (greedy), the
// MCLP optimum for the same count is never below the greedy cover, capacities cap what a
// site adds, and the project file is left unchanged.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e_util.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;

namespace {
RunResult cli(std::vector<std::string> args, const fs::path& scratch) {
  args.insert(args.begin(), exe());
  return run(args, scratch);
}
fs::path sample_copy(const TempDir& dir) {
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", p);
  return p;
}
}  // namespace

TEST_CASE("swsplan scale-up: order, cumulative coverage and the MCLP comparison", "[e2e][scale-up]") {
  TempDir dir("scale_up");
  const auto p = sample_copy(dir).string();
  const auto before = slurp(p);
  auto r = cli({"scale-up", p, "--service", "health_centre", "--threshold", "5km", "--target", "0.95", "--json",
                "--quiet"},
               dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(slurp(p) == before);
  const double total = j["total_households"].get<double>();
  double covered = j["initial_covered_households"].get<double>(), last_added = 1e300;
  REQUIRE(j["steps"].size() > 1);
  for (const auto& s : j["steps"]) {
    const double added = s["added_households"].get<double>();
    CHECK(added > 0);
    CHECK(added <= last_added + 1e-9);  // greedy gains only shrink
    last_added = added;
    covered += added;
    CHECK(s["covered_households"].get<double>() == Approx(covered));
    CHECK(s["coverage_0_1"].get<double>() == Approx(covered / total));
  }
  CHECK(j["stop_reason"] == "target coverage reached");
  CHECK(covered >= 0.95 * total - 1e-6);
  REQUIRE(j.contains("mclp"));
  CHECK(j["mclp"]["bound_households"].get<double>() >= covered - 1e-6);
  CHECK(j["mclp"]["greedy_gap_0_1"].get<double>() >= 0.0);

  // A shorter run is the start of the longer one.
  auto r3 = cli({"scale-up", p, "--threshold", "5km", "--max-sites", "3", "--json", "--quiet"}, dir.path);
  REQUIRE(r3.exit_code == 0);
  const auto j3 = nlohmann::json::parse(r3.out);
  REQUIRE(j3["steps"].size() == 3);
  CHECK(j3["stop_reason"] == "number of new sites reached");
  for (int k = 0; k < 3; ++k) CHECK(j3["steps"][k]["adm3_pcode"] == j["steps"][k]["adm3_pcode"]);

  // Capacities: no site adds more than it can serve, and there is no MCLP comparison.
  auto rc = cli({"scale-up", p, "--threshold", "5km", "--max-sites", "4", "--capacity", "500", "--json", "--quiet"},
                dir.path);
  REQUIRE(rc.exit_code == 0);
  const auto jc = nlohmann::json::parse(rc.out);
  for (const auto& s : jc["steps"]) CHECK(s["added_households"].get<double>() <= 500 + 1e-9);
  CHECK_FALSE(jc.contains("mclp"));
}

TEST_CASE("swsplan scale-up: a time threshold or an unknown service is a usage error", "[e2e][scale-up]") {
  TempDir dir("scale_up_bad");
  const auto p = sample_copy(dir).string();
  auto r = cli({"scale-up", p, "--threshold", "60min", "--quiet"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("distance") != std::string::npos);
  r = cli({"scale-up", p, "--service", "bakery", "--quiet"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bakery") != std::string::npos);
}

TEST_CASE("swsplan scale-up --store: the new sites as a point layer, replaced by the next run", "[e2e][scale-up]") {
  TempDir dir("scale_up_store");
  const auto p = sample_copy(dir).string();
  for (const char* n : {"5", "3"}) {
    auto r = cli({"scale-up", p, "--threshold", "5km", "--max-sites", n, "--no-mclp", "--store", "--json", "--quiet"},
                 dir.path);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    const auto project = layers::Project::open(p);
    REQUIRE(project.has("scaling_up_health_centre"));
    const auto l = project.read("scaling_up_health_centre");
    REQUIRE(l.size() == j["steps"].size());
    CHECK(l.geom.kind == gis::GeometryKind::Point);
    for (std::size_t k = 0; k < l.size(); ++k) {
      const auto& s = j["steps"][k];
      CHECK(l.column("order").number(k).value() == s["step"].get<double>());
      CHECK(l.column("adm3_pcode").text(k) == s["adm3_pcode"].get<std::string>());
      CHECK(l.column("added_hh").number(k).value() == Approx(s["added_households"].get<double>()));
      CHECK(l.column("coverage_0_1").number(k).value() == Approx(s["coverage_0_1"].get<double>()));
      const auto xy = *l.geom.first_xy(k);
      CHECK(xy.first == Approx(s["lon"].get<double>()));
      CHECK(xy.second == Approx(s["lat"].get<double>()));
    }
    const auto styles = project.read("layer_styles");
    std::size_t st = 0;
    for (std::size_t i = 0; i < styles.size(); ++i)
      st += styles.column("f_table_name").text(i) == "scaling_up_health_centre";
    CHECK(st == (have_renderer() ? 1u : 0u));
  }
}
