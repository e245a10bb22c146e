// End-to-end tests of `swsplan site` and `swsplan scenarios` on a copy of the demo province:
// the scenario is stored and listed, --json carries the figures, existing offices are kept,
// impossible requests exit 2 with a clear message and leave the project unchanged, and an
// exact solve stops on Ctrl-C and at its time limit.
#include <signal.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "child_process.hpp"
#include "e2e_util.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {
// The binary with arguments (the helper's own wrapper has changed name before).
RunResult cli(std::vector<std::string> args, const fs::path& scratch) {
  args.insert(args.begin(), exe());
  return run(args, scratch);
}

fs::path sample_copy(const TempDir& dir) {
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", p);
  return p;
}
}  // namespace

TEST_CASE("swsplan site stores scenarios that swsplan scenarios lists and compares", "[e2e][site]") {
  TempDir dir("site");
  const auto p = sample_copy(dir).string();
  auto r = cli({"site", p, "--model", "mclp", "--p", "2", "--threshold", "60min", "--scenario", "mclp2", "--json",
                    "--quiet"},
                   dir.path);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["model"] == "mclp");
  CHECK(j["covered_poor_after"].get<double>() >= j["covered_poor_before"].get<double>());
  CHECK(j["bound"].get<double>() >= j["objective"].get<double>() - 1e-6);
  int existing = 0, fresh = 0;
  for (const auto& o : j["offices"]) (o["status"] == "existing" ? existing : fresh)++;
  CHECK(existing == 1);
  CHECK(fresh == 2);

  r = cli({"site", p, "--model", "pmedian", "--p", "3", "--threshold", "10km", "--scenario", "pmed3"}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("poor households covered"));
  CHECK_THAT(r.out, Contains("bound"));
  r = cli({"site", p, "--model", "clusters", "--threshold", "60min", "--scenario", "cl"}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("mobile vans"));

  r = cli({"scenarios", p}, dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("mclp2"));
  CHECK_THAT(r.out, Contains("pmed3"));
  CHECK_THAT(r.out, Contains("cl"));
  r = cli({"scenarios", p, "--compare", "mclp2", "pmed3", "--json"}, dir.path);
  REQUIRE(r.exit_code == 0);
  auto c = nlohmann::json::parse(r.out);
  REQUIRE(c.size() == 5);  // 4 districts + total
  CHECK(c.back()["mclp2"].get<double>() == Approx(j["covered_poor_after"].get<double>()));

  // The same name again is refused; --replace replaces.
  const auto before = sha256_file(p);
  r = cli({"site", p, "--model", "mclp", "--p", "1", "--scenario", "mclp2"}, dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("already exists"));
  CHECK(sha256_file(p) == before);
  r = cli({"site", p, "--model", "mclp", "--p", "1", "--scenario", "mclp2", "--replace"}, dir.path);
  CHECK(r.exit_code == 0);
}

TEST_CASE("swsplan site refuses impossible requests and leaves the project unchanged", "[e2e][site]") {
  TempDir dir("site_bad");
  const auto p = sample_copy(dir).string();
  const auto before = sha256_file(p);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--model", "mclp", "--p", "50", "--candidates", "districts", "--scenario", "x"}, "larger than"},
      {{"--model", "pmedian", "--p", "2", "--capacity", "5", "--scenario", "x"}, "capacity below demand"},
      {{"--model", "mclp", "--p", "2", "--scenario", "bad-name"}, "not valid"},
      {{"--model", "mclp", "--demand", "households_x_gaps", "--scenario", "x"}, "gap_classes"},
      {{"--model", "nope", "--scenario", "x"}, "--model"},
      {{"--model", "mclp", "--mode", "network", "--threshold", "10km", "--scenario", "x"}, "time threshold"},
      // Capacity used to be silently ignored in cluster mode.
      {{"--model", "clusters", "--capacity", "500", "--scenario", "x"}, "--capacity does not apply to cluster mode"},
      {{"--model", "mclp", "--p", "2", "--clusters", "2-3", "--capacity", "500", "--scenario", "x"},
       "--capacity does not apply to cluster mode"},
      // An empty province used to mean "the whole country"; a speed of 0 or below used to be
      // replaced by the project's 20 km/h without a word.
      {{"--model", "mclp", "--p", "2", "--province", "", "--scenario", "x"}, "--province was given an empty value"},
      {{"--model", "mclp", "--p", "2", "--threshold", "", "--scenario", "x"}, "--threshold was given an empty value"},
      {{"--model", "mclp", "--p", "2", "--speed", "0", "--scenario", "x"}, "--speed"},
      {{"--model", "mclp", "--p", "2", "--speed", "-5", "--scenario", "x"}, "--speed"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"site", p};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = cli(args, dir.path);
    CAPTURE(c.message, r.describe());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(c.message));
    CHECK(sha256_file(p) == before);
  }
}

TEST_CASE("site --exact: Ctrl-C during CBC's root LP cancels at once, and --time-limit holds there too",
          "[e2e][site][cancel]") {
  // A capacitated p-median over every village of the sample: CBC's root LP alone runs for
  // minutes. Clp's own SIGINT handler took Ctrl-C there and the run went on, and CBC's time
  // limit is not checked inside an LP. Liveness only: the waits below end long before the
  // hour the run would otherwise take.
  TempDir dir("site_cbc_signal");
  const auto p = sample_copy(dir);
  const std::string before = sha256_file(p);
  auto args = [&](const std::string& limit) {
    return std::vector<std::string>{"site",        p.string(), "--model",    "pmedian", "--p",     "10",
                                    "--candidates", "villages", "--capacity", "2200",    "--exact", "--time-limit",
                                    limit,          "--scenario", "hard"};
  };
  SECTION("SIGINT") {
    Child c = start(args("3600"), dir.path);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    REQUIRE_FALSE(exited(c));
    ::kill(c.pid, SIGINT);
    const bool ended = ended_within(c, 60);
    const auto r = finish(c);
    INFO(r.describe());
    REQUIRE(ended);
    CHECK(r.exit_code == 130);
    CHECK_THAT(r.err, Contains("cancelled; nothing was written"));
  }
  SECTION("time limit") {
    Child c = start(args("2"), dir.path);
    const bool ended = ended_within(c, 60);
    const auto r = finish(c);
    INFO(r.describe());
    REQUIRE(ended);
    // No incumbent within 2 s: a plain error, never "infeasible".
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("no solution within the time limit of 2 s"));
  }
  CHECK(sha256_file(p) == before);
}
