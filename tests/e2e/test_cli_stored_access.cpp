// End-to-end tests of access stored once and read downstream: `swsplan analyze` after
// `swsplan access` reads the stored per-village results and writes the very tables it writes
// when it searches itself (the demo province in network and raster modes, the national
// project in line mode), says so in its output and in the provenance of gap_communes, and
// searches again, naming the input, once a setting the search reads has changed.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

const std::vector<std::string> kGapTables = {"gap_communes", "gap_classes", "gap_summary", "district_priority"};

// Every value of every column of `layer`, as text, row by row.
std::vector<std::string> table_text(const fs::path& project, const std::string& layer) {
  const auto t = layers::Project::open(project.string()).read(layer);
  std::vector<std::string> out;
  for (const auto& c : t.columns) {
    std::string col = c.name + ":";
    for (std::size_t i = 0; i < c.size(); ++i) col += (c.is_null(i) ? "<null>" : c.text(i)) + "|";
    out.push_back(std::move(col));
  }
  return out;
}

std::string gap_provenance(const fs::path& project) {
  const auto p = layers::Project::open(project.string());
  std::string notes;
  for (const auto& r : p.provenance())
    if (r.layer == "gap_communes") notes = r.notes;  // the latest
  return notes;
}

void set(const fs::path& p, const std::vector<std::string>& kv) {
  std::vector<std::string> args = {"settings", p.string()};
  for (const auto& s : kv) args.insert(args.end(), {"--set", s});
  auto r = run_swsplan(args);
  REQUIRE(r.exit_code == 0);
}

// Analyses a copy that never ran `access` and `project` after `access` for `services`:
// equal tables, and the stored run named in the output and the provenance.
void check_same_as_searching(const fs::path& project, const std::vector<std::string>& services, const TempDir& dir) {
  const fs::path fresh = dir / "fresh.gpkg";
  fs::copy_file(project, fresh, fs::copy_options::overwrite_existing);
  auto a = run_swsplan({"analyze", "-q", fresh.string()}, dir.path);
  REQUIRE(a.exit_code == 0);
  // Nothing stored: no note beside each table, but the provenance says the search ran now.
  CHECK_THAT(a.out, !Contains("access: computed now"));
  CHECK_THAT(gap_provenance(fresh), Contains("access: computed now: no stored run of swsplan access"));
  for (const auto& s : services) {
    auto r = run_swsplan({"access", "-q", project.string(), "--service", s}, dir.path);
    REQUIRE(r.exit_code == 0);
  }
  auto b = run_swsplan({"analyze", "-q", project.string()}, dir.path);
  REQUIRE(b.exit_code == 0);
  for (const auto& s : services) {
    CHECK_THAT(b.out, Contains("access: read from stored access_" + s + " of "));
    CHECK_THAT(gap_provenance(project), Contains(s + ": access: read from stored access_" + s));
  }
  for (const auto& t : kGapTables) {
    INFO(t);
    CHECK(table_text(project, t) == table_text(fresh, t));
  }
}

}  // namespace

TEST_CASE("stored access: analyze after access writes the tables it writes when it searches (network, raster)",
          "[e2e][stored-access]") {
  TempDir dir("e2e_stored_sample");
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", p);
  set(p, {"health_centre.mode=network", "health_centre.threshold=60min", "school_upper_secondary.mode=raster",
          "school_upper_secondary.threshold=90min"});
  check_same_as_searching(p, {"health_centre", "school_upper_secondary"}, dir);

  SECTION("a norm that only classifies keeps the stored search; one the search reads does not") {
    set(p, {"health_centre.coverage_norm=0.6"});
    auto r = run_swsplan({"analyze", "-q", p.string()}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("access: read from stored access_health_centre"));
    set(p, {"health_centre.people_per_facility=9000"});
    r = run_swsplan({"analyze", "-q", p.string()}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("access: computed now: stored access_health_centre of ") &&
                          Contains("was made with other settings"));
    CHECK_THAT(r.out, Contains("access: read from stored access_school_upper_secondary"));
  }
  SECTION("a mode given to analyze is another search") {
    auto r = run_swsplan({"analyze", "-q", p.string(), "--mode", "line"}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("access: computed now: stored access_health_centre of ") &&
                          Contains("was made with other settings"));
  }
  SECTION("access stored as a scenario leaves the stored run of the service alone") {
    auto r = run_swsplan({"access", "-q", p.string(), "--service", "health_centre", "--mode", "line", "--threshold",
                          "5km", "--scenario", "near"},
                         dir.path);
    REQUIRE(r.exit_code == 0);
    r = run_swsplan({"analyze", "-q", p.string()}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("access: read from stored access_health_centre"));
  }
}

TEST_CASE("stored access: the national project in line mode gives the same gap tables", "[e2e][stored-access]") {
  TempDir dir("e2e_stored_national");
  const fs::path p = dir / "national.gpkg";
  auto r = run({"/bin/bash", std::string(SWSPLAN_SOURCE_DIR) + "/scripts/import_national.sh", p.string(), exe()},
               dir.path);
  REQUIRE(r.exit_code == 0);
  set(p, {"analysis.deprivation_source=commune:idp22_poor_share", "analysis.households_fallback=idp22_total_hh"});
  check_same_as_searching(p, {"health_centre", "school_upper_secondary"}, dir);
}
