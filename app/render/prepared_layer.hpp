#pragma once
/// @file A project layer made ready to draw: geometry reprojected into the map CRS (metres),
/// one bounding box per feature, a packed bbox grid for view culling and one label point per
/// feature. Immutable once built, so render jobs on worker threads share it through
/// `std::shared_ptr<const PreparedLayer>` without locks.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::gui {

struct PreparedRaster;  // app/render/raster_layer.hpp

/// Packed bounding-box grid (CSR: cell_first[c]..cell_first[c+1] index cell_items): every
/// feature is listed in each cell its bbox overlaps. Cheap to build, exact after a bbox test.
class BBoxGrid {
 public:
  BBoxGrid() = default;
  explicit BBoxGrid(std::vector<gis::Extent> boxes);
  /// Indices of features whose bbox intersects `q`, ascending (= draw order).
  std::vector<std::uint32_t> query(const gis::Extent& q) const;
  const gis::Extent& box(std::size_t i) const { return boxes_[i]; }
  std::size_t size() const { return boxes_.size(); }

 private:
  std::vector<gis::Extent> boxes_;
  gis::Extent extent_{};
  int nx_ = 0, ny_ = 0;
  double cw_ = 1, ch_ = 1;
  std::vector<std::uint32_t> first_, items_;
};

struct PreparedLayer {
  std::string name;                 ///< project layer name
  std::string map_crs;              ///< CRS of `data` (e.g. "EPSG:32648")
  gis::VectorLayer data;            ///< attributes + geometry in map_crs (metres)
  std::vector<double> label_x, label_y;  ///< a point inside each polygon / on each line / the point
  gis::Extent extent{1, 1, 0, 0};
  BBoxGrid index;                   ///< per-feature bboxes (invalid for empty geometry) + grid
  /// A raster layer (added from a GeoTIFF): no features, drawn from this grid instead.
  std::shared_ptr<const PreparedRaster> raster;

  const gis::Extent& bbox(std::size_t f) const { return index.box(f); }

  std::size_t size() const { return data.size(); }
  gis::GeometryKind kind() const { return data.geom.kind; }
  /// Features whose bbox intersects `q` (map CRS), ascending.
  std::vector<std::uint32_t> query(const gis::Extent& q) const { return index.query(q); }
  /// Feature under (x, y) in map CRS: polygons contain the point; points and lines lie within
  /// `tolerance_m`. Topmost (last drawn) first.
  std::vector<std::uint32_t> hit(double x, double y, double tolerance_m) const;
};

/// Reprojects `layer` into `map_crs` and builds the index. @throws CrsError.
std::shared_ptr<const PreparedLayer> prepare_layer(const gis::VectorLayer& layer, const std::string& map_crs);

/// Even-odd point-in-polygon over all rings of feature f (polygon layers).
bool polygon_contains(const gis::Geometries& g, std::size_t f, double x, double y);

}  // namespace swsplan::gui
