// End-to-end tests of the "did you mean" in usage errors: the real binary, given a misspelt
// verb, sub-verb or service id, exits 2 (usage), names what it did not know and where, and
// suggests the one name that is close, or lists the names when none is. The sample project
// is a copy, and the copy is left byte-for-byte unchanged.
#include <catch2/catch.hpp>
#include <string>

#include "e2e_util.hpp"

using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

struct SampleCopy {
  TempDir dir{"e2e_did_you_mean"};
  fs::path path = dir / "demo.gpkg";
  std::string p = path.string();
  SampleCopy() { fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path); }
};

const std::string kVerbs =
    "Verbs: info, import, sample, access, analyze, settings, map, report, site, scenarios, cost, pwp, compare, "
    "scale-up, referral";
const std::string kServices =
    "Known: health_centre, health_post, referral_hospital, school_primary, school_lower_secondary, "
    "school_upper_secondary, tvet_centre, job_centre, sws_office";

}  // namespace

TEST_CASE("a misspelt verb: exit 2, the verb it did not know and the one it may be, or the list", "[e2e][cli]") {
  SampleCopy s;
  const auto before = sha256_file(s.path);
  auto r = run_swsplan({"analyse", s.p}, s.dir.path);
  INFO(r.describe());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "swsplan: unknown verb 'analyse'; did you mean 'analyze'? (swsplan --help)\n");

  // Global flags before the verb; a swap of two letters; a capital; a verb cut short.
  for (const auto& [given, meant] : std::vector<std::pair<std::string, std::string>>{
           {"acess", "access"}, {"ifno", "info"}, {"Analyze", "analyze"}, {"scen", "scenarios"}}) {
    r = run_swsplan({"--json", "-q", given, s.p}, s.dir.path);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK(r.err == "swsplan: unknown verb '" + given + "'; did you mean '" + meant + "'? (swsplan --help)\n");
  }
  // Far from every verb, or as near to two (scenarios, scale-up): no guess, the list of verbs.
  for (const std::string given : {"frobnicate", "sc"}) {
    r = run_swsplan({given, s.p}, s.dir.path);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK(r.err == "swsplan: unknown verb '" + given + "'. " + kVerbs + " (swsplan --help)\n");
  }
  CHECK(sha256_file(s.path) == before);
}

TEST_CASE("a misspelt sub-verb of report: exit 2 and the sub-verb it may be", "[e2e][cli]") {
  SampleCopy s;
  auto r = run_swsplan({"report", "distrct", s.p, "--out", (s.dir / "brief.pdf").string()}, s.dir.path);
  INFO(r.describe());
  CHECK(r.exit_code == 2);
  CHECK(r.err == "swsplan: unknown 'report' sub-verb 'distrct'; did you mean 'district'? (swsplan report --help)\n");
  CHECK_FALSE(fs::exists(s.dir / "brief.pdf"));
  r = run_swsplan({"report", "brief", s.p}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("unknown 'report' sub-verb 'brief'. Sub-verbs: commune, district, scenario"));
}

TEST_CASE("a misspelt service: exit 2, the option, the value and the id it may be, or the list", "[e2e][cli]") {
  SampleCopy s;
  const auto before = sha256_file(s.path);
  auto r = run_swsplan({"analyze", s.p, "--services", "helth_centre", "-q"}, s.dir.path);
  INFO(r.describe());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "swsplan: unknown service 'helth_centre' in --services; did you mean 'health_centre'?\n");

  // One bad id in a list; a label as a planner types it; an alias misspelt suggests its id.
  r = run_swsplan({"analyze", s.p, "--services", "health_centre,scool_primary", "-q"}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "swsplan: unknown service 'scool_primary' in --services; did you mean 'school_primary'?\n");
  r = run_swsplan({"access", s.p, "--service", "Helth Centre", "-q"}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "swsplan: unknown service 'Helth Centre' in --service; did you mean 'health_centre'?\n");
  r = run_swsplan({"access", s.p, "--service", "primary_scool", "-q"}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("in --service; did you mean 'school_primary'?"));
  r = run_swsplan({"settings", s.p, "--set", "helth_centre.threshold=60min"}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "swsplan: unknown service 'helth_centre' in --set helth_centre.threshold=60min; did you mean "
        "'health_centre'?\n");

  // Far from every id, or the beginning of two (health_centre, health_post): the list of ids.
  for (const std::string verb : {"access", "scale-up"}) {
    r = run_swsplan({verb, s.p, "--service", "bakery", "-q"}, s.dir.path);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK(r.err == "swsplan: unknown service 'bakery' in --service. " + kServices + "\n");
  }
  r = run_swsplan({"analyze", s.p, "--services", "health", "-q"}, s.dir.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "swsplan: unknown service 'health' in --services. " + kServices + "\n");
  CHECK(sha256_file(s.path) == before);
}
