// End-to-end tests of `swsplan referral` on a copy of the demo province and on the national
// data of ../shared/data/khm: line mode against a brute force over every hospital read back
// from the project, the summary recomputed from the printed rows, the stored lines with
// their QGIS style, the operational-district grouping of the real data against the source
// layer, and the refusals (bad mode, unknown province).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "e2e_util.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"

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

// The summary from the rows, independently of the program.
void check_summary(const nlohmann::json& j) {
  std::vector<double> mins;
  for (const auto& r : j["rows"])
    if (!r["time_min"].is_null()) mins.push_back(r["time_min"].get<double>());
  std::sort(mins.begin(), mins.end());
  REQUIRE(!mins.empty());
  const std::size_t n = mins.size();
  const auto& s = j["summary"];
  CHECK(s["with_time"].get<std::size_t>() == n);
  CHECK(s["median_min"].get<double>() == Approx(n % 2 ? mins[n / 2] : (mins[n / 2 - 1] + mins[n / 2]) / 2));
  CHECK(s["longest_min"].get<double>() == Approx(mins.back()));
  CHECK(s["beyond_60_min"].get<std::size_t>() ==
        static_cast<std::size_t>(std::count_if(mins.begin(), mins.end(), [](double m) { return m > 60; })));
  CHECK(s["beyond_120_min"].get<std::size_t>() ==
        static_cast<std::size_t>(std::count_if(mins.begin(), mins.end(), [](double m) { return m > 120; })));
}
}  // namespace

TEST_CASE("swsplan referral on the demo province: brute force, summary, stored lines", "[e2e][referral]") {
  TempDir dir("referral");
  const auto p = sample_copy(dir).string();
  auto r = cli({"referral", p, "--mode", "line", "--json", "--quiet"}, dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  check_summary(j);

  // Brute force: every centre against every hospital, straight distance in the metric CRS.
  const auto project = layers::Project::open(p);
  const auto fac = project.read("facilities");
  const auto metric = gis::metric_crs_for(project.read("communes").extent());
  const auto fm = gis::reproject(fac, metric);
  std::map<std::string, std::pair<double, double>> hosp;
  std::map<std::string, std::pair<double, double>> centre;
  for (std::size_t i = 0; i < fm.size(); ++i) {
    const auto xy = *fm.geom.first_xy(i);
    const auto svc = fm.column("service").text(i);
    if (svc == "referral_hospital") hosp[fm.column("facility_id").text(i)] = xy;
    if (svc == "health_centre") centre[fm.column("facility_id").text(i)] = xy;
  }
  REQUIRE(hosp.size() >= 1);
  REQUIRE(j["rows"].size() == centre.size());
  for (const auto& row : j["rows"]) {
    const auto c = centre.at(row["centre_id"].get<std::string>());
    std::string best;
    double best_d = INFINITY;
    for (const auto& [id, h] : hosp)
      if (const double d = std::hypot(c.first - h.first, c.second - h.second); d < best_d) best_d = d, best = id;
    INFO(row.dump());
    CHECK(row["hospital_id"] == best);
    CHECK(row["distance_km"].get<double>() == Approx(best_d / 1000).epsilon(1e-6));
    CHECK(row["time_min"].get<double>() == Approx(best_d / (20 / 3.6) / 60).epsilon(1e-6));  // 20 km/h default
  }

  // Network mode: stored lines, one per centre with a time, styled for QGIS; a second run
  // replaces them.
  for (int k = 0; k < 2; ++k) {
    auto rn = cli({"referral", p, "-m", "network", "--json", "--quiet"}, dir.path);
    REQUIRE(rn.exit_code == 0);
    const auto jn = nlohmann::json::parse(rn.out);
    check_summary(jn);
    const auto stored = layers::Project::open(p);
    REQUIRE(stored.has("referral_network"));
    CHECK(stored.read("referral_network").size() == jn["summary"]["with_time"].get<std::size_t>());
    const auto styles = stored.read("layer_styles");
    std::size_t s = 0;
    for (std::size_t i = 0; i < styles.size(); ++i)
      s += styles.column("f_table_name").text(i) == "referral_network";
    CHECK(s == (have_renderer() ? 1u : 0u));
  }
  auto text = cli({"referral", p, "-m", "raster", "--quiet"}, dir.path);
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("median"));
  CHECK_THAT(text.out, Contains("straight line"));

  auto bad = cli({"referral", p, "-m", "boat"}, dir.path);
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Contains("--mode"));
  auto nop = cli({"referral", p, "--province", "KH99", "--quiet"}, dir.path);
  CHECK(nop.exit_code != 0);
  CHECK_THAT(nop.err, Contains("KH99"));
}

TEST_CASE("swsplan referral on the national data: operational districts from the source layer", "[e2e][real][referral]") {
  TempDir dir("referral_national");
  const auto D = shared_data().string();
  const auto p = (dir / "national.gpkg").string();
  auto imp = cli({"import", "--quiet", "--out", p, "--communes", D + "/khm.gpkg#communes", "--villages",
                  D + "/khm.gpkg#villages?households=hh_total_est", "--facilities",
                  D + "/khm.gpkg#health_facilities?service_field=facility_type"},
                 dir.path);
  REQUIRE(imp.exit_code == 0);
  auto r = cli({"referral", p, "-m", "line", "--assigned-by", "od_code", "--json", "--quiet"}, dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  check_summary(j);
  // From the source: the od_code of every hospital, and of every centre.
  gis::ReadOptions o;
  o.layer = "health_facilities";
  const auto src = gis::read_vector((shared_data() / "khm.gpkg").string(), o);
  std::set<std::string> od_with_hospital;
  std::map<std::string, std::string> od_of, hosp_od;
  std::size_t centres = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    const auto t = src.column("facility_type").text(i), od = src.column("od_code").text(i);
    if (t == "referral_hospital") od_with_hospital.insert(od), hosp_od[src.column("facility_id").text(i)] = od;
    if (t == "health_centre") ++centres, od_of[src.column("facility_id").text(i)] = od;
  }
  std::size_t orphans = 0;
  for (const auto& [id, od] : od_of) orphans += !od_with_hospital.count(od);
  CHECK(orphans == 47);  // 909 of the 956 centres share an OD code with a hospital (2010 data)
  REQUIRE(j["rows"].size() == centres);
  CHECK(j["summary"]["with_time"].get<std::size_t>() == centres - orphans);
  for (const auto& row : j["rows"]) {
    const auto od = od_of.at(row["centre_id"].get<std::string>());
    if (!od_with_hospital.count(od)) {
      CHECK(row["hospital_id"] == "");
      CHECK_THAT(row["note"].get<std::string>(), Contains("od_code = " + od));
    } else {
      CHECK(hosp_od.at(row["hospital_id"].get<std::string>()) == od);  // never another district's hospital
    }
  }
}
