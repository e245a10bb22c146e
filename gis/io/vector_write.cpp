// Writing vector layers through GDAL/OGR (all or nothing) and the open GeoPackage of VectorDataset.
#include "gis/io/vector.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/io/gdal_util.hpp"
#include "gis/io/vector_internal.hpp"
#include <cpl_conv.h>

namespace fs = std::filesystem;

namespace swsplan::gis {

using detail::DatasetPtr;
using detail::decode_layer;
using detail::open_vector;
using detail::pick_layer;

// ---------------------------------------------------------------------------------------
// Writing

VectorFormat format_for_path(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".gpkg") return VectorFormat::GeoPackage;
  if (ext == ".geojson" || ext == ".json") return VectorFormat::GeoJSON;
  if (ext == ".csv") return VectorFormat::CSV;
  if (ext == ".shp") return VectorFormat::Shapefile;
  throw UsageError("cannot tell the output format of '" + path + "': use .gpkg, .geojson, .csv or .shp");
}

namespace {

const char* driver_name(VectorFormat f) {
  switch (f) {
    case VectorFormat::GeoPackage: return "GPKG";
    case VectorFormat::GeoJSON: return "GeoJSON";
    case VectorFormat::CSV: return "CSV";
    case VectorFormat::Shapefile: return "ESRI Shapefile";
  }
  return "GPKG";
}

std::unique_ptr<OGRGeometry> make_ogr(const Geometries& g, std::size_t f, bool force_multi) {
  const auto p0 = g.feature_offsets[f], p1 = g.feature_offsets[f + 1];
  if (p0 == p1) return nullptr;
  auto ring_to = [&](std::uint32_t r, OGRSimpleCurve& c) {
    const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
    c.setPoints(static_cast<int>(e - b), g.xs.data() + b, g.ys.data() + b);
  };
  switch (g.kind) {
    case GeometryKind::Point: {
      if (p1 - p0 == 1 && !force_multi) {
        auto c = g.ring_offsets[g.part_offsets[p0]];
        return std::make_unique<OGRPoint>(g.xs[c], g.ys[c]);
      }
      auto mp = std::make_unique<OGRMultiPoint>();
      for (auto p = p0; p < p1; ++p) {
        auto c = g.ring_offsets[g.part_offsets[p]];
        OGRPoint pt(g.xs[c], g.ys[c]);
        mp->addGeometry(&pt);
      }
      return mp;
    }
    case GeometryKind::Line: {
      auto ml = std::make_unique<OGRMultiLineString>();
      for (auto p = p0; p < p1; ++p) {
        auto ls = std::make_unique<OGRLineString>();
        ring_to(g.part_offsets[p], *ls);
        ml->addGeometryDirectly(ls.release());
      }
      return ml;
    }
    case GeometryKind::Polygon: {
      auto mp = std::make_unique<OGRMultiPolygon>();
      for (auto p = p0; p < p1; ++p) {
        auto poly = std::make_unique<OGRPolygon>();
        for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
          auto ring = std::make_unique<OGRLinearRing>();
          ring_to(r, *ring);
          poly->addRingDirectly(ring.release());
        }
        mp->addGeometryDirectly(poly.release());
      }
      return mp;
    }
    case GeometryKind::None: return nullptr;
  }
  return nullptr;
}

bool all_single_points(const Geometries& g) {
  for (std::size_t f = 0; f < g.features(); ++f)
    if (g.feature_offsets[f + 1] - g.feature_offsets[f] > 1) return false;
  return true;
}

void write_layer(GDALDataset& ds, const VectorLayer& layer, const std::string& name, VectorFormat fmt,
                 bool replace) {
  gdal::ErrorCapture errs;
  OGRSpatialReference srs;
  OGRSpatialReference* srs_ptr = nullptr;
  if (!layer.crs.empty() && layer.geom.kind != GeometryKind::None) {
    if (srs.SetFromUserInput(layer.crs.c_str()) != OGRERR_NONE)
      throw Error("cannot write layer '" + name + "': unknown CRS '" + layer.crs + "'");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    srs_ptr = &srs;
  }
  const bool single_points = layer.geom.kind == GeometryKind::Point && all_single_points(layer.geom);
  OGRwkbGeometryType gt = wkbNone;
  switch (layer.geom.kind) {
    case GeometryKind::Point: gt = single_points ? wkbPoint : wkbMultiPoint; break;
    case GeometryKind::Line: gt = wkbMultiLineString; break;
    case GeometryKind::Polygon: gt = wkbMultiPolygon; break;
    case GeometryKind::None: gt = wkbNone; break;
  }
  std::vector<std::string> lco;
  if (replace) lco.push_back("OVERWRITE=YES");
  if (fmt == VectorFormat::CSV) lco.push_back(single_points ? "GEOMETRY=AS_XY" : "GEOMETRY=AS_WKT");
  if (fmt == VectorFormat::GeoJSON) lco.push_back("WRITE_BBOX=NO");
  if (fmt == VectorFormat::GeoPackage) lco.push_back("SPATIAL_INDEX=YES");
  std::vector<const char*> lcop;
  for (auto& s : lco) lcop.push_back(s.c_str());
  lcop.push_back(nullptr);
  OGRLayer* out = ds.CreateLayer(name.c_str(), srs_ptr, gt, const_cast<char**>(lcop.data()));
  if (!out) throw Error("cannot create layer '" + name + "' in '" + ds.GetDescription() + "': " + errs.last());
  // GDAL's CSV writer before 3.8.1 (OSGeo/gdal#8813) applies STRING_QUOTING=IF_AMBIGUOUS to
  // integer fields too, writing 3 as "3". We keep that default for strings (a code such as
  // "010201" stays quoted, so spreadsheets keep its zero) and hand integer columns to the
  // driver as reals, written unquoted by its %.15g: exact for every |value| < 1e15 (no
  // .csvt is written, so the type is not recorded). Larger values stay Integer64 (quoted).
  auto csv_integer_as_real = [&](const Column& c) {
    if (fmt != VectorFormat::CSV || c.type != FieldType::Integer) return false;
    for (std::size_t i = 0; i < c.ints.size(); ++i)
      if (!c.is_null(i) && (c.ints[i] >= 1000000000000000LL || c.ints[i] <= -1000000000000000LL)) return false;
    return true;
  };
  std::vector<char> as_real;
  for (const auto& c : layer.columns) {
    as_real.push_back(csv_integer_as_real(c) ? 1 : 0);
    OGRFieldType t = as_real.back()                   ? OFTReal
                     : c.type == FieldType::Integer ? OFTInteger64
                     : c.type == FieldType::Real    ? OFTReal
                                                    : OFTString;
    OGRFieldDefn fd(c.name.c_str(), t);
    if (out->CreateField(&fd) != OGRERR_NONE)
      throw Error("cannot create field '" + c.name + "' in layer '" + name + "': " + errs.last());
  }
  OGRFeatureDefn* defn = out->GetLayerDefn();
  // Field order in the output may differ (e.g. renamed by the driver): map by index.
  const bool txn = fmt == VectorFormat::GeoPackage;
  if (txn && out->StartTransaction() != OGRERR_NONE) throw Error("cannot start a transaction on '" + name + "'");
  for (std::size_t i = 0; i < layer.size(); ++i) {
    OGRFeature feat(defn);
    for (std::size_t c = 0; c < layer.columns.size(); ++c) {
      const Column& col = layer.columns[c];
      const int idx = static_cast<int>(c);
      if (col.is_null(i)) {
        feat.SetFieldNull(idx);
        continue;
      }
      switch (col.type) {
        case FieldType::Integer:
          if (as_real[c])
            feat.SetField(idx, static_cast<double>(col.ints[i]));
          else
            feat.SetField(idx, static_cast<GIntBig>(col.ints[i]));
          break;
        case FieldType::Real:
          if (std::isnan(col.reals[i]))
            feat.SetFieldNull(idx);
          else
            feat.SetField(idx, col.reals[i]);
          break;
        case FieldType::String: feat.SetField(idx, col.strings[i].c_str()); break;
      }
    }
    if (layer.geom.kind != GeometryKind::None && i < layer.geom.features()) {
      auto g = make_ogr(layer.geom, i, !single_points && layer.geom.kind == GeometryKind::Point);
      if (g) {
        if (srs_ptr) g->assignSpatialReference(srs_ptr);
        feat.SetGeometryDirectly(g.release());
      }
    }
    if (out->CreateFeature(&feat) != OGRERR_NONE) {
      if (txn) out->RollbackTransaction();
      throw Error("cannot write feature " + std::to_string(i + 1) + " of layer '" + name + "': " + errs.last());
    }
  }
  if (txn && out->CommitTransaction() != OGRERR_NONE)
    throw Error("cannot commit layer '" + name + "': " + errs.last());
}

}  // namespace

void write_vector(const VectorLayer& layer, const std::string& path, std::optional<VectorFormat> format) {
  gdal::ErrorCapture errs;
  const VectorFormat fmt = format ? *format : format_for_path(path);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name(fmt));
  if (!drv) throw Error(std::string("GDAL driver ") + driver_name(fmt) + " is not available");
  const fs::path target(path);
  // Write beside the target in a temporary folder, then rename: all or nothing.
  const fs::path tmpdir = target.parent_path().empty() ? fs::path(".swsplan-tmp-" + target.filename().string())
                                                       : target.parent_path() / (".swsplan-tmp-" + target.filename().string());
  fs::remove_all(tmpdir);
  fs::create_directories(tmpdir);
  const fs::path tmp = tmpdir / target.filename();
  try {
    {
      DatasetPtr ds(drv->Create(tmp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) throw Error("cannot create '" + path + "': " + errs.last());
      const std::string lname = layer.name.empty() ? target.stem().string() : layer.name;
      write_layer(*ds, layer, fmt == VectorFormat::Shapefile || fmt == VectorFormat::CSV ? target.stem().string() : lname,
                  fmt, false);
    }
    for (const auto& entry : fs::directory_iterator(tmpdir)) {
      fs::path dest = target.parent_path() / entry.path().filename();
      fs::rename(entry.path(), dest);
    }
    fs::remove_all(tmpdir);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmpdir, ec);
    throw;
  }
}

// ---------------------------------------------------------------------------------------
// VectorDataset

struct VectorDataset::Impl {
  DatasetPtr ds;
  std::string path;
};

VectorDataset::VectorDataset(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorDataset::VectorDataset(VectorDataset&&) noexcept = default;
VectorDataset& VectorDataset::operator=(VectorDataset&&) noexcept = default;
VectorDataset::~VectorDataset() = default;

VectorDataset VectorDataset::open(const std::string& path, bool update) {
  auto impl = std::make_unique<Impl>();
  impl->ds = open_vector(path, {}, update);
  impl->path = path;
  return VectorDataset(std::move(impl));
}

VectorDataset VectorDataset::create_gpkg(const std::string& path) {
  gdal::ErrorCapture errs;
  if (fs::exists(path)) throw Error("'" + path + "' exists already");
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  auto impl = std::make_unique<Impl>();
  impl->ds.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!impl->ds) throw Error("cannot create GeoPackage '" + path + "': " + errs.last());
  impl->path = path;
  return VectorDataset(std::move(impl));
}

const std::string& VectorDataset::path() const { return impl_->path; }

std::vector<std::string> VectorDataset::layer_names() const {
  std::vector<std::string> out;
  for (int i = 0; i < impl_->ds->GetLayerCount(); ++i) out.emplace_back(impl_->ds->GetLayer(i)->GetName());
  return out;
}

bool VectorDataset::has_layer(const std::string& name) const {
  return impl_->ds->GetLayerByName(name.c_str()) != nullptr;
}

VectorLayer VectorDataset::read(const std::string& layer) const {
  ReadOptions o;
  o.layer = layer;
  return decode_layer(pick_layer(*impl_->ds, impl_->path, layer), impl_->path, o);
}

void VectorDataset::write(const VectorLayer& layer, const std::string& name) {
  if (has_layer(name)) drop(name);
  write_layer(*impl_->ds, layer, name, VectorFormat::GeoPackage, false);
}

void VectorDataset::drop(const std::string& name) {
  for (int i = 0; i < impl_->ds->GetLayerCount(); ++i) {
    if (name == impl_->ds->GetLayer(i)->GetName()) {
      gdal::ErrorCapture errs;
      if (impl_->ds->DeleteLayer(i) != OGRERR_NONE) throw Error("cannot delete layer '" + name + "': " + errs.last());
      return;
    }
  }
}

void VectorDataset::execute(const std::string& sql) {
  gdal::ErrorCapture errs;
  OGRLayer* res = impl_->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (res) impl_->ds->ReleaseResultSet(res);
  if (errs.failed()) throw Error("SQL failed on '" + impl_->path + "': " + errs.last());
}

void VectorDataset::set_timestamp(const std::string& iso) {
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", iso.empty() ? nullptr : iso.c_str());
}

void VectorDataset::begin() {
  if (impl_->ds->StartTransaction(TRUE) != OGRERR_NONE) throw Error("cannot start a transaction on '" + impl_->path + "'");
}
void VectorDataset::commit() {
  if (impl_->ds->CommitTransaction() != OGRERR_NONE) throw Error("cannot commit to '" + impl_->path + "'");
}
void VectorDataset::rollback() { impl_->ds->RollbackTransaction(); }

void VectorDataset::close() {
  gdal::ErrorCapture errs;
  if (impl_->ds) {
    GDALDataset* d = impl_->ds.release();
    GDALClose(d);
    if (errs.failed()) throw Error("cannot close '" + impl_->path + "': " + errs.last());
  }
}

}  // namespace swsplan::gis
