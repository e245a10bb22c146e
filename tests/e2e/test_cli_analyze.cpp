// End-to-end tests of `swsplan analyze` and `swsplan settings`: the real binary analyses the
// national project built from ../shared/data/khm (health centres and upper-secondary
// schools, ID-Poor 2022 commune shares): every commune is classified or reported with a
// reason, the summary totals add up across levels, and --json agrees with the tables. The
// synthetic sample runs too, and a bad setting leaves the project byte-for-byte unchanged.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
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
#ifdef SWSPLAN_GUI_EXE  // built with the renderer, which writes the QGIS styles
  // The QGIS styles are the map's: district priority in the app's yellow-to-red quantiles,
  // the gap classes with "not classified" as the grey hatched "all other values".
  REQUIRE(project.has("layer_styles"));
  const auto ls = project.read("layer_styles");
  std::map<std::string, std::string> qml;
  for (std::size_t i = 0; i < ls.size(); ++i)
    if (*ls.column("useAsDefault").number(i) == 1) qml[ls.column("f_table_name").text(i)] = ls.column("styleQML").text(i);
  CHECK_THAT(qml["district_priority"], Contains("graduatedSymbol") && Contains("<mode name=\"quantile\"/>") &&
                                           Contains("255,255,178,255"));
  CHECK_THAT(qml["gap_communes"], Contains("value=\"\"") && Contains("224,224,224,255") && Contains("b_diagonal"));
  CHECK(qml.count("provinces") == 1);
  CHECK(qml.count("districts") == 1);
#endif
}

TEST_CASE("national figures are those of ID-Poor 2022 in analyze and site, nothing reached exceeds its total",
          "[e2e][analyze][site][national]") {
  const auto& p0 = national_project();
  TempDir dir("e2e_national_basis");
  const fs::path p = dir / "national.gpkg";
  fs::copy_file(p0, p);
  // The source's own totals per province, read from khm.gpkg (not through swsplan).
  gis::ReadOptions o;
  o.layer = "communes";
  const auto src = gis::read_vector((shared_data() / "khm.gpkg").string(), o);
  std::map<std::string, std::pair<double, double>> province_src;
  for (std::size_t i = 0; i < src.size(); ++i) {
    auto h = src.column("idp22_total_hh").number(i), q = src.column("idp22_poor_hh").number(i);
    if (!h || !q) continue;
    auto& v = province_src[src.column("adm3_pcode").text(i).substr(0, 4)];
    v.first += *h, v.second += *q;
  }
  REQUIRE(province_src.size() == 25);

  auto r = run_swsplan({"analyze", p.string(), "--services", "health_centre", "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  // analyze: per province, the households and poor households of gap_classes equal the source.
  const auto cls = layers::Project::open(p.string()).read("gap_classes");
  std::map<std::string, std::pair<double, double>> province_used;
  for (std::size_t i = 0; i < cls.size(); ++i) {
    auto& v = province_used[cls.column("adm3_pcode").text(i).substr(0, 4)];
    v.first += cls.column("households").number(i).value_or(0);
    v.second += cls.column("poor_households").number(i).value_or(0);
    CHECK_THAT(cls.column("demand_source").text(i), Contains("ID-Poor 2022"));
  }
  for (const auto& [code, s] : province_src) {
    INFO("province " << code);
    const auto u = province_used[code];
    CHECK(u.second > 0);
    CHECK(std::abs(u.first - s.first) <= 0.005 * s.first);
    CHECK(std::abs(u.second - s.second) <= 0.005 * s.second);
  }
  // site, Siem Reap: its poor households are ID-Poor 2022's (47,515), and no district's
  // "covered after" exceeds the district's poor households.
  r = run_swsplan({"site", p.string(), "--scenario", "kh17", "--province", "KH17", "--model", "mclp", "--p", "5",
                   "--threshold", "10km", "--json", "-q"},
                  dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["poor_households"].get<double>() == Approx(province_src["KH17"].second).epsilon(1e-9));
  CHECK(j["covered_poor_after"].get<double>() <= j["poor_households"].get<double>() * (1 + 1e-9));
  double district_poor = 0;
  for (const auto& d : j["districts"]) {
    CHECK(d["covered_poor_after"].get<double>() <= d["poor"].get<double>() * (1 + 1e-9) + 1e-6);
    CHECK(d["covered_poor_before"].get<double>() <= d["covered_poor_after"].get<double>() + 1e-6);
    district_poor += d["poor"].get<double>();
  }
  CHECK(district_poor == Approx(province_src["KH17"].second).epsilon(1e-9));
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

TEST_CASE("analyze national: class_worst is each commune's worst class over the services, and names them",
          "[e2e][analyze]") {
  const auto& p = national_project();
  const std::vector<std::string> services{"health_centre", "school_primary", "school_upper_secondary"};
  auto r = run_swsplan({"analyze", p.string(), "--services", "health_centre,school_primary,school_upper_secondary", "-q"});
  REQUIRE(r.exit_code == 0);
  const auto gc = layers::Project::open(p.string()).read("gap_communes");
  const std::map<std::string, int> severity{
      {"served", 0}, {"unaffordable", 1}, {"unavailable", 2}, {"unavailable_unaffordable", 3}};
  std::map<std::string, long> shown;
  for (std::size_t i = 0; i < gc.size(); ++i) {
    CAPTURE(gc.column("adm3_pcode").text(i));
    int worst = -1;
    for (const auto& s : services) {
      const auto it = severity.find(gc.column("class_" + s).text(i));
      if (it != severity.end()) worst = std::max(worst, it->second);
    }
    const std::string w = gc.column("class_worst").text(i);
    ++shown[w];
    if (worst < 0) {
      CHECK(w == "not_classified");
      CHECK(gc.column("worst_services").is_null(i));
      continue;
    }
    REQUIRE(severity.count(w));
    CHECK(severity.at(w) == worst);
    std::string names;
    for (const auto& s : services)
      if (gc.column("class_" + s).text(i) == w) names += (names.empty() ? "" : ",") + s;
    CHECK(gc.column("worst_services").text(i) == names);
  }
  CHECK(shown["unavailable_unaffordable"] > 0);
  CHECK(shown["served"] < long(gc.size()));
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

TEST_CASE("analyze national with a custom indicator, lower is worse: Commune Database 2011 latrines",
          "[e2e][analyze][indicator]") {
  // RatImpLatH = percent of households with an improved latrine (NCDD Commune Database 2011).
  // Deprived = at most 25 % of households with one; the households counted are those without.
  TempDir dir("e2e_gap_latrine");
  const fs::path p = dir / "latrine.gpkg";
  fs::copy_file(national_project(), p);
  auto s = run_swsplan({"settings", p.string(), "--set", "analysis.deprivation_source=indicator:cdb_2011:RatImpLatH",
                        "--set", "analysis.deprivation_direction=lower_is_worse", "--set",
                        "analysis.deprivation_threshold=0.25", "-q"},
                       dir.path);
  REQUIRE(s.exit_code == 0);
  auto r = run_swsplan({"analyze", p.string(), "--services", "health_centre", "--json", "-q"}, dir.path);
  INFO(r.describe().substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK_THAT(j["deprivation"]["source"].get<std::string>(), Contains("RatImpLatH"));
  CHECK(j["deprivation"]["direction"] == "lower_is_worse");
  CHECK_THAT(j["deprivation"]["warnings"].dump(), Contains("percent"));

  auto project = layers::Project::open(p.string());
  const auto ind = project.read("ind_cdb_2011");
  std::map<std::string, double> latrine;  // adm3_pcode -> percent, as published
  for (std::size_t i = 0; i < ind.size(); ++i)
    if (auto v = ind.column("RatImpLatH").number(i)) latrine[ind.column("adm3_pcode").text(i)] = *v;
  REQUIRE(latrine.size() > 1000);
  const auto gl = project.read("gap_classes");
  long deprived = 0, not_deprived = 0, no_value = 0;
  for (std::size_t i = 0; i < gl.size(); ++i) {
    const auto pc = gl.column("adm3_pcode").text(i);
    const auto cls = gl.column("class").text(i);
    CAPTURE(pc, cls);
    auto it = latrine.find(pc);
    if (it == latrine.end()) {
      // No Commune Database value: never a guess.
      CHECK(cls == "not_classified");
      CHECK_THAT(gl.column("reason").text(i), Contains("cdb_2011") || Contains("no villages"));
      ++no_value;
      continue;
    }
    const double rate = it->second / 100;
    REQUIRE(gl.column("deprivation_0_1").number(i));
    CHECK(*gl.column("deprivation_0_1").number(i) == Approx(rate));
    if (cls == "not_classified") continue;  // e.g. capacity unknown
    const bool dep = cls == "unaffordable" || cls == "unavailable_unaffordable";
    CHECK(dep == (rate <= 0.25));
    (dep ? deprived : not_deprived)++;
    // Households counted as deprived are those without an improved latrine.
    if (auto hh = gl.column("households").number(i))
      CHECK(gl.column("poor_households").number(i).value_or(-1) == Approx((1 - rate) * *hh).margin(1e-6));
  }
  CHECK(deprived > 100);
  CHECK(not_deprived > 100);
  CHECK(no_value < 100);
}

TEST_CASE("analyze with child-deprivation dimensions: table, columns, summary and --json", "[e2e][analyze][child]") {
  // No real child-deprivation data exist for Cambodia: a small commune table for the sample,
  // deterministic from the commune's position: health = i % 2, water = (i / 2) % 2 (0/1
  // flags), sanitation 60 % when i % 3 == 0 else 10 % (percent, detected). Cut-off 0.5.
  SampleCopy s;
  auto project = layers::Project::open(s.path.string());
  const auto communes = project.read("communes");
  const fs::path csv = s.dir / "child.csv";
  long expect[3] = {0, 0, 0};
  {
    std::ofstream f(csv);
    f << "adm3_pcode,health,water,san_pct\n";
    for (std::size_t i = 0; i < communes.size(); ++i) {
      const int h = int(i % 2), w = int((i / 2) % 2), san = i % 3 == 0 ? 60 : 10;
      f << communes.column("adm3_pcode").text(i) << "," << h << "," << w << "," << san << "\n";
      ++expect[std::min(h + w + (san >= 50), 2)];
    }
  }
  auto r = run_swsplan({"import", "--out", s.path.string(), "--indicator",
                        csv.string() + "?level=commune&key=adm3_pcode&name=child&crosswalk=no", "-q"},
                       s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"settings", s.path.string(), "--set", "analysis.child_deprivation_table=child", "--set",
                   "analysis.child_deprivation_fields=health=health;water=water;sanitation=san_pct", "-q"},
                  s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"analyze", s.path.string(), "--json", "-q"}, s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  const auto& cj = j["child_deprivation"];
  REQUIRE(cj.is_object());
  CHECK(cj["dimensions"] == nlohmann::json::array({"health", "sanitation", "water"}));
  CHECK(cj["deprivations"]["0"]["units"].get<long>() == expect[0]);
  CHECK(cj["deprivations"]["1"]["units"].get<long>() == expect[1]);
  CHECK(cj["deprivations"]["2plus"]["units"].get<long>() == expect[2]);
  double share = 0;
  for (const char* b : {"0", "1", "2plus"}) share += cj["deprivations"][b]["weight_share"].get<double>();
  CHECK(share == Approx(1.0));
  CHECK_THAT(cj["warnings"].dump(), Contains("san_pct") && Contains("percent"));

  project = layers::Project::open(s.path.string());
  REQUIRE(project.has("child_deprivation"));
  const auto t = project.read("child_deprivation");
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.column("level").text(i) == "nation") {
      CHECK(*t.column("units_2plus").number(i) == expect[2]);
      CHECK(*t.column("weight_share_2plus_0_1").number(i) ==
            Approx(cj["deprivations"]["2plus"]["weight_share"].get<double>()));
    }
  const auto gc = project.read("gap_communes");
  CHECK(gc.find("child_dep_2plus_0_1") >= 0);
  CHECK(gc.find("child_deprivations") >= 0);

  // The readable summary shows it; as the deprivation source, the rate is the 2+ share.
  r = run_swsplan({"settings", s.path.string(), "--set", "analysis.deprivation_source=child_deprivation", "-q"},
                  s.dir.path);
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"analyze", s.path.string(), "-q"}, s.dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("Child deprivation") && Contains("2plus") && Contains("2+ of 3 dimensions") &&
                        Contains("child_deprivation"));
  const auto gc2 = layers::Project::open(s.path.string()).read("gap_communes");
  for (std::size_t i = 0; i < gc2.size(); ++i) {
    auto rate = gc2.column("deprivation_0_1").number(i), two = gc2.column("child_dep_2plus_0_1").number(i);
    CHECK(rate.has_value() == two.has_value());
    if (rate && two) CHECK(*rate == Approx(*two));
  }
}
