#pragma once
/// @file A single-band raster in memory (row-major, north-up) and GeoTIFF read/write.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace swsplan::gis {

/// North-up raster grid: cell (row, col) covers x in [x0 + col*dx, x0 + (col+1)*dx),
/// y in (y0 - (row+1)*dy, y0 - row*dy]. Units are those of `crs_wkt` (metres for analysis).
struct GridSpec {
  int width = 0;
  int height = 0;
  double x0 = 0.0;  ///< west edge
  double y0 = 0.0;  ///< north edge
  double dx = 1.0;  ///< cell width (> 0)
  double dy = 1.0;  ///< cell height (> 0)
  std::string crs_wkt;

  std::size_t cells() const { return std::size_t(width) * std::size_t(height); }
  double cell_centre_x(int col) const { return x0 + (col + 0.5) * dx; }
  double cell_centre_y(int row) const { return y0 - (row + 0.5) * dy; }
};

/// A float64 single-band raster. NaN marks nodata in memory; `nodata` is the value written
/// to / read from files (converted to NaN on read).
struct Raster {
  GridSpec grid;
  std::vector<double> values;  ///< grid.cells() values, row-major
  double nodata = std::numeric_limits<double>::quiet_NaN();

  double at(int row, int col) const { return values[std::size_t(row) * grid.width + col]; }
  double& at(int row, int col) { return values[std::size_t(row) * grid.width + col]; }
};

/// Reads band `band` (1-based) of a GDAL raster (GeoTIFF and others).
/// @throws InputError naming the file when it cannot be opened or has no such band.
Raster read_raster(const std::string& path, int band = 1);

/// Writes a single-band Float64 GeoTIFF (tiled, ZSTD level 1), NaN written as `r.nodata` (or -9999 if NaN).
/// Written to a temporary file and renamed, so an existing file is replaced whole or not at all.
/// @throws Error on write failure.
void write_geotiff(const Raster& r, const std::string& path);

/// Writes an Int32 GeoTIFF (e.g. a nearest-facility allocation raster); `nodata` marks empty cells.
void write_geotiff_int(const GridSpec& grid, const std::vector<std::int32_t>& values, std::int32_t nodata,
                       const std::string& path);

}  // namespace swsplan::gis
