#pragma once
/// @file The QGIS styles of a project: rows of the GeoPackage table `layer_styles`, which QGIS
/// reads when it opens a layer (the row marked useAsDefault is applied). The styles themselves
/// (QML) come from the renderer that draws the app's map (app/render/style_qml), handed in as
/// a QgisStyler, so QGIS draws the same map; this file only stores them, through the writer
/// of the run that stores the layers (one commit).
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

inline constexpr const char* kLayerStyles = "layer_styles";
/// `owner` of the rows swsplan writes; rows of other owners (saved from QGIS) are kept.
inline constexpr const char* kStyleOwner = "swsplan";
/// styleName of the row the desktop app saves when a layer is drawn in a style the user chose
/// (not one of the defaults): a run that restyles the base layers leaves such a layer alone.
inline constexpr const char* kSavedMapStyleName = "saved map";

/// One QGIS style of a project layer.
struct QgisStyle {
  std::string table;        ///< f_table_name: the styled layer
  std::string name;         ///< styleName, as QGIS lists it
  std::string qml;          ///< styleQML
  bool is_default = true;   ///< useAsDefault: applied when QGIS opens the layer
  std::string description;
};

/// The styles of one layer (its data, as it is or is about to be stored) as the map draws it.
using QgisStyler = std::function<std::vector<QgisStyle>(const std::string& layer, const gis::VectorLayer& data)>;

/// The layers every project has that the map draws by default (areas, villages, facilities,
/// roads, offices): styled whenever a run stores QGIS styles.
const std::vector<std::string>& base_styled_layers();

/// Stages layer_styles on `writer`: the rows swsplan stored for the layers in `layers` are
/// replaced by the styles `styler` gives them (in order); every other row is kept (other
/// layers, other owners). Layers whose data are not given are read from `project` (absent
/// ones skipped). An empty `styler` removes swsplan's rows of `layers`, so no style is left
/// that no longer matches the stored data. Stages nothing when nothing changes.
void stage_qgis_styles(const Project& project, const QgisStyler& styler,
                       const std::vector<std::pair<std::string, const gis::VectorLayer*>>& layers, ProjectWriter& writer);

/// Those of `names` that have no style the user chose in the app (a swsplan row named
/// kSavedMapStyleName): the base layers a run may restyle without undoing the user's choice.
std::vector<std::string> layers_without_saved_choice(const Project& project, const std::vector<std::string>& names);

/// The table layer_styles (columns as QGIS creates them) holding `rows`.
gis::VectorLayer layer_styles_table(const std::vector<QgisStyle>& rows);

/// The map state the desktop app saves: `map_table` (swsplan_map_styles) and the QGIS styles
/// of `styles` (the layers as drawn, replacing swsplan's rows of those layers), one commit.
void store_map_state(const std::string& project_path, const gis::VectorLayer& map_table,
                     const std::vector<QgisStyle>& styles, const std::string& verb = "save map");

}  // namespace swsplan::layers
