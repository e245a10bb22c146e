#pragma once
/// @file `swsplan map`: export a project map to PNG or PDF through the same renderer as the
/// desktop app (title, legend, scale bar, north arrow, data-source attribution).
#include <string>
#include <vector>

#include "app/render/map_decorations.hpp"
#include "app/render/project_layers.hpp"

namespace swsplan::gui {

struct MapExportOptions {
  std::string project;               ///< project GeoPackage
  std::vector<std::string> layers;   ///< layers to draw (empty: the app's defaults and saved map)
  std::vector<std::string> extent_layers;  ///< zoom to these (empty: all drawn layers)
  std::string out;                   ///< .png or .pdf
  std::string title;                 ///< empty: the project's name, else its file name
  std::string subtitle;              ///< empty: the title of the top classified area layer drawn
  int width = 1600, height = 1130;   ///< page size in px (PDF: px at dpi)
  double dpi = 150;
  std::string language = "en";       ///< "en" or "km" (legend and furniture)
  bool legend = true;
  bool quiet = false;
};

/// What goes around the map of `project` drawn as `view`: the title (`title`, else the
/// project's name, else its file name), the subtitle (`subtitle`, else the theme: the title of
/// the top classified area layer drawn; none without one) and the data sources with the map CRS.
PageDecor page_decor(const LoadedProject& project, const MapView& view, const QString& title = {}, const QString& subtitle = {});

/// Refuses an output whose folder is missing or not a folder, naming both ("cannot write
/// maps/a.pdf: the folder maps does not exist"), before Qt tries and only says
/// "QPainter::begin(): Returned false". @throws gis::Error
void require_output_folder(const std::string& out);

/// Writes the page for an already prepared view (the GUI's current map). Format from the
/// extension of `out`. @throws UsageError for an unknown extension, Error when writing fails.
void export_view(const MapView& view, const PageDecor& decor, const std::string& out, const QSize& page, double dpi);

/// Loads the project, draws the layers and writes `options.out`. Needs a QGuiApplication
/// (offscreen is fine). Returns 0 on success, 1 for input errors, 2 for usage errors;
/// messages go to stderr.
int export_map(const MapExportOptions& options);

/// Entry point of the `swsplan-map` executable (argument parsing, QGuiApplication, locale).
int map_export_main(int argc, char** argv);

}  // namespace swsplan::gui
