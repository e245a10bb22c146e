#include "gis/io/raster_warp.hpp"

#include <cmath>
#include <limits>
#include <memory>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include "gis/core/error.hpp"
#include "gis/io/gdal_util.hpp"

namespace swsplan::gis {
namespace {

bool is_integer_type(GDALDataType t) {
  switch (t) {
    case GDT_Byte:
    case GDT_UInt16:
    case GDT_Int16:
    case GDT_UInt32:
    case GDT_Int32:
      return true;
    default:
      return false;
  }
}

std::string short_crs(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  std::string out;
  if (srs.exportToWkt(&wkt) == OGRERR_NONE && wkt) out = wkt;
  CPLFree(wkt);
  return out;
}

struct DatasetCloser {
  void operator()(GDALDatasetH h) const {
    if (h) GDALClose(h);
  }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

}  // namespace

RasterReadResult read_raster_in_crs(const std::string& path, const std::string& crs, int band) {
  gdal::init();
  const gdal::ErrorCapture capture;
  InputLocation where;
  where.file = path;
  RasterReadResult out;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw InputError(where, "cannot open as a raster: " + (capture.last().empty() ? "not a raster GDAL reads" : capture.last()));
  if (band < 1 || band > ds->GetRasterCount())
    throw InputError(where, "has no band " + std::to_string(band) + " (it has " + std::to_string(ds->GetRasterCount()) + ")");
  out.integer = is_integer_type(ds->GetRasterBand(band)->GetRasterDataType());
  const OGRSpatialReference* src = ds->GetSpatialRef();
  if (!src || src->IsEmpty())
    throw CrsError(where, "has no coordinate reference system (no georeferencing or .prj); it cannot be placed on the map");
  out.source_crs = short_crs(*src);
  OGRSpatialReference dst;
  if (dst.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw CrsError(where, "the map CRS '" + crs + "' is not understood");
  const char* const ignore_axes[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
  if (src->IsSame(&dst, ignore_axes)) {
    out.raster = read_raster(path, band);
    char* wkt = nullptr;
    if (dst.exportToWkt(&wkt) == OGRERR_NONE && wkt) out.raster.grid.crs_wkt = wkt;
    CPLFree(wkt);
    return out;
  }
  // gdalwarp into memory: nearest neighbour keeps categories; cells outside the source are nodata.
  out.reprojected = true;
  int has_nodata = 0;
  const double src_nodata = ds->GetRasterBand(band)->GetNoDataValue(&has_nodata);
  CPLStringList args;
  for (const char* a : {"-of", "MEM", "-r", "near", "-ot", "Float64", "-dstnodata", "nan", "-t_srs"}) args.AddString(a);
  args.AddString(crs.c_str());
  if (ds->GetRasterCount() > 1) {
    args.AddString("-b");
    args.AddString(std::to_string(band).c_str());
  }
  if (has_nodata && !std::isnan(src_nodata)) {
    args.AddString("-srcnodata");
    args.AddString(CPLSPrintf("%.17g", src_nodata));
  }
  std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> opts(GDALWarpAppOptionsNew(args.List(), nullptr),
                                                                              &GDALWarpAppOptionsFree);
  if (!opts) throw CrsError(where, "cannot set up the reprojection: " + capture.last());
  GDALDatasetH src_h = GDALDataset::ToHandle(ds.get());
  int usage_error = 0;
  DatasetPtr warped(GDALWarp("", nullptr, 1, &src_h, opts.get(), &usage_error));
  if (!warped || usage_error)
    throw CrsError(where, "cannot reproject from " + out.source_crs + " to " + crs + ": " + capture.last());
  GDALDataset* w = GDALDataset::FromHandle(warped.get());
  Raster& r = out.raster;
  r.grid.width = w->GetRasterXSize();
  r.grid.height = w->GetRasterYSize();
  double gt[6];
  w->GetGeoTransform(gt);
  r.grid.x0 = gt[0];
  r.grid.dx = gt[1];
  r.grid.y0 = gt[3];
  r.grid.dy = -gt[5];
  char* wkt = nullptr;
  if (dst.exportToWkt(&wkt) == OGRERR_NONE && wkt) r.grid.crs_wkt = wkt;
  CPLFree(wkt);
  r.values.resize(r.grid.cells());
  if (w->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, r.grid.width, r.grid.height, r.values.data(), r.grid.width,
                                    r.grid.height, GDT_Float64, 0, 0, nullptr) != CE_None)
    throw InputError(where, "cannot read the reprojected band: " + capture.last());
  r.nodata = has_nodata ? src_nodata : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace swsplan::gis
