// End-to-end tests of `swsplan import` and `swsplan info` on the bad-input corpus
// (tests/data/bad, see tests/data/README.md): every file gives a clear message and exit code
// and leaves the project and the inputs byte-for-byte unchanged; repairs, encodings and
// reproducible output. The national import is in test_cli_import_national.cpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "import_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

// A small valid project made by the CLI from the corpus' ok_* files: 2 districts, 4
// communes, 8 villages, one indicator table. Built once per test process.
const fs::path& base_project() {
  static TempDir dir("e2e_base");
  static const fs::path path = [] {
    const fs::path p = dir / "base.gpkg";
    auto r = run_swsplan({"import", "--out", p.string(), "--districts", bad("ok_districts.geojson"), "--communes",
                      bad("ok_communes.geojson"), "--villages", bad("ok_villages.csv"), "--indicator",
                      bad("ok_indicator.csv") + "?share=poor_share&name=poverty"},
                     dir.path);
    if (r.exit_code != 0) throw std::runtime_error("cannot build the base project: " + r.describe());
    return p;
  }();
  return path;
}

// Reads a table or layer of a project file.
gis::VectorLayer project_layer(const fs::path& project, const std::string& name) {
  return layers::Project::open(project.string()).read(name);
}



// Runs `swsplan import --out COPY ARGS` on a fresh copy of the base project and checks that
// the outcome leaves the copy unchanged when it fails.
struct Attempt {
  RunResult result;
  bool project_unchanged = false;
  bool no_leftovers = false;
  bool corpus_unchanged = false;
};

Attempt import_into_copy(const std::vector<std::string>& args, bool quiet = false) {
  TempDir dir("e2e_case");
  const fs::path project = dir / "project.gpkg";
  fs::copy_file(base_project(), project);
  const std::string before = sha256_file(project);
  const auto corpus_before = dir_fingerprint(bad_data());
  std::vector<std::string> full = {"import", "--out", project.string()};
  if (quiet) full.push_back("-q");
  full.insert(full.end(), args.begin(), args.end());
  Attempt a;
  a.result = run_swsplan(full, fs::temp_directory_path());
  a.project_unchanged = sha256_file(project) == before;
  a.no_leftovers = dir_fingerprint(dir.path).size() == 1;
  a.corpus_unchanged = dir_fingerprint(bad_data()) == corpus_before;
  return a;
}

struct BadCase {
  std::string what;
  std::vector<std::string> args;
  int exit_code;
  std::vector<std::string> must_say;  ///< substrings of stderr
};

}  // namespace

TEST_CASE("the base project of the corpus imports cleanly", "[e2e][corpus]") {
  const auto& p = base_project();
  auto proj = layers::Project::open(p.string());
  CHECK(proj.read("communes").size() == 4);
  CHECK(proj.read("districts").size() == 2);
  const auto v = proj.read("villages");
  REQUIRE(v.size() == 8);
  // Each village sits in the commune its code names (the corpus is drawn that way).
  for (std::size_t i = 0; i < v.size(); ++i)
    CHECK(v.column("adm3_pcode").text(i) == "KH" + v.column("vil_code").text(i).substr(0, 6));
  CHECK(proj.read("ind_poverty").size() == 4);
}

TEST_CASE("every bad input gives a clear error and leaves the project unchanged", "[e2e][corpus]") {
  const std::vector<BadCase> cases = {
      {"duplicate commune codes",
       {"--communes", bad("duplicate_codes_communes.geojson")},
       1,
       {"duplicate_codes_communes.geojson", "'adm3_pcode'", "KH010301", "duplicate"}},
      {"Shapefile without .prj",
       {"--communes", bad("missing_crs_communes.shp")},
       1,
       {"missing_crs_communes.shp", "coordinate reference system", "--assume-crs"}},
      {"CSV with x/y and no CRS",
       {"--villages", bad("missing_crs_villages.csv")},
       1,
       {"missing_crs_villages.csv", "coordinate reference system"}},
      {"empty layer", {"--communes", bad("empty_communes.shp")}, 1, {"empty_communes.shp", "empty"}},
      {"CSV rows without coordinates",
       {"--villages", bad("villages_missing_coords.csv")},
       1,
       {"villages_missing_coords.csv", "feature 3", "'lon'", "rows 3, 5"}},
      {"non-UTF-8 text with a .cpg claiming UTF-8",
       {"--communes", bad("cp1252_communes_cpg_says_utf8.shp")},
       1,
       {"cp1252_communes_cpg_says_utf8.shp", "feature 0", "'adm3_en'", "UTF-8", "?encoding=CP1252"}},
      {"truncated GeoJSON", {"--communes", bad("truncated_communes.geojson")}, 1, {"truncated_communes.geojson"}},
      {"duplicate indicator keys",
       {"--indicator", bad("duplicate_codes_indicator.csv")},
       1,
       {"duplicate_codes_indicator.csv", "feature 3", "'adm3_pcode'", "KH010201", "duplicates=first"}},
      {"NaN share",
       {"--indicator", bad("share_nan.csv") + "?share=poor_share"},
       1,
       {"share_nan.csv", "feature 2", "'poor_share'", "NaN"}},
      {"negative share",
       {"--indicator", bad("share_negative.csv") + "?share=poor_share"},
       1,
       {"share_negative.csv", "feature 3", "'poor_share'", "negative"}},
      {"share above 1",
       {"--indicator", bad("share_above_one.csv") + "?share=poor_share"},
       1,
       {"share_above_one.csv", "feature 4", "'poor_share'", "above 1", "flag_out_of_range=yes"}},
      {"file not found", {"--communes", bad("no_such_file.geojson")}, 1, {"no_such_file.geojson", "not found"}},
      {"layer not found",
       {"--communes", bad("ok_communes.geojson") + "#provinces"},
       1,
       {"ok_communes.geojson", "provinces", "no such layer"}},
      {"field not found",
       {"--villages", bad("ok_villages.csv") + "?households=hh_total"},
       1,
       {"ok_villages.csv", "hh_total", "households"}},
      {"unclosed polygon ring",
       {"--communes", bad("unclosed_ring_communes.geojson")},
       1,
       {"unclosed_ring_communes.geojson", "feature 1", "'geometry'", "KH010202", "not closed"}},
      {"repair that would overlap a neighbour",
       {"--communes", bad("hole_outside_shell_communes.geojson")},
       1,
       {"hole_outside_shell_communes.geojson", "feature 1", "KH010202", "overlap commune KH010302", "km²"}},
      {"village at (0, 0)",
       {"--villages", bad("zero_coords_villages.csv")},
       1,
       {"zero_coords_villages.csv", "feature 3", "'geometry'", "(0, 0)"}},
      {"facility outside the country",
       {"--facilities", bad("outside_country_facilities.csv")},
       1,
       {"outside_country_facilities.csv", "feature 2", "outside Cambodia"}},
      {"metres declared as degrees",
       {"--villages", bad("metres_as_degrees_villages.csv")},
       1,
       {"metres_as_degrees_villages.csv", "look like metres", "EPSG:32648"}},
      // usage errors: exit 2
      {"empty option value", {"--communes", ""}, 2, {"--communes", "empty value"}},
      {"unknown source option",
       {"--communes", bad("ok_communes.geojson") + "?cod=adm3_pcode"},
       2,
       {"'cod'", "ok_communes.geojson", "code"}},
      {"unknown indicator level", {"--indicator", bad("ok_indicator.csv") + "?level=hamlet"}, 2, {"hamlet"}},
      {"unknown service", {"--facilities", bad("ok_villages.csv") + "?service=spaceport"}, 2, {"spaceport"}},
      {"malformed source spec", {"--indicator", bad("ok_indicator.csv") + "?level"}, 2, {"key=value"}},
      {"nothing to import", {}, 2, {"nothing to import"}},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.what);
    const auto a = import_into_copy(c.args);
    INFO(a.result.describe());
    CHECK(a.result.exit_code == c.exit_code);
    for (const auto& s : c.must_say) CHECK_THAT(a.result.err, Contains(s));
    CHECK(a.project_unchanged);
    CHECK(a.no_leftovers);
    CHECK(a.corpus_unchanged);
    CHECK_THAT(a.result.err, !Contains("unexpected error"));
  }
}

TEST_CASE("the project cannot be one of the inputs", "[e2e][corpus]") {
  TempDir dir("e2e_self");
  const fs::path project = dir / "project.gpkg";
  fs::copy_file(base_project(), project);
  const auto before = sha256_file(project);
  auto r = run_swsplan({"import", "--out", project.string(), "--communes", project.string() + "#communes"}, dir.path);
  INFO(r.describe());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--out"));
  CHECK(sha256_file(project) == before);
  auto missing = run_swsplan({"import", "--communes", bad("ok_communes.geojson")}, dir.path);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("--out"));
}

TEST_CASE("a truncated Shapefile is refused and the project unchanged", "[e2e][corpus]") {
  // The .shp is cut inside the second of four records (.shx and .dbf intact).
  const auto a = import_into_copy({"--communes", bad("truncated_shp_communes.shp")});
  INFO(a.result.describe());
  CHECK(a.result.exit_code == 1);
  CHECK_THAT(a.result.err, Contains("truncated_shp_communes.shp"));
  CHECK(a.project_unchanged);
}

TEST_CASE("swapped lon/lat villages in a project with communes: the message says so", "[e2e][corpus]") {
  // With communes present the villages are located in them. Whatever the outcome (refused,
  // or imported with a warning), the user must be told that the columns look swapped.
  const auto a = import_into_copy({"--villages", bad("swapped_latlon_villages.csv")});
  INFO(a.result.describe());
  CHECK_THAT(a.result.err, Contains("look swapped"));
  CHECK_THAT(a.result.err, Contains("swapped_latlon_villages.csv"));
  if (a.result.exit_code != 0) CHECK(a.project_unchanged);
}

TEST_CASE("swapped lon/lat villages in a new project: refused, saying the columns look swapped", "[e2e][corpus]") {
  // Latitudes beyond 90 degrees cannot be placed anywhere: the import stops with the diagnosis
  // and writes nothing.
  TempDir dir("e2e_swap");
  const fs::path project = dir / "p.gpkg";
  auto r = run_swsplan({"import", "--out", project.string(), "--villages", bad("swapped_latlon_villages.csv")}, dir.path);
  INFO(r.describe());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("look swapped"));
  CHECK_THAT(r.err, Contains("swapped_latlon_villages.csv"));
  CHECK_FALSE(fs::exists(project));
}

TEST_CASE("a self-intersecting commune is repaired with a warning naming it", "[e2e][corpus]") {
  const auto a = import_into_copy({"--communes", bad("self_intersecting_communes.geojson")});
  INFO(a.result.describe());
  REQUIRE(a.result.exit_code == 0);
  CHECK_THAT(a.result.out, Contains("1 geometries repaired"));
  // GeoJSON feature ids count from 0: the bow tie is the second feature.
  CHECK_THAT(a.result.err, Contains("self_intersecting_communes.geojson: commune feature 1 was invalid"));
  CHECK_THAT(a.result.err, Contains("Self-intersection"));
  CHECK(a.corpus_unchanged);
}

TEST_CASE("a repair that changes a commune's area is flagged with the areas before and after", "[e2e][corpus]") {
  const auto a = import_into_copy({"--communes", bad("self_intersecting_communes.geojson")});
  INFO(a.result.describe());
  REQUIRE(a.result.exit_code == 0);
  CHECK_THAT(a.result.err, Contains("KH010202 (feature 1): the repair changed its area by more than 1 %"));
  CHECK_THAT(a.result.err, Contains("km² as drawn"));
}

TEST_CASE("re-imported communes: stored villages and facilities are placed again", "[e2e][corpus]") {
  TempDir dir("e2e_reimport");
  const fs::path project = dir / "p.gpkg";
  auto r = run_swsplan({"import", "--out", project.string(), "--communes", bad("ok_communes.geojson"), "--villages",
                        bad("ok_villages.csv"), "--facilities", bad("ok_villages.csv") + "?service=health_centre"},
                       dir.path);
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"import", "--out", project.string(), "--communes", bad("recoded_communes.geojson")}, dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("4 of 8 villages changed commune"));
  CHECK_THAT(r.out, Contains("4 of 8 facilities changed commune"));
  const auto communes = project_layer(project, "communes");
  std::set<std::string> codes;
  for (std::size_t i = 0; i < communes.size(); ++i) codes.insert(communes.column("adm3_pcode").text(i));
  for (const char* layer : {"villages", "facilities"}) {
    const auto l = project_layer(project, layer);
    REQUIRE(l.size() == 8);
    for (std::size_t i = 0; i < l.size(); ++i) {
      INFO(layer << " row " << i);
      CHECK(codes.count(l.column("adm3_pcode").text(i)) == 1);
    }
  }
  const auto v = project_layer(project, "villages");
  CHECK(v.column("adm3_pcode").text(row_of(v, "vil_code", "01020201")) == "KH010204");
  CHECK(join_report(project, "villages -> re-imported communes")["matched"] == 8);
}

TEST_CASE("repaired commune areas are sensible", "[e2e][corpus]") {
  TempDir dir("e2e_repair");
  const fs::path project = dir / "p.gpkg";
  auto r = run_swsplan({"import", "--out", project.string(), "--communes", bad("self_intersecting_communes.geojson")}, dir.path);
  REQUIRE(r.exit_code == 0);
  const auto c = project_layer(project, "communes");
  REQUIRE(c.size() == 4);
  const double square = *c.column("area_km2").number(row_of(c, "adm3_pcode", "KH010201"));
  const double bowtie = *c.column("area_km2").number(row_of(c, "adm3_pcode", "KH010202"));
  // A 0.1-degree square at 13.65 N: 0.1 * 111.32 km * cos(13.65 deg) by 0.1 * 110.6 km.
  CHECK(square == Approx(0.1 * 111.32 * std::cos(13.65 * M_PI / 180) * 0.1 * 110.6).epsilon(0.005));
  // The bow tie keeps its two triangles: half the square beside it.
  CHECK(bowtie == Approx(square / 2).epsilon(0.001));
  CHECK(c.geom.kind == gis::GeometryKind::Polygon);
}

TEST_CASE("unmatched indicator codes are reported and stored", "[e2e][corpus]") {
  TempDir dir("e2e_unmatched");
  const fs::path project = dir / "p.gpkg";
  fs::copy_file(base_project(), project);
  auto r = run_swsplan({"import", "--out", project.string(), "--indicator", bad("unmatched_codes_indicator.csv") + "?name=unm"},
                   dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("2 of 4 matched"));
  CHECK_THAT(r.out, Contains("KH019901"));
  CHECK_THAT(r.out, Contains("KH010399"));
  const auto rep = join_report(project, "ind_unm");
  INFO(rep.dump());
  CHECK(rep.dump().find("KH019901") != std::string::npos);
  CHECK(rep.dump().find("KH010399") != std::string::npos);
  const auto table = project_layer(project, layers::names::kJoinReports);
  const auto i = row_of(table, "name", rep.value("name", ""));
  CHECK(table.column("matched").text(i) == "2");
  CHECK(table.column("unmatched").text(i) == "2");
  CHECK(*table.column("match_rate").number(i) == Approx(0.5));
  // The rows themselves are kept (with their normalised key).
  CHECK(project_layer(project, "ind_unm").size() == 4);
}

TEST_CASE("shares given in percent are converted with a warning", "[e2e][corpus]") {
  TempDir dir("e2e_pct");
  const fs::path project = dir / "p.gpkg";
  fs::copy_file(base_project(), project);
  auto r = run_swsplan({"import", "--out", project.string(), "--indicator", bad("share_percent.csv") + "?share=poor_share&name=pct"},
                   dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("share_percent.csv"));
  CHECK_THAT(r.err, Contains("percent"));
  const auto t = project_layer(project, "ind_pct");
  REQUIRE(t.size() == 4);
  // The file's percent values divided by 100, row by row.
  const std::vector<double> want = {0.20, 0.25, 0.30, 0.30};
  for (std::size_t i = 0; i < 4; ++i) CHECK(*t.column("poor_share").number(i) == Approx(want[i]));
}

TEST_CASE("a CP1252 Shapefile with .cpg is stored as UTF-8", "[e2e][corpus]") {
  TempDir dir("e2e_cpg");
  const fs::path project = dir / "p.gpkg";
  auto r = run_swsplan({"import", "--out", project.string(), "--communes", bad("cp1252_communes_with_cpg.shp")}, dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  const auto c = project_layer(project, "communes");
  CHECK(c.column("name_en").text(row_of(c, "adm3_pcode", "KH010201")) == "Banteay N\xC3\xA2ng");
  CHECK(c.column("name_en").text(row_of(c, "adm3_pcode", "KH010202")) == "Bat Tr\xC3\xA9ng");
}

TEST_CASE("same inputs give a byte-identical project", "[e2e]") {
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);  // 2026-01-01T00:00:00Z
  TempDir dir("e2e_det");
  std::vector<std::string> hashes;
  for (const char* name : {"a.gpkg", "b.gpkg"}) {
    auto r = run_swsplan({"import", "-q", "--out", (dir / name).string(), "--communes", bad("ok_communes.geojson"),
                      "--villages", bad("ok_villages.csv"), "--indicator", bad("ok_indicator.csv") + "?name=poverty"},
                     dir.path);
    REQUIRE(r.exit_code == 0);
    hashes.push_back(sha256_file(dir / name));
  }
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(hashes[0] == hashes[1]);
}

TEST_CASE("swsplan info describes a project and fails clearly on a missing file", "[e2e]") {
  auto r = run_swsplan({"info", base_project().string(), "--json"});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["swsplan_project"] == true);
  std::map<std::string, std::int64_t> features;
  for (const auto& l : j["layers"]) features[l["name"].get<std::string>()] = l["features"].get<std::int64_t>();
  CHECK(features["communes"] == 4);
  CHECK(features["villages"] == 8);
  CHECK(features["districts"] == 2);

  auto text = run_swsplan({"info", base_project().string()});
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("communes"));
  CHECK_THAT(text.out, Contains("join reports"));

  auto missing = run_swsplan({"info", bad("no_such.gpkg")});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("no_such.gpkg"));

  auto help = run_swsplan({"import", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("--villages"));
  CHECK_THAT(help.out, Contains("share="));
}

// ---------------------------------------------------------------------------------------
// The national import, run once; expectations computed from the inputs.
