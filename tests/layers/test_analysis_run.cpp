// Tests of layers/analysis_run, the one gap-analysis and siting run behind `swsplan analyze`,
// `swsplan site` and the GUI dialogs, on a copy of the demo province: the result's class
// totals are those of the gap_summary table it stores, a cancelled run writes nothing, and a
// siting scenario of an existing name is refused with the caller's hint before any work.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gis/core/error.hpp"
#include "layers/analysis_run.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {
struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("swsplan_test_analysis_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "demo.gpkg";
    fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
  }
  ~SampleCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("run_and_store_gap_analysis: totals equal the stored gap_summary, every commune classified once",
          "[analysis_run]") {
  SampleCopy s;
  layers::GapRunRequest rq;
  rq.services = {"health_centre", "school_primary"};
  const auto R = layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress());
  REQUIRE(R.services.size() == 2);
  CHECK(R.skipped.empty());  // explicit services: none skipped
  CHECK(R.deprivation_rule() == "deprived when >= fixed 0.25");
  CHECK(R.counts_poor_households());
  const auto project = layers::Project::open(s.path.string());
  const auto summary = project.read("gap_summary");
  for (const auto& sr : R.services) {
    std::int64_t communes = 0;
    for (const auto& [cls, t] : sr.classes) communes += t.communes;
    CHECK(communes == static_cast<std::int64_t>(R.outputs.gap_communes.size()));
    // The national rows of gap_summary carry the same numbers.
    for (std::size_t i = 0; i < summary.size(); ++i) {
      if (summary.column("level").text(i) != "nation" ||
          summary.column("service").text(i) != layers::service_id(sr.service))
        continue;
      const auto& t = sr.classes.at(summary.column("class").text(i));
      CHECK(summary.column("communes").number(i).value_or(-1) == Approx(double(t.communes)));
      CHECK(summary.column("poor_households").number(i).value_or(-1) == Approx(t.poor_households));
    }
  }
  // Priority order is by rank.
  for (std::size_t k = 1; k < R.priority_order.size(); ++k)
    CHECK(R.priority.rank[R.priority_order[k - 1]] <= R.priority.rank[R.priority_order[k]]);
}

TEST_CASE("run_and_store_gap_analysis: cancelled, nothing is written, bad quantile named", "[analysis_run]") {
  SampleCopy s;
  const auto before = bytes(s.path);
  gis::CancelToken token;
  token.cancel();
  gis::Progress cancelled([](double, const std::string&) {}, &token);
  layers::GapRunRequest rq;
  CHECK_THROWS_AS(layers::run_and_store_gap_analysis(s.path.string(), rq, cancelled), gis::Cancelled);
  CHECK(bytes(s.path) == before);
  rq.quantile_0_1 = 1.5;
  CHECK_THROWS_WITH(layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress()),
                    Contains("quantile") && Contains("1.5"));
  CHECK(bytes(s.path) == before);
}

TEST_CASE("run_and_store_siting: an existing name is refused with the caller's hint, nothing written",
          "[analysis_run]") {
  SampleCopy s;
  layers::SitingRequest rq;
  rq.scenario = "one";
  rq.p = 1;
  rq.threshold = layers::Threshold::parse("10km");
  const auto r = layers::run_and_store_siting(s.path.string(), rq, false, gis::no_progress(), "tick 'replace'");
  CHECK(r.offices.size() >= 1);
  const auto before = bytes(s.path);
  CHECK_THROWS_WITH(layers::run_and_store_siting(s.path.string(), rq, false, gis::no_progress(), "tick 'replace'"),
                    Contains("already exists") && Contains("tick 'replace'"));
  CHECK(bytes(s.path) == before);
  rq.p = 2;
  const auto r2 = layers::run_and_store_siting(s.path.string(), rq, true, gis::no_progress());
  CHECK(r2.offices.size() > r.offices.size());
  CHECK(layers::list_scenarios(layers::Project::open(s.path.string())).size() == 1);
}
