// Unit: app/gui/analysis_dialogs.* and main_window.* as a user test found them: a ticked
// service that is off in the settings is analysed (never skipped), the siting dialog limits
// to a province with capacity and spacing as `swsplan site` does, Cancel stops an exact CBC
// solve at once, dialogs follow a language change, and Quit asks before losing map changes.
#include <catch2/catch.hpp>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <chrono>
#include <cmath>
#include <set>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/attribute_filter.hpp"
#include "app/gui/attribute_table.hpp"
#include "app/render/prepared_layer.hpp"
#include "app/gui/main_window.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/vector.hpp"
#include "gui/dialog_support.hpp"
#include "gui/gui_support.hpp"
#include "app/render/map_decorations.hpp"
#include "gis/core/progress.hpp"
#include "layers/analysis_run.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::gui;
using namespace swsplan::gui::test;

namespace {

std::set<std::string> analysed_services(const std::string& path) {
  const auto p = layers::Project::open(path);
  const auto t = p.read("gap_classes");
  std::set<std::string> out;
  const auto& col = t.column("service");
  for (std::size_t i = 0; i < col.size(); ++i) out.insert(col.text(i));
  return out;
}

/// Answers the next modal message box with `button` once it is shown.
void answer_next_box(QMessageBox::StandardButton button, bool& seen) {
  QTimer::singleShot(50, [button, &seen] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      seen = true;
      box->button(button)->click();
    }
  });
}

}  // namespace

TEST_CASE("gap dialog: a service off in the settings is offered unticked and analysed once ticked", "[gui][analysis]") {
  test::app();
  const auto path = project_copy("gap_disabled_service.gpkg");
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* d = w.gap_dialog();
  REQUIRE(d);
  // The sample has health posts, and health_post is off in its settings.
  QListWidgetItem* post = nullptr;
  for (int i = 0; i < d->services_list()->count(); ++i)
    if (d->services_list()->item(i)->data(Qt::UserRole).toString() == "health_post") post = d->services_list()->item(i);
  REQUIRE(post);
  CHECK(post->checkState() == Qt::Unchecked);
  CHECK(post->text().contains("off in the project settings"));
  // Tick every service: the request names each one, health_post included.
  for (int i = 0; i < d->services_list()->count(); ++i) d->services_list()->item(i)->setCheckState(Qt::Checked);
  const auto rq = d->request();
  CHECK(std::find(rq.services.begin(), rq.services.end(), "health_post") != rq.services.end());
  CHECK(rq.services.size() == std::size_t(d->services_list()->count()));
  const auto o = run_and_wait(*d, w);
  REQUIRE(o.ok);
  const auto done = analysed_services(path);
  CHECK(done.count("health_post") == 1);
  CHECK(done.size() == rq.services.size());
  d->close();

  // The layer tree's "Gap classes of" menu switches the 2x2 map to another service or to the
  // worst service, without the Style dialog.
  QAction* of = action(w, "Gap classes of");
  REQUIRE(of);
  REQUIRE(of->menu());
  emit of->menu()->aboutToShow();
  QAction* worst = nullptr;
  QAction* post_item = nullptr;
  for (auto* a : of->menu()->actions()) {
    if (a->data().toString() == "class_worst") worst = a;
    if (a->data().toString() == "class_health_post") post_item = a;
  }
  REQUIRE(worst);
  REQUIRE(post_item);
  post_item->trigger();
  CHECK(w.canvas()->layer("gap_communes")->style.field == "class_health_post");
  worst->trigger();
  const auto* gap = w.canvas()->layer("gap_communes");
  CHECK(gap->style.field == "class_worst");
  CHECK(gap->style.title == "Gap: worst service");
  CHECK(w.map_changed());
}

TEST_CASE("siting dialog: province, capacity and minimum spacing reach the run as --province does", "[gui][siting]") {
  test::app();
  const auto path = project_copy("siting_province.gpkg");
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* d = w.siting_dialog();
  REQUIRE(d);
  // Every province of the project is offered, after "All provinces".
  REQUIRE(d->province_box()->count() == 2);
  CHECK(d->province_box()->itemData(0).toString().isEmpty());
  CHECK(d->province_box()->itemData(1).toString() == "KH90");
  CHECK(d->province_box()->itemText(1).contains("Demo Province"));
  CHECK(d->request().province.empty());
  CHECK_FALSE(d->request().capacity);
  d->province_box()->setCurrentIndex(1);
  d->capacity_box()->setValue(3000);
  d->spacing_box()->setValue(8.0);
  d->p_box()->setValue(3);
  d->scenario_edit()->setText("province_run");
  const auto rq = d->request();
  CHECK(rq.province == "KH90");
  REQUIRE(rq.capacity);
  CHECK(*rq.capacity == Approx(3000));
  CHECK(rq.min_spacing_m == Approx(8000));
  const auto o = run_and_wait(*d, w);
  REQUIRE(o.ok);
  // The offices stored for the scenario keep the spacing (metres, in the map CRS).
  const auto p = layers::Project::open(path);
  const auto offices = gis::reproject(p.read("scenario_province_run_offices"), "EPSG:32648");
  std::vector<std::size_t> news;  // the sample's existing office is kept beside them
  for (std::size_t i = 0; i < offices.size(); ++i)
    if (offices.column("status").text(i) == "new") news.push_back(i);
  REQUIRE(news.size() == 3);
  for (std::size_t a = 0; a < news.size(); ++a)
    for (std::size_t b = a + 1; b < news.size(); ++b) {
      const auto pa = *offices.geom.first_xy(news[a]), pb = *offices.geom.first_xy(news[b]);
      CHECK(std::hypot(pa.first - pb.first, pa.second - pb.second) >= 8000 - 1e-6);
    }
  d->close();
}

TEST_CASE("siting dialog: Cancel stops an exact CBC solve long before its time limit", "[gui][siting][cancel]") {
  test::app();
  const auto path = project_copy("siting_cbc_cancel.gpkg");
  const std::string before = bytes_of(path);
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* d = w.siting_dialog();
  REQUIRE(d);
  // A capacitated p-median over every village: CBC's root LP alone runs for minutes.
  d->model_box()->setCurrentIndex(d->model_box()->findData("pmedian"));
  d->p_box()->setValue(10);
  d->candidates_box()->setCurrentIndex(d->candidates_box()->findData("villages"));
  d->capacity_box()->setValue(2200);
  d->exact_box()->setChecked(true);
  d->time_limit_box()->setValue(3600);
  d->scenario_edit()->setText("cbc_cancel");
  bool finished = false, cancelled = false, in_cbc = false;
  QObject::connect(d->job(), &AnalysisJob::finished, [&](bool, bool cx, const QString&) {
    finished = true;
    cancelled = cx;
  });
  QObject::connect(d->job(), &AnalysisJob::progressed,
                   [&](double, const QString& stage) { in_cbc = in_cbc || stage.contains("CBC"); });
  d->run_button()->click();
  REQUIRE(d->job()->running());
  // Wait until the solve has reached CBC (reading the project and building the model come
  // first, and take longer on a loaded machine), give it a second inside, then Cancel run.
  REQUIRE(wait_until([&] { return in_cbc || finished; }, 120000));
  REQUIRE_FALSE(finished);
  QEventLoop settle;
  QTimer::singleShot(1000, &settle, &QEventLoop::quit);
  settle.exec();
  REQUIRE_FALSE(finished);
  QPushButton* cancel = nullptr;
  for (auto* b : d->findChildren<QPushButton*>())
    if (b->text() == "Cancel run") cancel = b;
  REQUIRE(cancel);
  REQUIRE(cancel->isEnabled());
  cancel->click();
  // Liveness, not a timing claim: the solve ignored Cancel until its limit (an hour here).
  const auto [ok, cx] = wait_job(*d, 60000);
  CHECK_FALSE(ok);
  CHECK(cx);
  CHECK(cancelled);
  CHECK(d->status_text().contains("not changed"));
  CHECK(bytes_of(path) == before);
  d->close();
}

TEST_CASE("dialogs follow a language change, the shown one in place", "[gui][i18n]") {
  test::app();
  const auto path = project_copy("dialog_language.gpkg");
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  auto* gap = w.gap_dialog();
  gap->show();
  gap->set_result_text("earlier run");
  auto* siting = w.siting_dialog();  // built, not shown
  REQUIRE(gap->windowTitle() == "Gap analysis");
  REQUIRE(siting->windowTitle() == "Office siting");
  w.set_language("km");
  auto* gap_km = w.gap_dialog();
  REQUIRE(gap_km);
  CHECK(gap_km->windowTitle() != "Gap analysis");
  CHECK(gap_km->windowTitle() == QCoreApplication::translate("swsplan::gui::GapDialog", "Gap analysis"));
  CHECK(gap_km->isVisible());
  CHECK(gap_km->result_text() == "earlier run");
  CHECK(w.siting_dialog()->windowTitle() != "Office siting");
  CHECK_FALSE(w.siting_dialog()->isVisible());
  w.set_language("en");
  CHECK(w.gap_dialog()->windowTitle() == "Gap analysis");
  w.gap_dialog()->close();
}

TEST_CASE("Quit asks before losing map changes: Cancel keeps the window, Save stores them", "[gui][app]") {
  test::app();
  const auto path = project_copy("quit_prompt.gpkg");
  auto w = std::make_unique<MainWindow>();
  w->set_language("en");
  REQUIRE(w->open_project(QString::fromStdString(path), true));
  w->show();
  CHECK_FALSE(w->map_changed());
  bool seen = false;
  // Nothing changed: no question.
  answer_next_box(QMessageBox::Cancel, seen);
  REQUIRE(w->close());
  QEventLoop idle;  // let the pending answer run now, so it cannot answer a later box
  QTimer::singleShot(200, &idle, &QEventLoop::quit);
  idle.exec();
  CHECK_FALSE(seen);
  w->show();
  w->set_layer_visible("communes", false);
  REQUIRE(w->map_changed());
  answer_next_box(QMessageBox::Cancel, seen);
  CHECK_FALSE(w->close());
  CHECK(seen);
  CHECK(w->isVisible());
  seen = false;
  answer_next_box(QMessageBox::Save, seen);
  const bool closed = w->close();
  INFO("status bar: " << w->statusBar()->currentMessage().toStdString());
  CHECK(closed);
  CHECK(seen);
  CHECK_FALSE(w->map_changed());
  // Stored: the project reopens with communes off.
  MainWindow again;
  REQUIRE(again.open_project(QString::fromStdString(path), true));
  CHECK_FALSE(again.canvas()->layer("communes")->visible);
  CHECK_FALSE(again.map_changed());
}

TEST_CASE("two scenarios' offices are told apart: colour, marker and the scenario's name in the legend",
          "[gui][siting]") {
  test::app();
  const auto path = project_copy("two_scenarios.gpkg");
  for (const char* name : {"east", "west"}) {
    layers::SitingRequest rq;
    rq.scenario = name;
    rq.p = std::string(name) == "east" ? 2 : 3;
    rq.threshold = layers::Threshold::parse("10km");
    gis::Progress quiet;
    layers::run_and_store_siting(path, rq, false, quiet);
  }
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  const auto* a = w.canvas()->layer("scenario_east_offices");
  const auto* b = w.canvas()->layer("scenario_west_offices");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->style.title == "Scenario offices: east");
  CHECK(b->style.title == "Scenario offices: west");
  auto new_symbol = [](const MapLayer& l) {
    for (const auto& c : l.style.classes)
      if (c.value == "new") return c.symbol;
    FAIL("no class for new offices");
    return Symbol{};
  };
  CHECK(new_symbol(*a).fill != new_symbol(*b).fill);
  CHECK(new_symbol(*a).shape != new_symbol(*b).shape);
  CHECK(layer_title(*b) == "Scenario offices: west");
  CHECK(w.canvas()->layer("scenario_west_van_stops")->style.title == "Mobile van stops (van.order): west");
  const Symbol east = new_symbol(*a), west = new_symbol(*b);  // the canvas's layers move below
  // A third run from the dialog gets a third look, without restyling the first two.
  auto* d = w.siting_dialog();
  d->scenario_edit()->setText("alpha");  // sorts before the others: it must still not take their looks
  d->p_box()->setValue(1);
  REQUIRE(run_and_wait(*d, w).ok);
  const auto* c = w.canvas()->layer("scenario_alpha_offices");
  REQUIRE(c);
  CHECK(c->style.title == "Scenario offices: alpha");
  CHECK(new_symbol(*c).fill != east.fill);
  CHECK(new_symbol(*c).fill != west.fill);
  CHECK(new_symbol(*w.canvas()->layer("scenario_east_offices")).fill == east.fill);
  w.resize(1400, 900);
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(test::artefact("two_scenarios.png")));
  d->close();
}

TEST_CASE("a table filter survives its layer being re-read with other rows and columns", "[gui][attributes]") {
  test::app();
  // A gap run with fewer services re-reads gap_communes with fewer columns; the filter parsed
  // for the old columns (and the folded text of the old rows) must not be used on the new one.
  auto a = layers::Project::open(test::sample_project()).read("communes");
  a.name = "gap_communes";
  auto& extra = a.add_column("class_school_primary", gis::FieldType::String);
  for (std::size_t i = 0; i < a.size(); ++i) extra.nulls[i] = 0, extra.strings[i] = i % 2 ? "served" : "unavailable";
  auto b = layers::Project::open(test::sample_project()).read("villages");  // more rows, other columns
  b.name = "gap_communes";
  MapCanvas canvas;
  AttributeTable table(&canvas);
  table.set_layer(prepare_layer(a, "EPSG:32648"));
  table.filter_edit()->setText("class_school_primary = served");
  table.apply_filter();
  CHECK(table.shown_rows() == int(a.size() / 2));
  table.set_layer(prepare_layer(b, "EPSG:32648"));
  CHECK(table.proxy()->filter_error().contains("class_school_primary"));
  CHECK(table.shown_rows() == 0);
  table.filter_edit()->setText("Phum");  // a text filter, then the short layer again
  table.apply_filter();
  table.set_layer(prepare_layer(a, "EPSG:32648"));
  CHECK(table.shown_rows() <= int(a.size()));
}
