// Tests of layers/settings: threshold parsing, documented defaults, the JSON round trip and
// validation errors that name the key, and settings stored in a project.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"
#include "layers/settings_edit.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;
using layers::Service;
using layers::Threshold;

TEST_CASE("Threshold::parse reads times and distances with units", "[settings]") {
  struct Case {
    const char* text;
    double value;
    bool time;
    const char* str;
  };
  for (const auto& c : {Case{"60min", 3600, true, "60min"}, Case{"2h", 7200, true, "120min"},
                        Case{"90s", 90, true, "1.5min"}, Case{"10km", 10000, false, "10km"},
                        Case{"800m", 800, false, "0.8km"}, Case{"2.5km", 2500, false, "2.5km"}}) {
    CAPTURE(c.text);
    auto t = Threshold::parse(c.text);
    CHECK(t.value == Approx(c.value));
    CHECK(t.is_time == c.time);
    CHECK(t.str() == c.str);
    auto back = Threshold::parse(t.str());
    CHECK(back.value == Approx(t.value));
    CHECK(back.is_time == t.is_time);
  }
  for (const char* bad : {"10", "km", "", "10 km", "10mi", "-5km", "0min", "nanm", "1e999km"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(Threshold::parse(bad), gis::UsageError);
  }
  CHECK_THROWS_WITH(Threshold::parse("10mi"), Contains("10mi"));
}

TEST_CASE("documented defaults", "[settings]") {
  auto hc = layers::default_settings(Service::HealthCentre);
  CHECK(hc.threshold.value == 10000);
  CHECK(!hc.threshold.is_time);
  CHECK(hc.people_per_facility == 20000);
  CHECK(hc.coverage_norm_0_1 == Approx(0.8));
  CHECK(hc.capacity_norm == Approx(1.0));
  CHECK(hc.mode == layers::AccessMode::Line);
  CHECK(hc.capacity_field.empty());
  CHECK_THAT(hc.source, Contains("Health Coverage Plan"));
  CHECK(!layers::default_settings(Service::HealthPost).enabled);
  CHECK(layers::default_settings(Service::SwsOffice).demand == layers::DemandBase::PoorHouseholds);
  for (auto s : layers::all_services()) {
    CAPTURE(layers::service_id(s));
    auto d = layers::default_settings(s);
    CHECK(d.service == s);
    CHECK(!d.source.empty());
    CHECK(d.threshold.value > 0);
    CHECK(d.people_per_facility > 0);
  }
  layers::AnalysisSettings a;
  CHECK(a.persons_per_household == Approx(4.2));
  CHECK(a.deprivation_threshold_0_1 == Approx(0.25));
  CHECK(a.deprivation_source == "villages");
  CHECK(!a.deprivation_quantile_0_1);
}

TEST_CASE("service settings survive a JSON round trip", "[settings]") {
  auto s = layers::default_settings(Service::SchoolUpperSecondary);
  s.enabled = false;
  s.mode = layers::AccessMode::Network;
  s.threshold = Threshold::parse("45min");
  s.line_speed_kmh = 12.5;
  s.coverage_norm_0_1 = 0.6;
  s.people_per_facility = 12345;
  s.capacity_field = "seats";
  s.capacity_norm = 0.5;
  s.demand = layers::DemandBase::PoorHouseholds;
  s.source = "test";
  auto back = layers::ServiceSettings::from_json(Service::SchoolUpperSecondary, s.to_json(),
                                                 layers::default_settings(Service::SchoolUpperSecondary));
  CHECK(back.to_json() == s.to_json());
  CHECK(back.threshold.value == Approx(2700));
  CHECK(back.threshold.is_time);
  CHECK(back.capacity_field == "seats");
  // Missing keys keep the defaults.
  auto partial = layers::ServiceSettings::from_json(Service::HealthCentre, {{"coverage_norm", 0.5}},
                                                    layers::default_settings(Service::HealthCentre));
  CHECK(partial.coverage_norm_0_1 == Approx(0.5));
  CHECK(partial.people_per_facility == 20000);

  layers::AnalysisSettings a;
  a.persons_per_household = 5;
  a.deprivation_quantile_0_1 = 0.75;
  a.deprivation_source = "commune:idp22_poor_share";
  a.households_fallback = "idp22_total_hh";
  auto ab = layers::AnalysisSettings::from_json(a.to_json());
  CHECK(ab.to_json() == a.to_json());
  CHECK(*ab.deprivation_quantile_0_1 == Approx(0.75));
}

TEST_CASE("bad setting values are InputErrors naming the key", "[settings]") {
  const auto d = layers::default_settings(Service::HealthCentre);
  auto check_bad = [&](const nlohmann::json& j, const std::string& key) {
    CAPTURE(j.dump());
    try {
      (void)layers::ServiceSettings::from_json(Service::HealthCentre, j, d);
      FAIL("accepted");
    } catch (const gis::InputError& e) {
      CHECK_THAT(std::string(e.what()), Contains(key));
    }
  };
  check_bad({{"coverage_norm", 2}}, "coverage_norm");
  check_bad({{"coverage_norm", -0.1}}, "coverage_norm");
  check_bad({{"people_per_facility", 0}}, "people_per_facility");
  check_bad({{"capacity_norm", -1}}, "capacity_norm");
  check_bad({{"line_speed_kmh", 0}}, "line_speed_kmh");
  check_bad({{"mode", "bicycle"}}, "mode");
  check_bad({{"demand", "everyone"}}, "demand");
  check_bad({{"threshold", "10 furlongs"}}, "threshold");
  auto check_bad_a = [&](const nlohmann::json& j, const std::string& key) {
    CAPTURE(j.dump());
    try {
      (void)layers::AnalysisSettings::from_json(j);
      FAIL("accepted");
    } catch (const gis::InputError& e) {
      CHECK_THAT(std::string(e.what()), Contains(key));
    }
  };
  check_bad_a({{"persons_per_household", 0}}, "persons_per_household");
  check_bad_a({{"deprivation_threshold", 1.5}}, "deprivation_threshold");
  check_bad_a({{"deprivation_quantile", 1.0}}, "deprivation_quantile");
  check_bad_a({{"deprivation_quantile", 0.0}}, "deprivation_quantile");
  check_bad_a({{"deprivation_direction", "up"}}, "deprivation_direction");
  check_bad_a({{"child_deprivation_cutoff", 0.0}}, "child_deprivation_cutoff");
  check_bad_a({{"child_deprivation_cutoff", 1.5}}, "child_deprivation_cutoff");
  check_bad_a({{"deprivation_source", "child_deprivation"}}, "child_deprivation_table");
  // ID-Poor villages source with lower_is_worse: meaningless, both keys named.
  check_bad_a({{"deprivation_direction", "lower_is_worse"}}, "analysis.deprivation_direction");
  check_bad_a({{"deprivation_source", "villages"}, {"deprivation_direction", "lower_is_worse"}},
              "analysis.deprivation_source=villages");
}

TEST_CASE("deprivation direction and child-deprivation settings survive a JSON round trip", "[settings]") {
  layers::AnalysisSettings a;
  CHECK(!a.deprivation_lower_is_worse);
  CHECK(a.to_json()["deprivation_direction"] == "higher_is_worse");
  a.deprivation_lower_is_worse = true;
  a.deprivation_source = "child_deprivation";
  a.child_deprivation_table = "child";
  a.child_deprivation_fields = "health=h;water=w";
  a.child_deprivation_weight = "children";
  a.child_deprivation_cutoff_0_1 = 0.4;
  auto b = layers::AnalysisSettings::from_json(a.to_json());
  CHECK(b.deprivation_lower_is_worse);
  CHECK(b.to_json()["deprivation_direction"] == "lower_is_worse");
  CHECK(b.child_deprivation_table == "child");
  CHECK(b.child_deprivation_fields == "health=h;water=w");
  CHECK(b.child_deprivation_weight == "children");
  CHECK(b.child_deprivation_cutoff_0_1 == Approx(0.4));
  CHECK(b.to_json() == a.to_json());
}

TEST_CASE("a value of the wrong type is an InputError naming the key", "[settings]") {
  // BUG (reported): from_json catches nlohmann's type_error and reports key "" (location
  // "service.health_centre."), so the message says "type must be number, but is string"
  // without naming coverage_norm.
  const auto d = layers::default_settings(Service::HealthCentre);
  try {
    (void)layers::ServiceSettings::from_json(Service::HealthCentre, {{"coverage_norm", "high"}}, d);
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("coverage_norm"));
  }
}

TEST_CASE("a wrong-type value that is not UTF-8 is still an InputError naming the key", "[settings]") {
  // Found by fuzzing (fuzz/corpus/settings/crash-not-utf8): `--set analysis.deprivation_quantile=0\xae3`
  // from a CP1252 terminal made the message's JSON dump throw nlohmann's type_error 316, so
  // the planner saw "unexpected error" instead of the key.
  const std::string not_utf8 = "0\xae" "3";
  try {
    (void)layers::AnalysisSettings::from_json({{"deprivation_quantile", not_utf8}});
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("deprivation_quantile") && Contains("wrong type"));
  }
  const auto d = layers::default_settings(Service::HealthCentre);
  CHECK_THROWS_AS(layers::ServiceSettings::from_json(Service::HealthCentre, {{"coverage_norm", not_utf8}}, d),
                  gis::InputError);
}

TEST_CASE("a road speed or costing value that is not UTF-8 is an InputError naming the key", "[settings]") {
  // Found by fuzzing (fuzz/corpus/settings/crash-road-speed-not-utf8): the road-speed and
  // costing messages quoted the value through a JSON dump that throws on such bytes.
  const std::string not_utf8 = "04\xb4" "41";
  try {
    (void)layers::AnalysisSettings::from_json({{"road_speed_kmh_trunk", not_utf8}});
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("road_speed_kmh_trunk"));
  }
  try {
    (void)layers::CostingSettings::from_json({{"office_setup_usd", not_utf8}});
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("office_setup_usd"));
  }
}

TEST_CASE("settings stored in a project override the defaults", "[settings]") {
  const fs::path dir = fs::temp_directory_path() / ("swsplan_test_settings_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto path = (dir / "p.gpkg").string();
  {
    gis::VectorLayer t;
    t.name = "ind_dummy";
    gis::Column c;
    c.name = "adm3_pcode";
    c.push(std::string("KH010101"));
    t.columns = {c};
    t.fids = {1};
    t.geom.add_empty_feature();
    layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
    w.put(t, t.name);
    w.set_setting(layers::settings_key(Service::HealthCentre), {{"threshold", "60min"}, {"coverage_norm", 0.9}});
    w.set_setting("analysis", {{"deprivation_quantile", 0.75}});
    w.commit();
  }
  auto p = layers::Project::open(path);
  CHECK(layers::settings_key(Service::HealthCentre) == "service.health_centre");
  auto s = layers::service_settings(p, Service::HealthCentre);
  CHECK(s.threshold.value == 3600);
  CHECK(s.threshold.is_time);
  CHECK(s.coverage_norm_0_1 == Approx(0.9));
  CHECK(s.people_per_facility == 20000);  // default kept
  auto other = layers::service_settings(p, Service::SchoolPrimary);
  CHECK(other.to_json() == layers::default_settings(Service::SchoolPrimary).to_json());
  auto a = layers::analysis_settings(p);
  REQUIRE(a.deprivation_quantile_0_1);
  CHECK(*a.deprivation_quantile_0_1 == Approx(0.75));
  CHECK(a.persons_per_household == Approx(4.2));

  // A text value that is not UTF-8 (a CP1252 terminal) is refused before anything is written,
  // not stored as a setting that no reader can turn into JSON again.
  const auto before = fs::last_write_time(path);
  layers::SettingsEdit edit;
  edit.sets = {"analysis.deprivation_source=commune:idp\xb4"};
  try {
    layers::run_and_store_settings(path, edit);
    FAIL("accepted");
  } catch (const gis::UsageError& e) {
    CHECK_THAT(std::string(e.what()), Contains("\\xB4") && Contains("not UTF-8"));
  }
  CHECK(fs::last_write_time(path) == before);
  CHECK(layers::analysis_settings(layers::Project::open(path)).deprivation_quantile_0_1 == Approx(0.75));
  std::error_code ec;
  fs::remove_all(dir, ec);
}
