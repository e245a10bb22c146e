#include "gis/io/raster.hpp"

#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <system_error>

#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

void ensure_gdal_registered() {
  // GDALAllRegister is not thread-safe against concurrent first use; once is enough.
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

/// Keeps GDAL from printing to stderr while we turn its errors into exceptions ourselves
/// (CPLGetLastErrorMsg still records them).
struct QuietGdalErrors {
  QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

std::string last_gdal_message() {
  const char* msg = CPLGetLastErrorMsg();
  return (msg && *msg) ? std::string(msg) : std::string("unknown GDAL error");
}

/// A temporary name next to `path`, so the final rename stays on one file system (atomic).
std::filesystem::path temp_path_for(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tif";
  return tmp;
}

/// Creates a GeoTIFF at a temporary path, lets `fill` write band 1, then renames it over `path`.
template <typename Fill>
void write_atomically(const GridSpec& grid, GDALDataType type, const std::string& path, Fill&& fill) {
  ensure_gdal_registered();
  if (grid.width <= 0 || grid.height <= 0) throw UsageError("cannot write an empty raster to '" + path + "'");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw Error("the GDAL GeoTIFF driver is not available, cannot write '" + path + "'");

  const QuietGdalErrors quiet;
  const std::filesystem::path final_path(path);
  const std::filesystem::path tmp = temp_path_for(final_path);
  char** options = nullptr;
  // ZSTD level 1: as small as DEFLATE level 6 on travel-time rasters (float64 with full
  // mantissas barely compress) at a sixth of its CPU time, smaller on allocation rasters.
  // Read by GDAL >= 2.3 (QGIS, R terra, rasterio).
  options = CSLSetNameValue(options, "COMPRESS", "ZSTD");
  options = CSLSetNameValue(options, "ZSTD_LEVEL", "1");
  options = CSLSetNameValue(options, "TILED", "YES");
  options = CSLSetNameValue(options, "BIGTIFF", "IF_SAFER");
  CPLErrorReset();
  GDALDatasetUniquePtr ds(driver->Create(tmp.string().c_str(), grid.width, grid.height, 1, type, options));
  CSLDestroy(options);
  auto fail = [&](const std::string& what) {
    ds.reset();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw Error("cannot write raster '" + path + "': " + what);
  };
  if (!ds) fail(last_gdal_message());

  double gt[6] = {grid.x0, grid.dx, 0.0, grid.y0, 0.0, -grid.dy};
  if (ds->SetGeoTransform(gt) != CE_None) fail(last_gdal_message());
  if (!grid.crs_wkt.empty()) {
    OGRSpatialReference srs;
    if (srs.importFromWkt(grid.crs_wkt.c_str()) != OGRERR_NONE) fail("its CRS WKT is not understood by GDAL");
    if (ds->SetSpatialRef(&srs) != CE_None) fail(last_gdal_message());
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (!fill(band)) fail(last_gdal_message());
  // Closing flushes the compressed tiles; a failure there is a failed write too. GDAL 3.6 has
  // no GDALDataset::Close() returning a status, so the error state is checked after the close.
  CPLErrorReset();
  ds->FlushCache(true);
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) fail(last_gdal_message());

  std::error_code ec;
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error("cannot write raster '" + path + "': rename of the temporary file failed");
  }
}

}  // namespace

Raster read_raster(const std::string& path, int band_index) {
  ensure_gdal_registered();
  InputLocation where;
  where.file = path;
  const QuietGdalErrors quiet;
  CPLErrorReset();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw InputError(where, "cannot open as a raster: " + last_gdal_message());
  if (band_index < 1 || band_index > ds->GetRasterCount()) {
    throw InputError(where, "has no band " + std::to_string(band_index) + " (it has " +
                                std::to_string(ds->GetRasterCount()) + ")");
  }
  Raster r;
  r.grid.width = ds->GetRasterXSize();
  r.grid.height = ds->GetRasterYSize();
  double gt[6] = {0.0, 1.0, 0.0, 0.0, 0.0, -1.0};
  if (ds->GetGeoTransform(gt) == CE_None) {
    if (gt[2] != 0.0 || gt[4] != 0.0) throw InputError(where, "is rotated or sheared; only north-up rasters are supported");
    if (gt[1] <= 0.0 || gt[5] >= 0.0) throw InputError(where, "is not north-up (expected positive cell width, negative height)");
  }
  r.grid.x0 = gt[0];
  r.grid.dx = gt[1];
  r.grid.y0 = gt[3];
  r.grid.dy = -gt[5];
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    char* wkt = nullptr;
    if (srs->exportToWkt(&wkt) == OGRERR_NONE && wkt) r.grid.crs_wkt = wkt;
    CPLFree(wkt);
  }

  GDALRasterBand* band = ds->GetRasterBand(band_index);
  r.values.resize(r.grid.cells());
  if (band->RasterIO(GF_Read, 0, 0, r.grid.width, r.grid.height, r.values.data(), r.grid.width, r.grid.height,
                     GDT_Float64, 0, 0, nullptr) != CE_None) {
    throw InputError(where, "cannot read band " + std::to_string(band_index) + ": " + last_gdal_message());
  }
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  if (has_nodata) {
    r.nodata = nodata;
    if (!std::isnan(nodata)) {
      for (double& v : r.values)
        if (v == nodata) v = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return r;
}

void write_geotiff(const Raster& r, const std::string& path) {
  if (r.values.size() != r.grid.cells())
    throw UsageError("raster for '" + path + "' has " + std::to_string(r.values.size()) + " values, its grid " +
                     std::to_string(r.grid.cells()) + " cells");
  const double nodata = std::isnan(r.nodata) ? -9999.0 : r.nodata;
  write_atomically(r.grid, GDT_Float64, path, [&](GDALRasterBand* band) {
    if (band->SetNoDataValue(nodata) != CE_None) return false;
    // One row at a time keeps the NaN->nodata copy small for big rasters.
    std::vector<double> row(std::size_t(r.grid.width));
    for (int y = 0; y < r.grid.height; ++y) {
      const double* src = r.values.data() + std::size_t(y) * std::size_t(r.grid.width);
      for (int x = 0; x < r.grid.width; ++x) row[std::size_t(x)] = std::isnan(src[x]) ? nodata : src[x];
      if (band->RasterIO(GF_Write, 0, y, r.grid.width, 1, row.data(), r.grid.width, 1, GDT_Float64, 0, 0, nullptr) !=
          CE_None)
        return false;
    }
    return true;
  });
}

void write_geotiff_int(const GridSpec& grid, const std::vector<std::int32_t>& values, std::int32_t nodata,
                       const std::string& path) {
  if (values.size() != grid.cells())
    throw UsageError("raster for '" + path + "' has " + std::to_string(values.size()) + " values, its grid " +
                     std::to_string(grid.cells()) + " cells");
  write_atomically(grid, GDT_Int32, path, [&](GDALRasterBand* band) {
    if (band->SetNoDataValue(double(nodata)) != CE_None) return false;
    return band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, const_cast<std::int32_t*>(values.data()),
                          grid.width, grid.height, GDT_Int32, 0, 0, nullptr) == CE_None;
  });
}

}  // namespace swsplan::gis
