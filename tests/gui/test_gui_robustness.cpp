// Unit: app/gui robustness (review findings): the commit is the point of no return (no
// progress report, hence no Cancelled, after it); one project writer at a time across the
// dialogs and the map edits; results that arrive after another project was opened are
// dropped; the Costs dialog computes on its worker and shows the rows as stored.
#include <catch2/catch.hpp>
#include <QEventLoop>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/analysis_jobs.hpp"
#include "app/gui/compare_dialogs.hpp"
#include "app/gui/main_window.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "gis/core/error.hpp"
#include "gui/gui_support.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {

std::string copy_of_sample(const std::string& name) {
  const auto p = test::artefact(name);
  std::filesystem::remove(p);
  std::filesystem::copy_file(test::sample_project(), p);
  return p;
}

/// Identity of the file at `path` now (the commit renames a new file over it).
struct FileStamp {
  std::filesystem::file_time_type mtime;
  std::uintmax_t size = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp stamp(const std::string& path) { return {std::filesystem::last_write_time(path), std::filesystem::file_size(path)}; }

/// A progress sink that cancels the run at any report arriving after the project file
/// changed, i.e. after the commit: a Cancel clicked during the commit.
struct LateCancelSink {
  explicit LateCancelSink(std::string path) : path(std::move(path)), before(stamp(this->path)) {}
  std::string path;
  FileStamp before;
  gis::CancelToken token;
  int reports = 0, after_commit = 0;
  gis::Progress progress() {
    return gis::Progress(
        [this](double, const std::string&) {
          ++reports;
          if (!(stamp(path) == before)) ++after_commit, token.cancel();
        },
        &token);
  }
};

}  // namespace

TEST_CASE("a cancel during the commit cannot undo the run: nothing reports after the commit", "[gui][robust]") {
  test::app();
  SECTION("gap analysis") {
    const auto path = copy_of_sample("robust_late_cancel_gap.gpkg");
    LateCancelSink sink(path);
    auto progress = sink.progress();
    GapSummary s;
    REQUIRE_NOTHROW(s = run_gap_analysis(path, GapRequest{}, progress));
    CHECK(sink.reports > 3);
    CHECK(sink.after_commit == 0);
    CHECK(!(stamp(path) == sink.before));
    CHECK(layers::Project::open(path).has("gap_communes"));
  }
  SECTION("siting") {
    const auto path = copy_of_sample("robust_late_cancel_site.gpkg");
    LateCancelSink sink(path);
    auto progress = sink.progress();
    layers::SitingRequest rq;
    rq.scenario = "late_cancel";
    REQUIRE_NOTHROW(run_siting_scenario(path, rq, true, progress));
    CHECK(sink.after_commit == 0);
    CHECK(layers::Project::open(path).has("scenario_late_cancel_offices"));
  }
  SECTION("compare") {
    const auto path = copy_of_sample("robust_late_cancel_compare.gpkg");
    for (const char* sc : {"a", "b"}) {
      layers::SitingRequest rq;
      rq.scenario = sc;
      rq.p = sc[0] == 'a' ? 1 : 2;
      run_siting_scenario(path, rq, true, gis::no_progress());
    }
    LateCancelSink sink(path);
    auto progress = sink.progress();
    REQUIRE_NOTHROW(run_compare(path, "a", "b", "", progress));
    CHECK(sink.after_commit == 0);
  }
}
