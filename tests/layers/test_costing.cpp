// Tests of layers/costing: the arithmetic of the cost table against hand-computed cases, the
// settings' JSON validation (unknown keys refused, wrong types and ranges named), settings
// stored in a project, and a scenario costed from the sample project's tables.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

const layers::CostLine& line(const layers::CostTable& t, const std::string& item) {
  for (const auto& l : t.lines)
    if (l.item == item) return l;
  FAIL("no line " << item);
  throw std::logic_error("unreachable");
}

bool has_line(const layers::CostTable& t, const std::string& item) {
  for (const auto& l : t.lines)
    if (l.item == item) return true;
  return false;
}

std::string error_of(const nlohmann::json& j) {
  try {
    (void)layers::CostingSettings::from_json(j);
  } catch (const gis::InputError& e) {
    return e.what();
  }
  return "no error";
}

struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("swsplan_test_costing_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "demo.gpkg";
    fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
  }
  ~SampleCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

TEST_CASE("the transfer per person is share x (poverty line - poorest quintile) x 12", "[costing]") {
  layers::CostingSettings s;
  // Defaults: 0.2 x (18.3 - 5) x 12 = 31.92 USD per person per year.
  CHECK(s.transfer_usd_per_person_year() == Approx(31.92));
  s.transfer_share_of_gap_0_1 = 0.5;
  s.poverty_line_usd_per_person_month = 20;
  s.poorest_quintile_usd_per_person_month = 10;
  CHECK(s.transfer_usd_per_person_year() == Approx(60.0));
}

TEST_CASE("a siting scenario's cost table equals the hand computation", "[costing]") {
  layers::CostInputs in;
  in.scenario = "s";
  in.kind = "siting";
  in.new_offices = 3;
  in.vans = 2;
  in.van_visit_days_per_cycle = 50;
  in.van_cycle_days = 60;
  in.poor_households_unaffordable = 100;
  in.poor_households_health_unaffordable = 50;
  in.persons_per_household = 4.2;
  in.poor_households_reached = 1000;
  in.reached_basis = "test";
  const auto t = layers::cost_from_inputs(in, layers::CostingSettings{});
  // Hand computation with the documented defaults.
  CHECK(line(t, "office_setup").total_usd == Approx(3 * 25000.0));
  CHECK(line(t, "office_running").total_usd == Approx(3 * 18000.0));
  CHECK(line(t, "van_purchase").total_usd == Approx(2 * 40000.0));
  CHECK(line(t, "van_running").total_usd == Approx(2 * 6000.0));
  // 50 visit days per 60-day cycle, 240 working days a year = 4 cycles = 200 van-days x 30 USD.
  CHECK(line(t, "van_visit_days").quantity == Approx(200.0));
  CHECK(line(t, "van_visit_days").total_usd == Approx(6000.0));
  // 100 poor households x 4.2 = 420 people x 31.92 USD.
  CHECK(line(t, "cash_transfer").quantity == Approx(420.0));
  CHECK(line(t, "cash_transfer").total_usd == Approx(13406.4));
  // 50 x 4.2 = 210 people x 3.85 USD (range 3.2-4.5).
  CHECK(line(t, "hef").total_usd == Approx(808.5));
  CHECK(line(t, "hef").low_usd == Approx(672.0));
  CHECK(line(t, "hef").high_usd == Approx(945.0));
  CHECK_FALSE(has_line(t, "pwp_labour"));
  CHECK(t.one_off_usd == Approx(155000.0));
  CHECK(t.per_year_usd == Approx(54000.0 + 12000.0 + 6000.0 + 13406.4 + 808.5));
  CHECK(t.first_year_usd == Approx(155000.0 + 86214.9));
  CHECK(t.usd_per_poor_household_first_year == Approx(241.2149));
  CHECK(t.usd_per_poor_household_per_year == Approx(86.2149));
  CHECK_THAT(line(t, "cash_transfer").basis, Contains("0.2 x (18.3 - 5) x 12 = 31.92"));

  // The stored table carries the same figures and the totals.
  const auto tab = t.table();
  CHECK(tab.name == "cost_s");
  bool seen_total = false, seen_ratio = false;
  double lines_usd = 0;
  for (std::size_t i = 0; i < tab.size(); ++i) {
    const auto item = tab.column("item").text(i), kind = tab.column("item_kind").text(i);
    CAPTURE(item);
    if (item == "total_first_year") {
      seen_total = true;
      CHECK(kind == "total");
      CHECK(*tab.column("total_usd").number(i) == Approx(241214.9));
    }
    // Ratios sit in their own column: total_usd (USD) is never a ratio.
    if (item == "usd_per_poor_household_first_year") {
      seen_ratio = true;
      CHECK(kind == "ratio");
      CHECK_FALSE(tab.column("total_usd").number(i).has_value());
      CHECK(*tab.column("usd_per_poor_household").number(i) == Approx(241.2149));
      CHECK(*tab.column("quantity").number(i) == 1000);
    }
    if (kind == "line") lines_usd += tab.column("total_usd").number(i).value_or(0);
    if (kind == "ratio" || kind == "count" || kind == "meta") CHECK_FALSE(tab.column("total_usd").number(i).has_value());
    if (kind == "line" || kind == "total") CHECK_FALSE(tab.column("usd_per_poor_household").number(i).has_value());
  }
  CHECK(seen_total);
  CHECK(seen_ratio);
  CHECK(lines_usd == Approx(241214.9));  // summing the USD lines gives the first-year total
}

TEST_CASE("PWP labour: km x labour-days per km x USD per day, wages a part of it", "[costing]") {
  layers::CostInputs in;
  in.scenario = "roads";
  in.kind = "pwp";
  in.pwp_km_new = 2;
  in.pwp_km_upgrade = 1;
  in.poor_households_reached = 0;
  layers::CostingSettings s;
  s.pwp_usd_per_person_day = 10;
  s.pwp_wage_usd_per_person_day = 4;
  const auto t = layers::cost_from_inputs(in, s);
  // 2 x 3000 + 1 x 1500 = 7500 person-days x 10 USD.
  CHECK(line(t, "pwp_labour").quantity == Approx(7500.0));
  CHECK(line(t, "pwp_labour").total_usd == Approx(75000.0));
  CHECK_THAT(line(t, "pwp_labour").basis, Contains("30000 USD in wages"));
  CHECK(t.one_off_usd == Approx(75000.0));
  CHECK_FALSE(has_line(t, "office_setup"));
  CHECK(std::isnan(t.usd_per_poor_household_first_year));  // nobody reached: no division by zero
}

TEST_CASE("costing settings: unknown keys refused, wrong types and ranges name the key", "[costing]") {
  CHECK_THAT(error_of({{"office_setup_usdd", 1}}), Contains("costing.office_setup_usdd") && Contains("unknown"));
  CHECK_THAT(error_of({{"office_setup_usd", "25000"}}), Contains("costing.office_setup_usd") && Contains("wrong type"));
  CHECK_THAT(error_of({{"van_purchase_usd", -1}}), Contains("costing.van_purchase_usd"));
  CHECK_THAT(error_of({{"pwp_wage_usd_per_person_day", 9}}), Contains("costing.pwp_wage_usd_per_person_day"));
  CHECK_THAT(error_of({{"hef_usd_per_person_year", 5}}), Contains("costing.hef_usd_per_person_year"));
  CHECK_THAT(error_of({{"poorest_quintile_usd_per_person_month", 20}}),
             Contains("costing.poorest_quintile_usd_per_person_month"));
  CHECK_THAT(error_of({{"transfer_share_of_gap_0_1", 1.5}}), Contains("costing.transfer_share_of_gap_0_1"));
  CHECK_THAT(error_of("x"), Contains("costing"));
  // Every key has a documented source, and the JSON round trip keeps every value.
  layers::CostingSettings s;
  s.office_setup_usd = 1234;
  s.hef_usd_per_person_year = 4.0;
  auto back = layers::CostingSettings::from_json(nlohmann::json::parse(s.to_json().dump()));
  CHECK(back.office_setup_usd == 1234);
  CHECK(back.hef_usd_per_person_year == 4.0);
  const auto& src = layers::costing_sources();
  const auto keys = s.to_json();
  for (const auto& [k, v] : keys.items()) {
    CAPTURE(k);
    CHECK(std::any_of(src.begin(), src.end(), [&](const auto& p) { return p.first == k && !p.second.empty(); }));
  }
}

TEST_CASE("costing settings stored in a project are read back, a siting scenario is costed from its tables",
          "[costing]") {
  SampleCopy s;
  {
    layers::ProjectWriter w(s.path.string());
    w.set_setting(layers::kCostingKey, {{"office_setup_usd", 10000}, {"van_purchase_usd", 0}});
    w.commit();
  }
  auto p = layers::Project::open(s.path.string());
  CHECK(layers::costing_settings(p).office_setup_usd == 10000);
  CHECK(layers::costing_settings(p).office_running_usd_per_year == 18000);  // default kept

  layers::SitingRequest rq;
  rq.scenario = "two";
  rq.p = 2;
  rq.threshold = layers::Threshold::parse("5km");
  auto r = layers::run_siting(p, rq);
  {
    layers::ProjectWriter w(s.path.string());
    layers::stage_scenario(p, r, w, false);
    w.commit();
  }
  p = layers::Project::open(s.path.string());
  const auto t = layers::cost_scenario(p, "two");
  CHECK(t.kind == "siting");
  CHECK(line(t, "office_setup").quantity == 2);
  CHECK(line(t, "office_setup").total_usd == Approx(20000.0));
  CHECK(line(t, "van_running").quantity == r.van_count);
  // Within reach (total) >= covered after (villages within reach), plus van communes; the
  // ratio's denominator is the increment over today: minus those existing offices reach.
  CHECK(t.poor_households_reached_total >= r.covered_poor_after - 1e-6);
  CHECK(t.poor_households_reached_total <= r.poor_total + 1e-6);
  REQUIRE(r.covered_poor_before > 0);  // the sample has existing offices
  CHECK(t.poor_households_reached == Approx(t.poor_households_reached_total - r.covered_poor_before));
  CHECK(t.poor_households_reached < t.poor_households_reached_total);
  CHECK(t.usd_per_poor_household_first_year == Approx(t.first_year_usd / t.poor_households_reached));
  // Stored and read back (what the scenario report prints): the same figures and notes.
  {
    layers::ProjectWriter w(s.path.string());
    w.put(t.table(), layers::cost_table_name("two"));
    w.commit();
  }
  p = layers::Project::open(s.path.string());
  const auto back = layers::load_cost_table(p, "two");
  CHECK(back.kind == "siting");
  REQUIRE(back.lines.size() == t.lines.size());
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    CHECK(back.lines[i].item == t.lines[i].item);
    CHECK(back.lines[i].total_usd == Approx(t.lines[i].total_usd));
  }
  CHECK(back.first_year_usd == Approx(t.first_year_usd));
  CHECK(back.poor_households_reached == Approx(t.poor_households_reached));
  CHECK(back.poor_households_reached_total == Approx(t.poor_households_reached_total));
  CHECK(back.usd_per_poor_household_per_year == Approx(t.usd_per_poor_household_per_year));
  CHECK(back.notes == t.notes);
  CHECK(back.reached_basis == t.reached_basis);
  try {
    (void)layers::load_cost_table(p, "nope");
    FAIL("no error");
  } catch (const gis::UsageError& e) {
    CHECK_THAT(std::string(e.what()), Contains("cost_nope") && Contains("swsplan cost") && Contains("--scenario nope"));
  }
  // No gap analysis in the sample: transfers and HEF are 0, with a note saying why.
  CHECK(line(t, "cash_transfer").total_usd == 0);
  CHECK(std::any_of(t.notes.begin(), t.notes.end(),
                    [](const std::string& n) { return n.find("swsplan analyze") != std::string::npos; }));
  CHECK_THROWS_AS(layers::cost_scenario(p, "nope"), gis::UsageError);
}
