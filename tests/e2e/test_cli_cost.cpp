// End-to-end tests of `swsplan settings` (costing keys), `swsplan cost`, `swsplan pwp` and
// `swsplan compare` on a copy of the demo province (the only project with roads): the cost
// table is stored, printed and written as CSV with the figures of --json; bad costing values
// exit with the key named and leave the project byte-for-byte unchanged; a PWP road file far
// from everything gains nothing; compare's JSON is antisymmetric and stores the difference layer.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e_util.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

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

double line_total(const nlohmann::json& j, const std::string& item) {
  for (const auto& l : j["lines"])
    if (l["item"] == item) return l["total_usd"].get<double>();
  FAIL("no line " << item);
  return NAN;
}
}  // namespace

TEST_CASE("swsplan settings edits costing keys and refuses bad ones without touching the project", "[e2e][cost]") {
  TempDir dir("cost_settings");
  const auto p = sample_copy(dir).string();
  auto r = cli({"settings", p, "--set", "costing.office_setup_usd=30000", "--json"}, dir.path);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["costing"]["office_setup_usd"] == 30000);
  CHECK(j["costing"]["pwp_usd_per_person_day"] == 8.5);

  const auto before = sha256_file(p);
  r = cli({"settings", p, "--set", "costing.office_setup_usd=lots"}, dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("costing.office_setup_usd") && Contains("wrong type"));
  r = cli({"settings", p, "--set", "costing.office_set_up=1"}, dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("costing.office_set_up") && Contains("unknown"));
  r = cli({"settings", p, "--set", "costing.pwp_wage_usd_per_person_day=9"}, dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("costing.pwp_wage_usd_per_person_day"));
  CHECK(sha256_file(p) == before);
}

TEST_CASE("swsplan cost prints, stores and writes the table of a siting scenario", "[e2e][cost]") {
  TempDir dir("cost");
  const auto p = sample_copy(dir).string();
  REQUIRE(cli({"analyze", p, "--quiet"}, dir.path).exit_code == 0);
  REQUIRE(cli({"site", p, "--p", "2", "--threshold", "10km", "--scenario", "two", "--quiet"}, dir.path).exit_code == 0);
  auto r = cli({"cost", p, "--scenario", "two", "--json", "--csv", (dir / "cost.csv").string()}, dir.path);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["table"] == "cost_two");
  // Two new offices at the default 25,000 USD; totals add up.
  CHECK(line_total(j, "office_setup") == Approx(50000.0));
  double one_off = 0, yearly = 0;
  for (const auto& l : j["lines"]) (l["period"] == "one_off" ? one_off : yearly) += l["total_usd"].get<double>();
  CHECK(j["one_off_usd"].get<double>() == Approx(one_off));
  CHECK(j["per_year_usd"].get<double>() == Approx(yearly));
  CHECK(j["usd_per_poor_household_first_year"].get<double>() ==
        Approx((one_off + yearly) / j["poor_households_reached"].get<double>()));
  // The gap analysis classes communes unaffordable: transfers at 31.92 USD per person.
  CHECK(line_total(j, "cash_transfer") > 0);
  const auto csv = slurp(dir / "cost.csv");
  // Deterministic: the same project and settings give a byte-identical CSV.
  REQUIRE(cli({"cost", p, "--scenario", "two", "--no-store", "--csv", (dir / "again.csv").string()}, dir.path).exit_code == 0);
  CHECK(slurp(dir / "again.csv") == csv);
  CHECK_THAT(csv, Contains("office_setup"));
  CHECK_THAT(csv, Contains("total_first_year"));
  r = cli({"info", p}, dir.path);
  CHECK_THAT(r.out, Contains("cost_two"));
  r = cli({"cost", p, "--scenario", "two"}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("New offices: set-up") && Contains("31.92") && Contains("USD per poor household"));
  // Without a scenario: the gap analysis's transfers and HEF alone, table cost_gap.
  r = cli({"cost", p, "--json"}, dir.path);
  REQUIRE(r.exit_code == 0);
  auto gj = nlohmann::json::parse(r.out);
  CHECK(gj["kind"] == "gap");
  CHECK(gj["table"] == "cost_gap");
  REQUIRE(gj["lines"].size() == 2);
  CHECK(line_total(gj, "cash_transfer") == Approx(line_total(j, "cash_transfer")));
  CHECK(gj["one_off_usd"] == 0);
  // Unknown scenario: usage error, nothing written.
  const auto before = sha256_file(p);
  r = cli({"cost", p, "--scenario", "nope"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("nope"));
  CHECK(sha256_file(p) == before);
}

TEST_CASE("swsplan pwp: a road far from everything gains nothing, compare is antisymmetric", "[e2e][cost]") {
  TempDir dir("pwp");
  const auto p = sample_copy(dir).string();
  const auto works = dir / "far.geojson";
  {
    std::ofstream o(works);
    o << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"work":"new","road_class":"rural"},)"
      << R"("geometry":{"type":"LineString","coordinates":[[105.2,11.8],[105.25,11.8]]}}]})";
  }
  const auto works_hash = sha256_file(works);
  auto r = cli({"pwp", p, "--roads", works.string(), "--scenario", "far", "--services", "health_centre",
                "--threshold", "60min", "--json", "--quiet"},
               dir.path);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["poor_gained_any"] == 0);
  CHECK(j["services"][0]["households_gained"] == 0);
  CHECK(j["km_new"].get<double>() > 5);
  CHECK(j["cost_usd"].get<double>() == Approx(j["labour_days"].get<double>() * 8.5));
  CHECK(sha256_file(works) == works_hash);  // the input file is only read
  r = cli({"scenarios", p}, dir.path);
  CHECK_THAT(r.out, Contains("far") && Contains("pwp"));
  // Same name again without --replace: usage error.
  r = cli({"pwp", p, "--roads", works.string(), "--scenario", "far", "--quiet"}, dir.path);
  CHECK(r.exit_code == 2);

  REQUIRE(cli({"site", p, "--p", "1", "--threshold", "10km", "--scenario", "one", "--quiet"}, dir.path).exit_code == 0);
  REQUIRE(cli({"site", p, "--p", "4", "--threshold", "10km", "--scenario", "four", "--quiet"}, dir.path).exit_code == 0);
  auto ab = nlohmann::json::parse(cli({"compare", p, "one", "four", "--json"}, dir.path).out);
  auto ba = nlohmann::json::parse(cli({"compare", p, "four", "one", "--json"}, dir.path).out);
  CHECK(ab["total"]["diff_covered_poor"].get<double>() > 0);
  CHECK(ab["total"]["diff_covered_poor"].get<double>() == -ba["total"]["diff_covered_poor"].get<double>());
  REQUIRE(ab["districts"].size() == ba["districts"].size());
  for (std::size_t i = 0; i < ab["districts"].size(); ++i)
    CHECK(ab["districts"][i]["diff_covered_households"].get<double>() ==
          -ba["districts"][i]["diff_covered_households"].get<double>());
  r = cli({"info", p}, dir.path);
  CHECK_THAT(r.out, Contains("compare_one_four") && Contains("compare_four_one"));
  // A road's labour added to a siting scenario's table.
  auto wj = nlohmann::json::parse(cli({"cost", p, "--scenario", "one", "--with-pwp", "far", "--json"}, dir.path).out);
  CHECK(line_total(wj, "pwp_labour") == Approx(j["cost_usd"].get<double>()));
  CHECK(cli({"cost", p, "--scenario", "one", "--with-pwp", "one"}, dir.path).exit_code == 2);
  r = cli({"compare", p, "far:before", "far", "--csv", (dir / "d.csv").string()}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("health_centre"));
  CHECK_THAT(slurp(dir / "d.csv"), Contains("diff_covered_poor"));
  // A misspelt --service is named with the id it may be; an alias is read as its id.
  r = cli({"compare", p, "far:before", "far", "--service", "helth_centre"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "swsplan: unknown service 'helth_centre' in --service; did you mean 'health_centre'?\n");
  CHECK(cli({"compare", p, "far:before", "far", "--service", "HC", "--no-store"}, dir.path).exit_code == 0);
}
