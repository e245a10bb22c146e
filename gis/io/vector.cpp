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
#include <cpl_conv.h>

namespace fs = std::filesystem;

namespace swsplan::gis {

// ---------------------------------------------------------------------------------------
// Column, Geometries, VectorLayer

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "real";
    case FieldType::String: return "string";
  }
  return "?";
}

const char* to_string(GeometryKind k) {
  switch (k) {
    case GeometryKind::None: return "none";
    case GeometryKind::Point: return "point";
    case GeometryKind::Line: return "line";
    case GeometryKind::Polygon: return "polygon";
  }
  return "?";
}

namespace {

bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  std::string tmp(s);  // strtod needs a terminator; accepts nan/inf, which callers check
  char* end = nullptr;
  out = std::strtod(tmp.c_str(), &end);
  return end == tmp.c_str() + tmp.size();
}

bool parse_int(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  // Leading zeros mean a code ("010201"), which must stay text.
  std::string_view digits = s[0] == '-' ? s.substr(1) : s;
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

bool valid_utf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    for (int k = 1; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<double> Column::number(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  switch (type) {
    case FieldType::Integer: return static_cast<double>(ints[i]);
    case FieldType::Real: return reals[i];
    case FieldType::String: {
      double v;
      if (parse_double(strings[i], v)) return v;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string Column::text(std::size_t i) const {
  if (is_null(i)) return {};
  switch (type) {
    case FieldType::Integer: return std::to_string(ints[i]);
    case FieldType::Real: return format_number(reals[i]);
    case FieldType::String: return strings[i];
  }
  return {};
}

void Column::push_null() {
  nulls.push_back(1);
  switch (type) {
    case FieldType::Integer: ints.push_back(0); break;
    case FieldType::Real: reals.push_back(std::numeric_limits<double>::quiet_NaN()); break;
    case FieldType::String: strings.emplace_back(); break;
  }
}

void Column::push(std::int64_t v) {
  if (type == FieldType::Real) return push(static_cast<double>(v));
  if (type == FieldType::String) return push(std::to_string(v));
  nulls.push_back(0);
  ints.push_back(v);
}

void Column::push(double v) {
  if (type == FieldType::String) return push(format_number(v));
  if (type == FieldType::Integer) {
    nulls.push_back(0);
    ints.push_back(static_cast<std::int64_t>(std::llround(v)));
    return;
  }
  nulls.push_back(0);
  reals.push_back(v);
}

void Column::push(std::string v) {
  if (type != FieldType::String) {
    double d;
    if (!parse_double(v, d)) return push_null();
    return push(d);
  }
  nulls.push_back(0);
  strings.push_back(std::move(v));
}

std::optional<std::pair<double, double>> Geometries::first_xy(std::size_t f) const {
  if (empty(f)) return std::nullopt;
  const auto part = feature_offsets[f];
  const auto ring = part_offsets[part];
  if (ring_offsets[ring] == ring_offsets[ring + 1]) return std::nullopt;
  const auto c = ring_offsets[ring];
  return std::make_pair(xs[c], ys[c]);
}

void Geometries::add_point(double x, double y) {
  begin_part();
  add_ring(&x, &y, 1);
}

void Geometries::add_ring(const double* x, const double* y, std::size_t n) {
  xs.insert(xs.end(), x, x + n);
  ys.insert(ys.end(), y, y + n);
  ring_offsets.push_back(static_cast<std::uint32_t>(xs.size()));
  part_offsets.back() = static_cast<std::uint32_t>(ring_offsets.size() - 1);
}

int VectorLayer::find(const std::string& n) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (iequals(columns[i].name, n)) return static_cast<int>(i);
  return -1;
}

const Column& VectorLayer::column(const std::string& n) const {
  int i = find(n);
  if (i < 0) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + c.name;
    throw InputError({source, name, std::nullopt, n}, "no such field; the layer has: " + names);
  }
  return columns[static_cast<std::size_t>(i)];
}

Column& VectorLayer::column(const std::string& n) {
  return const_cast<Column&>(static_cast<const VectorLayer*>(this)->column(n));
}

Column& VectorLayer::add_column(const std::string& n, FieldType type) {
  if (find(n) >= 0) throw UsageError("layer '" + name + "' already has a field '" + n + "'");
  Column c;
  c.name = n;
  c.type = type;
  for (std::size_t i = 0; i < size(); ++i) c.push_null();
  columns.push_back(std::move(c));
  return columns.back();
}

Extent VectorLayer::extent() const {
  Extent e{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
           -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < geom.xs.size(); ++i) {
    e.xmin = std::min(e.xmin, geom.xs[i]);
    e.xmax = std::max(e.xmax, geom.xs[i]);
    e.ymin = std::min(e.ymin, geom.ys[i]);
    e.ymax = std::max(e.ymax, geom.ys[i]);
  }
  return e;
}

std::string VectorLayer::where(std::size_t i, const std::string& field) const {
  return InputLocation{source, name, i < fids.size() ? std::optional<std::int64_t>(fids[i]) : std::nullopt, field}
      .describe();
}

namespace {
void push_from(Column& dst, const Column& src, std::size_t i) {
  if (src.is_null(i)) return dst.push_null();
  switch (src.type) {
    case FieldType::Integer: return dst.push(src.ints[i]);
    case FieldType::Real: return dst.push(src.reals[i]);
    case FieldType::String: return dst.push(std::string(src.strings[i]));
  }
}

void append_feature_geometry(Geometries& dst, const Geometries& src, std::size_t f) {
  for (auto p = src.feature_offsets[f]; p < src.feature_offsets[f + 1]; ++p) {
    dst.begin_part();
    for (auto r = src.part_offsets[p]; r < src.part_offsets[p + 1]; ++r) {
      auto b = src.ring_offsets[r], e = src.ring_offsets[r + 1];
      dst.add_ring(src.xs.data() + b, src.ys.data() + b, e - b);
    }
  }
  dst.end_feature();
}
}  // namespace

VectorLayer select_rows(const VectorLayer& layer, const std::vector<std::size_t>& rows) {
  VectorLayer out;
  out.name = layer.name;
  out.source = layer.source;
  out.crs = layer.crs;
  out.geom.kind = layer.geom.kind;
  for (const auto& c : layer.columns) {
    Column n;
    n.name = c.name;
    n.type = c.type;
    for (auto i : rows) push_from(n, c, i);
    out.columns.push_back(std::move(n));
  }
  for (auto i : rows) {
    out.fids.push_back(layer.fids[i]);
    if (i < layer.geom.features())
      append_feature_geometry(out.geom, layer.geom, i);
    else
      out.geom.add_empty_feature();
  }
  return out;
}

VectorLayer concat_layers(const std::vector<VectorLayer>& parts, const std::string& name) {
  VectorLayer out;
  out.name = name;
  if (parts.empty()) return out;
  out.crs = parts.front().crs;
  out.geom.kind = parts.front().geom.kind;
  for (const auto& p : parts) {
    if (p.size() == 0) continue;
    if (out.geom.kind == GeometryKind::None) out.geom.kind = p.geom.kind;
    if (p.geom.kind != out.geom.kind && p.geom.kind != GeometryKind::None)
      throw UsageError("cannot stack layer '" + p.name + "' (" + to_string(p.geom.kind) + ") onto " + to_string(out.geom.kind));
    if (out.crs.empty()) out.crs = p.crs;
    if (!p.crs.empty() && p.crs != out.crs)
      throw UsageError("cannot stack layer '" + p.name + "' in " + p.crs + " onto " + out.crs + ": reproject first");
    for (const auto& c : p.columns) {
      int i = out.find(c.name);
      if (i < 0) {
        Column n;
        n.name = c.name;
        n.type = c.type;
        out.columns.push_back(std::move(n));
      } else if (out.columns[static_cast<std::size_t>(i)].type != c.type) {
        out.columns[static_cast<std::size_t>(i)].type = FieldType::String;  // resolved below
      }
    }
  }
  for (auto& c : out.columns) {
    for (const auto& p : parts) {
      int i = p.find(c.name);
      for (std::size_t r = 0; r < p.size(); ++r) {
        if (i < 0) {
          c.push_null();
          continue;
        }
        const Column& s = p.columns[static_cast<std::size_t>(i)];
        if (c.type == FieldType::String && s.type != FieldType::String)
          s.is_null(r) ? c.push_null() : c.push(s.text(r));
        else
          push_from(c, s, r);
      }
    }
  }
  std::int64_t fid = 0;
  for (const auto& p : parts)
    for (std::size_t r = 0; r < p.size(); ++r) {
      out.fids.push_back(++fid);
      if (r < p.geom.features())
        append_feature_geometry(out.geom, p.geom, r);
      else
        out.geom.add_empty_feature();
    }
  return out;
}

// ---------------------------------------------------------------------------------------
// Reading

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* d) const noexcept { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

bool is_csv(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".csv" || ext == ".tsv";
}

bool is_pg(const std::string& path) { return path.rfind("PG:", 0) == 0; }

std::string describe_source(const std::string& path) {
  if (!is_pg(path)) return path;
  // Never print a password from a connection string.
  std::string s = path;
  auto p = s.find("password=");
  if (p != std::string::npos) {
    auto e = s.find(' ', p);
    s.replace(p, (e == std::string::npos ? s.size() : e) - p, "password=***");
  }
  return s;
}

DatasetPtr open_vector(const std::string& path, const ReadOptions& opt, bool update = false) {
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

OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name) {
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

namespace {
VectorLayer decode_layer(OGRLayer* ogr, const std::string& path, const ReadOptions& opt);
}

VectorLayer read_vector(const std::string& path, const ReadOptions& opt) {
  auto ds = open_vector(path, opt);
  return decode_layer(pick_layer(*ds, path, opt.layer), path, opt);
}

namespace {
VectorLayer decode_layer(OGRLayer* ogr, const std::string& path, const ReadOptions& opt) {
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
}  // namespace

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
