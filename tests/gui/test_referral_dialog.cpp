// Unit: app/gui/referral_dialog.* + main_window_referral.cpp + app/render/referral_style.*,
// offscreen through the real main window: Analysis > Referral... runs the referral analysis
// on the demo province in the background, the stored referral_network lines equal
// layers::compute_referral on the same project, and the map draws them classed by time.
#include <catch2/catch.hpp>

#include <QAction>
#include <QComboBox>
#include <QEventLoop>
#include <QPushButton>
#include <QTimer>
#include <filesystem>

#include "app/gui/analysis_jobs.hpp"
#include "app/gui/main_window.hpp"
#include "app/gui/referral_dialog.hpp"
#include "app/render/referral_style.hpp"
#include "gui/gui_support.hpp"
#include "layers/project.hpp"
#include "layers/referral.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("referral style: fixed time classes at 30, 60 and 120 minutes", "[gui][referral][style]") {
  gis::VectorLayer l;
  l.name = "referral_line";
  l.geom.kind = gis::GeometryKind::Point;
  gis::Column c("time_min", gis::FieldType::Real);
  for (double v : {5.0, 30.0, 45.0, 60.5, 119.0, 300.0}) {
    c.push(v);
    l.geom.add_point(0, 0);
    l.geom.end_feature();
    l.fids.push_back(std::int64_t(l.fids.size() + 1));
  }
  l.columns = {c};
  const auto k = classify_features(referral_style(), l);
  CHECK(k == std::vector<int>{0, 0, 1, 2, 2, 3});
}

TEST_CASE("Analysis > Referral...: run in the background, lines stored and drawn by time", "[gui][referral]") {
  test::app();
  const auto path = test::artefact("referral_gui.gpkg");
  std::filesystem::remove(path);
  std::filesystem::copy_file(test::sample_project(), path);
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  REQUIRE(test::render_and_wait(*w.canvas()));
  QAction* action = nullptr;
  for (auto* a : w.findChildren<QAction*>())
    if (a->text() == "Referral...") action = a;
  REQUIRE(action);
  REQUIRE(action->isEnabled());
  action->trigger();
  auto* d = w.referral_dialog();
  REQUIRE(d);
  REQUIRE(d->isVisible());
  CHECK(d->mode_box()->currentData().toString() == "network");

  bool done = false, ok = false;
  QString shown;
  QEventLoop loop;
  auto c1 = QObject::connect(d->job(), &AnalysisJob::finished, &loop, [&](bool o, bool, const QString&) {
    done = true, ok = o;
    if (!o) loop.quit();
  });
  auto c2 = QObject::connect(&w, &MainWindow::results_shown, &loop, [&](const QString& l) {
    shown = l;
    loop.quit();
  });
  QTimer::singleShot(120000, &loop, &QEventLoop::quit);
  d->run_button()->click();
  loop.exec();
  QObject::disconnect(c1);
  QObject::disconnect(c2);
  INFO(d->last_error().toStdString());
  REQUIRE(done);
  REQUIRE(ok);
  CHECK(shown == "referral_network");

  layers::ReferralRequest rq;
  rq.mode = layers::AccessMode::Network;
  const auto want = layers::compute_referral(layers::Project::open(path), rq);
  const auto stored = layers::Project::open(path).read("referral_network");
  REQUIRE(stored.size() == want.summary.with_time);
  CHECK(d->result_text().contains(QString::number(want.summary.median_min, 'f', 1)));
  const auto* layer = w.canvas()->layer("referral_network");
  REQUIRE(layer);
  CHECK(layer->style.field == "time_min");
  CHECK(layer->style.classes.size() == 4);
  REQUIRE(test::render_and_wait(*w.canvas()));
  d->grab().save(QString::fromStdString(test::artefact("referral_dialog.png")));
  w.grab().save(QString::fromStdString(test::artefact("referral_map.png")));
  d->close();
}
