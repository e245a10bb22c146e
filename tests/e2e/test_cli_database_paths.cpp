// End-to-end tests of database connections where a project file is expected, and of one
// layer of a source in `info`. A project is a GeoPackage file: a PG:"..." string or a
// postgresql:// URI given as the project of import, analyze or info is refused with exit 2,
// names the connection without its password, and creates no file (import used to write a
// GeoPackage called "PG:dbname=..." in the working folder and report success).
// `info SOURCE#layer` describes that one layer, or lists the layers the source has.
#include <catch2/catch.hpp>
#include <string>

#include "e2e_util.hpp"

using namespace swsplan::e2e;
using Catch::Matchers::Contains;

TEST_CASE("a database connection given as the project is refused, its password never shown", "[e2e][cli][database]") {
  TempDir dir{"e2e_database_paths"};
  const std::string provinces = (shared_data() / "khm" / "khm.gpkg").string() + "#provinces";
  const std::string pg = "PG:dbname=khm user=planner password=s3cret host=localhost";
  const std::string uri = "postgresql://planner:s3cret@localhost/khm";
  const std::string quoted = "PG:dbname=khm user=planner password='s3cret and more' host=localhost";
  for (const auto& args : std::vector<std::vector<std::string>>{{"import", "--out", pg, "--provinces", provinces},
                                                                {"import", "--out", uri, "--provinces", provinces},
                                                                {"analyze", pg},
                                                                {"analyze", quoted},
                                                                {"analyze", uri},
                                                                {"access", uri, "-s", "health_centre"},
                                                                {"settings", pg}}) {
    auto r = run_swsplan(args, dir.path);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("is a PostgreSQL connection") && Contains("GeoPackage file"));
    CHECK_THAT(r.err, Contains("password=***") || Contains("planner:***@"));
    CHECK_THAT(r.err + r.out, !Contains("s3cret") && !Contains("and more"));
    CHECK_THAT(r.out, !Contains("imported into"));
    // No file named after the connection (in the working folder, where import wrote it) and
    // no lock file beside it.
    CHECK_FALSE(fs::exists(pg));
    CHECK_FALSE(fs::exists(pg + ".swsplan-lock"));
    CHECK_FALSE(fs::exists("postgresql:"));
  }
}

TEST_CASE("info SOURCE#layer describes one layer of a project or a file", "[e2e][cli][database]") {
  const std::string sample = (fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg").string();
  auto r = run_swsplan({"info", sample + "#communes"});
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("(swsplan project): 1 layer(s)") && Contains("communes  ["));
  CHECK_THAT(r.out, !Contains("villages  ["));

  auto bad = run_swsplan({"info", sample + "#communez"});
  INFO(bad.describe());
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Contains("communez") && Contains("no such layer") && Contains("communes"));
}
