#include "app/cli/command_map.hpp"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "gis/core/error.hpp"

#ifdef SWSPLAN_HAVE_RENDER
#include <QGuiApplication>

#include "app/render/map_export.hpp"
#endif

namespace swsplan::cli {

void MapCommand::setup(CLI::App& app) {
  app.description("Export a map page (PNG or PDF) with title, legend, scale bar, north arrow and data sources, "
                  "drawn by the same renderer as the desktop app");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--out,-o", out_, "Output .png or .pdf")->required();
  app.add_option("--layers", layers_,
                 "Layers to draw, in drawing order (default: what the desktop app opens with, and the map saved in the project)")
      ->delimiter(',');
  app.add_option("--extent-layers", extent_layers_, "Zoom to these layers (default: all drawn)")->delimiter(',');
  app.add_option("--title", title_, "Page title (default: the project's name)");
  app.add_option("--subtitle", subtitle_, "Line under the title (default: the top classified area layer, e.g. Gap: Health centre)");
  app.add_option("--width", width_, "Page width in pixels")->check(CLI::Range(200, 20000));
  app.add_option("--height", height_, "Page height in pixels")->check(CLI::Range(200, 20000));
  app.add_option("--dpi", dpi_, "Resolution")->check(CLI::Range(50.0, 1200.0));
  app.add_option("--lang", lang_, "Legend language: en or km")->check(CLI::IsMember({"en", "km"}));
  app.add_flag("--no-legend", no_legend_, "Leave the legend out");
}

int MapCommand::run(const Globals& g) {
#ifdef SWSPLAN_HAVE_RENDER
  // No display needed: the renderer paints into images and PDFs.
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  gui::quiet_qt_notes();
  static int argc = 1;
  static char name[] = "swsplan";
  static char* argv[] = {name, nullptr};
  QGuiApplication app(argc, argv);
  gui::MapExportOptions o;
  o.project = project_;
  o.out = out_;
  o.layers = layers_;
  o.extent_layers = extent_layers_;
  o.title = title_;
  o.subtitle = subtitle_;
  o.width = width_;
  o.height = height_;
  o.dpi = dpi_;
  o.language = lang_;
  o.legend = !no_legend_;
  o.quiet = g.quiet || g.json;
  const int rc = gui::export_map(o);
  if (rc == 0 && g.json) std::cout << nlohmann::json{{"out", out_}}.dump() << "\n";
  return rc;
#else
  (void)g;
  throw gis::UsageError("this swsplan was built without the desktop renderer (SWSPLAN_BUILD_GUI=OFF): no map export");
#endif
}

}  // namespace swsplan::cli
