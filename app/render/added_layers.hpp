#pragma once
/// @file Data layers added to the map from files (File > Add data layer..., or dropped on the
/// window), like QGIS "Add Layer": any vector file GDAL reads (Shapefile, GeoJSON, a
/// GeoPackage's layers, KML...), a CSV with coordinate columns, or a single-band raster
/// (GeoTIFF). They are read through gis/io, reprojected into the map CRS and prepared for the
/// renderer; they are never imported into the project, and the files are only read. The
/// project keeps their paths and styles in its saved map state (swsplan_map_styles, column
/// `source`), so reopening it adds them again.
#include <set>
#include <string>
#include <vector>

#include "app/render/map_renderer.hpp"

namespace swsplan::gui {

/// One map layer read from a file.
struct AddedLayer {
  MapLayer layer;
  std::string source;              ///< the path, or "path#layer" for one layer of a multi-layer file
  std::vector<std::string> notes;  ///< non-fatal findings (reprojected from X, CRS assumed, ...)
};

/// True for file names read as rasters (.tif, .tiff, .vrt, .img, .asc, .jp2, .nc...).
bool is_raster_path(const std::string& path);

/// Reads `source` ("path" or "path#layer") in `map_crs`. A vector file with several layers
/// gives one map layer per layer with geometry. Names are the file's stem (or the layer's
/// name, or `name` when given and the source is one layer), made unique against `taken` and
/// each other.
/// @throws gis::InputError naming the file and the cause (cannot open, no geometry layer,
///         a CSV without the coordinate columns it needs, no CRS, ...).
std::vector<AddedLayer> read_added_layers(const std::string& source, const std::string& map_crs,
                                          const std::set<std::string>& taken, const std::string& name = {});

/// `base` if no layer in `taken` has that name, else "base (file)", then "base (file) 2", ...
std::string unique_layer_name(const std::string& base, const std::string& file, const std::set<std::string>& taken);

/// The style an added layer opens with: the raster's classes, or a single symbol whose colour
/// is fixed by the source path (so it is the same every time the project is opened).
LayerStyle added_default_style(const PreparedLayer& data, const std::string& source);

/// The saved style choice (style_choice_json) applied to an added layer: opacity on its default
/// style, or graduated colours on a field of a vector layer. @throws std::invalid_argument.
LayerStyle added_style_from_json(const std::string& json, const PreparedLayer& data, const std::string& source);

}  // namespace swsplan::gui
