// Unit: app/gui/analysis_dialogs.* + analysis_jobs.* + commune_profile.*, end to end
// offscreen through the real main window: gap analysis from its dialog on a worker thread
// (layer appears, class colours at commune interiors), cancel leaves the project
// byte-identical, an error names the field, the commune profile equals gap_classes, a
// candidate placed by a click on the map, and siting from its dialog on that candidate.
#include <catch2/catch.hpp>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QEventLoop>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/commune_profile.hpp"
#include "app/gui/main_window.hpp"
#include "gui/dialog_support.hpp"
#include "gui/gui_support.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"

using namespace swsplan;
using namespace swsplan::gui;

using namespace swsplan::gui::test;

TEST_CASE("gap analysis from the dialog: layer, class colours, commune profile", "[gui][analysis]") {
  test::app();
  const auto path = project_copy("gap_dialog.gpkg");
  MainWindow w;
  w.set_language("en");
  w.resize(1500, 950);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* canvas = w.canvas();
  REQUIRE(test::render_and_wait(*canvas));
  REQUIRE(canvas->layer("gap_communes") == nullptr);

  auto* d = w.gap_dialog();
  REQUIRE(d);
  d->show();
  CHECK(d->services_list()->count() >= 5);  // services with facilities in the sample
  const auto run = run_and_wait(*d, w);
  CHECK(run.running_after_click);
  CHECK(run.run_disabled_while_running);
  INFO(d->last_error().toStdString());
  REQUIRE(run.ok);
  CHECK_FALSE(run.cancelled);
  REQUIRE(run.shown);
  CHECK(d->result_text().contains("communes classified"));
  d->grab().save(QString::fromStdString(test::artefact("gap_dialog.png")));

  // The gap layer is on the map with the 2x2 style.
  const auto* gap = canvas->layer("gap_communes");
  REQUIRE(gap);
  REQUIRE(gap->style.bivariate_legend);
  const auto field = gap->style.field;
  CHECK(field.rfind("class_", 0) == 0);
  REQUIRE(canvas->layer("district_priority"));
  CHECK_FALSE(canvas->layer("district_priority")->visible);  // it would hide the classes

  // Class colours at known commune interiors: only the gap layer shown.
  for (const auto& l : canvas->view().layers)
    if (l.name() != "gap_communes") w.set_layer_visible(l.name(), false);
  canvas->zoom_to_layer("gap_communes");
  REQUIRE(test::render_and_wait(*canvas));
  const QImage img = canvas->image();
  img.save(QString::fromStdString(test::artefact("gap_dialog_classes.png")));
  const auto& cls = gap->data->data.column(field);
  int checked = 0;
  for (std::size_t f = 0; f < gap->data->size(); ++f) {
    const std::string c = cls.text(f);
    if (c == "not_classified" || c.empty()) continue;
    const QPointF px = canvas->view().to_px(gap->data->label_x[f], gap->data->label_y[f]);
    int hit = 0;
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx)
        hit += test::close_colour(img.pixelColor(int(px.x()) + dx, int(px.y()) + dy), gap_class_color(c));
    ++checked;
    INFO("commune " << f << " class " << c);
    CHECK(hit >= 13);
  }
  CHECK(checked >= 20);
  for (const auto& l : canvas->view().layers)
    if (l.name() != "district_priority") w.set_layer_visible(l.name(), true);

  // Identify a commune: the profile shows its numbers per service, equal to gap_classes.
  const std::size_t f = 5;
  const std::string pcode = gap->data->data.column("adm3_pcode").text(f);
  CHECK(w.show_commune_profile_at(gap->data->label_x[f], gap->data->label_y[f]) == pcode);
  const auto table = layers::Project::open(path).read("gap_classes");
  const auto &k = table.column("adm3_pcode"), &sv = table.column("service"), &cov = table.column("coverage_0_1"),
             &cap = table.column("capacity_ratio"), &dep = table.column("deprivation_0_1"),
             &poor = table.column("poor_households"), &hh = table.column("households"), &lev = table.column("lever");
  auto fmt = [](std::optional<double> v, double scale, int prec) {
    return v && std::isfinite(*v) ? QString::number(*v * scale, 'f', prec) : QString::fromUtf8("–");
  };
  int rows = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (k.text(i) != pcode) continue;
    ++rows;
    const auto s = sv.text(i);
    INFO("service " << s);
    CHECK(w.commune_profile()->cell(s, 2) == fmt(cov.number(i), 100, 1));
    CHECK(w.commune_profile()->cell(s, 3) == fmt(cap.number(i), 1, 2));
    CHECK(w.commune_profile()->cell(s, 4) == fmt(dep.number(i), 100, 1));
    CHECK(w.commune_profile()->cell(s, 5) == fmt(hh.number(i), 1, 0));
    CHECK(w.commune_profile()->cell(s, 6) == fmt(poor.number(i), 1, 0));
    CHECK(w.commune_profile()->cell(s, 7) == QString::fromStdString(lev.text(i)));
  }
  CHECK(rows >= 5);
  // Screenshot for people (docs/screenshots/gui.png): gap classes + the commune profile.
  w.resize(1600, 1000);
  if (auto* t = w.findChild<QDockWidget*>("identify")) t->hide();
  if (auto* pd = w.findChild<QDockWidget*>("commune_profile")) {
    pd->raise();
    w.resizeDocks({pd}, {250}, Qt::Vertical);
  }
  auto *ld = w.findChild<QDockWidget*>("layers"), *gd = w.findChild<QDockWidget*>("legend");
  if (ld && gd) w.resizeDocks({ld, gd}, {250, 700}, Qt::Vertical);
  w.set_layer_visible("villages", false);
  for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
  canvas->zoom_full();
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("gui_gap_profile.png")));
  // Exported map: the square 2x2 legend with its class colours is on the page.
  const auto png = test::artefact("export_gap_classes.png");
  w.export_map(QString::fromStdString(png), "Service gaps: health centres (synthetic demo)");
  QImage page(QString::fromStdString(png));
  REQUIRE(!page.isNull());
  const QRect legend_col(int(page.width() * 0.72), 0, page.width() - int(page.width() * 0.72), page.height());
  for (const char* c : {"served", "unaffordable", "unavailable", "unavailable_unaffordable"}) {
    int n = 0;
    for (int y = legend_col.top(); y < legend_col.bottom(); y += 2)
      for (int x = legend_col.left(); x < legend_col.right(); x += 2) n += page.pixelColor(x, y) == gap_class_color(c);
    INFO("legend colour of " << c);
    CHECK(n > 40);  // the square's cell and the class swatch
  }
  d->close();
}

TEST_CASE("a cancelled gap analysis leaves the project byte-identical, and errors name the field", "[gui][analysis]") {
  test::app();
  const auto path = project_copy("gap_cancel.gpkg");
  const std::string before = bytes_of(path);
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* d = w.gap_dialog();
  REQUIRE(d);
  d->run_button()->click();
  REQUIRE(d->job()->running());
  d->cancel_button()->click();  // the token is set long before the commit could start
  const auto [ok, cancelled] = wait_job(*d);
  CHECK_FALSE(ok);
  CHECK(cancelled);
  CHECK(d->last_error().isEmpty());
  CHECK(bytes_of(path) == before);
  CHECK(w.canvas()->layer("gap_communes") == nullptr);
  CHECK(d->run_button()->isEnabled());

  // A bad deprivation source: the job fails with the field named, nothing written.
  AnalysisJob job;
  GapRequest rq;
  rq.deprivation_source = "commune:no_such_share";
  QString error;
  bool finished = false;
  QObject::connect(&job, &AnalysisJob::finished, [&](bool o, bool, const QString& e) {
    finished = true;
    CHECK_FALSE(o);
    error = e;
  });
  REQUIRE(job.start([&](gis::Progress& p) { run_gap_analysis(path, rq, p); }));
  REQUIRE(job.wait(120000));
  REQUIRE(finished);
  INFO(error.toStdString());
  CHECK(error.contains("no_such_share"));
  CHECK(bytes_of(path) == before);
}

TEST_CASE("the gap summary states the deprivation direction as the CLI does", "[gui][analysis]") {
  // It used to say "high when >=" even when lower values are worse.
  const auto path = project_copy("gap_direction.gpkg");
  GapRequest rq;
  rq.services = {"health_centre"};
  const auto higher = run_gap_analysis(path, rq, gis::no_progress());
  CHECK_THAT(higher.deprivation, Catch::Matchers::Contains("deprived when >= fixed 0.25"));
  {
    auto a = layers::analysis_settings(layers::Project::open(path));
    a.deprivation_source = "commune:area_km2";  // any commune field (villages refuse lower_is_worse)
    a.deprivation_lower_is_worse = true;
    layers::ProjectWriter w(path);
    w.set_setting("analysis", a.to_json());
    w.commit();
  }
  const auto lower = run_gap_analysis(path, rq, gis::no_progress());
  // Word for word the CLI's "Deprivation:" line (swsplan analyze on the same settings).
  CHECK_THAT(lower.deprivation, Catch::Matchers::Contains("communes field area_km2; deprived when <= fixed 0.25"));
  CHECK_FALSE(lower.text().contains(">="));
  CHECK_FALSE(lower.text().contains("high when"));
}

TEST_CASE("click to add a candidate site, then siting from the dialog uses it", "[gui][analysis][siting]") {
  test::app();
  const auto path = project_copy("siting_dialog.gpkg");
  MainWindow w;
  w.set_language("en");
  w.resize(1500, 950);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* canvas = w.canvas();
  REQUIRE(test::render_and_wait(*canvas));
  REQUIRE(canvas->layer("communes"));
  // The prepared data, not the MapLayer: layers added later may move the canvas's layer list.
  const auto communes_data = canvas->layer("communes")->data;
  const auto* communes = communes_data.get();

  // The real tool: trigger the action, click the map at two commune interiors.
  auto* add = action(w, "Add/remove candidate site");
  REQUIRE(add);
  add->trigger();
  CHECK(canvas->tool() == MapCanvas::Tool::Place);
  auto click_and_wait = [&](double x, double y) {
    bool changed = false;
    QEventLoop loop;
    auto c = QObject::connect(&w, &MainWindow::user_points_changed, &loop, [&] {
      changed = true;
      loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    click_map(*canvas, x, y);
    if (!changed) loop.exec();
    QObject::disconnect(c);
    return changed;
  };
  const std::size_t a = 3, b = 17, gone = 30;
  REQUIRE(click_and_wait(communes->label_x[a], communes->label_y[a]));
  REQUIRE(click_and_wait(communes->label_x[b], communes->label_y[b]));
  REQUIRE(click_and_wait(communes->label_x[gone], communes->label_y[gone]));
  REQUIRE(canvas->layer(kUserCandidates));
  CHECK(canvas->layer(kUserCandidates)->data->size() == 3);
  // Clicking an existing point removes it.
  REQUIRE(click_and_wait(communes->label_x[gone], communes->label_y[gone]));
  CHECK(canvas->layer(kUserCandidates)->data->size() == 2);
  const auto stored = layers::Project::open(path).read(kUserCandidates);
  REQUIRE(stored.size() == 2);
  CHECK(stored.crs == "EPSG:4326");
  // The stored point lies where the click was (map CRS round trip, within a pixel).
  const auto ul = canvas->layer(kUserCandidates)->data;
  const auto xy = ul->data.geom.first_xy(0);
  REQUIRE(xy);
  CHECK(std::hypot(xy->first - communes->label_x[a], xy->second - communes->label_y[a]) <= 2 * canvas->view().mpp);

  // Siting from the dialog with those candidates: MCLP, p = 1.
  auto* d = w.siting_dialog();
  REQUIRE(d);
  d->show();
  const int ci = d->candidates_box()->findData(QString(kUserCandidates));
  REQUIRE(ci >= 0);
  CHECK(d->candidates_box()->currentIndex() == ci);  // picked after the click
  d->p_box()->setValue(1);
  d->threshold_edit()->setText("45min");
  d->scenario_edit()->setText("gui_test");
  const auto run = run_and_wait(*d, w);
  INFO(d->last_error().toStdString());
  REQUIRE(run.ok);
  REQUIRE(run.shown);
  CHECK(d->result_text().contains("Poor households covered"));
  CHECK(d->result_text().contains("bound"));
  d->grab().save(QString::fromStdString(test::artefact("siting_dialog.png")));
  const auto* offices = canvas->layer("scenario_gui_test_offices");
  REQUIRE(offices);
  // The sample's existing office is kept; one new office.
  auto count_new = [](const gis::VectorLayer& l) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (l.column("status").text(i) == "new") rows.push_back(i);
    return rows;
  };
  const auto news = count_new(offices->data->data);
  REQUIRE(news.size() == 1);
  CHECK(offices->style.kind == StyleKind::Categorized);
  // The new office is one of the two candidates.
  const auto oxy = offices->data->data.geom.first_xy(news[0]);
  REQUIRE(oxy);
  double best = 1e18;
  for (std::size_t i = 0; i < ul->size(); ++i) {
    const auto c = ul->data.geom.first_xy(i);
    best = std::min(best, std::hypot(c->first - oxy->first, c->second - oxy->second));
  }
  CHECK(best < 5.0);
  CHECK(canvas->layer("scenario_gui_test_assignment_lines"));
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("gui_siting.png")));

  // Re-run with commune halls and p = 2 (replacing the scenario): two new offices.
  d->candidates_box()->setCurrentIndex(d->candidates_box()->findData(QString("communes")));
  d->p_box()->setValue(2);
  const auto run2 = run_and_wait(*d, w);
  INFO(d->last_error().toStdString());
  REQUIRE(run2.ok);
  REQUIRE(run2.shown);
  REQUIRE(canvas->layer("scenario_gui_test_offices"));
  CHECK(count_new(canvas->layer("scenario_gui_test_offices")->data->data).size() == 2);
  CHECK(count_new(layers::Project::open(path).read("scenario_gui_test_offices")).size() == 2);

  // A fixed office placed by a click: the dialog offers it as the existing offices; siting keeps it.
  auto* fixed = action(w, "Add/remove fixed office");
  REQUIRE(fixed);
  fixed->trigger();
  REQUIRE(click_and_wait(communes->label_x[b], communes->label_y[b]));
  REQUIRE(canvas->layer(kUserOffices));
  CHECK(d->existing_box()->currentData().toString() == QString(kUserOffices));
  const auto run3 = run_and_wait(*d, w);
  INFO(d->last_error().toStdString());
  REQUIRE(run3.ok);
  const auto kept = layers::Project::open(path).read("scenario_gui_test_offices");
  std::vector<std::string> existing;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (kept.column("status").text(i) == "existing") existing.push_back(kept.column("office_id").text(i));
  CHECK(existing == std::vector<std::string>{"user_office_1"});

  // A bad threshold is refused before any work, naming the text; nothing is written.
  const std::string before = bytes_of(path);
  d->threshold_edit()->setText("60 parsecs");
  d->run_button()->click();
  CHECK_FALSE(d->job()->running());
  CHECK(d->last_error().contains("60 parsecs"));
  // A started run cancelled at once writes nothing either.
  d->threshold_edit()->setText("30min");
  d->scenario_edit()->setText("cancelled_one");
  d->run_button()->click();
  REQUIRE(d->job()->running());
  // No point edit while the analysis may commit (it would be lost in the analysis's copy).
  CHECK_FALSE(w.toggle_user_point_at(kUserCandidates, communes->label_x[gone], communes->label_y[gone], 1.0));
  d->cancel_button()->click();
  const auto [ok_c, cancelled_c] = wait_job(*d);
  CHECK_FALSE(ok_c);
  CHECK(cancelled_c);
  CHECK(bytes_of(path) == before);
  d->close();
}

// Manual check on the national project (hidden; figures printed, never asserted):
//   SWSPLAN_NATIONAL_GPKG=build-x/nat.gpkg test_gui "[national]"
// Opens a copy, runs the gap analysis from the dialog and records the longest gap between
// 10 ms timer ticks on the GUI thread while the job runs (how long the window would freeze).
TEST_CASE("national project: gap analysis from the dialog keeps the window live", "[.][national]") {
  test::app();
  const char* nat = std::getenv("SWSPLAN_NATIONAL_GPKG");
  if (!nat) {
    WARN("SWSPLAN_NATIONAL_GPKG not set: skipped");
    return;
  }
  const auto path = test::artefact("national_copy.gpkg");
  std::filesystem::remove(path);
  std::filesystem::copy_file(nat, path);
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  REQUIRE(test::render_and_wait(*w.canvas(), 120000));
  const double open_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto* d = w.gap_dialog();
  REQUIRE(d);
  d->show();
  double max_gap_ms = 0;
  int ticks = 0;
  auto last = std::chrono::steady_clock::now();
  QTimer tick;
  tick.setInterval(10);
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const auto now = std::chrono::steady_clock::now();
    max_gap_ms = std::max(max_gap_ms, std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
    ++ticks;
  });
  t0 = std::chrono::steady_clock::now();
  last = std::chrono::steady_clock::now();
  tick.start();
  const auto run = run_and_wait(*d, w, 1800000);
  const bool ok = run.ok && run.shown;
  const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    // Keep ticking a little: the tick after the result layers were reloaded (GUI thread) counts too.
    QEventLoop settle;
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
  }
  tick.stop();
  INFO(d->last_error().toStdString());
  CHECK(ok);
  std::printf("national: open+first render %.1f s; gap analysis from the dialog %.1f s; GUI-thread ticks %d, longest "
              "stall %.0f ms (until the result layers are on the map)\n",
              open_s, run_s, ticks, max_gap_ms);
  REQUIRE(test::render_and_wait(*w.canvas(), 120000));
  w.grab().save(QString::fromStdString(test::artefact("national_gap.png")));

  // Siting from the dialog on the national project: MCLP, 10 new offices at commune halls.
  auto* sd = w.siting_dialog();
  REQUIRE(sd);
  sd->p_box()->setValue(10);
  sd->scenario_edit()->setText("national_gui");
  max_gap_ms = 0;
  t0 = std::chrono::steady_clock::now();
  last = t0;
  tick.start();
  const auto srun = run_and_wait(*sd, w, 1800000);
  const double site_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    QEventLoop settle;
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
  }
  tick.stop();
  INFO(sd->last_error().toStdString());
  CHECK(srun.ok);
  std::printf("national: siting (MCLP p=10, 60min) from the dialog %.1f s, longest GUI-thread stall %.0f ms\n%s\n",
              site_s, max_gap_ms, sd->result_text().toStdString().c_str());
  REQUIRE(test::render_and_wait(*w.canvas(), 120000));
  w.grab().save(QString::fromStdString(test::artefact("national_siting.png")));
  std::filesystem::remove(path);
}
