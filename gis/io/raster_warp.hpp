#pragma once
/// @file Reading a single-band raster into a given CRS: the source is reprojected through
/// GDAL's warper (PROJ underneath) with nearest-neighbour resampling, so class and category
/// values (allocation rasters) stay what they were. A source already in that CRS is read as it is.
#include <string>

#include "gis/io/raster.hpp"

namespace swsplan::gis {

struct RasterReadResult {
  Raster raster;             ///< in the requested CRS; NaN = nodata (also outside the source)
  bool integer = false;      ///< the band holds integers (Byte, Int16/32, UInt16/32): categories or counts
  bool reprojected = false;  ///< the source was in another CRS and was warped
  std::string source_crs;    ///< the source's CRS as a short name ("EPSG:4326") or WKT
};

/// Reads band `band` of `path` in `crs` (e.g. "EPSG:32648"). The source file is only read.
/// @throws InputError naming the file (cannot open, no such band, rotated grid),
///         CrsError when the source has no CRS or the transform fails.
RasterReadResult read_raster_in_crs(const std::string& path, const std::string& crs, int band = 1);

}  // namespace swsplan::gis
