#pragma once
/// @file Interior overlaps between polygon features of one layer: a check for boundary data
/// that must tile (communes, districts), e.g. after a geometry repair turned a hole into an
/// island lying on a neighbour.
#include <cstddef>
#include <span>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::gis {

/// One feature's interior overlapping another's.
struct PolygonOverlap {
  std::size_t feature = 0;  ///< index of the feature asked about
  std::size_t other = 0;    ///< index of the feature it overlaps
  double area = 0;          ///< area of the intersection, CRS units squared (m² in a metric CRS)
};

/// For every feature in `features` (indices into `layer`), the other features of the layer
/// whose interior it overlaps by more than `min_area` (CRS units squared), by ascending
/// feature then other. Shared edges and corners are not overlaps. Candidates are found by
/// bounding box, so the cost grows with the features asked about, not with the layer.
/// @throws UsageError if the layer is not polygons or an index is out of range; Error if
///         GEOS fails (e.g. on an invalid polygon: repair first).
std::vector<PolygonOverlap> overlaps_with_others(const VectorLayer& layer, std::span<const std::size_t> features,
                                                 double min_area);

}  // namespace swsplan::gis
