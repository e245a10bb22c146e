#include "layers/sample.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/services.hpp"
#include "layers/detail/sample_world.hpp"

namespace swsplan::layers {

namespace {

using namespace detail;
using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::VectorLayer;

constexpr const char* kMetricCrs = "EPSG:32648";
constexpr double kCentreLon = 104.0, kCentreLat = 11.8;

// ---------------------------------------------------------------------------------------------
// Layer building helpers.

Column& col(VectorLayer& l, const char* name, FieldType t) {
  if (l.columns.size() == l.columns.capacity()) throw gis::Error("sample: too many columns");
  Column c;
  c.name = name;
  c.type = t;
  l.columns.push_back(std::move(c));
  return l.columns.back();
}

VectorLayer make_layer(const std::string& name, GeometryKind kind, std::string crs) {
  VectorLayer l;
  l.name = name;
  l.source = "swsplan sample (synthetic)";
  l.crs = std::move(crs);
  l.geom.kind = kind;
  l.columns.reserve(16);  // col() hands out references: no reallocation while building
  return l;
}

void add_line(VectorLayer& l, const Line& line) {
  std::vector<double> xs, ys;
  for (const Pt& p : line) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  l.geom.begin_feature();
  l.geom.begin_part();
  l.geom.add_ring(xs.data(), ys.data(), xs.size());
  l.geom.end_feature();
  l.fids.push_back(std::int64_t(l.fids.size()) + 1);
}

void add_point(VectorLayer& l, Pt p) {
  l.geom.begin_feature();
  l.geom.add_point(p.x, p.y);
  l.geom.end_feature();
  l.fids.push_back(std::int64_t(l.fids.size()) + 1);
}

void put_int(Column& c, std::int64_t v) { c.push(v); }
void put_real(Column& c, double v) { c.push(v); }
void put_text(Column& c, std::string v) { c.push(std::move(v)); }

/// Local metres -> EPSG:32648 (the centre is added) -> EPSG:4326, coordinates rounded to
/// 1e-7 degree (about 1 cm) so last-bit differences of libm/PROJ builds cannot change bytes.
VectorLayer to_storage(VectorLayer layer, Pt origin) {
  for (auto& x : layer.geom.xs) x += origin.x;
  for (auto& y : layer.geom.ys) y += origin.y;
  layer.crs = kMetricCrs;
  VectorLayer out = gis::reproject(layer, "EPSG:4326");
  for (auto& x : out.geom.xs) x = round_to(x, 1e-7);
  for (auto& y : out.geom.ys) y = round_to(y, 1e-7);
  out.crs = "EPSG:4326";
  return out;
}

/// Splits a road where it crosses the river: a 120 m bridge piece around each crossing.
std::vector<RoadPiece> split_at_river(const RoadPiece& road, const Line& river) {
  std::vector<RoadPiece> out;
  RoadPiece cur = road;
  cur.line.clear();
  cur.line.push_back(road.line.front());
  for (std::size_t i = 1; i < road.line.size(); ++i) {
    const Pt a = road.line[i - 1], b = road.line[i];
    std::optional<double> cross;
    for (std::size_t k = 1; k < river.size() && !cross; ++k) {
      const Pt c = river[k - 1], e = river[k];
      const double den = (b.x - a.x) * (e.y - c.y) - (b.y - a.y) * (e.x - c.x);
      if (std::abs(den) < 1e-9) continue;
      const double t = ((c.x - a.x) * (e.y - c.y) - (c.y - a.y) * (e.x - c.x)) / den;
      const double u = ((c.x - a.x) * (b.y - a.y) - (c.y - a.y) * (b.x - a.x)) / den;
      if (t > 0 && t < 1 && u >= 0 && u <= 1) cross = t;
    }
    const double len = dist(a, b);
    if (cross && len > 400) {
      const double h = 60.0 / len;
      const double t0 = std::max(0.1, *cross - h), t1 = std::min(0.9, *cross + h);
      const Pt p0{a.x + t0 * (b.x - a.x), a.y + t0 * (b.y - a.y)};
      const Pt p1{a.x + t1 * (b.x - a.x), a.y + t1 * (b.y - a.y)};
      cur.line.push_back(p0);
      out.push_back(cur);
      RoadPiece br = road;
      br.bridge = true;
      br.line = {p0, p1};
      out.push_back(br);
      cur.line = {p1};
    }
    cur.line.push_back(b);
  }
  out.push_back(cur);
  return out;
}

}  // namespace

const VectorLayer& SampleProject::layer(const std::string& name) const {
  for (const auto& [n, l] : layers)
    if (n == name) return l;
  throw gis::UsageError("the sample has no layer '" + name + "'");
}

SampleProject generate_sample(const SampleOptions& options) {
  SampleWorld w = generate_world(options);
  const Lattice& lat = w.lat;
  const int nq = Lattice::count();
  const Pt town = w.town;
  auto& communes = w.communes;
  auto& commune_of = w.commune_of;
  const Line& river = w.river;
  const Line& canal = w.canal;
  auto& roads = w.roads;
  auto& villages = w.villages;
  auto& facilities = w.facilities;

  // ----- Layers in metres ---------------------------------------------------------------------
  const std::string P = kSampleProvincePcode;
  const std::array<const char*, 4> district_names{"Krong Demo Town", "Srok Demo North", "Srok Demo South",
                                                  "Srok Demo East Arm"};

  VectorLayer quads = make_layer("commune_quads", GeometryKind::Polygon, kMetricCrs);
  {
    Column& k = col(quads, "adm3_pcode", FieldType::String);
    for (int q = 0; q < nq; ++q) {
      if (commune_of[std::size_t(q)] < 0) continue;
      const auto c = lat.corners(q);
      const double xs[5] = {c[0].x, c[1].x, c[2].x, c[3].x, c[0].x};
      const double ys[5] = {c[0].y, c[1].y, c[2].y, c[3].y, c[0].y};
      quads.geom.begin_feature();
      quads.geom.begin_part();
      quads.geom.add_ring(xs, ys, 5);
      quads.geom.end_feature();
      quads.fids.push_back(std::int64_t(quads.fids.size()) + 1);
      put_text(k, communes[std::size_t(commune_of[std::size_t(q)])].pcode);
    }
  }
  const VectorLayer commune_geom = gis::dissolve(quads, "adm3_pcode");  // sorted by pcode = our order

  auto with_geometry = [](VectorLayer l, const VectorLayer& g) {
    l.geom = g.geom;
    l.fids.clear();
    for (std::size_t i = 0; i < g.size(); ++i) l.fids.push_back(std::int64_t(i) + 1);
    return l;
  };
  VectorLayer communes_m = make_layer(names::kCommunes, GeometryKind::Polygon, kMetricCrs);
  {
    const auto area = gis::areas(commune_geom);
    Column& a = col(communes_m, "adm3_pcode", FieldType::String);
    Column& n = col(communes_m, "name_en", FieldType::String);
    Column& nc = col(communes_m, "ncdd_code", FieldType::Integer);
    Column& d2 = col(communes_m, "adm2_pcode", FieldType::String);
    Column& d1 = col(communes_m, "adm1_pcode", FieldType::String);
    Column& ar = col(communes_m, "area_km2", FieldType::Real);
    for (std::size_t i = 0; i < communes.size(); ++i) {
      const auto& c = communes[i];
      if (commune_geom.columns[0].text(i) != c.pcode) throw gis::Error("sample: commune order mismatch");
      put_text(a, c.pcode);
      put_text(n, c.name);
      put_int(nc, c.ncdd);
      put_text(d2, c.pcode.substr(0, 6));
      put_text(d1, P);
      put_real(ar, round_to(area[i] / 1e6, 1e-3));
    }
    communes_m = with_geometry(std::move(communes_m), commune_geom);
  }
  const VectorLayer district_geom = gis::dissolve(communes_m, "adm2_pcode");
  VectorLayer districts_m = make_layer(names::kDistricts, GeometryKind::Polygon, kMetricCrs);
  {
    const auto area = gis::areas(district_geom);
    Column& a = col(districts_m, "adm2_pcode", FieldType::String);
    Column& n = col(districts_m, "name_en", FieldType::String);
    Column& nc = col(districts_m, "ncdd_code", FieldType::Integer);
    Column& d1 = col(districts_m, "adm1_pcode", FieldType::String);
    Column& ar = col(districts_m, "area_km2", FieldType::Real);
    for (int d = 0; d < 4; ++d) {
      put_text(a, P + two(d + 1));
      put_text(n, std::string(district_names[std::size_t(d)]) + " (synthetic)");
      put_int(nc, 9000 + d + 1);
      put_text(d1, P);
      put_real(ar, round_to(area[std::size_t(d)] / 1e6, 1e-3));
    }
    districts_m = with_geometry(std::move(districts_m), district_geom);
  }
  const VectorLayer province_geom = gis::dissolve(districts_m, "adm1_pcode");
  VectorLayer provinces_m = make_layer(names::kProvinces, GeometryKind::Polygon, kMetricCrs);
  {
    Column& a = col(provinces_m, "adm1_pcode", FieldType::String);
    Column& n = col(provinces_m, "name_en", FieldType::String);
    Column& nc = col(provinces_m, "ncdd_code", FieldType::Integer);
    Column& ar = col(provinces_m, "area_km2", FieldType::Real);
    put_text(a, P);
    put_text(n, kSampleProvinceName);
    put_int(nc, 90);
    put_real(ar, round_to(gis::areas(province_geom)[0] / 1e6, 1e-3));
    provinces_m = with_geometry(std::move(provinces_m), province_geom);
  }

  VectorLayer villages_m = make_layer(names::kVillages, GeometryKind::Point, kMetricCrs);
  {
    Column& code = col(villages_m, "vil_code", FieldType::String);
    Column& n = col(villages_m, "name_en", FieldType::String);
    Column& a3 = col(villages_m, "adm3_pcode", FieldType::String);
    Column& a2 = col(villages_m, "adm2_pcode", FieldType::String);
    Column& a1 = col(villages_m, "adm1_pcode", FieldType::String);
    Column& hh = col(villages_m, "households", FieldType::Integer);
    Column& poor = col(villages_m, "poor_hh", FieldType::Integer);
    Column& l1 = col(villages_m, "idp_l1_hh", FieldType::Integer);
    Column& l2 = col(villages_m, "idp_l2_hh", FieldType::Integer);
    Column& sh = col(villages_m, "poor_share", FieldType::Real);
    for (const auto& v : villages) {
      const auto& c = communes[std::size_t(v.commune)];
      add_point(villages_m, v.p);
      put_text(code, v.code);
      put_text(n, v.name);
      put_text(a3, c.pcode);
      put_text(a2, c.pcode.substr(0, 6));
      put_text(a1, P);
      put_int(hh, v.hh);
      put_int(poor, v.poor);
      put_int(l1, v.l1);
      put_int(l2, v.l2);
      put_real(sh, v.share);
    }
  }

  VectorLayer facilities_m = make_layer(names::kFacilities, GeometryKind::Point, kMetricCrs);
  {
    Column& id = col(facilities_m, "facility_id", FieldType::String);
    Column& n = col(facilities_m, "name", FieldType::String);
    Column& s = col(facilities_m, "service", FieldType::String);
    Column& cap = col(facilities_m, "capacity", FieldType::Real);
    Column& a3 = col(facilities_m, "adm3_pcode", FieldType::String);
    Column& src = col(facilities_m, "source", FieldType::String);
    Column& at = col(facilities_m, "attributes", FieldType::String);
    for (const auto& f : facilities) {
      add_point(facilities_m, f.p);
      put_text(id, f.id);
      put_text(n, f.name);
      put_text(s, f.service);
      f.capacity ? put_real(cap, *f.capacity) : cap.push_null();
      put_text(a3, communes[std::size_t(f.commune)].pcode);
      put_text(src, "synthetic");
      put_text(at, "{}");
    }
  }

  std::vector<RoadPiece> pieces;
  for (const auto& r : roads)
    for (auto& p : split_at_river(r, river)) pieces.push_back(std::move(p));
  VectorLayer roads_m = make_layer(names::kRoads, GeometryKind::Line, kMetricCrs);
  {
    Column& id = col(roads_m, "road_id", FieldType::String);
    Column& cls = col(roads_m, "road_class", FieldType::String);
    Column& n = col(roads_m, "name", FieldType::String);
    Column& ow = col(roads_m, "oneway", FieldType::Integer);
    Column& br = col(roads_m, "bridge", FieldType::Integer);
    Column& pw = col(roads_m, "pwp", FieldType::Integer);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      add_line(roads_m, pieces[i].line);
      put_text(id, num("DEMO-RD-", int(i) + 1, 4));
      put_text(cls, pieces[i].cls);
      put_text(n, pieces[i].name);
      put_int(ow, 0);
      put_int(br, pieces[i].bridge ? 1 : 0);
      put_int(pw, pieces[i].pwp ? 1 : 0);
    }
  }

  VectorLayer pwp_m = make_layer(names::kPwpLines, GeometryKind::Line, kMetricCrs);
  {
    const gis::PolygonIndex index(communes_m);
    Column& id = col(pwp_m, "asset_id", FieldType::String);
    Column& ty = col(pwp_m, "asset_type", FieldType::String);
    Column& cls = col(pwp_m, "road_class", FieldType::String);
    Column& n = col(pwp_m, "name", FieldType::String);
    Column& a3 = col(pwp_m, "adm3_pcode", FieldType::String);
    Column& at = col(pwp_m, "attributes", FieldType::String);
    auto commune_at = [&](const Line& l) {
      const Pt mid = l[l.size() / 2];
      const auto c = index.locate(mid.x, mid.y);
      return c >= 0 ? std::optional<std::string>(communes_m.columns[0].text(std::size_t(c))) : std::nullopt;
    };
    int k = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (!pieces[i].pwp) continue;
      add_line(pwp_m, pieces[i].line);
      put_text(id, num("DEMO-PWP-", ++k, 3));
      put_text(ty, "road");
      put_text(cls, pieces[i].cls);
      put_text(n, pieces[i].name);
      if (auto c = commune_at(pieces[i].line)) put_text(a3, *c); else a3.push_null();
      put_text(at, nlohmann::json{{"road_id", roads_m.columns[0].text(i)}}.dump());
    }
    add_line(pwp_m, canal);
    put_text(id, num("DEMO-PWP-", ++k, 3));
    put_text(ty, "irrigation");
    cls.push_null();
    put_text(n, "Demo Irrigation Canal (synthetic)");
    if (auto c = commune_at(canal)) put_text(a3, *c); else a3.push_null();
    put_text(at, "{}");
  }

  VectorLayer water_m = make_layer("water", GeometryKind::Line, kMetricCrs);
  {
    Column& id = col(water_m, "water_id", FieldType::String);
    Column& n = col(water_m, "name", FieldType::String);
    Column& k = col(water_m, "kind", FieldType::String);
    add_line(water_m, river);
    put_text(id, "DEMO-W-001");
    put_text(n, "Stung Demo (synthetic)");
    put_text(k, "river");
  }

  // ----- To storage CRS ----------------------------------------------------------------------
  Pt origin;
  {
    std::vector<double> xs{kCentreLon}, ys{kCentreLat};
    gis::Transformer t("EPSG:4326", kMetricCrs);
    t.transform(xs, ys);
    origin = {std::round(xs[0]), std::round(ys[0])};
  }
  SampleProject out;
  out.metric_crs = kMetricCrs;
  for (VectorLayer* l : {&provinces_m, &districts_m, &communes_m, &villages_m, &facilities_m, &roads_m, &pwp_m, &water_m})
    out.layers.emplace_back(l->name, to_storage(*l, origin));
  {
    std::vector<double> xs{town.x + origin.x}, ys{town.y + origin.y};
    gis::Transformer t(kMetricCrs, "EPSG:4326");
    t.transform(xs, ys);
    out.town_lon = round_to(xs[0], 1e-7);
    out.town_lat = round_to(ys[0], 1e-7);
  }
  return out;
}

}  // namespace swsplan::layers
