#pragma once
/// @file Geometry operations on whole layers (validity repair, areas, point-on-surface,
/// point-in-polygon index, dissolve, adjacency) over the GEOS reentrant C API.
/// Measures in metres need a layer in a metric CRS (see gis/crs reproject()).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"

namespace swsplan::gis {

/// What make_valid() changed.
struct RepairReport {
  struct Item {
    std::int64_t fid;
    std::string reason;  ///< GEOS's reason, e.g. "Self-intersection[103.2 12.1]"
    double area_before = 0, area_after = 0;  ///< in layer units squared (polygons)
  };
  std::size_t checked = 0;
  std::vector<Item> repaired;   ///< invalid and repaired
  std::vector<std::int64_t> emptied;  ///< became empty after repair (degenerate input)
};

/// Checks every feature and repairs invalid ones with GEOSMakeValid, keeping only the parts
/// of the layer's dimension (polygons stay polygons). Modifies `layer` in place.
RepairReport make_valid(VectorLayer& layer, Progress& progress = no_progress());

/// Area of each feature (0 for non-polygons), in CRS units squared: m² in a metric CRS.
std::vector<double> areas(const VectorLayer& layer);
/// Length of each feature (perimeter for polygons), in CRS units.
std::vector<double> lengths(const VectorLayer& layer);

/// A point guaranteed inside each polygon (GEOSPointOnSurface); NaN for empty features.
void point_on_surface(const VectorLayer& layer, std::vector<double>& xs, std::vector<double>& ys);

/// Point-in-polygon lookups against a polygon layer (STR-tree + prepared geometries).
/// Build once, query from one thread (GEOS handles belong to the building thread).
class PolygonIndex {
 public:
  explicit PolygonIndex(const VectorLayer& polygons);
  PolygonIndex(PolygonIndex&&) noexcept;
  PolygonIndex& operator=(PolygonIndex&&) noexcept;
  ~PolygonIndex();

  /// Index of the polygon feature containing (x, y) (boundary counts as inside; the lowest
  /// index wins on shared edges), or -1.
  std::int32_t locate(double x, double y) const;
  /// locate() for many points; `out` gets one index per point.
  void locate_all(const std::vector<double>& xs, const std::vector<double>& ys, std::vector<std::int32_t>& out,
                  Progress& progress = no_progress()) const;
  /// Index and distance (CRS units) of the nearest polygon to (x, y) within max_distance, or -1.
  std::pair<std::int32_t, double> nearest(double x, double y, double max_distance) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Unions the polygons of `layer` that share the value of `key_field`, one output feature per
/// key (sorted), keeping `key_field` and summing the numeric `sum_fields`.
VectorLayer dissolve(const VectorLayer& layer, const std::string& key_field,
                     const std::vector<std::string>& sum_fields = {}, Progress& progress = no_progress());

/// Polygon adjacency as a symmetric CSR graph: j is a neighbour of i when their boundaries
/// share at least `min_shared_length` (CRS units) within `tolerance` (to bridge slivers of
/// simplified data). Touching at a point only is not adjacency.
struct Adjacency {
  std::vector<std::uint32_t> first;   ///< size n+1
  std::vector<std::uint32_t> target;  ///< neighbours
  std::vector<double> shared_length;  ///< per edge, CRS units
};
Adjacency polygon_adjacency(const VectorLayer& layer, double tolerance, double min_shared_length,
                            Progress& progress = no_progress());

}  // namespace swsplan::gis
