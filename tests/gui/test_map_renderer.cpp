// Unit: app/render/map_renderer.* on the sample project: expected colours at known commune
// interiors, layer toggling, cancel, PDF output, the async job and its cache.
#include <catch2/catch.hpp>
#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>

#include "app/render/map_renderer.hpp"
#include "app/render/project_layers.hpp"
#include "gui/gui_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {
MapView sample_view(const LoadedProject& p, QSize size = {900, 700}) {
  MapView v;
  v.crs = p.map_crs;
  v.layers = p.layers;
  v.size = size;
  v.zoom_to(v.full_extent(), 0.03);
  return v;
}
void only(MapView& v, std::initializer_list<const char*> names) {
  for (auto& l : v.layers) {
    l.visible = false;
    for (auto n : names)
      if (l.name() == n) l.visible = true;
  }
}
}  // namespace

TEST_CASE("sample project loads in the metric CRS with default styles", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project());
  CHECK(p.map_crs == "EPSG:32648");
  CHECK(p.warnings.empty());
  REQUIRE(p.layers.size() >= 6);
  // Areas below lines below points.
  std::vector<std::string> names;
  for (const auto& l : p.layers) names.push_back(l.name());
  auto pos = [&](const char* n) { return std::find(names.begin(), names.end(), n) - names.begin(); };
  CHECK(pos("communes") < pos("roads"));
  CHECK(pos("roads") < pos("facilities"));
  CHECK(p.synthetic);
}

TEST_CASE("choropleth colours at commune interiors", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project());
  MapView v = sample_view(p);
  v.labels = false;
  only(v, {"communes"});
  auto* communes = v.find("communes");
  REQUIRE(communes);
  communes->style = graduated_style(communes->data->data, "area_km2", ClassMethod::Quantile, 4);
  const QImage img = render_map(v);
  REQUIRE(img.size() == v.size);
  img.save(QString::fromStdString(test::artefact("choropleth_area.png")));
  const auto cls = classify_features(communes->style, communes->data->data);
  int checked = 0;
  for (std::size_t f = 0; f < communes->data->size(); ++f) {
    const QPointF px = v.to_px(communes->data->label_x[f], communes->data->label_y[f]);
    if (cls[f] < 0) continue;
    // Sample a few pixels around the label point, away from the outline.
    const QColor want = communes->style.classes[std::size_t(cls[f])].symbol.fill;
    int ok = 0;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) ok += test::close_colour(img.pixelColor(int(px.x()) + dx, int(px.y()) + dy), want);
    INFO("commune " << f << " at " << px.x() << "," << px.y());
    CHECK(ok >= 5);
    ++checked;
  }
  CHECK(checked == int(communes->data->size()));
  // Outside the province: background.
  CHECK(test::close_colour(img.pixelColor(2, 2), v.background));
}

TEST_CASE("2x2 gap classes are drawn in their bivariate colours", "[gui][render]") {
  test::app();
  auto raw = layers::Project::open(test::sample_project()).read("communes");
  raw.name = "gap_communes";
  auto& c = raw.add_column("class_health_centre", gis::FieldType::String);
  const char* values[] = {"served", "unaffordable", "unavailable", "unavailable_unaffordable", "not_classified"};
  for (std::size_t i = 0; i < raw.size(); ++i) {
    c.nulls[i] = 0;
    c.strings[i] = values[i % 5];
  }
  MapLayer l;
  l.data = prepare_layer(raw, "EPSG:32648");
  l.style = default_style("gap_communes", raw);
  REQUIRE(l.style.bivariate_legend);
  MapView v;
  v.layers = {l};
  v.labels = false;
  v.size = {800, 600};
  v.zoom_to(l.data->extent);
  const QImage img = render_map(v);
  img.save(QString::fromStdString(test::artefact("gap_classes.png")));
  for (std::size_t f = 0; f < raw.size(); ++f) {
    if (f % 5 == 4) continue;  // hatched
    const QPointF px = v.to_px(l.data->label_x[f], l.data->label_y[f]);
    int ok = 0;
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx)
        ok += test::close_colour(img.pixelColor(int(px.x()) + dx, int(px.y()) + dy), gap_class_color(values[f % 5]));
    INFO("feature " << f << " class " << values[f % 5] << " at " << px.x() << "," << px.y());
    CHECK(ok >= 13);  // most of a 5x5 patch: label points may sit close to an outline
  }
}

TEST_CASE("not classified is an opaque grey under a dark hatch: the colours below never show", "[gui][render]") {
  test::app();
  auto raw = layers::Project::open(test::sample_project()).read("communes");
  MapLayer below;  // a bright red layer under the gap map
  below.data = prepare_layer(raw, "EPSG:32648");
  below.style = default_style("provinces", raw);
  below.style.symbol.fill = QColor(255, 0, 0);
  raw.name = "gap_communes";
  auto& c = raw.add_column("class_health_centre", gis::FieldType::String);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    c.nulls[i] = 0;
    c.strings[i] = "not_classified";
  }
  MapLayer gap;
  gap.data = prepare_layer(raw, "EPSG:32648");
  gap.style = default_style("gap_communes", raw);
  const Symbol& nc = gap.style.symbol;
  CHECK(nc.fill.alpha() == 255);
  CHECK(nc.hatch.alpha() == 255);
  MapView v;
  v.layers = {below, gap};
  v.labels = false;
  v.size = {800, 600};
  v.zoom_to(gap.data->extent);
  const QImage img = render_map(v);
  img.save(QString::fromStdString(test::artefact("not_classified.png")));
  for (std::size_t f = 0; f < raw.size(); ++f) {
    const QPointF px = v.to_px(gap.data->label_x[f], gap.data->label_y[f]);
    int grey = 0, hatch = 0, red = 0;
    for (int dy = -3; dy <= 3; ++dy)
      for (int dx = -3; dx <= 3; ++dx) {
        const QColor got = img.pixelColor(int(px.x()) + dx, int(px.y()) + dy);
        grey += test::close_colour(got, nc.fill);
        hatch += test::close_colour(got, nc.hatch, 40);
        red += got.red() > got.green() + 60;
      }
    INFO("feature " << f << " at " << px.x() << "," << px.y());
    CHECK(red == 0);    // the old white hatch let the layer below through
    CHECK(grey >= 20);  // mostly the light grey fill ...
    CHECK(hatch >= 3);  // ... crossed by the dark hatch
  }
}

TEST_CASE("toggling a layer changes the map, cancel stops a job", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project());
  MapView v = sample_view(p);
  const QImage all = render_map(v);
  MapView v2 = v;
  v2.find("facilities")->visible = false;
  const QImage nofac = render_map(v2);
  CHECK(all != nofac);
  gis::CancelToken t;
  t.cancel();
  RenderStats st;
  const QImage cancelled = render_map(v, &t, &st);
  for (const auto& l : st.layers) CHECK(l.drawn == 0);
  CHECK(test::close_colour(cancelled.pixelColor(v.size.width() / 2, v.size.height() / 2), v.background));
}

TEST_CASE("simplification drops vertices when zoomed out, not when zoomed in", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project(), {"communes"});
  MapView v = sample_view(p, {16, 12});  // sample vertices are ~2 km apart: a tiny view is needed
  RenderStats far;
  render_map(v, nullptr, &far);
  v.mpp /= 20;
  RenderStats near;
  render_map(v, nullptr, &near);
  REQUIRE(far.layers.size() == 1);
  CHECK(far.layers[0].vertices < p.layers[0].data->data.geom.xs.size());
  CHECK(near.layers[0].drawn < far.layers[0].drawn + 1);  // culling: not more features when zoomed in
}

TEST_CASE("vector PDF output", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project());
  MapView v = sample_view(p, {1000, 700});
  v.dpi = 150;
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  {
    QPdfWriter w(&buf);
    w.setResolution(150);
    QPainter painter(&w);
    render_map_to(painter, v);
  }
  CHECK(bytes.startsWith("%PDF"));
  CHECK(bytes.size() > 10000);
}

TEST_CASE("async job: composes on the owner thread, reuses cached layers", "[gui][render]") {
  test::app();
  const auto p = load_project(test::sample_project());
  MapView v = sample_view(p);
  MapRenderJob job;
  QImage got;
  int rendered = -1, reused = -1;
  QObject::connect(&job, &MapRenderJob::finished, [&](const QImage& img, double, int r, int u) {
    got = img;
    rendered = r;
    reused = u;
  });
  auto run = [&](const MapView& view) {
    got = QImage();
    QEventLoop loop;
    auto c = QObject::connect(&job, &MapRenderJob::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    job.start(view);
    loop.exec();
    QObject::disconnect(c);
  };
  // A superseded job never reports.
  MapView other = v;
  other.mpp *= 2;
  job.start(other);
  run(v);
  REQUIRE(!got.isNull());
  CHECK(got == render_map(v));
  // Same view, one style changed: only that layer is drawn again.
  v.find("facilities")->revision = 99;
  run(v);
  CHECK(rendered == 1);
  CHECK(reused == int(v.layers.size()) - 1);
}

TEST_CASE("every province of Cambodia is labelled at national scale", "[gui][render][labels]") {
  // The real 25 provinces at the size of a screen map: labels that clash with a neighbour's
  // move around their anchor instead of being dropped (five were lost: Koh Kong, Kampong
  // Chhnang, Prey Veng, Tboung Khmum, Phnom Penh).
  test::app();
  gis::ReadOptions o;
  o.layer = "provinces";
  auto raw = gis::read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", o);
  raw.name = "provinces";
  REQUIRE(raw.size() == 25);
  REQUIRE(raw.find("adm1_en") >= 0);
  raw.columns[std::size_t(raw.find("adm1_en"))].name = "name_en";  // as `swsplan import` stores it
  MapLayer l;
  l.data = prepare_layer(raw, "EPSG:32648");
  l.style = default_style("provinces", raw);
  for (const QSize size : {QSize(1100, 800), QSize(900, 650)}) {
    CAPTURE(size.width());
    MapView v;
    v.size = size;
    v.zoom_to(l.data->extent);
    const auto job = render_layer(v, l, nullptr, 0);
    REQUIRE(job.labels.size() == 25);
    QImage img(v.size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    QPainter p(&img);
    CHECK(draw_labels(p, v, job.labels) == 25);
  }
}

TEST_CASE("labels keep their point size at any resolution (a 300 dpi report page)", "[gui][render][labels]") {
  test::app();
  for (const double dpi : {96.0, 300.0}) {
    CAPTURE(dpi);
    MapView v;
    v.dpi = dpi;
    v.size = {int(4 * dpi), int(dpi)};
    QImage img(v.size, QImage::Format_ARGB32_Premultiplied);
    img.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
    img.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
    img.fill(Qt::white);
    LabelCandidate c;
    c.text = "HHHH";
    c.anchor = QPointF(v.size.width() / 2.0, v.size.height() / 2.0);
    c.font_pt = 10;
    {
      QPainter p(&img);
      REQUIRE(draw_labels(p, v, {c}) == 1);
    }
    int top = img.height(), bottom = -1;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x)
        if (qGray(img.pixel(x, y)) < 100) top = std::min(top, y), bottom = std::max(bottom, y);
    REQUIRE(bottom >= top);
    // A capital is about 0.7 of the 10 pt size: 0.7 x 10 / 72 inch.
    const double want = 0.7 * 10.0 / 72.0 * dpi;
    CHECK(double(bottom - top + 1) == Approx(want).epsilon(0.25));
  }
}
