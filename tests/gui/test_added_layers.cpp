// Unit: layers added from files (app/render/added_layers.*, app/gui/main_window_added.cpp,
// app/render/raster_layer.*): a Shapefile, a GeoJSON, a CSV with lon/lat, a GeoPackage layer
// of the real national data and the travel-time GeoTIFF of `swsplan access -m raster` appear
// in the layer tree, draw (class colours where expected, background on nodata), come back
// after Save project + reopen, a missing file is reported, skipped and kept for a later open,
// a bad CSV names the file and the missing column; the input files are never modified.
#include <QApplication>
#include <QFileInfo>
#include <QEventLoop>
#include <QMessageBox>
#include <QMimeData>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QUrl>
#include <QStatusBar>
#include <QTimer>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/render/added_layers.hpp"
#include "app/gui/main_window.hpp"
#include "app/render/raster_layer.hpp"
#include "gis/io/raster_warp.hpp"
#include "gui/added_layers_support.hpp"
#include "gui/gui_support.hpp"
#include "layers/access_run.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::gui;
using namespace swsplan::gui::test;
namespace fs = std::filesystem;

namespace {

std::string file_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> tree_names(const MainWindow& w) {
  std::vector<std::string> out;
  for (auto it = w.canvas()->view().layers.rbegin(); it != w.canvas()->view().layers.rend(); ++it) out.push_back(it->name());
  return out;
}

/// A cell of the level-0 grid matching `pred`, as its centre in map coordinates.
template <typename P>
std::optional<std::pair<double, double>> find_cell(const PreparedRaster& r, P pred) {
  const auto& l = r.levels.front();
  // Interior cells only, away from class edges: the 3x3 block around the cell must all match.
  for (int row = 2; row + 2 < l.height; row += 3)
    for (int col = 2; col + 2 < l.width; col += 3) {
      bool all = true;
      for (int dr = -1; dr <= 1 && all; ++dr)
        for (int dc = -1; dc <= 1 && all; ++dc) all = pred(l.values[std::size_t(row + dr) * l.width + std::size_t(col + dc)]);
      if (all) return std::make_pair(l.x0 + (col + 0.5) * l.dx, l.y0 - (row + 0.5) * l.dy);
    }
  return std::nullopt;
}

}  // namespace

TEST_CASE("Add data layer: Shapefile, GeoJSON, CSV, GeoPackage layer and travel-time GeoTIFF on the map", "[gui][app][addlayer]") {
  test::app();
  const auto& in = inputs();
  const std::vector<std::string> files = {in.shp, in.geojson, in.csv, in.time_tif, in.facility_tif};
  std::map<std::string, std::string> before;
  for (const auto& f : files) before[f] = file_bytes(f);
  const std::string khm = std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg";

  MainWindow w;
  w.set_language("en");
  w.resize(1200, 800);
  REQUIRE(w.open_project(QString::fromStdString(in.project), true));
  for (const auto& f : files) REQUIRE(w.add_data_layer(QString::fromStdString(f), true));
  REQUIRE(w.add_data_layer(QString::fromStdString(khm + "#health_facilities"), true));

  // On top of the tree, newest first, each with its source; project layers have none.
  const auto names = tree_names(w);
  REQUIRE(names.size() >= 6);
  CHECK(names[0] == "health_facilities");
  CHECK(names[1] == "demo_province_health_centre_facility");
  CHECK(names[2] == "demo_province_health_centre_time_s");
  CHECK(names[3] == "survey_points");
  CHECK(names[4] == "villages_sample");
  CHECK(names[5] == "districts_utm");
  CHECK(w.data_layer_source("districts_utm") == fs::absolute(in.shp).string());
  CHECK(w.data_layer_source("health_facilities") == QFileInfo(QString::fromStdString(khm)).absoluteFilePath().toStdString() + "#health_facilities");
  CHECK(w.data_layer_source("communes").empty());

  // Vector layers are in the map CRS: the UTM Shapefile as it was, the GeoJSON and the CSV
  // reprojected from lon/lat; all fall inside the project's districts.
  const auto* districts = w.canvas()->layer("districts");
  REQUIRE(districts);
  const auto dext = districts->data->extent;
  for (const char* n : {"districts_utm", "villages_sample", "survey_points"}) {
    const auto* l = w.canvas()->layer(n);
    REQUIRE(l);
    CHECK(l->data->map_crs == "EPSG:32648");
    CHECK(l->data->extent.xmin >= dext.xmin - 1);
    CHECK(l->data->extent.xmax <= dext.xmax + 1);
  }
  CHECK(w.canvas()->layer("districts_utm")->data->size() == districts->data->size());
  CHECK(w.canvas()->layer("survey_points")->data->size() == 10);
  CHECK(w.canvas()->layer("survey_points")->data->kind() == gis::GeometryKind::Point);
  CHECK(w.canvas()->layer("health_facilities")->data->size() == 1121);

  // The travel-time raster: four classes of minutes with a legend.
  const auto* tt = w.canvas()->layer("demo_province_health_centre_time_s");
  REQUIRE(tt);
  REQUIRE(tt->data->raster);
  const auto& raster = *tt->data->raster;
  CHECK(raster.kind == RasterKind::TravelTime);
  REQUIRE(tt->style.classes.size() == 4);
  CHECK(tt->style.classes[0].label == "0-30 min");
  CHECK(tt->style.classes[3].label == "over 120 min");
  CHECK(tt->style.title == "Travel time: Health centre");
  const auto* fac = w.canvas()->layer("demo_province_health_centre_facility");
  REQUIRE(fac);
  CHECK(fac->data->raster->kind == RasterKind::Categories);
  CHECK(fac->style.kind == StyleKind::Categorized);
  CHECK(fac->data->raster->categories.size() >= 2);

  // Pixels: only the travel-time raster visible, centred on a cell within 30 min and then on
  // a nodata cell (or, when every cell is reached, beyond the raster's edge).
  for (const auto& n : names) w.set_layer_visible(n, n == "demo_province_health_centre_time_s");
  MapView v = w.canvas()->view();
  v.size = QSize(400, 300);
  v.mpp = raster.levels.front().dx / 2;  // cells of 2x2 pixels
  const auto fast = find_cell(raster, [](float x) { return !std::isnan(x) && x < 1800; });
  REQUIRE(fast);
  v.center_x = fast->first;
  v.center_y = fast->second;
  QImage img = render_map(v);
  CHECK(test::close_colour(img.pixelColor(200, 150), travel_time_colors()[0]));
  img.save(QString::fromStdString(test::artefact("added_raster_fast_cell.png")));
  const auto slow = find_cell(raster, [](float x) { return !std::isnan(x) && x > 7200; });
  if (slow) {
    v.center_x = slow->first;
    v.center_y = slow->second;
    CHECK(test::close_colour(render_map(v).pixelColor(200, 150), travel_time_colors()[3]));
  }
  const auto empty = find_cell(raster, [](float x) { return std::isnan(x); });
  const auto ext = raster.extent();
  v.center_x = empty ? empty->first : ext.xmax + 50 * v.mpp * 4;
  v.center_y = empty ? empty->second : 0.5 * (ext.ymin + ext.ymax);
  CHECK(test::close_colour(render_map(v).pixelColor(200, 150), v.background, 0));

  // The whole map with everything on, for people to look at; and the legend.
  for (const auto& n : names) w.set_layer_visible(n, n != "demo_province_health_centre_facility");
  w.canvas()->zoom_to_layer("districts");
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.canvas()->image().save(QString::fromStdString(test::artefact("added_layers_map.png")));
  w.legend_image().save(QString::fromStdString(test::artefact("added_layers_legend.png")));
  w.export_map(QString::fromStdString(test::artefact("added_layers_export.png")));
  for (const auto& n : names) w.set_layer_visible(n, n == "demo_province_health_centre_facility" || n == "districts");
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.canvas()->image().save(QString::fromStdString(test::artefact("added_facility_raster.png")));

  // Remove: an added layer goes, a project layer stays (the status bar says why).
  REQUIRE(w.add_data_layer(QString::fromStdString(in.geojson), true));
  CHECK(w.canvas()->layer("villages_sample (villages_sample.geojson)"));
  CHECK(w.remove_data_layer("villages_sample (villages_sample.geojson)"));
  CHECK_FALSE(w.canvas()->layer("villages_sample (villages_sample.geojson)"));
  CHECK_FALSE(w.remove_data_layer("communes"));
  CHECK(w.canvas()->layer("communes"));
  CHECK(w.statusBar()->currentMessage().contains("communes is a layer of the project"));

  for (const auto& f : files) CHECK(file_bytes(f) == before[f]);
}

TEST_CASE("Added layers are saved with the project and come back, a missing file is reported and skipped", "[gui][app][addlayer][save]") {
  test::app();
  const auto& in = inputs();
  const fs::path dir = in.dir / "reopen";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string project = (dir / "project.gpkg").string();
  fs::copy_file(in.project, project);
  const std::string doomed = (dir / "to_be_deleted.geojson").string();
  fs::copy_file(in.geojson, doomed);
  std::vector<std::string> order;
  {
    MainWindow w;
    w.set_language("en");
    REQUIRE(w.open_project(QString::fromStdString(project), true));
    for (const auto& f : {in.shp, in.time_tif, in.csv, doomed}) REQUIRE(w.add_data_layer(QString::fromStdString(f), true));
    LayerStyle s = w.canvas()->layer("demo_province_health_centre_time_s")->style;
    s.opacity = 0.7;
    w.set_layer_style("demo_province_health_centre_time_s", s);
    w.set_layer_visible("survey_points", false);
    // The raster below the districts.
    auto top_first = tree_names(w);
    top_first.erase(std::find(top_first.begin(), top_first.end(), "demo_province_health_centre_time_s"));
    top_first.insert(std::find(top_first.begin(), top_first.end(), "districts") + 1, "demo_province_health_centre_time_s");
    w.set_layer_order_top_first(top_first);
    order = tree_names(w);
    REQUIRE(w.save_project(true));
  }
  const auto table = layers::Project::open(project).read(kMapStylesTable);
  CHECK(table.find("source") >= 0);

  // Reopened: the layers come back in their places with their style and visibility.
  {
    MainWindow w;
    w.set_language("en");
    REQUIRE(w.open_project(QString::fromStdString(project), true));
    REQUIRE(wait_until([&] { return !w.data_layers_loading(); }));
    CHECK(tree_names(w) == order);
    const auto* tt = w.canvas()->layer("demo_province_health_centre_time_s");
    REQUIRE(tt);
    REQUIRE(tt->data->raster);
    CHECK(tt->style.opacity == Approx(0.7));
    CHECK(tt->style.classes.size() == 4);
    CHECK_FALSE(w.canvas()->layer("survey_points")->visible);
    CHECK(w.canvas()->layer("to_be_deleted")->visible);
    CHECK(w.data_layer_source("districts_utm") == fs::absolute(in.shp).string());
    w.canvas()->zoom_to_layer("districts");
    REQUIRE(test::render_and_wait(*w.canvas()));
    w.canvas()->image().save(QString::fromStdString(test::artefact("added_layers_reopened.png")));
  }

  // The file of one added layer is gone: named in the warnings and the status bar, skipped.
  fs::remove(doomed);
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(project), true));
  const QString status = w.statusBar()->currentMessage();
  REQUIRE(wait_until([&] { return !w.data_layers_loading(); }));
  CHECK_FALSE(w.canvas()->layer("to_be_deleted"));
  CHECK(w.canvas()->layer("districts_utm"));
  CHECK(w.canvas()->layer("demo_province_health_centre_time_s"));
  CHECK(status.contains(QString::fromStdString(doomed)));
  CHECK(status.contains("no longer exists"));
  std::string warnings;
  for (const auto& s : w.project().warnings) warnings += s + "\n";
  CHECK_THAT(warnings, Catch::Contains(doomed) && Catch::Contains("to_be_deleted"));

  // Saved while the file is missing, the layer stays in the map state: once the file is back
  // (a USB stick plugged in again), the next open shows it again.
  w.set_layer_visible("survey_points", true);
  REQUIRE(w.save_project(true));
  fs::copy_file(in.geojson, doomed);
  MainWindow back;
  back.set_language("en");
  REQUIRE(back.open_project(QString::fromStdString(project), true));
  REQUIRE(wait_until([&] { return !back.data_layers_loading(); }));
  CHECK(back.canvas()->layer("to_be_deleted"));
  CHECK(back.canvas()->layer("survey_points")->visible);
}

TEST_CASE("Add data layer: a CSV without a latitude column names the file and the column", "[gui][app][addlayer]") {
  test::app();
  const auto& in = inputs();
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(in.project), true));
  const auto n = w.canvas()->view().layers.size();
  bool reported = false, ok = true;
  QObject::connect(&w, &MainWindow::data_layer_added, [&](const QString&, bool r) { reported = true, ok = r; });
  CHECK_FALSE(w.add_data_layer(QString::fromStdString(in.bad_csv), true));
  CHECK(reported);
  CHECK_FALSE(ok);
  CHECK(w.canvas()->view().layers.size() == n);
  auto* box = w.findChild<QMessageBox*>("add_layer_error");
  REQUIRE(box);
  CHECK(box->isVisible());  // opened, not exec'd: the window and the test go on
  const QString text = box->text();
  CHECK(text.contains("no_latitude.csv"));
  CHECK(text.contains("latitude"));
  CHECK(text.contains("longitude, households"));  // the columns it has
  CHECK_FALSE(text.contains("a longitude/x column"));
  CHECK(w.statusBar()->currentMessage() == text);

  // A file that does not exist, and one that is no data file, are plain errors too.
  CHECK_FALSE(w.add_data_layer(QString::fromStdString((in.dir / "nowhere.shp").string()), true));
  CHECK(w.statusBar()->currentMessage().contains("nowhere.shp"));
  CHECK(w.statusBar()->currentMessage().contains("does not exist"));
}

TEST_CASE("Raster pyramid: levels halve down to a small grid, values and categories kept", "[gui][render][addlayer]") {
  // 4000 x 2500 = 10^7 cells: the size of a national 100 m travel-time grid.
  gis::Raster r;
  r.grid.width = 4000;
  r.grid.height = 2500;
  r.grid.x0 = 300000;
  r.grid.y0 = 1600000;
  r.grid.dx = r.grid.dy = 100;
  r.values.resize(r.grid.cells());
  for (int row = 0; row < r.grid.height; ++row)
    for (int col = 0; col < r.grid.width; ++col)
      r.at(row, col) = col < 100 ? NAN : double(col) * 3;  // seconds: west strip nodata, slower eastwards
  const auto t0 = std::chrono::steady_clock::now();
  const auto p = prepare_raster(r, "/tmp/national_health_centre_time_s.tif", false);
  const double prep_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(p->levels.size() == 5);  // 4000 -> 2000 -> 1000 -> 500 -> 250
  CHECK(std::max(p->levels.back().width, p->levels.back().height) <= 256);
  CHECK(p->kind == RasterKind::TravelTime);
  CHECK(p->service == "health_centre");
  CHECK(p->valid_cells == std::size_t(3900) * 2500);
  CHECK(p->value_at(300000 + 101 * 100 + 50, 1600000 - 50) == Approx(303.0));
  CHECK_FALSE(p->value_at(300000 + 50, 1600000 - 50));
  CHECK(&p->level_for(50) == &p->levels[0]);
  CHECK(&p->level_for(450) == &p->levels[2]);
  CHECK(&p->level_for(1e9) == &p->levels.back());

  // Drawn at full extent and zoomed in: each about one lookup per pixel.
  MapView v;
  v.size = QSize(1000, 700);
  MapLayer l;
  l.data = raster_map_layer("national", "EPSG:32648", p);
  l.style = raster_style(*p);
  v.layers = {l};
  v.zoom_to(l.data->extent);
  const auto t1 = std::chrono::steady_clock::now();
  const QImage full = render_map(v);
  const double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  v.mpp = 20;
  const auto t2 = std::chrono::steady_clock::now();
  const QImage zoomed = render_map(v);
  const double zoom_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t2).count();
  full.save(QString::fromStdString(test::artefact("raster_1e7_full.png")));
  // Classes west to east: 0-30 min up to col 600, 30-60 to 1200, 60-120 to 2400, then over 120.
  MapView fv = v;
  fv.zoom_to(l.data->extent);
  const QPointF west = fv.to_px(300000 + 300 * 100, 1600000 - 125000), east = fv.to_px(300000 + 3500 * 100, 1600000 - 125000);
  CHECK(test::close_colour(full.pixelColor(west.toPoint()), travel_time_colors()[0]));
  CHECK(test::close_colour(full.pixelColor(east.toPoint()), travel_time_colors()[3]));
  const QPointF strip = fv.to_px(300000 + 40 * 100, 1600000 - 125000);
  CHECK(test::close_colour(full.pixelColor(strip.toPoint()), fv.background, 0));
  WARN("10^7-cell raster: pyramid " << prep_ms << " ms (" << p->levels.size() << " levels, " << p->bytes() / 1048576
                                    << " MiB), draw full extent " << full_ms << " ms, zoomed " << zoom_ms << " ms");
}

TEST_CASE("Rasters in another CRS are reprojected into the map CRS", "[gui][addlayer]") {
  // A lon/lat copy of the travel-time raster (gdalwarp), read back in EPSG:32648.
  const auto& in = inputs();
  const std::string ll = (in.dir / "time_lonlat.tif").string();
  fs::remove(ll);
  const std::string cmd = "gdalwarp -q -t_srs EPSG:4326 -r near \"" + in.time_tif + "\" \"" + ll + "\"";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto back = gis::read_raster_in_crs(ll, "EPSG:32648");
  CHECK(back.reprojected);
  CHECK(back.source_crs == "EPSG:4326");
  CHECK_FALSE(back.integer);
  const auto orig = gis::read_raster_in_crs(in.time_tif, "EPSG:32648");
  CHECK_FALSE(orig.reprojected);
  // Same place on the ground: the twice-warped grid's box is a little larger (UTM grid lines
  // are not parallel to meridians), and a cell in the middle holds about the same time.
  CHECK(back.raster.grid.x0 == Approx(orig.raster.grid.x0).margin(5 * orig.raster.grid.dx));
  CHECK(back.raster.grid.y0 == Approx(orig.raster.grid.y0).margin(5 * orig.raster.grid.dy));
  const auto pb = prepare_raster(back.raster, ll, false), po = prepare_raster(orig.raster, in.time_tif, false);
  int compared = 0, close = 0;
  for (int k = 1; k < 20; ++k) {
    const auto e = po->extent();
    const double x = e.xmin + (e.xmax - e.xmin) * k / 20.0, y = e.ymin + (e.ymax - e.ymin) * (20 - k) / 20.0;
    const auto a = po->value_at(x, y), b = pb->value_at(x, y);
    if (!a || !b) continue;
    ++compared;
    close += std::abs(*a - *b) <= std::max(120.0, 0.1 * *a);
  }
  CHECK(compared >= 10);
  CHECK(close >= compared - 1);
  const auto fac = gis::read_raster_in_crs(in.facility_tif, "EPSG:32648");
  CHECK(fac.integer);
}

TEST_CASE("Files dropped on the window are added as layers", "[gui][app][addlayer]") {
  test::app();
  const auto& in = inputs();
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(in.project), true));
  int added = 0;
  QObject::connect(&w, &MainWindow::data_layer_added, [&](const QString&, bool ok) { added += ok; });
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(in.geojson)), QUrl::fromLocalFile(QString::fromStdString(in.time_tif))});
  QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&w, &enter);
  CHECK(enter.isAccepted());
  QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&w, &drop);
  REQUIRE(wait_until([&] { return added == 2; }));
  CHECK(w.canvas()->layer("villages_sample"));
  CHECK(w.canvas()->layer("demo_province_health_centre_time_s"));
}

TEST_CASE("Two files of one name added at once get two layer names", "[gui][app][addlayer]") {
  test::app();
  const auto& in = inputs();
  for (const char* d : {"same_a", "same_b"}) {
    fs::create_directories(in.dir / d);
    fs::copy_file(in.geojson, in.dir / d / "points.geojson", fs::copy_options::overwrite_existing);
  }
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(in.project), true));
  int added = 0;
  QObject::connect(&w, &MainWindow::data_layer_added, [&](const QString&, bool ok) { added += ok; });
  // Both reads start before either ends: each is named against the map as it was.
  REQUIRE(w.add_data_layer(QString::fromStdString((in.dir / "same_a" / "points.geojson").string())));
  REQUIRE(w.add_data_layer(QString::fromStdString((in.dir / "same_b" / "points.geojson").string())));
  REQUIRE(wait_until([&] { return added == 2; }));
  const auto* first = w.canvas()->layer("points");
  const auto* second = w.canvas()->layer("points (points.geojson)");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->data->data.name == "points");
  CHECK(second->data->data.name == "points (points.geojson)");
  CHECK(w.data_layer_source("points") != w.data_layer_source("points (points.geojson)"));
  CHECK(first->data->size() == second->data->size());
}

// Not run by CTest (hidden): the load and draw time of a real GeoTIFF of about 10^7 cells,
// the sample's travel-time raster resampled to 4000 x 2500 cells of about 21 m.
TEST_CASE("Measure: add a 10^7-cell travel-time GeoTIFF and draw it", "[.measure]") {
  test::app();
  const auto& in = inputs();
  const std::string big = (in.dir / "big_health_centre_time_s.tif").string();
  fs::remove(big);
  const std::string cmd = "gdalwarp -q -r near -ts 4000 2500 -co TILED=YES -co COMPRESS=ZSTD \"" + in.time_tif + "\" \"" + big + "\"";
  REQUIRE(std::system(cmd.c_str()) == 0);
  MainWindow w;
  w.resize(1200, 800);
  REQUIRE(w.open_project(QString::fromStdString(in.project), true));
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(w.add_data_layer(QString::fromStdString(big), true));
  const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const auto* l = w.canvas()->layer("big_health_centre_time_s");
  REQUIRE(l);
  MapView v = w.canvas()->view();
  v.size = QSize(1200, 800);
  v.layers = {*l};
  v.zoom_to(l->data->extent);
  RenderStats full, zoomed;
  render_map(v, nullptr, &full);
  v.mpp /= 16;
  render_map(v, nullptr, &zoomed);
  WARN("GeoTIFF " << 4000 * 2500 << " cells: read + pyramid " << load_ms << " ms (pyramid " << l->data->raster->build_ms
                  << " ms, " << l->data->raster->bytes() / 1048576 << " MiB); draw full extent " << full.total_ms
                  << " ms, zoomed x16 " << zoomed.total_ms << " ms");
}
