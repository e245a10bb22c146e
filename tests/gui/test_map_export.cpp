// Unit: app/render/map_export.* (`swsplan map`): PNG and PDF pages with title, legend, scale
// bar, north arrow and attribution; the page layout (map_decorations) that fits them; usage errors.
#include <catch2/catch.hpp>
#include <QFile>
#include <QFontMetricsF>
#include <QPainter>
#include <QImage>
#include <filesystem>

#include "app/render/map_export.hpp"
#include "app/render/project_layers.hpp"
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

TEST_CASE("page layout: legend, title and footer fit every page, the legend never cut", "[gui][export]") {
  test::app();
  // Every layer of the sample drawn (no decluttering): the tallest legend the sample has.
  auto project = load_project(test::sample_project());
  MapView view;
  view.crs = project.map_crs;
  view.layers = project.layers;
  for (auto& l : view.layers) l.visible = true;
  PageDecor d;
  d.title = "A title far longer than any page is wide: Demo Province (synthetic), every service, every layer, "
            "every district and commune of it, drawn with all its legend entries";
  d.subtitle = "Gap: Health centre";
  d.attribution = QString("Data: ") + QString("ID-Poor 2022 commune totals (ID-Poor, Ministry of Planning, via WFP PRISM; 2022); ").repeated(6) +
                  "Map: swsplan, EPSG:32648.";
  for (const QSize page : {QSize(1600, 1130), QSize(1000, 700), QSize(800, 1130), QSize(700, 500)}) {
    CAPTURE(page.width(), page.height());
    QImage img(page, QImage::Format_ARGB32_Premultiplied);
    const double dpi = 150;
    img.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
    img.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
    QPainter p(&img);
    const double ppm = dpi / 25.4;
    view.size = page;
    view.zoom_to(view.full_extent(), 0.03);
    const PageLayout L = page_layout(p, view, page, dpi, d);
    CHECK(L.legend_fits);
    REQUIRE(L.legend.isValid());
    const double heading = QFontMetricsF(L.legend_heading, p.device()).height() + 1.5 * ppm;
    const double h = legend_columns(p, view, L.legend.adjusted(0, heading, 0, 0), ppm, L.legend_cols, false, L.legend_scale);
    CHECK(h <= L.legend.height() - heading + 0.5);
    CHECK(L.legend.right() <= page.width() + 0.5);
    CHECK(L.frame.width() > page.width() * 0.35);  // the map keeps most of the page
    // The footer holds the whole attribution, wrapped, inside the page.
    const QRectF need = QFontMetricsF(L.footer_font, p.device())
                            .boundingRect(QRectF(0, 0, L.footer.width(), 1e6), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, d.attribution);
    CHECK(need.height() <= L.footer.height());
    CHECK(L.footer.top() + need.height() <= page.height());
    CHECK(L.frame.bottom() <= L.footer.top());
    // The title is shrunk (then elided) to the page width.
    CHECK(QFontMetricsF(L.title_font, p.device()).horizontalAdvance(L.title) <= page.width() - 12 * ppm + 0.5);
  }
  // One column at full size while it fits: the sample's default map on the default page.
  auto decluttered = load_project(test::sample_project());
  apply_default_visibility(decluttered);
  view.layers = decluttered.layers;
  QImage img(QSize(1600, 1130), QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(int(std::lround(150 / 0.0254)));
  img.setDotsPerMeterY(int(std::lround(150 / 0.0254)));
  QPainter p(&img);
  const PageLayout L = page_layout(p, view, QSize(1600, 1130), 150, PageDecor{});
  CHECK(L.legend_fits);
}
