// Unit: app/gui/main_window.* + map_canvas.*, end to end offscreen: open the sample project,
// toggle layers, identify a commune, select linked to the table, export PNG, screenshots.
#include <catch2/catch.hpp>
#include <QDockWidget>
#include <QAction>
#include <QFile>
#include <QRegularExpression>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/main_window.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("open the sample project, toggle layers, identify, export", "[gui][app]") {
  test::app();
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(test::sample_project()), true));
  auto* canvas = w.canvas();
  REQUIRE(test::render_and_wait(*canvas));
  const QImage before = canvas->image();
  REQUIRE(!before.isNull());
  w.grab().save(QString::fromStdString(test::artefact("main_window.png")));

  // Layers dock: hide the facilities and villages; the map changes.
  w.set_layer_visible("facilities", false);
  w.set_layer_visible("villages", false);
  CHECK_FALSE(canvas->layer("facilities")->visible);
  REQUIRE(test::render_and_wait(*canvas));
  CHECK(canvas->image() != before);
  w.set_layer_visible("facilities", true);
  w.set_layer_visible("villages", true);

  // Identify a commune at a known interior point.
  const auto* communes = canvas->layer("communes");
  REQUIRE(communes);
  const std::size_t f = 7;
  const auto pcode = communes->data->data.column("adm3_pcode").text(f);
  const auto hits = w.identify_at(communes->data->label_x[f], communes->data->label_y[f]);
  bool found = false;
  for (const auto& h : hits) found |= h.layer == "communes" && h.feature == f;
  CHECK(found);
  CHECK(w.identify_text().contains(QString::fromStdString(pcode)));
  // Map selection is linked to the attribute table.
  // The active layer (communes) wins over the outline-only province drawn above it.
  CHECK(canvas->active_layer() == "communes");
  CHECK(canvas->selection_layer() == "communes");
  CHECK(canvas->selection() == std::vector<std::uint32_t>{std::uint32_t(f)});
  CHECK(w.table_selection() == std::vector<std::uint32_t>{std::uint32_t(f)});

  // Legend present.
  const QImage legend = w.legend_image();
  REQUIRE(!legend.isNull());
  CHECK(legend.height() > 100);

  // Zoom in on the commune: labels appear; screenshot kept.
  canvas->zoom_to_extent(communes->data->bbox(f));
  REQUIRE(test::render_and_wait(*canvas));
  w.grab().save(QString::fromStdString(test::artefact("main_window_zoomed.png")));
  canvas->zoom_full();
  REQUIRE(test::render_and_wait(*canvas));

  const std::string png = test::artefact("export_from_gui.png");
  w.export_map(QString::fromStdString(png), "Demo Province (synthetic)");
  QImage out(QString::fromStdString(png));
  REQUIRE(!out.isNull());
  CHECK(out.width() == 1754);
  CHECK(test::close_colour(out.pixelColor(2, 2), Qt::white));
}

TEST_CASE("Khmer UI: translations load and Khmer text shapes", "[gui][app]") {
  test::app();
  MainWindow w;
  w.set_language("km");
  // The Khmer .qm is embedded; the File menu title is translated.
  CHECK(QCoreApplication::translate("swsplan::gui::MainWindow", "&File") != QString("&File"));
  w.resize(1200, 800);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(test::sample_project()), true));
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(test::artefact("main_window_km.png")));
  // Accelerators never sit inside Khmer text: '&' only before a Latin letter, appended as
  // "(&F)" the way Qt does for CJK; toolbar labels drop the "(&F)".
  int accelerated = 0;
  auto latin_accel = [](const QString& t) {
    for (int i = 0; i + 1 < t.size(); ++i)
      if (t[i] == '&') {
        if (t[i + 1] == '&') {
          ++i;
          continue;
        }
        if (t[i + 1].unicode() >= 128) return false;
      }
    return true;
  };
  for (auto* a : w.findChildren<QAction*>()) {
    INFO(a->text().toStdString());
    CHECK(latin_accel(a->text()));
    accelerated += a->text().contains(QRegularExpression("\\(&[A-Z]\\)"));
    CHECK_FALSE(a->iconText().contains('&'));
    CHECK_FALSE(a->iconText().contains(QRegularExpression("\\([A-Z]\\)")));
  }
  CHECK(accelerated >= 8);  // File, View, Layer, Analysis, Help menus; Open, PNG, PDF, Quit
  // The analysis dialogs in Khmer (screenshots to look at).
  if (auto* g = w.gap_dialog()) {
    CHECK(g->windowTitle() != QString("Gap analysis"));
    g->grab().save(QString::fromStdString(test::artefact("gap_dialog_km.png")));
  }
  if (auto* sd = w.siting_dialog()) sd->grab().save(QString::fromStdString(test::artefact("siting_dialog_km.png")));
  w.set_language("en");
  CHECK(QCoreApplication::translate("swsplan::gui::MainWindow", "&File") == QString("&File"));
}
