// Unit: app/render/map_export.* (`swsplan map`): PNG and PDF pages with title, legend, scale
// bar, north arrow and attribution; usage errors.
#include <catch2/catch.hpp>
#include <QFile>
#include <QImage>
#include <filesystem>

#include "app/render/map_export.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("export the sample project to PNG and PDF", "[gui][export]") {
  test::app();
  MapExportOptions o;
  o.project = test::sample_project();
  o.out = test::artefact("sample_map.png");
  o.title = "Demo Province (synthetic)";
  o.quiet = true;
  REQUIRE(export_map(o) == 0);
  QImage img(QString::fromStdString(o.out));
  REQUIRE(img.size() == QSize(o.width, o.height));
  // Legend column on the right holds drawn symbols (not only white).
  int non_white = 0;
  for (int y = 100; y < 600; y += 2)
    for (int x = int(o.width * 0.75); x < o.width - 20; x += 2) non_white += img.pixelColor(x, y) != QColor(Qt::white);
  CHECK(non_white > 500);

  o.out = test::artefact("sample_map.pdf");
  o.layers = {"communes", "roads", "facilities"};
  REQUIRE(export_map(o) == 0);
  QFile f(QString::fromStdString(o.out));
  REQUIRE(f.open(QIODevice::ReadOnly));
  CHECK(f.read(4) == "%PDF");
}

TEST_CASE("export usage errors", "[gui][export]") {
  test::app();
  MapExportOptions o;
  o.project = test::sample_project();
  o.quiet = true;
  o.out = test::artefact("map.bmpx");
  CHECK(export_map(o) == 2);
  o.out = test::artefact("nothing.png");
  o.layers = {"no_such_layer"};
  CHECK(export_map(o) == 2);
  o.project = "/nonexistent/project.gpkg";
  o.layers = {};
  CHECK(export_map(o) == 1);
}
