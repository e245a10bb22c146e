#pragma once
/// @file Reading a swsplan project into renderable layers (read + reproject + index, one
/// layer per worker thread), in the standard drawing order, with default styles.
#include <set>
#include <string>
#include <vector>

#include "app/render/map_renderer.hpp"

namespace swsplan::gui {

/// One row of the project table swsplan_map_styles (File > Save project in the desktop app).
struct SavedLayerState {
  std::string layer;
  bool visible = true;
  int draw_order = 0;       ///< 0 = bottom
  std::string style_json;   ///< style_choice_json(); empty = the default style
  /// A layer added from a file, not part of the project: its path ("path#layer" for one layer
  /// of a GeoPackage). Empty for the project's own layers.
  std::string source;
};
inline constexpr const char* kMapStylesTable = "swsplan_map_styles";

struct LoadedProject {
  std::string path;
  std::string map_crs;               ///< metric CRS all layers were prepared in
  std::vector<MapLayer> layers;      ///< bottom first
  std::vector<std::string> warnings; ///< layers that failed to load, with the reason
  std::string name;                  ///< the project's own name (swsplan_project "name"); may be empty
  std::string attribution;           ///< data sources from the project provenance
  bool synthetic = false;            ///< the project says its data are synthetic
  std::vector<SavedLayerState> saved_map;  ///< rows of swsplan_map_styles (empty if absent)
};

/// The table swsplan_map_styles for `rows` (columns layer, visible, draw_order, style_json,
/// source; a table written before `source` existed reads as all project layers).
gis::VectorLayer map_styles_table(const std::vector<SavedLayerState>& rows);

/// Standard drawing order (bottom first): areas, then lines, then points.
const std::vector<std::string>& standard_draw_order();

/// Loads the geometry layers of a project (all, or only `names` when given). Layers that
/// fail are reported in `warnings` and skipped.
/// @throws InputError when the project cannot be opened.
LoadedProject load_project(const std::string& path, const std::vector<std::string>& names = {});

/// The visibility a project opens with, before its saved map state: off are the layers that
/// would hide or bury the map under them (`district_priority` above the gap classes, a line per
/// village of a siting run, villages by the ten thousand at national scale). Returns the names
/// turned off.
std::vector<std::string> apply_default_visibility(LoadedProject& project);

/// After the defaults: the visibility, style and order of the layers named in
/// swsplan_map_styles (absent layers keep their defaults; rows for layers not in the project
/// are ignored, and so are rows of layers added from files, which the app reads itself; a bad
/// style keeps the default and adds a warning). Returns the names of the
/// layers whose style came from the table.
std::set<std::string> apply_saved_map(LoadedProject& project);

/// Tells the offices of several siting scenarios apart: the i-th scenario's offices layer (by
/// name) gets the i-th colour and marker for its new offices, and the legend title names the
/// scenario ("Scenario offices: a"). Layers named in `keep` (styled by the user) are left as
/// they are. Returns the names whose style changed.
/// Layers named in `fresh` (just added to the map) never keep a look another layer may have.
std::vector<std::string> distinguish_scenarios(std::vector<MapLayer>& layers, const std::set<std::string>& keep = {},
                                               const std::set<std::string>& fresh = {});
/// Reads and prepares one layer of a project in `map_crs` with its default style.
MapLayer load_layer(const std::string& project_path, const std::string& name, const std::string& map_crs);

}  // namespace swsplan::gui
