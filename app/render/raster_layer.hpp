#pragma once
/// @file A raster layer made ready to draw: the grid (already in the map CRS, read through
/// gis/io by the caller) kept as float values plus a pyramid of downsampled levels built once
/// on load, so drawing a view costs about one lookup per screen pixel whatever the raster's
/// size. Drawing picks the level whose cells are just finer than a pixel and colours each
/// pixel by the layer's classes (nodata transparent). Immutable once built, shared by render
/// jobs on worker threads like PreparedLayer.
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/render/style.hpp"
#include "gis/core/progress.hpp"
#include "gis/io/raster.hpp"

class QPainter;

namespace swsplan::gui {

struct MapView;
struct PreparedLayer;

/// How a raster is coloured by default.
enum class RasterKind {
  TravelTime,  ///< `swsplan access -m raster` *_time_s.tif: 0-30 / 30-60 / 60-120 / >120 min
  Categories,  ///< integer codes (the nearest-facility *_facility.tif, land cover): one colour each
  Continuous,  ///< anything else: graduated viridis ramp, quantile breaks
};

/// One level of the pyramid: north-up grid in the map CRS, NaN = nodata.
struct RasterLevel {
  int width = 0, height = 0;
  double x0 = 0, y0 = 0, dx = 1, dy = 1;  ///< west and north edges, cell size (map units)
  std::vector<float> values;              ///< row-major, width * height
};

struct PreparedRaster {
  std::string source;                 ///< file it was read from
  RasterKind kind = RasterKind::Continuous;
  std::string service;                ///< travel time / facility rasters: service id from the file name
  std::vector<RasterLevel> levels;    ///< [0] full resolution, each next one half the cells each way
  double min = 0, max = 0;            ///< of the valid cells
  std::size_t valid_cells = 0;
  std::vector<double> categories;     ///< Categories: distinct values, ascending
  std::vector<double> sample;         ///< up to 50,000 valid values (evenly spaced) for class breaks
  double build_ms = 0;                ///< time to build the pyramid

  gis::Extent extent() const;
  /// The level drawn at `mpp` metres per pixel: the coarsest whose cells are no larger than a pixel.
  const RasterLevel& level_for(double mpp) const;
  /// Full-resolution value at map point (x, y); nullopt outside the grid or on nodata.
  std::optional<double> value_at(double x, double y) const;
  /// Bytes held by all levels.
  std::size_t bytes() const;
};

/// Builds the pyramid of `r` (in the map CRS). `integer`: the source band holds integers.
/// The kind comes from the file name (`*_time_s.tif` travel time in seconds, `*_facility.tif`
/// categories) or, for other integer rasters with at most 64 distinct values, categories.
/// @throws gis::Cancelled when `cancel` is set meanwhile.
std::shared_ptr<const PreparedRaster> prepare_raster(const gis::Raster& r, const std::string& source, bool integer,
                                                     const gis::CancelToken* cancel = nullptr);

/// The default classes of a prepared raster (legend and colours), by its kind.
LayerStyle raster_style(const PreparedRaster& r);

/// Colours of the travel-time classes, fastest first (0-30, 30-60, 60-120, >120 min).
const std::vector<QColor>& travel_time_colors();

/// A PreparedLayer named `name` standing for the raster on the map (no features, the raster's
/// extent), so the layer tree, legend, order and saved state treat it like any layer.
std::shared_ptr<const PreparedLayer> raster_map_layer(const std::string& name, const std::string& map_crs,
                                                      std::shared_ptr<const PreparedRaster> raster);

/// Draws the raster onto `p` (view-sized device) with the classes of `style`; cells of no
/// class and nodata stay transparent. Returns the number of pixels coloured.
std::size_t paint_raster(QPainter& p, const MapView& view, const PreparedRaster& r, const LayerStyle& style,
                         const gis::CancelToken* cancel);

}  // namespace swsplan::gui
