// Unit: the area tool of app/gui/map_canvas.* (Tool::MeasureArea, polygon_area_m2) and its
// status-bar message in the MainWindow: a 2 km square clicked on the map measures 4 km².
#include <catch2/catch.hpp>
#include <QMouseEvent>
#include <QStatusBar>

#include "app/gui/main_window.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("measure area: a 2 km square clicked on the map is 4 km² in EPSG:32648", "[gui][measure]") {
  test::app();
  CHECK(polygon_area_m2({{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}}) == Approx(1e6));
  CHECK(ring_perimeter_m({{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}}) == Approx(4000));
  // Far from the origin (UTM magnitudes) and clockwise: the same.
  CHECK(polygon_area_m2({{450000, 1300000}, {450000, 1300500}, {450200, 1300500}, {450200, 1300000}}) == Approx(1e5));
  CHECK(polygon_area_m2({{0, 0}, {10, 0}}) == 0);

  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(test::sample_project()), true));
  auto* c = w.canvas();
  REQUIRE(c->view().crs == "EPSG:32648");
  const auto* communes = c->layer("communes");
  const double x0 = communes->data->label_x[5] - 1000, y0 = communes->data->label_y[5] - 1000;
  c->zoom_to_extent({x0 - 1000, y0 - 1000, x0 + 3000, y0 + 3000});
  c->set_tool(MapCanvas::Tool::MeasureArea);
  double area = -1, perimeter = -1;
  bool finished = false;
  QObject::connect(c, &MapCanvas::measured_area, c, [&](double a, double p, bool done) {
    area = a, perimeter = p, finished = done;
  });
  auto click = [&](double x, double y, bool dbl = false) {
    const QPointF px = c->view().to_px(x, y);
    const QPointF g = c->mapToGlobal(px);
    QMouseEvent press(QEvent::MouseButtonPress, px, g, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QMouseEvent release(QEvent::MouseButtonRelease, px, g, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(c, &press);
    QApplication::sendEvent(c, &release);
    if (dbl) {
      QMouseEvent dc(QEvent::MouseButtonDblClick, px, g, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
      QMouseEvent rel(QEvent::MouseButtonRelease, px, g, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
      QApplication::sendEvent(c, &dc);
      QApplication::sendEvent(c, &rel);
    }
  };
  click(x0, y0);
  click(x0 + 2000, y0);
  click(x0 + 2000, y0 + 2000);
  click(x0, y0 + 2000, true);
  REQUIRE(finished);
  CHECK(c->measure_vertices().size() == 4);
  CHECK(area == Approx(4e6).epsilon(1e-6));
  CHECK(perimeter == Approx(8000).epsilon(1e-6));
  CHECK(w.statusBar()->currentMessage().contains(QString::fromUtf8("4.00 km² (400 ha)")));
  CHECK(w.statusBar()->currentMessage().contains("8.0 km"));
  REQUIRE(test::render_and_wait(*c));
  w.grab().save(QString::fromStdString(test::artefact("measure_area.png")));
  // Distance measuring is unchanged.
  c->set_tool(MapCanvas::Tool::Measure);
  CHECK(c->measure_vertices().empty());
}
