#pragma once
/// @file The app's layer styles as QGIS styles (QML, the format QGIS 3.22 reads from a
/// GeoPackage's layer_styles table), so QGIS draws the same map: single symbol, categories
/// (with the app's fallback as QGIS's "all other values"), graduated ranges with the app's
/// breaks; fills with outline, the hatch over an opaque fill of what is not a class, lines with
/// their casing (symbol levels: casings below all strokes, important classes on top),
/// markers, layer opacity and the scale beyond which a layer is hidden.
/// Not carried over: labels and the overlay symbol (PWP roads marked, proposed offices).
#include <string>
#include <vector>

#include "app/render/style.hpp"
#include "layers/qgis_styles.hpp"

namespace swsplan::gui {

/// The QML of `style` for a layer of geometry `kind`.
std::string style_qml(const LayerStyle& style, gis::GeometryKind kind);

/// The QGIS styles of a project layer as the app draws it by default (default_style), the
/// first one QGIS's default: for gap_communes the 2x2 classes of each service (the first
/// service's as drawn) and the deprivation rate in quantiles; one style for any other layer.
std::vector<layers::QgisStyle> default_qgis_styles(const std::string& layer_name, const gis::VectorLayer& layer);

/// The QGIS styles of a layer drawn with `drawn` (a saved map): the default styles of the
/// layer, with the drawn one as QGIS's default (added as "saved map" when it is none of them).
std::vector<layers::QgisStyle> drawn_qgis_styles(const std::string& layer_name, const gis::VectorLayer& layer,
                                                 const LayerStyle& drawn);

/// A layers::QgisStyler writing default_qgis_styles (for the analysis runs of the front ends).
layers::QgisStyler default_qgis_styler();

}  // namespace swsplan::gui
