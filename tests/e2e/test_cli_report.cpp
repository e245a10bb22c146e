// End-to-end tests of `swsplan report` (app/report): the real binary writes the commune
// profile (with a hand-made commune investment plan) and the district brief for the
// synthetic sample after `swsplan analyze`; `pdftotext` must find the key numbers exactly as
// the project tables hold them (coverage, class, deprivation, rank, index), the plan check
// must mark each project as computed by hand, errors name what to fix, and the project is
// never modified. Page 1 of each report is rendered with `pdftoppm` into the build tree
// (test-artifacts/report/report_*.png) for a person to look at.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "gis/io/vector.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

// `swsplan report` needs the desktop renderer: a build without the GUI (preset nogui) says
// so (have_renderer) and these tests have nothing to check there.
#define REQUIRE_RENDERER()                                                    \
  if (!have_renderer()) {                                                     \
    WARN("swsplan built without the desktop renderer: no report to check"); \
    return;                                                                   \
  }

struct Analysed {
  TempDir dir{"e2e_report"};
  fs::path path = dir / "demo.gpkg";
  Analysed() {
    auto r = run_swsplan({"sample", "--out", path.string(), "-q"}, dir.path);
    if (r.exit_code != 0) throw std::runtime_error(r.describe());
    r = run_swsplan({"analyze", path.string(), "-q"}, dir.path);
    if (r.exit_code != 0) throw std::runtime_error(r.describe());
  }
};
const Analysed& sample() {
  static Analysed a;
  return a;
}

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f %%", v * 100);
  return b;
}
std::string fixed(double v, int d) {
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", d, v);
  return b;
}

/// "1,234,567" (rounded to whole numbers), as the reports print money and counts.
std::string thousands(double v) {
  const long long n = std::llround(std::fabs(v));
  std::string d = std::to_string(n), out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return (v < 0 && n ? "-" : "") + out;
}

/// Without any blank: pdftotext guesses word spaces from glyph gaps ("1 - 1" may come out
/// as "1-1", a wrapped cell as "3, 171"), so numbers are compared with blanks removed.
std::string squeeze(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}
bool has(const std::string& text, const std::string& needle) { return squeeze(text).find(squeeze(needle)) != std::string::npos; }

int pdf_pages(const fs::path& pdf, const fs::path& scratch) {
  auto r = run({"/usr/bin/pdfinfo", pdf.string()}, scratch);
  REQUIRE(r.exit_code == 0);
  auto at = r.out.find("Pages:");
  REQUIRE(at != std::string::npos);
  return std::stoi(r.out.substr(at + 6));
}

/// Page 1 as PNG at 60 dpi in the build tree (test-artifacts/report), to look at.
void snapshot(const fs::path& pdf, const std::string& name, const fs::path& scratch) {
  const fs::path dir = fs::path(SWSPLAN_BINARY_DIR) / "test-artifacts" / "report";
  fs::create_directories(dir);
  const fs::path stem = dir / name;
  auto r = run({"/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.string(), stem.string()},
               scratch);
  CHECK(r.exit_code == 0);
  CHECK(fs::file_size(stem.string() + ".png") > 10000);
}

struct ClassRow {
  std::string service, cls;
  double coverage, deprivation;
};

std::map<std::string, std::vector<ClassRow>> gap_classes(const fs::path& project) {
  auto t = layers::Project::open(project.string()).read("gap_classes");
  std::map<std::string, std::vector<ClassRow>> m;
  for (std::size_t i = 0; i < t.size(); ++i)
    m[t.column("adm3_pcode").text(i)].push_back({t.column("service").text(i), t.column("class").text(i),
                                                  t.column("coverage_0_1").number(i).value_or(NAN),
                                                  t.column("deprivation_0_1").number(i).value_or(NAN)});
  return m;
}

}  // namespace

TEST_CASE("report commune: the numbers of gap_classes, the plan check by hand, page 1 as PNG", "[e2e][report]") {
  REQUIRE_RENDERER();
  const auto& s = sample();
  const auto before = sha256_file(s.path);
  const auto classes = gap_classes(s.path);
  // A commune with a health-centre gap of the unaffordable kind and a school gap that a
  // supply-side project addresses.
  std::string pcode, supply_service;
  for (const auto& [pc, rows] : classes) {
    bool hc_unaff = false;
    std::string sup;
    for (const auto& r : rows) {
      if (r.service == "health_centre" && r.cls == "unaffordable") hc_unaff = true;
      if (r.service.rfind("school_", 0) == 0 && (r.cls == "unavailable" || r.cls == "unavailable_unaffordable"))
        sup = r.service;
    }
    if (hc_unaff && !sup.empty()) {
      pcode = pc;
      supply_service = sup;
      break;
    }
  }
  REQUIRE_FALSE(pcode.empty());
  INFO("commune " << pcode << ", supply gap " << supply_service);

  // The plan, by hand: HEF addresses the health-centre gap (demand side), classrooms the
  // school gap (supply side), irrigation no gap; a row of another commune is left out.
  const fs::path plan = s.dir / "plan.csv";
  {
    std::ofstream f(plan);
    f << "project,type,location,cost_usd,adm3_pcode\n"
      << "HEF top-up for ID-Poor families,heef,,2500," << pcode << "\n"
      << "Two classrooms,classrooms,Phum Thmei,30000," << pcode << "\n"
      << "Irrigation canal repair,irrigation,Phum Chas,9000," << pcode << "\n"
      << "Somebody else's road,road,,1," << (pcode == "KH900101" ? "KH900102" : "KH900101") << "\n";
  }
  const fs::path out = s.dir / "commune.pdf";
  auto r = run_swsplan({"report", "commune", pcode, s.path.string(), "--out", out.string(), "--cip", plan.string(), "--json"},
                       s.dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["pages"].get<int>() >= 1);
  CHECK(j["units"] == nlohmann::json::array({pcode}));
  CHECK(sha256_file(s.path) == before);

  const std::string text = pdf_text(out, s.dir.path);
  INFO(text.substr(0, 3000));
  CHECK_THAT(text, Contains("Commune profile") && Contains(pcode));
  for (const auto& row : classes.at(pcode)) {
    CAPTURE(row.service, row.cls);
    if (std::isfinite(row.coverage)) CHECK(has(text, pct(row.coverage)));
  }
  const auto& first = classes.at(pcode).front();
  CHECK(has(text, pct(first.deprivation)));  // the deprivation rate in the ID-Poor table
  CHECK_THAT(text, Contains("ID-Poor"));
  // Classes as printed (legend wording).
  CHECK(has(text, "unaffordable (demand side)"));
  // Plan check, by hand.
  CHECK(has(text, "addresses a gap: Health centre (unaffordable (demand side))"));
  CHECK_THAT(text, Contains("addresses no gap"));
  CHECK(has(text, "Planned: 41,500 USD, of which 32,500 USD on projects that address a gap."));
  CHECK_THAT(text, Contains("Gaps no project addresses"));
  CHECK_FALSE(Contains("Somebody else").match(text));
  // The map shows the communes in their gap classes, the worst over the services (its legend
  // is text; the map's labels are drawn as outlines, so pdftotext cannot see them).
  CHECK(has(text, "Gap: worst service"));
  snapshot(out, "report_commune_sample", s.dir.path);
}

TEST_CASE("report commune: a district batch is one PDF with a page per commune", "[e2e][report]") {
  REQUIRE_RENDERER();
  const auto& s = sample();
  const auto classes = gap_classes(s.path);
  const std::string district = classes.begin()->first.substr(0, 6);
  int communes = 0;
  for (const auto& [pc, rows] : classes) communes += pc.rfind(district, 0) == 0;
  const fs::path out = s.dir / "batch.pdf";
  auto r = run_swsplan({"report", "commune", s.path.string(), "--district", district, "--out", out.string(), "--json"},
                       s.dir.path);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["units"].size() == static_cast<std::size_t>(communes));
  CHECK(pdf_pages(out, s.dir.path) == j["pages"].get<int>());
  CHECK(j["pages"].get<int>() >= communes);
  const std::string text = pdf_text(out, s.dir.path);
  for (const auto& u : j["units"]) CHECK_THAT(text, Contains(u.get<std::string>()));
}

TEST_CASE("report district: ranks, indices and ranges of district_priority, page 1 as PNG", "[e2e][report]") {
  REQUIRE_RENDERER();
  const auto& s = sample();
  const fs::path out = s.dir / "brief.pdf";
  auto r = run_swsplan({"report", "district", s.path.string(), "--out", out.string(), "--top", "4", "-q"}, s.dir.path);
  REQUIRE(r.exit_code == 0);
  const std::string text = pdf_text(out, s.dir.path);
  INFO(text.substr(0, 3000));
  auto t = layers::Project::open(s.path.string()).read("district_priority");
  REQUIRE(t.size() == 4);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string name = t.column("name_en").text(i);
    const int rank = static_cast<int>(*t.column("rank").number(i));
    CAPTURE(name);
    CHECK(has(text, std::to_string(rank) + ". " + name));  // chart label
    CHECK_THAT(text, Contains(t.column("adm2_pcode").text(i)));
    CHECK(has(text, fixed(*t.column("priority_index").number(i), 3)));
    // The table row (the name's last occurrence; pdftotext may swap neighbouring cells):
    // its code, index and rank range follow within the row.
    const auto at = text.rfind(name);
    REQUIRE(at != std::string::npos);
    const std::string row = text.substr(at, name.size() + 60);
    CAPTURE(row);
    CHECK(has(row, t.column("adm2_pcode").text(i)));
    CHECK(has(row, fixed(*t.column("priority_index").number(i), 3)));
    CHECK(has(row, t.column("rank_min").text(i) + " - " + t.column("rank_max").text(i)));
  }
  CHECK_THAT(text, Contains("District priority brief") && Contains("Method"));
  // The source line names the demand basis only: where each access search came from stays in
  // the provenance (it once ran the brief onto a second page).
  CHECK(has(text, "Households and poor households: village counts"));
  CHECK_FALSE(Contains("access: computed now").match(text));
  CHECK_FALSE(Contains("access: read from").match(text));
  CHECK(pdf_pages(out, s.dir.path) == 1);
  snapshot(out, "report_district_sample", s.dir.path);
}

TEST_CASE("report in Khmer: the PDF carries Khmer text", "[e2e][report]") {
  REQUIRE_RENDERER();
  const auto& s = sample();
  const auto pcode = gap_classes(s.path).begin()->first;
  const fs::path out = s.dir / "commune_km.pdf";
  auto r = run_swsplan({"report", "commune", pcode, s.path.string(), "--out", out.string(), "--lang", "km", "-q"},
                       s.dir.path);
  REQUIRE(r.exit_code == 0);
  const std::string text = pdf_text(out, s.dir.path);
  CHECK_THAT(text, Contains(pcode));
  // Khmer script (U+1780..U+17FF: UTF-8 E1 9E xx / E1 9F xx) is in the text layer.
  CHECK((text.find("\xE1\x9E") != std::string::npos || text.find("\xE1\x9F") != std::string::npos));
  auto fonts = run({"/usr/bin/pdffonts", out.string()}, s.dir.path);
  CHECK_THAT(fonts.out, Contains("Khmer"));
  snapshot(out, "report_commune_sample_km", s.dir.path);
}

TEST_CASE("report errors: no analysis, bad plan row, unknown commune, nothing written", "[e2e][report]") {
  REQUIRE_RENDERER();
  TempDir dir("e2e_report_err");
  const fs::path raw = dir / "raw.gpkg";
  REQUIRE(run_swsplan({"sample", "--out", raw.string(), "-q"}, dir.path).exit_code == 0);
  const auto before = sha256_file(raw);
  auto r = run_swsplan({"report", "commune", "KH900101", raw.string(), "--out", (dir / "x.pdf").string()}, dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("gap_classes") && Contains("swsplan analyze"));
  r = run_swsplan({"report", "district", raw.string(), "--out", (dir / "y.pdf").string()}, dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("district_priority") && Contains("swsplan analyze"));
  CHECK(sha256_file(raw) == before);

  const auto& s = sample();
  const auto pcode = gap_classes(s.path).begin()->first;
  const fs::path bad = dir / "bad_plan.csv";
  std::ofstream(bad) << "project,type,cost_usd\nRoad,road,100\nClinic,health centre,lots\n";
  r = run_swsplan({"report", "commune", pcode, s.path.string(), "--out", (dir / "z.pdf").string(), "--cip", bad.string()},
                  dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("bad_plan.csv") && Contains("feature 2") && Contains("cost_usd") && Contains("lots"));
  // A district batch with a plan that has neither commune codes nor points: refused (else
  // every commune's page would list the whole plan), naming file, row and field.
  const fs::path nocodes = dir / "no_codes.csv";
  std::ofstream(nocodes) << "project,type,cost_usd\nRoad,road,100\n";
  r = run_swsplan({"report", "commune", s.path.string(), "--district", pcode.substr(0, 6), "--out",
                   (dir / "b.pdf").string(), "--cip", nocodes.string()},
                  dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("no_codes.csv") && Contains("feature 1") && Contains("adm3_pcode"));
  CHECK_FALSE(fs::exists(dir / "b.pdf"));
  r = run_swsplan({"report", "commune", "KH999999", s.path.string(), "--out", (dir / "z.pdf").string()}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("KH999999"));
  r = run_swsplan({"report", "commune", pcode, s.path.string(), "--out", (dir / "z.png").string()}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "z.pdf"));
  CHECK_FALSE(fs::exists(dir / "z.pdf.tmp.pdf"));
}

TEST_CASE("report scenario: cost table and comparison equal the layers API", "[e2e][report]") {
  REQUIRE_RENDERER();
  const auto& s = sample();
  TempDir dir("e2e_report_scen");
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(s.path, p);
  for (const char* n : {"2", "4"}) {
    auto r = run_swsplan({"site", p.string(), "--model", "mclp", "--p", n, "--scenario", std::string("p") + n, "-q"}, dir.path);
    REQUIRE(r.exit_code == 0);
  }
  // Without a stored cost table the report stops and says how to make one.
  auto r = run_swsplan({"report", "scenario", p.string(), "p2", "--out", (dir / "no.pdf").string(), "-q"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("cost_p2") && Contains("swsplan cost") && Contains("--scenario p2"));
  CHECK_FALSE(fs::exists(dir / "no.pdf"));
  // A PWP road (the far road of test_cli_cost) whose labour p2's stored table includes: the
  // report must print the stored table (with the road), not a recomputation without it.
  const auto works = dir / "far.geojson";
  {
    std::ofstream o(works);
    o << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"work":"new","road_class":"rural"},)"
      << R"("geometry":{"type":"LineString","coordinates":[[105.2,11.8],[105.25,11.8]]}}]})";
  }
  REQUIRE(run_swsplan({"pwp", p.string(), "--roads", works.string(), "--scenario", "far", "--services", "health_centre",
                       "--threshold", "60min", "-q"},
                      dir.path)
              .exit_code == 0);
  REQUIRE(run_swsplan({"cost", p.string(), "--scenario", "p2", "--with-pwp", "far", "-q"}, dir.path).exit_code == 0);
  REQUIRE(run_swsplan({"cost", p.string(), "--scenario", "p4", "-q"}, dir.path).exit_code == 0);
  const auto before = sha256_file(p);
  const fs::path one = dir / "p2.pdf", two = dir / "p2_p4.pdf";
  r = run_swsplan({"report", "scenario", p.string(), "p2", "--out", one.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"report", "scenario", p.string(), "compare", "p2", "p4", "--out", two.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(sha256_file(p) == before);

  const auto project = layers::Project::open(p.string());
  // The stored table, read row by row (not through the report's own reader).
  const auto stored = project.read("cost_p2");
  std::map<std::string, double> total_usd, quantity;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto item = stored.column("item").text(i);
    if (auto v = stored.column("total_usd").number(i)) total_usd[item] = *v;
    if (auto v = stored.column("quantity").number(i)) quantity[item] = *v;
  }
  REQUIRE(total_usd.count("pwp_labour"));
  REQUIRE(total_usd.at("pwp_labour") > 0);
  const auto recomputed = layers::cost_scenario(project, "p2");  // without --with-pwp
  REQUIRE(recomputed.first_year_usd != Approx(total_usd.at("total_first_year")));
  std::string text = pdf_text(one, dir.path);
  INFO(text.substr(0, 3000));
  CHECK_THAT(text, Contains("Scenario: p2"));
  CHECK_THAT(text, Contains("PWP road works: labour"));
  for (const char* item : {"total_one_off", "total_per_year", "total_first_year", "pwp_labour", "office_setup",
                           "office_running", "cash_transfer"}) {
    CAPTURE(item);
    CHECK(has(text, thousands(total_usd.at(item))));
  }
  CHECK(has(text, thousands(quantity.at("poor_households_newly_reached"))));
  // Counts of offices and vans are whole numbers.
  CHECK(has(text, thousands(quantity.at("office_setup")) + " offices"));
  CHECK_FALSE(has(text, ".0 offices"));
  CHECK_FALSE(has(text, ".0 vans"));
  CHECK_FALSE(has(text, thousands(recomputed.first_year_usd)));
  snapshot(one, "report_scenario_sample", dir.path);

  const auto diff = layers::compare_scenarios_full(project, "p2", "p4");
  text = pdf_text(two, dir.path);
  CHECK_THAT(text, Contains("Scenario comparison: A = p2, B = p4"));
  CHECK(has(text, "Total " + thousands(diff.total.poor_households) + " " + thousands(diff.total.covered_poor_a) + " " +
                      thousands(diff.total.covered_poor_b) + " " + thousands(diff.total.diff_covered_poor)));
  for (const auto& d : diff.districts) CHECK_THAT(text, Contains(d.code));
  snapshot(two, "report_compare_sample", dir.path);

  r = run_swsplan({"report", "scenario", p.string(), "nosuch", "--out", (dir / "x.pdf").string()}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("nosuch"));
}

TEST_CASE("report on a real province (Preah Vihear, KH13) from the national data", "[e2e][report][national]") {
  REQUIRE_RENDERER();
  TempDir dir("e2e_report_national");
  const fs::path p = dir / "national.gpkg";
  auto r = run({"/bin/bash", std::string(SWSPLAN_SOURCE_DIR) + "/scripts/import_national.sh", p.string(), exe()}, dir.path);
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"settings", p.string(), "--set", "analysis.deprivation_source=commune:idp22_poor_share", "--set",
                   "analysis.households_fallback=idp22_total_hh", "-q"},
                  dir.path);
  REQUIRE(r.exit_code == 0);
  REQUIRE(run_swsplan({"analyze", p.string(), "-q"}, dir.path).exit_code == 0);

  // Commune profile: every service's coverage and the deprivation rate as in gap_classes;
  // the ID-Poor vintage is the 2022 commune data.
  const std::string pcode = "KH130704";
  const fs::path commune = dir / "commune.pdf";
  r = run_swsplan({"report", "commune", pcode, p.string(), "--out", commune.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  std::string text = pdf_text(commune, dir.path);
  INFO(text.substr(0, 3000));
  const auto classes = gap_classes(p);
  REQUIRE(classes.count(pcode));
  for (const auto& row : classes.at(pcode)) {
    CAPTURE(row.service);
    if (std::isfinite(row.coverage)) CHECK(has(text, pct(row.coverage)));
    CHECK(has(text, pct(row.deprivation)));
  }
  CHECK(has(text, "ID-Poor 2022"));
  CHECK(has(text, "Preah Vihear (KH13)"));
  snapshot(commune, "report_commune_KH130704", dir.path);

  // KH170405 (Siem Reap): the households and poor households of ID-Poor 2022, which the
  // profile names as their source.
  const fs::path kh17 = dir / "kh170405.pdf";
  r = run_swsplan({"report", "commune", "KH170405", p.string(), "--out", kh17.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  text = pdf_text(kh17, dir.path);
  INFO(text.substr(0, 3000));
  CHECK(has(text, "3,774"));
  CHECK(has(text, "1,167"));
  CHECK(has(text, "Households and poor households: ID-Poor 2022 commune totals"));

  // District brief for the province: each of its districts with its national rank, index and range.
  const fs::path brief = dir / "brief.pdf";
  r = run_swsplan({"report", "district", p.string(), "--province", "KH13", "--out", brief.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  text = pdf_text(brief, dir.path);
  auto t = layers::Project::open(p.string()).read("district_priority");
  int in_province = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.column("adm2_pcode").text(i).rfind("KH13", 0) != 0) continue;
    ++in_province;
    const std::string name = t.column("name_en").text(i);
    CAPTURE(name);
    CHECK(has(text, t.column("rank").text(i) + ". " + name));
    const auto at = text.rfind(name);
    REQUIRE(at != std::string::npos);
    const std::string row = text.substr(at, name.size() + 60);
    CHECK(has(row, fixed(*t.column("priority_index").number(i), 3)));
    CHECK(has(row, t.column("rank_min").text(i) + " - " + t.column("rank_max").text(i)));
  }
  CHECK(in_province == 8);
  CHECK(has(text, "8 of 197 districts"));
  snapshot(brief, "report_district_KH13", dir.path);

  // The national brief spans provinces: each ranked district says which province it is in.
  const fs::path national = dir / "brief_national.pdf";
  r = run_swsplan({"report", "district", p.string(), "--top", "12", "--out", national.string(), "-q"}, dir.path);
  REQUIRE(r.exit_code == 0);
  text = pdf_text(national, dir.path);
  CHECK(has(text, "District priority brief: Cambodia (national)"));  // import --name, not the file name
  const auto pv = layers::Project::open(p.string()).read("provinces");
  std::map<std::string, std::string> province;
  for (std::size_t i = 0; i < pv.size(); ++i) province[pv.column("adm1_pcode").text(i)] = pv.column("name_en").text(i);
  const auto table = text.find("Ranked districts");
  REQUIRE(table != std::string::npos);
  int named = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (*t.column("rank").number(i) > 12) continue;
    const std::string code = t.column("adm2_pcode").text(i), name = t.column("name_en").text(i);
    CAPTURE(name, code);
    const auto at = text.find(name, table);
    REQUIRE(at != std::string::npos);
    CHECK(has(text.substr(at, name.size() + 80), province.at(code.substr(0, 4))));
    ++named;
  }
  CHECK(named == 12);
}

TEST_CASE("commune profile with a lower-is-worse indicator: deprived as analyze stored it, no ID-Poor labels",
          "[e2e][report]") {
  // A latrine-style share per commune (higher is better): 0.6 or 0.1, deprived when <= 25 %.
  // The profile must print gap_communes.deprived (no for 0.6), not re-derive rate >= threshold,
  // and must not call the households counted "ID-Poor".
  REQUIRE_RENDERER();
  const auto& s = sample();
  TempDir dir("e2e_report_lower");
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(s.path, p);
  const auto communes = layers::Project::open(p.string()).read("communes");
  const fs::path csv = dir / "lat.csv";
  {
    std::ofstream f(csv);
    f << "adm3_pcode,share\n";
    for (std::size_t i = 0; i < communes.size(); ++i)
      f << communes.column("adm3_pcode").text(i) << "," << (i % 2 ? "0.1" : "0.6") << "\n";
  }
  auto r = run_swsplan({"import", "--out", p.string(), "--indicator",
                        csv.string() + "?level=commune&key=adm3_pcode&name=lat&crosswalk=no", "-q"},
                       dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"settings", p.string(), "--set", "analysis.deprivation_source=indicator:lat:share", "--set",
                   "analysis.deprivation_direction=lower_is_worse", "--set", "analysis.deprivation_threshold=0.25", "-q"},
                  dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"analyze", p.string(), "-q"}, dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  const auto gc = layers::Project::open(p.string()).read("gap_communes");
  std::string good, bad;  // a commune with share 0.6 (not deprived) and one with 0.1 (deprived)
  for (std::size_t i = 0; i < gc.size(); ++i) {
    const auto dep = gc.column("deprived").number(i), rate = gc.column("deprivation_0_1").number(i);
    if (!dep || !rate) continue;
    if (*rate > 0.5 && *dep == 0 && good.empty()) good = gc.column("adm3_pcode").text(i);
    if (*rate < 0.2 && *dep == 1 && bad.empty()) bad = gc.column("adm3_pcode").text(i);
  }
  REQUIRE_FALSE(good.empty());
  REQUIRE_FALSE(bad.empty());
  for (const auto& [pcode, expect] : {std::pair{good, std::string("no")}, std::pair{bad, std::string("yes")}}) {
    CAPTURE(pcode);
    const fs::path out = dir / (pcode + ".pdf");
    r = run_swsplan({"report", "commune", pcode, p.string(), "--out", out.string(), "-q"}, dir.path);
    REQUIRE(r.exit_code == 0);
    const std::string text = pdf_text(out, dir.path);
    INFO(text.substr(0, 3000));
    CHECK(has(text, "<= " + pct(0.25) + " " + expect));
    CHECK_THAT(text, Contains("Deprived households"));
    CHECK_THAT(text, !Contains("ID-Poor 1+2"));
    CHECK_THAT(text, !Contains("ID-Poor 20"));
  }
}
