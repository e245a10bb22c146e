#pragma once
/// @file Reading a swsplan project into renderable layers (read + reproject + index, one
/// layer per worker thread), in the standard drawing order, with default styles.
#include <string>
#include <vector>

#include "app/gui/map_renderer.hpp"

namespace swsplan::gui {

struct LoadedProject {
  std::string path;
  std::string map_crs;               ///< metric CRS all layers were prepared in
  std::vector<MapLayer> layers;      ///< bottom first
  std::vector<std::string> warnings; ///< layers that failed to load, with the reason
  std::string attribution;           ///< data sources from the project provenance
  bool synthetic = false;            ///< the project says its data are synthetic
};

/// Standard drawing order (bottom first): areas, then lines, then points.
const std::vector<std::string>& standard_draw_order();

/// Loads the geometry layers of a project (all, or only `names` when given). Layers that
/// fail are reported in `warnings` and skipped.
/// @throws InputError when the project cannot be opened.
LoadedProject load_project(const std::string& path, const std::vector<std::string>& names = {});

/// Reads and prepares one layer of a project in `map_crs` with its default style.
MapLayer load_layer(const std::string& project_path, const std::string& name, const std::string& map_crs);

}  // namespace swsplan::gui
