// Importers of point and line layers: facilities, PWP assets and roads.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_map>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/detail/import_util.hpp"
#include "layers/importers.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;
using namespace detail;

namespace {

std::map<std::string, Service> parse_service_map(const std::string& text) {
  std::map<std::string, Service> m;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ';')) {
    auto c = item.find(':');
    if (c == std::string::npos) throw gis::UsageError("map entry '" + item + "' must be VALUE:service");
    m[item.substr(0, c)] = require_service(item.substr(c + 1), " in map entry '" + item + "'");
  }
  return m;
}


}  // namespace

ImportResult import_facilities(const SourceSpec& src, const VectorLayer* communes, const std::string& assume_crs,
                               gis::Progress& progress) {
  src.check_options({"service", "service_field", "map", "id", "name", "capacity", "max_snap_m"});
  ImportResult res;
  VectorLayer in = src.read(assume_crs);
  require_kind(in, GeometryKind::Point, "facilities");
  std::optional<Service> fixed;
  int svc_i = -1;
  if (!src.get("service").empty()) {
    fixed = require_service(src.get("service"), " in service=");
  } else {
    svc_i = require_field(in, src, "service_field", {"service", "facility_type", "type", "level"}, "service type");
  }
  const auto service_map = parse_service_map(src.get("map"));
  const int id_i = pick_field(in, src, "id", {"facility_id", "school_id", "id", "code"});
  const int name_i = pick_field(in, src, "name", {"name", "facility_name", "school_name", "name_en"});
  const int cap_i = pick_field(in, src, "capacity", {"capacity", "beds", "enrolment", "enrollment", "seats"});

  VectorLayer out = geometry_of(in, "facilities");
  Column id("facility_id", FieldType::String), nm("name", FieldType::String),
         sv("service", FieldType::String), cap("capacity", FieldType::Real),
         source("source", FieldType::String), attrs("attributes", FieldType::String);
  std::map<std::string, std::vector<std::int64_t>> unknown;
  std::set<std::string> ids;
  bool ids_unique = id_i >= 0;
  if (id_i >= 0) {
    const Column& c = in.columns[static_cast<std::size_t>(id_i)];
    std::vector<std::string> dup;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (c.is_null(i) || !ids.insert(c.text(i)).second) {
        ids_unique = false;
        dup.push_back(c.is_null(i) ? "(empty, feature " + std::to_string(in.fids[i]) + ")" : c.text(i));
      }
    }
    if (!ids_unique) {
      if (!src.get("id").empty())
        throw InputError({in.source, in.name, std::nullopt, c.name},
                         "facility ids must be unique and present; repeated or empty: " + list_some(dup));
      res.warnings.push_back(in.source + ": field '" + c.name + "' is not a unique id (" + list_some(dup, 5) +
                             "); ids were generated from the feature ids instead");
    }
  }
  std::set<int> skip;
  for (int i : {svc_i, id_i, name_i, cap_i})
    if (i >= 0) skip.insert(i);
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.geom.empty(i))
      throw InputError({in.source, in.name, in.fids[i], "geometry"}, "facility has no location");
    Service s;
    if (fixed) {
      s = *fixed;
    } else {
      const std::string v = in.columns[static_cast<std::size_t>(svc_i)].text(i);
      auto m = service_map.find(v);
      std::optional<Service> p = m != service_map.end() ? std::optional<Service>(m->second) : parse_service(v);
      if (!p) {
        unknown[v].push_back(in.fids[i]);
        continue;
      }
      s = *p;
    }
    sv.push(std::string(service_id(s)));
    if (ids_unique)
      id.push(in.columns[static_cast<std::size_t>(id_i)].text(i));
    else
      id.push(std::string(service_id(s)) + "-" + std::to_string(in.fids[i]));
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    if (cap_i >= 0) {
      auto v = in.columns[static_cast<std::size_t>(cap_i)].number(i);
      if (v && (*v < 0 || !std::isfinite(*v)))
        throw InputError({in.source, in.name, in.fids[i], in.columns[static_cast<std::size_t>(cap_i)].name},
                         "capacity must be a non-negative number");
      v ? cap.push(*v) : cap.push_null();
    } else {
      cap.push_null();
    }
    source.push(in.source + (in.name.empty() ? "" : "#" + in.name));
    attrs.push(attributes_json(in, i, skip));
  }
  if (!unknown.empty()) {
    std::string vals;
    for (const auto& [v, fids] : unknown)
      vals += (vals.empty() ? "'" : ", '") + v + "' (" + std::to_string(fids.size()) + " features, e.g. " +
              std::to_string(fids.front()) + ")";
    throw InputError({in.source, in.name, unknown.begin()->second.front(),
                      in.columns[static_cast<std::size_t>(svc_i)].name},
                     "service type(s) not recognised: " + vals + ". Known: " + known_services() +
                         ". Map them with map=VALUE:service;VALUE:service");
  }
  out.columns = {std::move(id), std::move(nm), std::move(sv), std::move(cap)};
  out = to_storage(out, res.warnings);
  require_points_in_country(out, in, "facility(ies)");
  Column adm3("adm3_pcode", FieldType::String);
  if (communes) {
    JoinReport loc;
    auto where = locate_in_communes(out, *communes, "facilities " + src.describe(), loc,
                                    option_metres(src, "max_snap_m", 1000), progress);
    for (auto w : where) w >= 0 ? adm3.push(communes->column("adm3_pcode").text(static_cast<std::size_t>(w))) : adm3.push_null();
    res.reports.push_back(loc);
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) adm3.push_null();
  }
  out.columns.push_back(std::move(adm3));
  out.columns.push_back(std::move(source));
  out.columns.push_back(std::move(attrs));
  res.provenance = provenance_for(src, in, "facilities");
  res.layer = std::move(out);
  return res;
}

// ---------------------------------------------------------------------------------------

ImportResult import_pwp(const SourceSpec& src, const VectorLayer* communes, const std::string& assume_crs,
                        gis::Progress& progress) {
  src.check_options({"type", "type_field", "class_field", "name", "id"});
  ImportResult res;
  VectorLayer in = src.read(assume_crs);
  if (in.geom.kind == GeometryKind::None)
    throw InputError({in.source, in.name, std::nullopt, "geometry"}, "PWP assets need a geometry (lines, points or polygons)");
  if (in.size() == 0) throw InputError({in.source, in.name, std::nullopt, {}}, "the layer is empty: nothing to import");
  const int type_i = src.get("type").empty() ? require_field(in, src, "type_field", {"asset_type", "type", "category"}, "asset type") : -1;
  const int class_i = pick_field(in, src, "class_field", {"road_class", "class", "highway", "road_type"});
  const int name_i = pick_field(in, src, "name", {"name", "name_en", "project"});
  const int id_i = pick_field(in, src, "id", {"asset_id", "id", "code"});
  VectorLayer out = geometry_of(in, in.geom.kind == GeometryKind::Line ? "pwp_lines" : in.geom.kind == GeometryKind::Point ? "pwp_points" : "pwp_polygons");
  if (in.geom.kind == GeometryKind::Polygon) {
    res.repairs = gis::make_valid(out, progress);
    for (const auto& r : res.repairs.repaired)
      res.warnings.push_back(in.source + ": feature " + std::to_string(r.fid) + " was invalid (" + r.reason + ") and was repaired");
  }
  Column id("asset_id", FieldType::String), ty("asset_type", FieldType::String),
         rc("road_class", FieldType::String), nm("name", FieldType::String),
         attrs("attributes", FieldType::String);
  std::set<int> skip;
  for (int i : {type_i, class_i, name_i, id_i})
    if (i >= 0) skip.insert(i);
  for (std::size_t i = 0; i < in.size(); ++i) {
    id_i >= 0 ? id.push(in.columns[static_cast<std::size_t>(id_i)].text(i)) : id.push("pwp-" + std::to_string(in.fids[i]));
    ty.push(type_i >= 0 ? in.columns[static_cast<std::size_t>(type_i)].text(i) : src.get("type"));
    class_i >= 0 ? rc.push(in.columns[static_cast<std::size_t>(class_i)].text(i)) : rc.push_null();
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    attrs.push(attributes_json(in, i, skip));
  }
  out.columns = {std::move(id), std::move(ty), std::move(rc), std::move(nm)};
  out = to_storage(out, res.warnings);
  Column adm3("adm3_pcode", FieldType::String);
  if (communes && out.geom.kind != GeometryKind::Line) {
    VectorLayer pts = out;
    std::vector<double> xs, ys;
    if (out.geom.kind == GeometryKind::Polygon) {
      gis::point_on_surface(out, xs, ys);
      pts.geom = {};
      pts.geom.kind = GeometryKind::Point;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isfinite(xs[i])) {
          pts.geom.add_point(xs[i], ys[i]);
          pts.geom.end_feature();
        } else {
          pts.geom.add_empty_feature();
        }
      }
    }
    JoinReport loc;
    auto where = locate_in_communes(pts, *communes, "PWP assets " + src.describe(), loc, 1000, progress);
    for (auto w : where) w >= 0 ? adm3.push(communes->column("adm3_pcode").text(static_cast<std::size_t>(w))) : adm3.push_null();
    res.reports.push_back(loc);
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) adm3.push_null();
  }
  out.columns.push_back(std::move(adm3));
  out.columns.push_back(std::move(attrs));
  res.provenance = provenance_for(src, in, out.name);
  res.layer = std::move(out);
  return res;
}

const std::vector<std::string>& road_classes() {
  static const std::vector<std::string> v = {"national", "provincial", "rural", "pwp_track", "path"};
  return v;
}

namespace {
// Road classes of other sources: OSM highway values, and the national / provincial / rural
// road abbreviations (NR, PR, RR).
const std::map<std::string, std::string>& road_class_alias() {
  static const std::map<std::string, std::string> alias = {
      {"motorway", "national"},   {"trunk", "national"},       {"primary", "national"},   {"nr", "national"},
      {"secondary", "provincial"}, {"pr", "provincial"},       {"tertiary", "rural"},     {"unclassified", "rural"},
      {"residential", "rural"},   {"rr", "rural"},             {"track", "pwp_track"},    {"pwp", "pwp_track"},
      {"footway", "path"},        {"path", "path"},            {"bridleway", "path"},     {"service", "rural"},
      {"motorway_link", "national"}, {"trunk_link", "national"}, {"primary_link", "national"},
      {"secondary_link", "provincial"}, {"tertiary_link", "rural"}};
  return alias;
}

bool is_osm_highway(const std::string& v) { return road_class_alias().count(v) && v != "nr" && v != "pr" && v != "rr" && v != "pwp"; }

std::optional<std::string> normalise_road_class(std::string v) {
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& c : road_classes())
    if (v == c) return c;
  if (auto it = road_class_alias().find(v); it != road_class_alias().end()) return it->second;
  return std::nullopt;
}
}  // namespace

ImportResult import_roads(const SourceSpec& src, const std::string& assume_crs, gis::Progress& progress) {
  src.check_options({"class_field", "map", "name", "id", "oneway_field", "bridge_field", "pwp_field"});
  ImportResult res;
  VectorLayer in = src.read(assume_crs);
  require_kind(in, GeometryKind::Line, "roads");
  const int class_i = require_field(in, src, "class_field", {"road_class", "class", "highway", "road_type"}, "road class");
  const int name_i = pick_field(in, src, "name", {"name", "name_en", "ref"});
  const int id_i = pick_field(in, src, "id", {"road_id", "id", "osm_id"});
  const int ow_i = pick_field(in, src, "oneway_field", {"oneway"});
  const int br_i = pick_field(in, src, "bridge_field", {"bridge", "layer_bridge"});
  const int pwp_i = pick_field(in, src, "pwp_field", {"pwp"});
  std::map<std::string, std::string> custom;
  {
    std::stringstream ss(src.get("map"));
    std::string item;
    while (std::getline(ss, item, ';')) {
      auto c = item.find(':');
      if (c == std::string::npos) throw gis::UsageError("map entry '" + item + "' must be VALUE:class");
      auto cls = normalise_road_class(item.substr(c + 1));
      if (!cls) throw gis::UsageError("map entry '" + item + "': unknown road class");
      custom[item.substr(0, c)] = *cls;
    }
  }
  VectorLayer out = geometry_of(in, "roads");
  Column id("road_id", FieldType::String), rc("road_class", FieldType::String),
         nm("name", FieldType::String), ow("oneway", FieldType::Integer),
         br("bridge", FieldType::Integer), pw("pwp", FieldType::Integer),
         osm("osm_highway", FieldType::String);
  std::map<std::string, std::size_t> unknown;
  auto truthy = [](const std::string& t) { return t == "1" || t == "yes" || t == "true" || t == "Y" || t == "T"; };
  // One-way values: OSM (yes / -1 / no) and Geofabrik's shapefile letters (F along the
  // line, T against it, B both ways). Anything else is refused: guessing a direction would
  // silently cut or open roads.
  auto oneway_of = [&](const std::string& raw, std::size_t i) -> std::int64_t {
    std::string t = raw;
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t.empty() || t == "b" || t == "no" || t == "0" || t == "false") return 0;
    if (t == "f" || t == "yes" || t == "1" || t == "true") return 1;
    if (t == "t" || t == "-1" || t == "reverse") return -1;
    throw InputError({in.source, in.name, in.fids[i], in.columns[static_cast<std::size_t>(ow_i)].name},
                     "one-way value '" + raw + "' not understood: use yes/no/-1 (OSM) or F/T/B (Geofabrik: along, "
                     "against, both ways)");
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string raw = in.columns[static_cast<std::size_t>(class_i)].text(i);
    auto it = custom.find(raw);
    auto cls = it != custom.end() ? std::optional<std::string>(it->second) : normalise_road_class(raw);
    if (!cls) {
      ++unknown[raw];
      continue;
    }
    rc.push(*cls);
    // The OSM highway value, kept so that analysis.road_speed_kmh_<value> can set its speed.
    {
      std::string v = raw;
      for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      it == custom.end() && v != *cls && is_osm_highway(v) ? osm.push(v) : osm.push_null();
    }
    id_i >= 0 ? id.push(in.columns[static_cast<std::size_t>(id_i)].text(i)) : id.push("road-" + std::to_string(in.fids[i]));
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    std::int64_t o = 0;
    if (ow_i >= 0) o = oneway_of(in.columns[static_cast<std::size_t>(ow_i)].text(i), i);
    ow.push(o);
    br.push(static_cast<std::int64_t>(br_i >= 0 && truthy(in.columns[static_cast<std::size_t>(br_i)].text(i))));
    pw.push(static_cast<std::int64_t>((pwp_i >= 0 && truthy(in.columns[static_cast<std::size_t>(pwp_i)].text(i))) ||
                                      *cls == "pwp_track"));
  }
  if (!unknown.empty()) {
    std::string vals;
    for (const auto& [v, n] : unknown) vals += (vals.empty() ? "'" : ", '") + v + "' (" + std::to_string(n) + ")";
    throw InputError({in.source, in.name, std::nullopt, in.columns[static_cast<std::size_t>(class_i)].name},
                     "road class(es) not recognised: " + vals +
                         ". Known: national, provincial, rural, pwp_track, path (and OSM highway values); map "
                         "others with map=VALUE:class;...");
  }
  out.columns = {std::move(id), std::move(rc), std::move(nm), std::move(ow), std::move(br), std::move(pw), std::move(osm)};
  out = to_storage(out, res.warnings);
  progress.report(1.0, "roads");
  res.provenance = provenance_for(src, in, "roads");
  res.layer = std::move(out);
  return res;
}

}  // namespace swsplan::layers
