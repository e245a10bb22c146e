// Unit: app/gui robustness (review findings): the commit is the point of no return (no
// progress report, hence no Cancelled, after it); one project writer at a time across the
// dialogs and the map edits; results that arrive after another project was opened are
// dropped; the Costs dialog computes on its worker and shows the rows as stored.
#include <catch2/catch.hpp>
#include <QComboBox>
#include <QEventLoop>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QThreadPool>
#include <QLocale>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/analysis_jobs.hpp"
#include "app/gui/commune_profile.hpp"
#include "app/gui/compare_dialogs.hpp"
#include "app/gui/main_window.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "gis/core/error.hpp"
#include "gui/gui_support.hpp"
#include "layers/costing.hpp"
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

namespace {
/// Work that holds a dialog's job "running" until released (a long commit stand-in).
AnalysisJob::Work held_work(std::atomic<bool>& release) {
  return [&release](gis::Progress& p) {
    while (!release.load()) {
      p.check();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
}
bool wait_idle(AnalysisJob& j) { return j.wait(120000); }
}  // namespace

TEST_CASE("one project writer at a time: Run refuses while another dialog's job writes", "[gui][robust]") {
  test::app();
  const auto path = copy_of_sample("robust_one_writer.gpkg");
  MainWindow w;
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* gap = w.gap_dialog();
  auto* site = w.siting_dialog();
  auto* pwp = w.pwp_dialog();
  auto* cmp = w.compare_dialog();
  REQUIRE((gap && site && pwp && cmp));
  const auto before = stamp(path);

  std::atomic<bool> release{false};
  REQUIRE(site->job()->start(held_work(release)));
  REQUIRE(site->job()->running());

  // Every other writer refuses, says which one is busy, and starts nothing.
  gap->run();
  CHECK_FALSE(gap->job()->running());
  CHECK(gap->last_refusal().contains("Office siting"));
  CHECK(gap->status_text().contains("Not started"));
  CHECK(gap->run_button()->toolTip().contains("Office siting"));
  gap->show();
  gap->grab().save(QString::fromStdString(test::artefact("robust_gap_refused.png")));
  pwp->run();
  CHECK_FALSE(pwp->job()->running());
  CHECK(pwp->last_refusal().contains("Office siting"));
  cmp->run();  // (the sample has no scenario yet: refused before the guard, with its own message)
  CHECK_FALSE(cmp->job()->running());
  // Map edits refuse too.
  const double cx = w.canvas()->view().center_x, cy = w.canvas()->view().center_y;
  CHECK_FALSE(w.toggle_user_point_at(kUserCandidates, cx, cy, 1, true));
  CHECK_FALSE(w.add_user_work_at({{cx, cy}, {cx + 500, cy + 500}}, true));
  CHECK(stamp(path) == before);

  release = true;
  REQUIRE(wait_idle(*site->job()));
  // Free again: the gap analysis starts (and is cancelled: nothing written).
  gap->run();
  CHECK(gap->last_refusal().isEmpty());
  CHECK(gap->job()->running());
  CHECK(gap->run_button()->toolTip().isEmpty());
  gap->job()->cancel();
  REQUIRE(wait_idle(*gap->job()));
  CHECK(stamp(path) == before);
}

namespace {
/// Lets every worker finish and delivers their queued results.
void settle() {
  for (int i = 0; i < 5; ++i) {
    QThreadPool::globalInstance()->waitForDone(120000);
    QCoreApplication::processEvents();
  }
}
}  // namespace

TEST_CASE("results and opens that arrive after another project was opened are dropped", "[gui][robust]") {
  test::app();
  // A: analysed (has gap_communes, gap_classes); B: the plain sample.
  const auto a = copy_of_sample("robust_switch_a.gpkg");
  run_gap_analysis(a, GapRequest{}, gis::no_progress());
  const auto b = copy_of_sample("robust_switch_b.gpkg");
  REQUIRE(layers::Project::open(a).has("gap_communes"));
  REQUIRE_FALSE(layers::Project::open(b).has("gap_communes"));

  SECTION("a result loader started for A lands after B was opened") {
    MainWindow w;
    REQUIRE(w.open_project(QString::fromStdString(a), true));
    bool shown = false;
    QObject::connect(&w, &MainWindow::results_shown, [&](const QString& l) { shown = !l.isEmpty(); });
    w.show_gap_result();  // reads A's gap layers on a worker
    REQUIRE(w.open_project(QString::fromStdString(b), true));
    settle();
    CHECK_FALSE(shown);
    CHECK(w.project().path == b);
    CHECK(w.canvas()->layer("gap_communes") == nullptr);
    CHECK(w.canvas()->layer("district_priority") == nullptr);
    CHECK_FALSE(w.commune_profile()->has_table());
    test::render_and_wait(*w.canvas());
    w.grab().save(QString::fromStdString(test::artefact("robust_switch_b_only.png")));
  }
  SECTION("an asynchronous open of A finishing after B was opened is not applied") {
    MainWindow w;
    REQUIRE(w.open_project(QString::fromStdString(a)));      // async
    REQUIRE(w.open_project(QString::fromStdString(b), true));  // then B, now
    settle();
    CHECK(w.project().path == b);
    CHECK(w.canvas()->layer("gap_communes") == nullptr);
  }
  SECTION("a point edit of A that finishes after B was opened does not touch B's map") {
    MainWindow w;
    REQUIRE(w.open_project(QString::fromStdString(a), true));
    const double cx = w.canvas()->view().center_x, cy = w.canvas()->view().center_y;
    REQUIRE(w.toggle_user_point_at(kUserCandidates, cx, cy, 1));  // on a worker, into A
    REQUIRE(w.open_project(QString::fromStdString(b), true));
    // Before the fix the watcher reloaded user_candidates from B, which has none: a modal
    // "Cannot load layer" box. Close any such box and count it.
    int modal = 0;
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [&] {
      if (auto* m = QApplication::activeModalWidget()) ++modal, m->close();
    });
    closer.start(50);
    settle();
    QEventLoop spin;
    QTimer::singleShot(300, &spin, &QEventLoop::quit);
    spin.exec();
    closer.stop();
    CHECK(modal == 0);
    CHECK(w.project().path == b);
    CHECK(w.canvas()->layer(kUserCandidates) == nullptr);
    CHECK(layers::Project::open(a).has(kUserCandidates));  // the edit itself went to A
    CHECK_FALSE(layers::Project::open(b).has(kUserCandidates));
  }
  SECTION("two asynchronous opens: the later one wins whatever finishes first") {
    MainWindow w;
    REQUIRE(w.open_project(QString::fromStdString(b)));
    REQUIRE(w.open_project(QString::fromStdString(a)));
    settle();
    CHECK(w.project().path == a);
    CHECK(w.canvas()->layer("gap_communes") != nullptr);
  }
}

TEST_CASE("Costs dialog: computed on a worker, rows as stored (ratios in their own column), newly reached",
          "[gui][robust][cost]") {
  test::app();
  const auto path = copy_of_sample("robust_costs.gpkg");
  run_gap_analysis(path, GapRequest{}, gis::no_progress());
  layers::SitingRequest rq;
  rq.scenario = "two_new";
  rq.p = 2;
  run_siting_scenario(path, rq, true, gis::no_progress());
  const auto expect = layers::cost_scenario(layers::Project::open(path), "two_new");
  const auto stored = expect.table();

  MainWindow w;
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* cd = w.cost_dialog();
  REQUIRE(cd);
  cd->reload_scenarios();
  // Picking the scenario starts the computation on the worker; the GUI thread returns at once.
  cd->scenario_box()->setCurrentIndex(cd->scenario_box()->findData(QString("two_new")));
  CHECK(cd->computing());
  CHECK(cd->totals_text().contains("Computing"));
  // The event loop keeps running meanwhile (a timer fires).
  bool ticked = false;
  QTimer::singleShot(0, [&] { ticked = true; });
  REQUIRE(cd->compute(true));
  CHECK(ticked);
  CHECK_FALSE(cd->computing());
  CHECK(cd->cost().first_year_usd == Approx(expect.first_year_usd));

  // The table shows the stored columns and rows, row for row.
  auto* t = cd->table();
  auto grouped = [](double v) {  // as a planner reads counts: 14,557
    QLocale loc;
    loc.setNumberOptions(loc.numberOptions() & ~QLocale::OmitGroupSeparator);
    return loc.toString(v, 'f', 0);
  };
  REQUIRE(t->rowCount() == int(stored.size()));
  REQUIRE(t->columnCount() == int(stored.columns.size()));
  auto col = [&](const char* name) {
    for (int c = 0; c < t->columnCount(); ++c)
      if (t->horizontalHeaderItem(c)->data(Qt::UserRole).toString() == name) return c;
    return -1;
  };
  const int kind = col("item_kind"), item = col("item"), total = col("total_usd"), ratio = col("usd_per_poor_household"),
            qty = col("quantity");
  REQUIRE((kind >= 0 && item >= 0 && total >= 0 && ratio >= 0 && qty >= 0));
  int ratios = 0, counts = 0;
  for (int r = 0; r < t->rowCount(); ++r) {
    const auto k = t->item(r, kind)->text();
    INFO(t->item(r, item)->text().toStdString());
    if (k == "ratio") {
      ++ratios;
      CHECK(t->item(r, total)->text().isEmpty());      // a ratio is not a USD amount
      CHECK_FALSE(t->item(r, ratio)->text().isEmpty());
    } else if (k == "line" || k == "total") {
      CHECK(t->item(r, ratio)->text().isEmpty());
      CHECK_FALSE(t->item(r, total)->text().isEmpty());
    } else if (k == "count") {
      ++counts;
      CHECK(t->item(r, total)->text().isEmpty());
    }
    if (t->item(r, item)->text() == "poor_households_newly_reached")
      CHECK(t->item(r, qty)->text() == grouped(expect.poor_households_reached));
  }
  CHECK(ratios == 2);
  CHECK(counts == 2);  // newly reached and, for siting, the total within reach
  CHECK(cd->totals_text().contains("newly reached"));
  CHECK(cd->totals_text().contains(grouped(expect.poor_households_reached)));
  // Plain headings and whole numbers of offices and vans.
  CHECK(t->horizontalHeaderItem(total)->text() == "Total (USD)");
  CHECK(t->isColumnHidden(kind));
  for (int r = 0; r < t->rowCount(); ++r)
    if (t->item(r, item)->text() == "office_setup") CHECK(t->item(r, qty)->text() == "2");
  CHECK_FALSE(cd->totals_text().contains("poor households reached "));
  cd->show();
  cd->grab().save(QString::fromStdString(test::artefact("robust_costs.png")));

  // A failure names the reason; the table empties.
  cd->scenario_box()->addItem("missing", QString("no_such_scenario"));
  cd->scenario_box()->setCurrentIndex(cd->scenario_box()->count() - 1);
  CHECK_FALSE(cd->compute(true));
  CHECK(cd->last_error().contains("no_such_scenario"));
  CHECK(cd->table()->rowCount() == 0);
}

TEST_CASE("a failed open names the file and the cause, the status bar stops saying Loading", "[gui][robustness]") {
  test::app();
  MainWindow w;
  // Not a GeoPackage: text in a file named .gpkg (a truncated download, a wrong file).
  const std::string bad = test::artefact("not_a_project.gpkg");
  { std::ofstream(bad) << "this is not a GeoPackage\n"; }
  const QString path = QString::fromStdString(bad);
  for (const bool wait : {false, true}) {
    CAPTURE(wait);
    QEventLoop loop;
    bool done = false, ok = true;
    auto conn = QObject::connect(&w, &MainWindow::project_opened, &loop, [&](const QString& p, bool success) {
      if (p != path) return;
      done = true, ok = success;
      loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    const bool started = w.open_project(path, wait);
    if (!done) loop.exec();
    QObject::disconnect(conn);
    REQUIRE(done);
    CHECK_FALSE(ok);
    CHECK(started == !wait);  // asynchronous: the open started; synchronous: it failed
    auto* box = w.findChild<QMessageBox*>("open_error");
    REQUIRE(box);
    INFO(box->text().toStdString());
    CHECK(box->text().contains(path));
    CHECK_FALSE(box->text().contains("std::exception"));
    CHECK(box->text().contains("cannot be opened"));  // the cause, from GDAL via layers::Project
    CHECK_FALSE(w.statusBar()->currentMessage().contains("Loading"));
    CHECK(w.statusBar()->currentMessage().contains(path));
    box->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  }
}
