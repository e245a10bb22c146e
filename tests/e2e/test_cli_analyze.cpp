// End-to-end tests of `swsplan analyze` and `swsplan settings`: the real binary analyses the
// national project built from ../shared/data/khm (health centres and upper-secondary
// schools, ID-Poor 2022 commune shares): every commune is classified or reported with a
// reason, the summary totals add up across levels, and --json agrees with the tables. The
// synthetic sample runs too, and a bad setting leaves the project byte-for-byte unchanged.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "e2e_util.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::set<std::string> kClasses = {"served", "unaffordable", "unavailable", "unavailable_unaffordable",
                                        "not_classified"};

// National project: imported by scripts/import_national.sh with this build's binary, then
// deprivation from the ID-Poor 2022 commune shares. Built once per test process.
const fs::path& national_project() {
  static TempDir dir("e2e_gap_national");
  static const fs::path path = [] {
    const fs::path p = dir / "national.gpkg";
    auto r = run({"/bin/bash", std::string(SWSPLAN_SOURCE_DIR) + "/scripts/import_national.sh", p.string(), exe()},
                 dir.path);
    if (r.exit_code != 0) throw std::runtime_error("cannot import the national project: " + r.describe());
    r = run_swsplan({"settings", p.string(), "--set", "analysis.deprivation_source=commune:idp22_poor_share", "--set",
                     "analysis.households_fallback=idp22_total_hh"},
                    dir.path);
    if (r.exit_code != 0) throw std::runtime_error("cannot set the national settings: " + r.describe());
    return p;
  }();
  return path;
}

struct SampleCopy {
  TempDir dir{"e2e_gap_sample"};
  fs::path path = dir / "demo.gpkg";
  SampleCopy() { fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path); }
};

}  // namespace

TEST_CASE("analyze national: every commune classified or reported, totals add up, --json agrees", "[e2e][analyze]") {
  const auto& p = national_project();
  auto r = run_swsplan({"analyze", p.string(), "--services", "health_centre,school_upper_secondary", "--json", "-q"});
  REQUIRE(r.exit_code == 0);
  INFO(r.describe().substr(0, 2000));
  const auto j = nlohmann::json::parse(r.out);
  auto project = layers::Project::open(p.string());
  const auto communes = project.read("communes");
  const auto gl = project.read("gap_classes");
  const auto gs = project.read("gap_summary");
  CHECK_THAT(j["deprivation"]["source"].get<std::string>(), Contains("idp22_poor_share"));

  for (const std::string sid : {"health_centre", "school_upper_secondary"}) {
    CAPTURE(sid);
    // gap_classes: one row per commune, each with a class; not_classified rows give a reason.
    std::set<std::string> seen;
    std::map<std::string, std::tuple<long, double, double>> table;  // class -> communes, hh, poor
    std::tuple<long, double, double> total{0, 0.0, 0.0};
    for (std::size_t i = 0; i < gl.size(); ++i) {
      if (gl.column("service").text(i) != sid) continue;
      const auto pc = gl.column("adm3_pcode").text(i);
      CHECK(seen.insert(pc).second);
      const auto cls = gl.column("class").text(i);
      CHECK(kClasses.count(cls) == 1);
      if (cls == "not_classified")
        CHECK_THAT(gl.column("reason").text(i), StartsWith("not classified:"));
      else
        CHECK(gl.column("reason").is_null(i));
      const double h = gl.column("households").number(i).value_or(0), pr = gl.column("poor_households").number(i).value_or(0);
      auto& [n, hh, poor] = table[cls];
      ++n, hh += h, poor += pr;
      ++std::get<0>(total), std::get<1>(total) += h, std::get<2>(total) += pr;
    }
    CHECK(seen.size() == communes.size());
    for (std::size_t c = 0; c < communes.size(); ++c) CHECK(seen.count(communes.column("adm3_pcode").text(c)) == 1);
    CHECK(std::get<0>(table["served"]) > 0);
    CHECK(std::get<0>(table["unavailable"]) > 0);

    // gap_summary: nation rows = commune totals; district and province rows sum to them too.
    std::map<std::string, std::tuple<long, double, double>> level;  // level -> sums
    std::map<std::string, std::tuple<long, double, double>> nation_by_class;
    for (std::size_t i = 0; i < gs.size(); ++i) {
      if (gs.column("service").text(i) != sid) continue;
      const auto lvl = gs.column("level").text(i);
      const long n = static_cast<long>(*gs.column("communes").number(i));
      const double h = gs.column("households").number(i).value_or(0), pr = gs.column("poor_households").number(i).value_or(0);
      auto& [ln, lh, lp] = level[lvl];
      ln += n, lh += h, lp += pr;
      if (lvl == "nation") {
        CHECK(gs.column("code").text(i) == "KH");
        nation_by_class[gs.column("class").text(i)] = {n, h, pr};
      }
    }
    REQUIRE(level.size() == 3);
    for (const auto& [lvl, v] : level) {
      CAPTURE(lvl);
      CHECK(std::get<0>(v) == std::get<0>(total));
      CHECK(std::get<1>(v) == Approx(std::get<1>(total)).epsilon(1e-9));
      CHECK(std::get<2>(v) == Approx(std::get<2>(total)).epsilon(1e-9));
    }
    CHECK(std::get<0>(total) == static_cast<long>(communes.size()));

    // --json: class counts (and household sums) equal the table's.
    const auto& sj = j["services"][sid];
    REQUIRE(sj.is_object());
    long json_total = 0;
    for (const auto& cls : kClasses) {
      CAPTURE(cls);
      const auto& cj = sj["classes"][cls];
      const long n = cj["communes"].get<long>();
      json_total += n;
      CHECK(n == std::get<0>(table[cls]));
      CHECK(cj["households"].get<double>() == Approx(std::get<1>(table[cls])).epsilon(1e-9));
      CHECK(cj["poor_households"].get<double>() == Approx(std::get<2>(table[cls])).epsilon(1e-9).margin(1e-6));
      if (nation_by_class.count(cls)) CHECK(std::get<0>(nation_by_class[cls]) == n);
    }
    CHECK(json_total == static_cast<long>(communes.size()));
    long reasons = 0;
    for (const auto& [reason, n] : sj["not_classified_reasons"].items()) {
      CHECK(!reason.empty());
      reasons += n.get<long>();
    }
    CHECK(reasons == std::get<0>(table["not_classified"]));
  }
  // Outputs of the run are in the project, styled for QGIS.
  CHECK(project.has("gap_communes"));
  CHECK(project.has("district_priority"));
  const auto dp = project.read("district_priority");
  for (std::size_t i = 0; i < dp.size(); ++i) {
    const auto rk = *dp.column("rank").number(i), lo = *dp.column("rank_min").number(i),
               hi = *dp.column("rank_max").number(i);
    CHECK(lo <= rk);
    CHECK(rk <= hi);
  }
  CHECK(project.has("layer_styles"));
}

TEST_CASE("analyze the synthetic sample: exits 0 and prints the summary", "[e2e][analyze]") {
  SampleCopy s;
  auto r = run_swsplan({"analyze", s.path.string(), "-q"}, s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("Gap analysis of") && Contains("Health centre") && Contains("served") &&
                        Contains("unavailable_unaffordable") && Contains("Written to the project"));
  auto p = layers::Project::open(s.path.string());
  CHECK(p.read("gap_classes").size() > 0);
  // The CSV option writes the three tables.
  auto c = run_swsplan({"analyze", s.path.string(), "-q", "--csv", (s.dir / "csv").string(), "--geometric"}, s.dir.path);
  INFO(c.describe());
  CHECK(c.exit_code == 0);
  for (const char* f : {"gap_classes.csv", "gap_summary.csv", "district_priority.csv"})
    CHECK(fs::exists(s.dir / "csv" / f));
}

TEST_CASE("settings --set persists a threshold", "[e2e][settings]") {
  SampleCopy s;
  auto r = run_swsplan({"settings", s.path.string(), "--set", "health_centre.threshold=60min", "-q"}, s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  auto st = layers::service_settings(layers::Project::open(s.path.string()), layers::Service::HealthCentre);
  CHECK(st.threshold.is_time);
  CHECK(st.threshold.value == 3600);
  auto j = run_swsplan({"settings", s.path.string(), "--json"}, s.dir.path);
  REQUIRE(j.exit_code == 0);
  CHECK(nlohmann::json::parse(j.out)["health_centre"]["threshold"] == "60min");
}

TEST_CASE("settings: a bad value exits non-zero, names the key and leaves the project unchanged", "[e2e][settings]") {
  SampleCopy s;
  const auto before = sha256_file(s.path);
  const auto files_before = dir_fingerprint(s.dir.path);
  struct Case {
    std::string set, key;
  };
  for (const auto& c : {Case{"health_centre.coverage_norm=2", "coverage_norm"},
                        Case{"health_centre.threshold=10furlongs", "threshold"},
                        Case{"health_centre.mode=bicycle", "mode"},
                        Case{"analysis.deprivation_quantile=1.5", "deprivation_quantile"},
                        Case{"no_such_service.threshold=10km", "no_such_service"},
                        Case{"health_centre_threshold", "health_centre_threshold"}}) {
    CAPTURE(c.set);
    auto r = run_swsplan({"settings", s.path.string(), "--set", c.set, "-q"}, s.dir.path);
    INFO(r.describe());
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err + r.out, Contains(c.key));
    CHECK(sha256_file(s.path) == before);
  }
  CHECK(dir_fingerprint(s.dir.path) == files_before);
}

TEST_CASE("settings: a value of the wrong type names the key", "[e2e][settings]") {
  SampleCopy s;
  const auto before = sha256_file(s.path);
  auto r = run_swsplan({"settings", s.path.string(), "--set", "health_centre.coverage_norm=high", "-q"}, s.dir.path);
  INFO(r.describe());
  CHECK(r.exit_code != 0);
  CHECK(sha256_file(s.path) == before);
  CHECK_THAT(r.err + r.out, Contains("coverage_norm"));
}

TEST_CASE("settings: a misspelt key is refused, not silently ignored", "[e2e][settings]") {
  // A misspelt field must not be stored and silently ignored (the analysis would keep the
  // 10 km threshold the user meant to change).
  SampleCopy s;
  const auto before = sha256_file(s.path);
  auto r = run_swsplan({"settings", s.path.string(), "--set", "health_centre.treshold=60min", "-q"}, s.dir.path);
  INFO("exit " << r.exit_code << "\n--- stderr\n" << r.err);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err + r.out, Contains("treshold"));
  CHECK(sha256_file(s.path) == before);
}
