// End-to-end tests of `swsplan scenarios` and of replacing a scenario by one of another kind,
// on a copy of the demo province: a PWP scenario is listed with its own columns (works, km,
// labour-days, households gaining access) equal to `swsplan pwp --json`, and a siting
// scenario replacing a PWP one of the same name (and the reverse) leaves no table of the old
// kind behind, while a scenario whose name extends it (x_b for x) keeps its tables.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "e2e_util.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {
RunResult cli(std::vector<std::string> args, const fs::path& scratch) {
  args.insert(args.begin(), exe());
  return run(args, scratch);
}

std::vector<std::string> layers_with_prefix(const fs::path& p, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& n : layers::Project::open(p.string()).layer_names())
    if (n.rfind(prefix, 0) == 0) out.push_back(n);
  return out;
}

std::string line_of(const std::string& text, const std::string& start) {
  std::istringstream s(text);
  for (std::string l; std::getline(s, l);)
    if (l.rfind(start, 0) == 0) return l;
  return {};
}
}  // namespace

TEST_CASE("scenarios: PWP rows show works, km, labour-days and households, and replacing across kinds drops the old "
          "kind's tables",
          "[e2e][scenarios]") {
  TempDir dir("scenarios");
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", p);
  const auto works = dir / "far.geojson";
  {
    std::ofstream o(works);
    o << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"work":"new","road_class":"rural"},)"
      << R"("geometry":{"type":"LineString","coordinates":[[105.2,11.8],[105.25,11.8]]}}]})";
  }
  const std::vector<std::string> pwp_args = {"pwp", p.string(), "--roads", works.string(), "--scenario", "x",
                                             "--services", "health_centre", "--threshold", "60min", "--quiet"};
  auto args = pwp_args;
  args.push_back("--json");
  auto r = cli(args, dir.path);
  REQUIRE(r.exit_code == 0);
  const auto pj = nlohmann::json::parse(r.out);
  r = cli({"site", p.string(), "--p", "2", "--threshold", "10km", "--scenario", "x_b", "--quiet"}, dir.path);
  REQUIRE(r.exit_code == 0);

  SECTION("the list gives each kind its own columns") {
    r = cli({"scenarios", p.string(), "--json"}, dir.path);
    REQUIRE(r.exit_code == 0);
    const auto list = nlohmann::json::parse(r.out);
    REQUIRE(list.size() == 2);
    const auto& x = list[0]["name"] == "x" ? list[0] : list[1];
    const auto& xb = list[0]["name"] == "x" ? list[1] : list[0];
    CHECK(x["kind"] == "pwp");
    CHECK_FALSE(x.contains("p"));  // was listed as p = 0
    CHECK(x["works"] == 1);
    CHECK(x["km_new"].get<double>() == Approx(pj["km_new"].get<double>()));
    CHECK(x["km_new"].get<double>() > 5);
    CHECK(x["labour_days"].get<double>() == Approx(pj["labour_days"].get<double>()));
    CHECK(x["households_gained_any"].get<double>() == Approx(pj["households_gained_any"].get<double>()));
    CHECK(x["poor_gained_any"].get<double>() == Approx(pj["poor_gained_any"].get<double>()));
    CHECK(xb["kind"] == "siting");
    CHECK(xb["p"] == 2);

    r = cli({"scenarios", p.string()}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("Office siting scenarios") && Contains("PWP road scenarios"));
    CHECK_THAT(r.out, Contains("labour-days") && Contains("hh gaining"));
    const auto row = line_of(r.out, "x ");
    REQUIRE_FALSE(row.empty());
    std::ostringstream ld;
    ld << std::fixed;
    ld.precision(0);
    ld << pj["labour_days"].get<double>();
    CHECK_THAT(row, Contains(" " + ld.str() + " "));
    CHECK_THAT(row, Contains("60min"));
  }

  SECTION("a siting scenario replacing a PWP one leaves no PWP table, and the reverse") {
    REQUIRE(layers_with_prefix(p, "scenario_x_pwp_").size() == 3);
    r = cli({"site", p.string(), "--p", "1", "--threshold", "10km", "--scenario", "x", "--replace", "--quiet"},
            dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK(layers_with_prefix(p, "scenario_x_pwp_").empty());
    CHECK(layers_with_prefix(p, "scenario_x_b_").size() == 5);  // x_b's offices, assignment, vans, van stops, lines kept
    auto sx = layers_with_prefix(p, "scenario_x_");
    CHECK(sx.size() == 5 + 5);  // x's offices, assignment, vans, van stops, lines + x_b's
    auto list = nlohmann::json::parse(cli({"scenarios", p.string(), "--json"}, dir.path).out);
    REQUIRE(list.size() == 2);
    for (const auto& row : list) CHECK(row["kind"] == "siting");

    args = pwp_args;
    args.push_back("--replace");
    REQUIRE(cli(args, dir.path).exit_code == 0);
    CHECK(layers_with_prefix(p, "scenario_x_pwp_").size() == 3);
    for (const char* part : {"offices", "assignment", "vans", "clusters", "van_stops", "assignment_lines"})
      CHECK_FALSE(layers::Project::open(p.string()).has(std::string("scenario_x_") + part));
    CHECK(layers_with_prefix(p, "scenario_x_b_").size() == 5);
    list = nlohmann::json::parse(cli({"scenarios", p.string(), "--json"}, dir.path).out);
    REQUIRE(list.size() == 2);
  }

  SECTION("an access (season) scenario replacing a PWP one leaves no PWP table, and a siting one replaces it") {
    r = cli({"access", p.string(), "-s", "health_centre", "-m", "raster", "-t", "60min", "--scenario", "x",
             "--replace", "-q"},
            dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK(layers_with_prefix(p, "scenario_x_pwp_").empty());
    CHECK(layers_with_prefix(p, "scenario_x_access_").size() == 2);
    CHECK(layers_with_prefix(p, "scenario_x_b_").size() == 5);
    r = cli({"site", p.string(), "--p", "1", "--threshold", "10km", "--scenario", "x", "--replace", "--quiet"},
            dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK(layers_with_prefix(p, "scenario_x_access_").empty());
    CHECK(layers_with_prefix(p, "scenario_x_b_").size() == 5);
  }
}
