// Unit: app/gui/pwp_jobs.* + pwp_dialogs.* + compare_dialogs.* + the DrawLine tool of
// map_canvas.* and the diverging style, end to end offscreen through the real main window:
// a road drawn with mouse events (the hand-made road of tests/layers/test_pwp.cpp: village
// 90040708 -> health centre DEMO-HC-020 -> the nearest road vertex) is stored in
// user_pwp_works; the PWP dialog's gain equals layers::run_pwp on the same works; a cancelled
// run and an Esc-cancelled drawing leave the project byte-identical; the remove tool deletes
// the road; two siting scenarios compared through the dialog give layers::compare's numbers
// and the difference layer is drawn in the diverging colours at commune interiors.
#include <catch2/catch.hpp>
#include <QAction>
#include <QComboBox>
#include <QEventLoop>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/gui/compare_dialogs.hpp"
#include "app/gui/main_window.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/render/style.hpp"
#include "gui/gui_support.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"
#include "layers/pwp.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string fresh_copy(const std::string& name) {
  const auto p = test::artefact(name);
  std::filesystem::remove(p);
  std::filesystem::copy_file(test::sample_project(), p);
  return p;
}

std::pair<bool, bool> wait_finished(JobDialog& d, int timeout_ms = 300000) {
  bool done = false, ok = false, cancelled = false;
  QEventLoop loop;
  auto c = QObject::connect(d.job(), &AnalysisJob::finished, &loop, [&](bool o, bool cx, const QString&) {
    done = true, ok = o, cancelled = cx;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  if (!done) loop.exec();
  QObject::disconnect(c);
  REQUIRE(done);
  return {ok, cancelled};
}

/// Clicks Run; waits until the job failed, or succeeded and the window shows the result.
struct Outcome {
  bool ok = false, shown = false;
  QString layer;
};
Outcome click_run(JobDialog& d, MainWindow& w, int timeout_ms = 300000) {
  Outcome o;
  bool done = false, timed_out = false;
  QEventLoop loop;
  auto c1 = QObject::connect(d.job(), &AnalysisJob::finished, &loop, [&](bool ok, bool, const QString&) {
    done = true, o.ok = ok;
    loop.quit();
  });
  auto c2 = QObject::connect(&w, &MainWindow::results_shown, &loop, [&](const QString& l) {
    o.shown = !l.isEmpty(), o.layer = l;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, [&] {
    timed_out = true;
    loop.quit();
  });
  d.run_button()->click();
  while (!timed_out && !(done && (!o.ok || o.shown))) loop.exec();
  QObject::disconnect(c1);
  QObject::disconnect(c2);
  REQUIRE(done);
  return o;
}

QAction* find_action(MainWindow& w, const QString& text) {
  for (auto* a : w.findChildren<QAction*>())
    if (a->text() == text) return a;
  return nullptr;
}

void mouse(MapCanvas& c, QEvent::Type type, QPointF px) {
  const QPointF g = c.mapToGlobal(px);
  const Qt::MouseButtons held = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
  QMouseEvent e(type, px, g, Qt::LeftButton, held, Qt::NoModifier);
  QCoreApplication::sendEvent(&c, &e);
}
void click_at(MapCanvas& c, double x, double y) {
  const QPointF px = c.view().to_px(x, y);
  mouse(c, QEvent::MouseButtonPress, px);
  mouse(c, QEvent::MouseButtonRelease, px);
}
/// A double-click as Qt delivers it: press, release, double-click, release.
void double_click_at(MapCanvas& c, double x, double y) {
  const QPointF px = c.view().to_px(x, y);
  mouse(c, QEvent::MouseButtonPress, px);
  mouse(c, QEvent::MouseButtonRelease, px);
  mouse(c, QEvent::MouseButtonDblClick, px);
  mouse(c, QEvent::MouseButtonRelease, px);
}
void move_to(MapCanvas& c, double x, double y) {
  QMouseEvent e(QEvent::MouseMove, c.view().to_px(x, y), c.mapToGlobal(c.view().to_px(x, y)), Qt::NoButton,
                Qt::NoButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&c, &e);
}

bool wait_works(MainWindow& w, int timeout_ms = 60000) {
  bool changed = false, ok = false;
  QEventLoop loop;
  auto c = QObject::connect(&w, &MainWindow::user_works_changed, &loop, [&](bool o) {
    changed = true, ok = o;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  if (!changed) loop.exec();
  QObject::disconnect(c);
  return changed && ok;
}

std::pair<double, double> point_where(const PreparedLayer& l, const char* field, const std::string& value) {
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.data.column(field).text(i) == value) return *l.data.geom.first_xy(i);
  FAIL("no " << field << " = " << value);
  return {};
}

/// Share of the 5x5 pixels around `px` within tolerance of `c`.
int matching_pixels(const QImage& img, QPointF px, QColor c) {
  int hit = 0;
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) hit += test::close_colour(img.pixelColor(int(px.x()) + dx, int(px.y()) + dy), c);
  return hit;
}

}  // namespace

TEST_CASE("diverging style: red losses, white zero, blue gains, symmetric", "[gui][pwp][style]") {
  gis::VectorLayer l;
  l.name = "d";
  l.geom.kind = gis::GeometryKind::Point;
  gis::Column c;
  c.name = "diff";
  c.type = gis::FieldType::Real;
  for (double v : {-40.0, -10.0, 0.0, 1e-9, 5.0, 100.0}) c.push(v), l.geom.add_point(0, 0), l.geom.end_feature(), l.fids.push_back(std::int64_t(l.fids.size() + 1));
  c.push_null(), l.geom.add_point(0, 0), l.geom.end_feature(), l.fids.push_back(7);
  l.columns = {c};
  const auto s = diverging_style(l, "diff");
  REQUIRE(s.classes.size() == 5);
  const auto k = classify_features(s, l);
  // |max| = 100: [-100, -50] [-50, 0) {0} (0, 50] (50, 100]
  CHECK(k == std::vector<int>{1, 1, 2, 2, 3, 4, -1});
  CHECK(s.classes[2].symbol.fill == QColor(255, 255, 255));
  CHECK(s.classes[0].symbol.fill.red() > s.classes[0].symbol.fill.blue());
  CHECK(s.classes[4].symbol.fill.blue() > s.classes[4].symbol.fill.red());
  CHECK(s.classes[0].lower == Approx(-100));
  // All zero: one white class.
  gis::VectorLayer z = l;
  z.columns[0] = gis::Column();
  z.columns[0].name = "diff";
  z.columns[0].type = gis::FieldType::Real;
  for (std::size_t i = 0; i < l.size(); ++i) z.columns[0].push(0.0);
  const auto sz = diverging_style(z, "diff");
  REQUIRE(sz.classes.size() == 1);
  CHECK(classify_features(sz, z) == std::vector<int>(7, 0));
}

TEST_CASE("draw a road on the map, run the PWP scenario from its dialog, costs, remove", "[gui][pwp]") {
  test::app();
  const auto path = fresh_copy("pwp_gui.gpkg");
  MainWindow w;
  w.set_language("en");
  w.resize(1500, 950);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* canvas = w.canvas();
  REQUIRE(test::render_and_wait(*canvas));
  const auto villages = canvas->layer("villages")->data;
  const auto facilities = canvas->layer("facilities")->data;
  const auto roads = canvas->layer("roads")->data;
  const auto V = point_where(*villages, "vil_code", "90040708");
  const auto F = point_where(*facilities, "facility_id", "DEMO-HC-020");
  std::pair<double, double> J;
  double best = INFINITY;
  for (std::size_t i = 0; i < roads->data.geom.xs.size(); ++i) {
    const double d = std::hypot(roads->data.geom.xs[i] - F.first, roads->data.geom.ys[i] - F.second);
    if (d < best) best = d, J = {roads->data.geom.xs[i], roads->data.geom.ys[i]};
  }
  // Zoom to the road so a pixel is a few metres (the vertex join tolerance is 25 m).
  const double pad = 1500;
  canvas->zoom_to_extent({std::min({V.first, F.first, J.first}) - pad, std::min({V.second, F.second, J.second}) - pad,
                          std::max({V.first, F.first, J.first}) + pad, std::max({V.second, F.second, J.second}) + pad});
  REQUIRE(test::render_and_wait(*canvas));
  INFO("metres per pixel " << canvas->view().mpp);
  REQUIRE(canvas->view().mpp < 10);

  // Esc cancels a drawing: nothing is written.
  const std::string pristine = file_bytes(path);
  auto* draw = find_action(w, "Draw road works");
  REQUIRE(draw);
  draw->trigger();
  CHECK(canvas->tool() == MapCanvas::Tool::DrawLine);
  click_at(*canvas, V.first, V.second);
  click_at(*canvas, F.first, F.second);
  CHECK(canvas->draw_vertices().size() == 2);
  QKeyEvent esc(QEvent::KeyPress, Qt::Key_Escape, Qt::NoModifier);
  QCoreApplication::sendEvent(canvas, &esc);
  CHECK(canvas->draw_vertices().empty());
  for (int i = 0; i < 5; ++i) QCoreApplication::processEvents();
  CHECK(file_bytes(path) == pristine);
  CHECK(canvas->layer(kUserPwpWorks) == nullptr);

  // The road: national class, V -> F -> J with real clicks, a double-click at J finishes.
  w.road_class_box()->setCurrentIndex(w.road_class_box()->findData(QString("national")));
  click_at(*canvas, V.first, V.second);
  click_at(*canvas, F.first, F.second);
  move_to(*canvas, J.first, J.second);
  canvas->repaint();
  canvas->grab().save(QString::fromStdString(test::artefact("pwp_drawing.png")));  // rubber band
  CHECK(canvas->draw_vertices().size() == 2);
  double_click_at(*canvas, J.first, J.second);
  REQUIRE(wait_works(w));
  CHECK(canvas->draw_vertices().empty());
  REQUIRE(canvas->layer(kUserPwpWorks));
  const auto drawn = canvas->layer(kUserPwpWorks)->data;
  REQUIRE(drawn->size() == 1);
  const auto& g = drawn->data.geom;
  REQUIRE(g.xs.size() == 3);
  const double tol = 1.5 * canvas->view().mpp;
  CHECK(std::hypot(g.xs[0] - V.first, g.ys[0] - V.second) <= tol);
  CHECK(std::hypot(g.xs[1] - F.first, g.ys[1] - F.second) <= tol);
  CHECK(std::hypot(g.xs[2] - J.first, g.ys[2] - J.second) <= tol);
  const auto stored = layers::Project::open(path).read(kUserPwpWorks);
  REQUIRE(stored.size() == 1);
  CHECK(stored.crs == "EPSG:4326");
  CHECK(stored.column("work").text(0) == "new");
  CHECK(stored.column("road_class").text(0) == "national");
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("pwp_drawn.png")));

  // The PWP dialog: user_pwp_works by default; health centres only, 60 min.
  auto* d = w.pwp_dialog();
  REQUIRE(d);
  d->show();
  CHECK(d->works_box()->currentData().toString() == QString(kUserPwpWorks));
  for (int i = 0; i < d->services_list()->count(); ++i) {
    auto* it = d->services_list()->item(i);
    it->setCheckState(it->data(Qt::UserRole).toString() == "health_centre" ? Qt::Checked : Qt::Unchecked);
  }
  d->threshold_edit()->setText("60min");
  d->scenario_edit()->setText("gui_pwp");

  // Cancelled at once: the project is byte-identical.
  const std::string before = file_bytes(path);
  d->run_button()->click();
  REQUIRE(d->job()->running());
  CHECK_FALSE(w.add_user_work_at({V, F}));  // no edit while a run may commit
  d->cancel_button()->click();
  const auto [ok_c, cancelled_c] = wait_finished(*d);
  CHECK_FALSE(ok_c);
  CHECK(cancelled_c);
  CHECK(file_bytes(path) == before);

  const auto run = click_run(*d, w);
  INFO(d->last_error().toStdString());
  REQUIRE(run.ok);
  REQUIRE(run.shown);
  d->grab().save(QString::fromStdString(test::artefact("pwp_dialog.png")));
  // Equal to layers::run_pwp on the same works.
  layers::PwpRequest rq;
  rq.scenario = "check";
  rq.works = kUserPwpWorks;
  rq.services = {layers::Service::HealthCentre};
  rq.threshold = layers::Threshold::parse("60min");
  const auto expect = layers::run_pwp(layers::Project::open(path), rq);
  const auto& got = d->result();
  REQUIRE(got.services.size() == 1);
  REQUIRE(expect.services.size() == 1);
  CHECK(got.services[0].households_gained == expect.services[0].households_gained);
  CHECK(got.services[0].poor_gained == expect.services[0].poor_gained);
  CHECK(got.services[0].households_lost == expect.services[0].households_lost);
  CHECK(got.labour_days == Approx(expect.labour_days));
  CHECK(got.cost_usd == Approx(expect.cost_usd));
  CHECK(got.services[0].households_gained >= 247);  // East Arm at least (test_pwp)
  CHECK(got.km_new > 0);
  CHECK(d->result_text().contains("person-days"));
  CHECK(d->result_text().contains("health_centre"));
  CHECK(layers::is_pwp_scenario(layers::Project::open(path), "gui_pwp"));

  // The gain per commune is on the map, blue where poor households gain access.
  const std::string gain_name = layers::pwp_layer("gui_pwp", "gain");
  CHECK(run.layer.toStdString() == gain_name);
  const auto* gain = canvas->layer(gain_name);
  REQUIRE(gain);
  REQUIRE(gain->style.field == "net_poor_health_centre");
  REQUIRE(canvas->layer(layers::pwp_layer("gui_pwp", "works")));
  const auto gdata = gain->data;
  std::size_t east = gdata->size();
  for (std::size_t i = 0; i < gdata->size(); ++i)
    if (gdata->data.column("adm3_pcode").text(i) == "KH900407") east = i;
  REQUIRE(east < gdata->size());
  double expect_net = 0;
  for (const auto& c : expect.communes)
    if (c.adm3_pcode == "KH900407") expect_net = c.gain.poor_gained - c.gain.poor_lost;
  CHECK(*gdata->data.column("net_poor_health_centre").number(east) == Approx(expect_net));
  REQUIRE(expect_net > 0);
  for (const auto& l : canvas->view().layers)
    if (l.name() != gain_name) w.set_layer_visible(l.name(), false);
  canvas->zoom_to_layer(gain_name);
  REQUIRE(test::render_and_wait(*canvas));
  const QImage img = canvas->image();
  img.save(QString::fromStdString(test::artefact("pwp_gain.png")));
  const auto cls = classify_features(gain->style, gdata->data);
  REQUIRE(cls[east] >= 3);  // a gain class
  CHECK(matching_pixels(img, canvas->view().to_px(gdata->label_x[east], gdata->label_y[east]),
                        gain->style.classes[std::size_t(cls[east])].symbol.fill) >= 13);
  for (const auto& l : canvas->view().layers)
    if (l.name() != "district_priority") w.set_layer_visible(l.name(), true);
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("pwp_gui.png")));

  // Costs of the scenario: the table equals layers::cost_scenario; CSV export.
  auto* cd = w.cost_dialog();
  REQUIRE(cd);
  cd->reload_scenarios();
  cd->scenario_box()->setCurrentIndex(cd->scenario_box()->findData(QString("gui_pwp")));
  REQUIRE(cd->compute(true));
  cd->show();
  const auto ct = layers::cost_scenario(layers::Project::open(path), "gui_pwp");
  CHECK(cd->cost().first_year_usd == Approx(ct.first_year_usd));
  CHECK(cd->table()->rowCount() == int(ct.table().size()));
  cd->grab().save(QString::fromStdString(test::artefact("pwp_costs.png")));
  const auto csv = test::artefact("pwp_costs.csv");
  std::filesystem::remove(csv);
  cd->export_csv(csv);
  CHECK(file_bytes(csv).find("pwp_labour") != std::string::npos);

  // The scenario against itself before the works, through the compare dialog.
  auto* cmp = w.compare_dialog();
  REQUIRE(cmp);
  cmp->reload_scenarios();
  REQUIRE(cmp->select("gui_pwp:before", "gui_pwp"));
  const auto crun = click_run(*cmp, w);
  INFO(cmp->last_error().toStdString());
  REQUIRE(crun.ok);
  CHECK(cmp->result().total.diff_covered_households ==
        Approx(got.services[0].households_gained - got.services[0].households_lost));
  CHECK(cmp->result().access_unit == "min");
  CHECK(cmp->table()->item(cmp->table()->rowCount() - 1, 0)->text() == "Total");
  cmp->close();

  // A second road, deleted from the attribute table (row selected by identify on the map).
  draw->trigger();
  const std::pair<double, double> P{F.first + 600, F.second - 400}, Q{F.first + 1200, F.second - 300};
  click_at(*canvas, P.first, P.second);
  click_at(*canvas, Q.first, Q.second);
  QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);  // Enter finishes too
  QCoreApplication::sendEvent(canvas, &enter);
  REQUIRE(wait_works(w));
  REQUIRE(layers::Project::open(path).read(kUserPwpWorks).size() == 2);
  w.show_attributes(kUserPwpWorks);
  w.identify_at((P.first + Q.first) / 2, (P.second + Q.second) / 2);
  REQUIRE(w.table_selection() == std::vector<std::uint32_t>{1});
  REQUIRE(w.remove_selected_works(true));
  {
    const auto left = layers::Project::open(path).read(kUserPwpWorks);
    REQUIRE(left.size() == 1);
    CHECK(left.column("road_class").text(0) == "national");  // the first road stays
  }
  // The remove tool: a click on the drawn road (midway V -> F) deletes it.
  auto* remove = find_action(w, "Remove road work");
  REQUIRE(remove);
  remove->trigger();
  CHECK(canvas->tool() == MapCanvas::Tool::Place);
  canvas->zoom_to_extent({std::min(V.first, F.first) - pad, std::min(V.second, F.second) - pad,
                          std::max(V.first, F.first) + pad, std::max(V.second, F.second) + pad});
  click_at(*canvas, (g.xs[0] + g.xs[1]) / 2, (g.ys[0] + g.ys[1]) / 2);
  REQUIRE(wait_works(w));
  CHECK(layers::Project::open(path).read(kUserPwpWorks).size() == 0);
  CHECK(canvas->layer(kUserPwpWorks)->data->size() == 0);
  d->close();
  cd->close();
}

TEST_CASE("compare two siting scenarios through the dialog: table and diverging difference map",
          "[gui][compare]") {
  test::app();
  const auto path = fresh_copy("compare_gui.gpkg");
  MainWindow w;
  w.set_language("en");
  w.resize(1500, 950);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* canvas = w.canvas();
  REQUIRE(test::render_and_wait(*canvas));
  // Two siting scenarios from the siting dialog: 1 and 3 new offices.
  auto* sd = w.siting_dialog();
  REQUIRE(sd);
  for (auto [p, name] : {std::pair{1, "one"}, std::pair{3, "three"}}) {
    sd->p_box()->setValue(p);
    sd->threshold_edit()->setText("30min");
    sd->scenario_edit()->setText(name);
    const auto r = click_run(*sd, w);
    INFO(sd->last_error().toStdString());
    REQUIRE(r.ok);
  }
  auto* d = w.compare_dialog();
  REQUIRE(d);
  d->reload_scenarios();
  d->show();
  REQUIRE(d->select("one", "three"));
  const auto run = click_run(*d, w);
  INFO(d->last_error().toStdString());
  REQUIRE(run.ok);
  REQUIRE(run.shown);
  const auto expect = layers::compare_scenarios_full(layers::Project::open(path), "one", "three");
  // Table: one row per district, then the total, numbers as layers::compare gives them.
  auto* t = d->table();
  REQUIRE(t->rowCount() == int(expect.districts.size()) + 1);
  for (int i = 0; i < t->rowCount(); ++i) {
    const auto& r = i < int(expect.districts.size()) ? expect.districts[std::size_t(i)] : expect.total;
    INFO("row " << i);
    CHECK(t->item(i, 0)->text() == (r.code.empty() ? QString("Total") : QString::fromStdString(r.code)));
    CHECK(t->item(i, 3)->text() == QString::number(r.covered_poor_a, 'f', 0));
    CHECK(t->item(i, 4)->text() == QString::number(r.covered_poor_b, 'f', 0));
    CHECK(t->item(i, 5)->text().remove('+') == QString::number(r.diff_covered_poor, 'f', 0));
  }
  CHECK(d->result().total.diff_covered_poor == Approx(expect.total.diff_covered_poor));
  CHECK(expect.total.diff_covered_poor > 0);
  d->grab().save(QString::fromStdString(test::artefact("compare_dialog.png")));
  // The difference layer is stored and drawn: blue where B covers more poor households, white
  // where the same, at commune interiors.
  const std::string name = layers::compare_layer_name("one", "three");
  CHECK(layers::Project::open(path).has(name));
  const auto* diff = canvas->layer(name);
  REQUIRE(diff);
  CHECK(diff->style.field == "diff_covered_poor");
  for (const auto& l : canvas->view().layers)
    if (l.name() != name) w.set_layer_visible(l.name(), false);
  canvas->zoom_to_layer(name);
  REQUIRE(test::render_and_wait(*canvas));
  const QImage img = canvas->image();
  img.save(QString::fromStdString(test::artefact("compare_diff.png")));
  const auto data = diff->data;
  const auto cls = classify_features(diff->style, data->data);
  const auto& colors = diverging_colors();
  int gains = 0, zeros = 0;
  for (std::size_t f = 0; f < data->size(); ++f) {
    const auto v = data->data.column("diff_covered_poor").number(f);
    if (!v) continue;
    const QColor want = *v > 1e-6 ? (cls[f] == 4 ? colors[4] : colors[3]) : *v < -1e-6 ? (cls[f] == 0 ? colors[0] : colors[1]) : colors[2];
    INFO("commune row " << f << " diff " << *v);
    CHECK(diff->style.classes[std::size_t(cls[f])].symbol.fill == want);
    CHECK(matching_pixels(img, canvas->view().to_px(data->label_x[f], data->label_y[f]), want) >= 13);
    (*v > 1e-6 ? gains : zeros) += std::abs(*v) <= 1e-6 || *v > 1e-6;
  }
  CHECK(gains >= 1);
  CHECK(zeros >= 1);
  // The legend shows the diverging classes (red/white/blue swatches).
  const QImage legend = w.legend_image();
  legend.save(QString::fromStdString(test::artefact("compare_legend.png")));
  for (int k : {2, 3, 4}) {
    int n = 0;
    for (int y = 0; y < legend.height(); ++y)
      for (int x = 0; x < legend.width(); ++x) n += legend.pixelColor(x, y) == colors[std::size_t(k)];
    INFO("legend colour " << k);
    CHECK(n > 20);
  }
  // In Khmer the new actions are translated.
  w.set_language("km");
  CHECK(find_action(w, "Compare scenarios...") == nullptr);
  CHECK(find_action(w, QString::fromUtf8("ប្រៀបធៀប​សេណារីយ៉ូ...")) != nullptr);
  w.set_language("en");
  for (const auto& l : canvas->view().layers)
    if (l.name() != "district_priority") w.set_layer_visible(l.name(), true);
  canvas->zoom_full();
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("compare_gui.png")));
  w.compare_dialog()->close();  // rebuilt in the new language: a new dialog
}
