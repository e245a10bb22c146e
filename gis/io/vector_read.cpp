// Reading vector layers through GDAL/OGR: GeoPackage, Shapefile, GeoJSON, CSV, PostGIS.
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
#include "gis/core/text.hpp"
#include "gis/io/gdal_util.hpp"
#include "gis/io/vector_internal.hpp"
#include <cpl_conv.h>

namespace fs = std::filesystem;

namespace swsplan::gis {

using detail::DatasetPtr;
using detail::decode_layer;
using detail::iequals;
using detail::open_vector;
using detail::parse_double;
using detail::parse_int;
using detail::pick_layer;

// ---------------------------------------------------------------------------------------
// Reading

namespace {

bool is_csv(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".csv" || ext == ".tsv";
}

bool is_pg(const std::string& path) { return path.rfind("PG:", 0) == 0; }

}  // namespace

DatasetPtr detail::open_vector(const std::string& path, const ReadOptions& opt, bool update) {
  gdal::ErrorCapture errs;
  if (!is_pg(path) && !fs::exists(path))
    throw InputError({describe_source(path), {}, std::nullopt, {}}, "file not found");
  std::vector<std::string> oo;
  if (is_csv(path)) {
    // Read every CSV cell as text: codes like 010201 must keep their zeros; we type columns ourselves.
    oo = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES", "EMPTY_STRING_AS_NULL=YES"};
  }
  if (!opt.encoding.empty()) oo.push_back("ENCODING=" + opt.encoding);
  std::vector<const char*> oop;
  for (auto& s : oo) oop.push_back(s.c_str());
  oop.push_back(nullptr);
  const char* csv_driver[] = {"CSV", nullptr};
  unsigned flags = GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
  auto* ds = static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), flags, is_csv(path) ? csv_driver : nullptr, oop.data(), nullptr));
  if (!ds) {
    std::string why = errs.last();
    throw InputError({describe_source(path), {}, std::nullopt, {}},
                     "cannot be opened as a vector data source" + (why.empty() ? std::string() : ": " + why));
  }
  return DatasetPtr(ds);
}

OGRLayer* detail::pick_layer(GDALDataset& ds, const std::string& path, const std::string& name) {
  if (name.empty()) {
    if (ds.GetLayerCount() == 0)
      throw InputError({describe_source(path), {}, std::nullopt, {}}, "contains no vector layer");
    return ds.GetLayer(0);
  }
  OGRLayer* l = ds.GetLayerByName(name.c_str());
  if (!l) {
    std::string names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names += std::string(names.empty() ? "" : ", ") + ds.GetLayer(i)->GetName();
    throw InputError({describe_source(path), name, std::nullopt, {}}, "no such layer; the source has: " + names);
  }
  return l;
}

namespace {

GeometryKind kind_of(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::Point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return GeometryKind::Line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface: return GeometryKind::Polygon;
    default: return GeometryKind::None;
  }
}

std::string crs_string(const OGRSpatialReference* srs) {
  if (!srs) return {};
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  OGRSpatialReference copy(*srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    auth = copy.GetAuthorityName(nullptr);
    code = copy.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
  }
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2018", nullptr};
  srs->exportToWkt(&wkt, opts);
  std::string s = wkt ? wkt : "";
  CPLFree(wkt);
  return s;
}

// True when the data's first axis is latitude (authority axis order kept by the driver).
bool data_is_lat_lon(const OGRSpatialReference* srs) {
  if (!srs || !srs->IsGeographic()) return false;
  const auto& mapping = srs->GetDataAxisToSRSAxisMapping();
  bool identity = mapping.size() >= 2 && mapping[0] == 1 && mapping[1] == 2;
  return identity && srs->EPSGTreatsAsLatLong();
}

void append_ring(Geometries& g, const OGRSimpleCurve& curve, bool swap) {
  const int n = curve.getNumPoints();
  std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  curve.getPoints(x.data(), sizeof(double), y.data(), sizeof(double));
  if (swap) x.swap(y);
  g.add_ring(x.data(), y.data(), x.size());
}

void append_polygon(Geometries& g, const OGRPolygon& poly, bool swap) {
  if (poly.IsEmpty()) return;
  g.begin_part();
  append_ring(g, *poly.getExteriorRing(), swap);
  for (int r = 0; r < poly.getNumInteriorRings(); ++r) append_ring(g, *poly.getInteriorRing(r), swap);
}

// Appends geometry of one feature; returns false if its kind does not match the layer's.
bool append_geometry(Geometries& g, const OGRGeometry* geom, bool swap) {
  if (!geom || geom->IsEmpty()) {
    g.add_empty_feature();
    return true;
  }
  std::unique_ptr<OGRGeometry> linear;
  if (geom->hasCurveGeometry()) {
    linear.reset(geom->getLinearGeometry());
    geom = linear.get();
  }
  const auto flat = wkbFlatten(geom->getGeometryType());
  if (kind_of(flat) != g.kind && flat != wkbGeometryCollection) return false;
  switch (flat) {
    case wkbPoint: {
      auto* p = geom->toPoint();
      swap ? g.add_point(p->getY(), p->getX()) : g.add_point(p->getX(), p->getY());
      break;
    }
    case wkbMultiPoint:
      for (const auto* p : *geom->toMultiPoint()) swap ? g.add_point(p->getY(), p->getX()) : g.add_point(p->getX(), p->getY());
      break;
    case wkbLineString:
      g.begin_part();
      append_ring(g, *geom->toLineString(), swap);
      break;
    case wkbMultiLineString:
      for (const auto* l : *geom->toMultiLineString()) {
        g.begin_part();
        append_ring(g, *l, swap);
      }
      break;
    case wkbPolygon: append_polygon(g, *geom->toPolygon(), swap); break;
    case wkbMultiPolygon:
      for (const auto* p : *geom->toMultiPolygon()) append_polygon(g, *p, swap);
      break;
    case wkbGeometryCollection:
      // Keep the members of the layer's kind (e.g. polygons of a repaired collection).
      for (const auto* m : *geom->toGeometryCollection()) {
        if (kind_of(m->getGeometryType()) != g.kind) continue;
        Geometries tmp;
        tmp.kind = g.kind;
        append_geometry(tmp, m, swap);
        for (std::size_t p = 0; p + 1 < tmp.part_offsets.size(); ++p) {
          g.begin_part();
          for (auto r = tmp.part_offsets[p]; r < tmp.part_offsets[p + 1]; ++r) {
            auto b = tmp.ring_offsets[r], e = tmp.ring_offsets[r + 1];
            g.add_ring(tmp.xs.data() + b, tmp.ys.data() + b, e - b);
          }
        }
      }
      break;
    default: return false;
  }
  g.end_feature();
  return true;
}

const char* const kLonNames[] = {"lon", "longitude", "long", "lng", "x", "easting", "point_x", nullptr};
const char* const kLatNames[] = {"lat", "latitude", "y", "northing", "point_y", nullptr};
const char* const kWktNames[] = {"wkt", "geometry", "geom", "the_geom", nullptr};

int find_any(const VectorLayer& l, const char* const* names) {
  for (auto* n = names; *n; ++n)
    if (int i = l.find(*n); i >= 0) return i;
  return -1;
}

// Gives CSV text columns their types: Integer if every value is an integer without leading
// zeros, Real if every value is a number, else String.
void type_csv_columns(VectorLayer& l, const std::vector<int>& skip) {
  for (std::size_t c = 0; c < l.columns.size(); ++c) {
    if (std::find(skip.begin(), skip.end(), static_cast<int>(c)) != skip.end()) continue;
    Column& col = l.columns[c];
    bool all_int = true, all_num = true, any = false;
    for (std::size_t i = 0; i < col.size() && all_num; ++i) {
      if (col.is_null(i)) continue;
      any = true;
      std::int64_t iv;
      double dv;
      const std::string& t = col.strings[i];
      // "010201" is a code, not the number 10201: a leading zero before a digit keeps the
      // whole column as text.
      const std::size_t d0 = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
      if (t.size() > d0 + 1 && t[d0] == '0' && std::isdigit(static_cast<unsigned char>(t[d0 + 1]))) {
        all_num = false;
        break;
      }
      if (!parse_int(t, iv)) all_int = false;
      if (!all_int && !parse_double(t, dv)) all_num = false;
    }
    if (!any || !all_num) continue;
    Column typed;
    typed.name = col.name;
    typed.type = all_int ? FieldType::Integer : FieldType::Real;
    for (std::size_t i = 0; i < col.size(); ++i) {
      if (col.is_null(i)) {
        typed.push_null();
      } else if (all_int) {
        std::int64_t iv = 0;
        parse_int(col.strings[i], iv);
        typed.push(iv);
      } else {
        double dv = 0;
        parse_double(col.strings[i], dv);
        typed.push(dv);
      }
    }
    col = std::move(typed);
  }
}

void build_csv_geometry(VectorLayer& l, const ReadOptions& opt) {
  int xi = opt.x_field.empty() ? find_any(l, kLonNames) : l.find(opt.x_field);
  int yi = opt.y_field.empty() ? find_any(l, kLatNames) : l.find(opt.y_field);
  int wi = opt.wkt_field.empty() ? find_any(l, kWktNames) : l.find(opt.wkt_field);
  if (!opt.x_field.empty() && xi < 0) (void)l.column(opt.x_field);  // throws naming the field
  if (!opt.y_field.empty() && yi < 0) (void)l.column(opt.y_field);
  if (!opt.wkt_field.empty() && wi < 0) (void)l.column(opt.wkt_field);
  const bool use_xy = xi >= 0 && yi >= 0 && opt.wkt_field.empty();
  if (!use_xy && wi < 0) {
    l.geom.kind = GeometryKind::None;
    for (std::size_t i = 0; i < l.size(); ++i) l.geom.add_empty_feature();
    return;
  }
  std::vector<std::int64_t> missing;
  if (use_xy) {
    l.geom.kind = GeometryKind::Point;
    const Column& cx = l.columns[static_cast<std::size_t>(xi)];
    const Column& cy = l.columns[static_cast<std::size_t>(yi)];
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (cx.is_null(i) || cy.is_null(i)) {
        missing.push_back(l.fids[i]);
        l.geom.add_empty_feature();
        continue;
      }
      double x, y;
      if (!parse_double(cx.strings[i], x) || !std::isfinite(x))
        throw InputError({l.source, l.name, l.fids[i], cx.name}, "'" + cx.strings[i] + "' is not a coordinate");
      if (!parse_double(cy.strings[i], y) || !std::isfinite(y))
        throw InputError({l.source, l.name, l.fids[i], cy.name}, "'" + cy.strings[i] + "' is not a coordinate");
      l.geom.add_point(x, y);
      l.geom.end_feature();
    }
    // Columns named lon/lat state WGS 84 degrees; x/y/easting/northing state nothing.
    const std::string xn = cx.name;
    if (l.crs.empty() && opt.assume_crs.empty() &&
        (iequals(xn, "lon") || iequals(xn, "longitude") || iequals(xn, "long") || iequals(xn, "lng")))
      l.crs = "EPSG:4326";
  } else {
    const Column& cw = l.columns[static_cast<std::size_t>(wi)];
    // The kind comes from the first geometry present.
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (cw.is_null(i)) {
        missing.push_back(l.fids[i]);
        l.geom.add_empty_feature();
        continue;
      }
      OGRGeometry* g = nullptr;
      std::unique_ptr<OGRGeometry> owned;
      if (OGRGeometryFactory::createFromWkt(cw.strings[i].c_str(), nullptr, &g) != OGRERR_NONE || !g)
        throw InputError({l.source, l.name, l.fids[i], cw.name}, "not valid WKT: '" + cw.strings[i].substr(0, 60) + "'");
      owned.reset(g);
      if (l.geom.kind == GeometryKind::None) l.geom.kind = kind_of(g->getGeometryType());
      if (!append_geometry(l.geom, g, false))
        throw InputError({l.source, l.name, l.fids[i], cw.name},
                         std::string("geometry type ") + g->getGeometryName() + " differs from the layer's (" +
                             to_string(l.geom.kind) + ")");
    }
  }
  if (!missing.empty() && !opt.allow_missing_geometry) {
    std::string rows;
    for (std::size_t k = 0; k < missing.size() && k < 10; ++k) rows += (k ? ", " : "") + std::to_string(missing[k]);
    if (missing.size() > 10) rows += ", ...";
    throw InputError({l.source, l.name, missing.front(), use_xy ? l.columns[static_cast<std::size_t>(xi)].name
                                                                : l.columns[static_cast<std::size_t>(wi)].name},
                     std::to_string(missing.size()) + " row(s) have no coordinates (data rows " + rows +
                         "); fill them in or drop those rows");
  }
}

}  // namespace

void append_wkb(Geometries& g, const unsigned char* wkb, std::size_t size) {
  if (size == 0) {
    g.add_empty_feature();
    return;
  }
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &raw, size) != OGRERR_NONE || !raw)
    throw Error("malformed WKB geometry");
  std::unique_ptr<OGRGeometry> owned(raw);
  if (g.kind == GeometryKind::None) g.kind = kind_of(raw->getGeometryType());
  if (!append_geometry(g, raw, false)) g.add_empty_feature();
}

std::pair<std::string, std::string> split_source(const std::string& spec) {
  if (is_pg(spec)) {
    // PG:"dbname=x" tables=... : the layer comes after a final '#'
    auto h = spec.rfind('#');
    if (h == std::string::npos) return {spec, {}};
    return {spec.substr(0, h), spec.substr(h + 1)};
  }
  auto h = spec.find('#');
  if (h == std::string::npos) return {spec, {}};
  return {spec.substr(0, h), spec.substr(h + 1)};
}

bool is_database_source(const std::string& spec) {
  auto starts = [&](const char* p) {
    const std::size_t n = std::char_traits<char>::length(p);
    if (spec.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(spec[i])) != p[i]) return false;
    return true;
  };
  return starts("pg:") || starts("postgresql://") || starts("postgres://");
}

std::string describe_source(const std::string& path) {
  if (!is_database_source(path)) return path;
  // Never print a password from a connection string: password=... in a PG:"..." string,
  // user:password@ in a postgresql:// URI.
  std::string s = path;
  for (auto p = s.find("password="); p != std::string::npos; p = s.find("password=", p + 12)) {
    const auto v = p + 9;  // a quoted value ('a b') ends at its closing quote, else at a blank or '&'
    const bool quoted = v < s.size() && (s[v] == '\'' || s[v] == '"');
    auto e = quoted ? s.find(s[v], v + 1) : s.find_first_of(" &\"'", v);
    if (quoted && e != std::string::npos) ++e;
    s.replace(p, (e == std::string::npos ? s.size() : e) - p, "password=***");
  }
  if (const auto scheme = s.find("://"); scheme != std::string::npos) {
    const auto at = s.find('@', scheme + 3), colon = s.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      s.replace(colon + 1, at - colon - 1, "***");
  }
  return s;
}

std::vector<LayerInfo> list_layers(const std::string& path) {
  auto ds = open_vector(path, {});
  std::vector<LayerInfo> out;
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* l = ds->GetLayer(i);
    LayerInfo info;
    info.name = l->GetName();
    info.kind = kind_of(l->GetGeomType());
    info.geometry_type = OGRGeometryTypeToName(l->GetGeomType());
    info.features = l->GetFeatureCount(TRUE);
    info.crs = crs_string(l->GetSpatialRef());
    if (l->GetSpatialRef()) info.crs_name = l->GetSpatialRef()->GetName() ? l->GetSpatialRef()->GetName() : "";
    OGREnvelope env;
    if (l->GetGeomType() != wkbNone && l->GetExtent(&env, TRUE) == OGRERR_NONE) {
      info.extent = {env.MinX, env.MinY, env.MaxX, env.MaxY};
      if (data_is_lat_lon(l->GetSpatialRef())) info.extent = {env.MinY, env.MinX, env.MaxY, env.MaxX};
    } else {
      info.extent = {1, 1, 0, 0};
    }
    OGRFeatureDefn* defn = l->GetLayerDefn();
    for (int f = 0; f < defn->GetFieldCount(); ++f) {
      auto* fd = defn->GetFieldDefn(f);
      info.fields.emplace_back(fd->GetNameRef(), OGRFieldDefn::GetFieldTypeName(fd->GetType()));
    }
    out.push_back(std::move(info));
  }
  return out;
}

VectorLayer read_vector(const std::string& path, const ReadOptions& opt) {
  auto ds = open_vector(path, opt);
  return decode_layer(pick_layer(*ds, path, opt.layer), path, opt);
}

VectorLayer detail::decode_layer(OGRLayer* ogr, const std::string& path, const ReadOptions& opt) {
  gdal::ErrorCapture errs;
  VectorLayer out;
  out.name = ogr->GetName();
  out.source = describe_source(path);
  const bool csv = is_csv(path);
  const OGRSpatialReference* srs = csv ? nullptr : ogr->GetSpatialRef();
  out.crs = crs_string(srs);
  const bool swap = data_is_lat_lon(srs);

  OGRFeatureDefn* defn = ogr->GetLayerDefn();
  const int nfields = defn->GetFieldCount();
  for (int f = 0; f < nfields; ++f) {
    auto* fd = defn->GetFieldDefn(f);
    Column c;
    c.name = fd->GetNameRef();
    switch (fd->GetType()) {
      case OFTInteger:
      case OFTInteger64: c.type = FieldType::Integer; break;
      case OFTReal: c.type = FieldType::Real; break;
      default: c.type = FieldType::String; break;
    }
    out.columns.push_back(std::move(c));
  }
  if (!csv) out.geom.kind = kind_of(ogr->GetGeomType());

  ogr->ResetReading();
  std::int64_t row = 0;
  for (auto& feat : *ogr) {
    ++row;
    const std::int64_t fid = csv ? row : feat->GetFID();
    out.fids.push_back(fid);
    for (int f = 0; f < nfields; ++f) {
      Column& c = out.columns[static_cast<std::size_t>(f)];
      if (!feat->IsFieldSetAndNotNull(f)) {
        c.push_null();
        continue;
      }
      switch (c.type) {
        case FieldType::Integer: c.push(static_cast<std::int64_t>(feat->GetFieldAsInteger64(f))); break;
        case FieldType::Real: c.push(feat->GetFieldAsDouble(f)); break;
        case FieldType::String: {
          std::string s = feat->GetFieldAsString(f);
          if (!valid_utf8(s))
            throw InputError({out.source, out.name, fid, c.name},
                             "text is not valid UTF-8; add a .cpg file naming the encoding (e.g. CP1252) or "
                             "name it in the source: " + out.source + "?encoding=CP1252");
          c.push(std::move(s));
          break;
        }
      }
    }
    if (!csv) {
      const OGRGeometry* g = feat->GetGeometryRef();
      if (out.geom.kind == GeometryKind::None && g && !g->IsEmpty()) out.geom.kind = kind_of(g->getGeometryType());
      if (!append_geometry(out.geom, g, swap))
        throw InputError({out.source, out.name, fid, "geometry"},
                         std::string("geometry type ") + g->getGeometryName() + " differs from the layer's (" +
                             to_string(out.geom.kind) + "); split mixed layers by type first");
    }
  }
  // A truncated or corrupt file makes the driver report errors while still handing out
  // features (e.g. a Shapefile's records without geometry): refuse it rather than import a part.
  if (errs.failed())
    throw InputError({out.source, out.name, row > 0 ? std::optional<std::int64_t>(row) : std::nullopt, {}},
                     "the file is damaged or truncated: " + errs.last());
  for (const auto& w : errs.warnings()) out.warnings.push_back(w);
  if (csv) {
    build_csv_geometry(out, opt);
    std::vector<int> keep_text;
    for (const char* const* names : {kWktNames}) {
      int i = find_any(out, names);
      if (i >= 0) keep_text.push_back(i);
    }
    type_csv_columns(out, keep_text);
  }
  if (out.crs.empty() && out.geom.kind != GeometryKind::None) {
    if (opt.assume_crs.empty())
      throw CrsError({out.source, out.name, std::nullopt, {}},
                     "the layer has no coordinate reference system (no .prj or CRS definition); state it with "
                     "--assume-crs, e.g. EPSG:4326 for lon/lat degrees or EPSG:32648 for UTM zone 48N metres");
    OGRSpatialReference assumed;
    if (assumed.SetFromUserInput(opt.assume_crs.c_str()) != OGRERR_NONE)
      throw CrsError({out.source, out.name, std::nullopt, {}}, "--assume-crs '" + opt.assume_crs + "' is not a CRS PROJ knows");
    out.crs = crs_string(&assumed);
  } else if (!opt.assume_crs.empty() && !out.crs.empty() && !csv) {
    out.warnings.push_back("--assume-crs ignored: the source declares " + out.crs);
  }
  return out;
}

}  // namespace swsplan::gis
