#include "layers/importers.hpp"

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

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;

// ---------------------------------------------------------------------------------------
// SourceSpec

SourceSpec SourceSpec::parse(const std::string& text) {
  SourceSpec s;
  std::string rest = text;
  if (auto q = rest.find('?'); q != std::string::npos) {
    std::string opts = rest.substr(q + 1);
    rest = rest.substr(0, q);
    std::stringstream ss(opts);
    std::string kv;
    while (std::getline(ss, kv, '&')) {
      if (kv.empty()) continue;
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw gis::UsageError("in '" + text + "': option '" + kv + "' must be key=value");
      s.options[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  auto [path, layer] = gis::split_source(rest);
  if (path.empty()) throw gis::UsageError("empty source in '" + text + "'");
  s.path = path;
  s.layer = layer;
  return s;
}

std::string SourceSpec::get(const std::string& key, const std::string& fallback) const {
  auto it = options.find(key);
  return it == options.end() ? fallback : it->second;
}

void SourceSpec::check_options(const std::vector<std::string>& allowed) const {
  static const std::vector<std::string> io = {"x", "y", "wkt", "crs", "encoding"};
  for (const auto& [k, v] : options) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    if (std::find(io.begin(), io.end(), k) != io.end()) continue;
    std::string all;
    for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
    for (const auto& a : io) all += ", " + a;
    throw gis::UsageError("unknown option '" + k + "' for source '" + path + "'; known options: " + all);
  }
}

gis::VectorLayer SourceSpec::read(const std::string& assume_crs) const {
  gis::ReadOptions o;
  o.layer = layer;
  o.x_field = get("x");
  o.y_field = get("y");
  o.wkt_field = get("wkt");
  o.assume_crs = get("crs", assume_crs);
  o.encoding = get("encoding");
  return gis::read_vector(path, o);
}

std::string SourceSpec::describe() const { return layer.empty() ? path : path + "#" + layer; }

gis::Extent cambodia_extent() { return {101.5, 9.5, 108.5, 15.5}; }

// ---------------------------------------------------------------------------------------
// helpers

namespace {

const char* level_name(AdminLevel l) {
  switch (l) {
    case AdminLevel::Province: return "province";
    case AdminLevel::District: return "district";
    case AdminLevel::Commune: return "commune";
    case AdminLevel::Village: return "village";
  }
  return "?";
}

std::string pcode_field(AdminLevel l) {
  return l == AdminLevel::Village ? "vil_code" : "adm" + std::to_string(static_cast<int>(l)) + "_pcode";
}

// Field named by option `opt`, else the first candidate present; -1 if none. An option naming a
// missing field is an error (naming the field and listing the layer's fields).
int pick_field(const VectorLayer& l, const SourceSpec& src, const std::string& opt,
               const std::vector<std::string>& candidates) {
  std::string given = src.get(opt);
  if (!given.empty()) return l.find(l.column(given).name);
  for (const auto& c : candidates)
    if (int i = l.find(c); i >= 0) return i;
  return -1;
}

int require_field(const VectorLayer& l, const SourceSpec& src, const std::string& opt,
                  const std::vector<std::string>& candidates, const std::string& what) {
  int i = pick_field(l, src, opt, candidates);
  if (i < 0) {
    std::string names;
    for (const auto& c : l.columns) names += (names.empty() ? "" : ", ") + c.name;
    throw InputError({l.source, l.name, std::nullopt, {}},
                     "cannot find the " + what + " field (tried " + candidates.front() + " and others); name it with " +
                         opt + "=<field>. The layer has: " + names);
  }
  return i;
}

Column make_col(const std::string& name, FieldType t) {
  Column c;
  c.name = name;
  c.type = t;
  return c;
}

// An output layer carrying the source's geometry, feature ids and CRS, without attributes.
VectorLayer geometry_of(const VectorLayer& in, std::string name) {
  VectorLayer out;
  out.name = std::move(name);
  out.source = in.source;
  out.crs = in.crs;
  out.fids = in.fids;
  out.geom = in.geom;
  return out;
}

// Appends the source's columns not in `skip` (by index) and not clashing with `out`'s names.
void copy_other_fields(const VectorLayer& src, VectorLayer& out, const std::set<int>& skip) {
  for (std::size_t c = 0; c < src.columns.size(); ++c) {
    if (skip.count(static_cast<int>(c))) continue;
    Column col = src.columns[c];
    if (int o = out.find(col.name); o >= 0) {
      // Same name as a standard column: drop it when it says the same thing, else keep it
      // as src_<name> so that nothing published is lost.
      const Column& ours = out.columns[static_cast<std::size_t>(o)];
      bool same = ours.size() == col.size();
      for (std::size_t i = 0; same && i < col.size(); ++i) same = ours.text(i) == col.text(i);
      if (same) continue;
      col.name = "src_" + col.name;
    }
    if (out.find(col.name) >= 0) continue;
    out.columns.push_back(std::move(col));
  }
}

std::string attributes_json(const VectorLayer& src, std::size_t i, const std::set<int>& skip) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < src.columns.size(); ++c) {
    if (skip.count(static_cast<int>(c))) continue;
    const Column& col = src.columns[c];
    if (col.is_null(i)) continue;
    if (col.type == FieldType::Integer)
      j[col.name] = col.ints[i];
    else if (col.type == FieldType::Real)
      j[col.name] = col.reals[i];
    else
      j[col.name] = col.strings[i];
  }
  return j.dump();
}

// Axis sanity, then reprojection to the storage CRS.
VectorLayer to_storage(const VectorLayer& in, std::vector<std::string>& warnings) {
  for (const auto& w : in.warnings) warnings.push_back(in.source + ": " + w);
  if (auto w = gis::check_axis_order(in, cambodia_extent())) {
    // Latitudes beyond 90 degrees cannot be used at all: stop with the diagnosis instead of
    // failing later in a reprojection that cannot say why.
    if (w->find("beyond 90 degrees") != std::string::npos)
      throw InputError({in.source, in.name, std::nullopt, "geometry"}, *w + "; swap them (x=<lat column>&y=<lon column>)");
    warnings.push_back(*w);
  }
  VectorLayer out = gis::reproject(in, kStorageCrs);
  if (auto w = gis::check_axis_order(out, cambodia_extent())) {
    if (std::find(warnings.begin(), warnings.end(), *w) == warnings.end()) warnings.push_back(*w);
  }
  return out;
}

void require_kind(const VectorLayer& l, GeometryKind k, const std::string& what) {
  if (l.geom.kind != k)
    throw InputError({l.source, l.name, std::nullopt, "geometry"},
                     what + " must be " + gis::to_string(k) + " features, but the layer has " +
                         gis::to_string(l.geom.kind) + " geometry");
  if (l.size() == 0) throw InputError({l.source, l.name, std::nullopt, {}}, "the layer is empty: nothing to import");
}

std::string list_some(const std::vector<std::string>& v, std::size_t n = 10) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < n; ++i) s += (i ? ", " : "") + v[i];
  if (v.size() > n) s += ", ... (" + std::to_string(v.size()) + " in all)";
  return s;
}

Provenance provenance_for(const SourceSpec& /*src*/, const VectorLayer& l, const std::string& target) {
  Provenance p;
  p.layer = target;
  p.source = l.source;
  p.source_layer = l.name;
  p.crs = l.crs;
  p.rows = l.size();
  return p;
}

// Locates points (lon/lat) in communes; outside points snap to the nearest commune within
// max_snap_m (measured in the metric CRS). Returns the commune index per point (-1 none) and
// fills a join report.
std::vector<std::int32_t> locate_in_communes(const VectorLayer& points_ll, const VectorLayer& communes_ll,
                                             const std::string& what, JoinReport& rep, double max_snap_m,
                                             gis::Progress& progress) {
  const std::string metric = gis::metric_crs_for(communes_ll.extent());
  VectorLayer cm = gis::reproject(communes_ll, metric);
  VectorLayer pm = gis::reproject(points_ll, metric);
  gis::PolygonIndex index(cm);
  std::vector<double> xs(pm.size()), ys(pm.size());
  for (std::size_t i = 0; i < pm.size(); ++i) {
    auto xy = pm.geom.first_xy(i);
    xs[i] = xy ? xy->first : std::nan("");
    ys[i] = xy ? xy->second : std::nan("");
  }
  std::vector<std::int32_t> where;
  index.locate_all(xs, ys, where, progress);
  rep.name = what + " -> communes (location)";
  rep.key = "point in polygon";
  rep.left_rows = pm.size();
  rep.right_rows = cm.size();
  std::vector<char> reached(cm.size(), 0);
  std::size_t snapped = 0;
  double worst = 0;
  for (std::size_t i = 0; i < where.size(); ++i) {
    if (where[i] < 0 && std::isfinite(xs[i])) {
      auto [j, d] = index.nearest(xs[i], ys[i], max_snap_m);
      if (j >= 0) {
        where[i] = j;
        ++snapped;
        worst = std::max(worst, d);
      }
    }
    if (where[i] >= 0) {
      ++rep.matched;
      reached[static_cast<std::size_t>(where[i])] = 1;
    } else {
      rep.unmatched.push_back(pm.where(i));
    }
  }
  rep.targets_without_data = static_cast<std::size_t>(std::count(reached.begin(), reached.end(), 0));
  if (snapped) {
    std::ostringstream os;
    os << snapped << " point(s) outside every commune were given the nearest commune (at most " << std::lround(worst)
       << " m away; limit " << std::lround(max_snap_m) << " m)";
    rep.notes.push_back(os.str());
  }
  return where;
}

}  // namespace

// ---------------------------------------------------------------------------------------

ImportResult import_admin(const SourceSpec& src, AdminLevel level, const std::string& assume_crs,
                          gis::Progress& progress) {
  src.check_options({"code", "name"});
  ImportResult res;
  VectorLayer in = src.read(assume_crs);
  const std::string lname = level_name(level);
  require_kind(in, GeometryKind::Polygon, lname + " boundaries");
  const int n = static_cast<int>(level);
  const std::string adm = "adm" + std::to_string(n);
  const int code_i = require_field(in, src, "code",
                                   {adm + "_pcode", "pcode", "ncdd_code", lname + "_code", "code", adm + "_code",
                                    lname.substr(0, 3) + "_code"},
                                   lname + " code");
  const int name_i = pick_field(in, src, "name", {adm + "_en", "name_en", adm + "_name", "name", lname, "shapename"});
  const Column& code = in.columns[static_cast<std::size_t>(code_i)];

  VectorLayer out;
  out.name = lname == "province" ? "provinces" : lname == "district" ? "districts" : "communes";
  out.source = in.source;
  out.crs = in.crs;
  Column pc = make_col(pcode_field(level), FieldType::String), nm = make_col("name_en", FieldType::String),
         nc = make_col("ncdd_code", FieldType::Integer);
  std::vector<Column> parents;
  for (int p = 1; p < n; ++p) parents.push_back(make_col("adm" + std::to_string(p) + "_pcode", FieldType::String));
  std::unordered_map<std::string, std::vector<std::int64_t>> seen;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (code.is_null(i)) throw InputError({in.source, in.name, in.fids[i], code.name}, "the " + lname + " code is empty");
    auto p = to_pcode(code.text(i), level);
    if (!p)
      throw InputError({in.source, in.name, in.fids[i], code.name},
                       "'" + code.text(i) + "' is not a " + lname + " code (expected KH + " +
                           std::to_string(ncdd_digits(level)) + " digits or the NCDD number, e.g. " +
                           (level == AdminLevel::Commune ? "KH010201 or 10201" : level == AdminLevel::District ? "KH0102 or 102" : "KH01 or 1") + ")");
    if (in.geom.empty(i))
      throw InputError({in.source, in.name, in.fids[i], "geometry"}, "the " + lname + " " + *p + " has no geometry");
    seen[*p].push_back(in.fids[i]);
    pc.push(*p);
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    nc.push(static_cast<std::int64_t>(std::stoll(*to_ncdd(*p, level))));
    for (int q = 1; q < n; ++q) parents[static_cast<std::size_t>(q - 1)].push(*parent_pcode(*p, static_cast<AdminLevel>(q)));
  }
  std::vector<std::string> dups;
  for (const auto& [k, fids] : seen) {
    if (fids.size() < 2) continue;
    std::string f;
    for (auto id : fids) f += (f.empty() ? "" : "/") + std::to_string(id);
    dups.push_back(k + " (features " + f + ")");
  }
  if (!dups.empty()) {
    std::sort(dups.begin(), dups.end());
    throw InputError({in.source, in.name, std::nullopt, code.name},
                     std::to_string(dups.size()) + " duplicate " + lname + " code(s): " + list_some(dups) +
                         "; each unit must appear once (dissolve multi-part units first)");
  }
  progress.report(0.3, "repairing geometry");
  VectorLayer geomsrc = in;
  res.repairs = gis::make_valid(geomsrc, progress);
  for (const auto& r : res.repairs.repaired)
    res.warnings.push_back(in.source + ": " + lname + " feature " + std::to_string(r.fid) + " was invalid (" + r.reason +
                           ") and was repaired");
  if (!res.repairs.emptied.empty()) {
    throw InputError({in.source, in.name, res.repairs.emptied.front(), "geometry"},
                     "polygon is degenerate (no area left after repair); fix or remove it");
  }
  out.fids = geomsrc.fids;
  out.geom = geomsrc.geom;
  out.columns.push_back(std::move(pc));
  out.columns.push_back(std::move(nm));
  out.columns.push_back(std::move(nc));
  for (auto& p : parents) out.columns.push_back(std::move(p));
  out = to_storage(out, res.warnings);
  progress.report(0.7, "areas");
  VectorLayer metric = gis::reproject(out, gis::metric_crs_for(out.extent()));
  auto a = gis::areas(metric);
  Column ac = make_col("area_km2", FieldType::Real);
  for (double v : a) ac.push(v / 1e6);
  out.columns.push_back(std::move(ac));
  std::set<int> skip = {code_i};
  if (name_i >= 0) skip.insert(name_i);
  copy_other_fields(in, out, skip);
  res.provenance = provenance_for(src, in, out.name);
  res.layer = std::move(out);
  return res;
}

// ---------------------------------------------------------------------------------------

ImportResult import_villages(const SourceSpec& src, const VectorLayer* communes, const std::string& assume_crs,
                             gis::Progress& progress) {
  src.check_options({"code", "name", "households", "poor", "l1", "l2", "commune", "max_snap_m"});
  ImportResult res;
  VectorLayer in = src.read(assume_crs);
  require_kind(in, GeometryKind::Point, "villages");
  const int code_i = require_field(in, src, "code", {"vil_code", "village_code", "vill_code", "vcode", "code"}, "village code");
  const int name_i = pick_field(in, src, "name", {"village_en", "name_en", "village", "name", "vil_name"});
  const int hh_i = pick_field(in, src, "households", {"households", "hh_total", "total_hh", "total_hhs", "hh_total_est"});
  const int poor_i = pick_field(in, src, "poor", {"poor_hh", "idp_poor_hh", "poor_households", "total_poor_12_hhs"});
  const int l1_i = pick_field(in, src, "l1", {"idp_l1_hh", "l1_hh", "poor1_hh", "total_poor_1_hhs"});
  const int l2_i = pick_field(in, src, "l2", {"idp_l2_hh", "l2_hh", "poor2_hh", "total_poor_2_hhs"});
  const int com_i = pick_field(in, src, "commune", {"adm3_pcode", "commune_code", "com_code"});
  if (hh_i < 0) res.warnings.push_back(in.source + ": no households field found (households=<field>): households left empty");
  if (poor_i < 0 && (l1_i < 0 || l2_i < 0))
    res.warnings.push_back(in.source + ": no poor-household field found (poor=<field> or l1= and l2=): poor_hh left empty");
  const Column& code = in.columns[static_cast<std::size_t>(code_i)];

  VectorLayer out = geometry_of(in, "villages");
  Column vc = make_col("vil_code", FieldType::String), nm = make_col("name_en", FieldType::String),
         hh = make_col("households", FieldType::Integer), poor = make_col("poor_hh", FieldType::Integer),
         l1 = make_col("idp_l1_hh", FieldType::Integer), l2 = make_col("idp_l2_hh", FieldType::Integer),
         share = make_col("poor_share", FieldType::Real);
  std::unordered_map<std::string, std::vector<std::int64_t>> seen;
  std::size_t poor_above_hh = 0, no_geom = 0;
  auto count_value = [&](int idx, std::size_t i) -> std::optional<double> {
    if (idx < 0) return std::nullopt;
    const Column& c = in.columns[static_cast<std::size_t>(idx)];
    if (c.is_null(i)) return std::nullopt;
    auto v = c.number(i);
    if (!v || !std::isfinite(*v))
      throw InputError({in.source, in.name, in.fids[i], c.name}, "'" + c.text(i) + "' is not a number of households");
    if (*v < 0) throw InputError({in.source, in.name, in.fids[i], c.name}, "negative household count " + c.text(i));
    return v;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.geom.empty(i)) ++no_geom;
    if (code.is_null(i)) throw InputError({in.source, in.name, in.fids[i], code.name}, "the village code is empty");
    auto c = to_village_code(code.text(i));
    if (!c)
      throw InputError({in.source, in.name, in.fids[i], code.name},
                       "'" + code.text(i) + "' is not a village code (expected 7-8 digits, e.g. 01020101)");
    seen[*c].push_back(in.fids[i]);
    vc.push(*c);
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    auto h = count_value(hh_i, i), p = count_value(poor_i, i), a = count_value(l1_i, i), b = count_value(l2_i, i);
    if (!p && a && b) p = *a + *b;
    h ? hh.push(static_cast<std::int64_t>(std::llround(*h))) : hh.push_null();
    p ? poor.push(static_cast<std::int64_t>(std::llround(*p))) : poor.push_null();
    a ? l1.push(static_cast<std::int64_t>(std::llround(*a))) : l1.push_null();
    b ? l2.push(static_cast<std::int64_t>(std::llround(*b))) : l2.push_null();
    if (h && p && *h > 0) {
      if (*p > *h) ++poor_above_hh;
      share.push(*p / *h);
    } else {
      share.push_null();
    }
  }
  if (no_geom) throw InputError({in.source, in.name, std::nullopt, "geometry"}, std::to_string(no_geom) + " village(s) have no location");
  std::vector<std::string> dups;
  for (const auto& [k, fids] : seen)
    if (fids.size() > 1) dups.push_back(k);
  if (!dups.empty()) {
    std::sort(dups.begin(), dups.end());
    throw InputError({in.source, in.name, std::nullopt, code.name},
                     std::to_string(dups.size()) + " duplicate village code(s): " + list_some(dups));
  }
  if (poor_above_hh)
    res.warnings.push_back(in.source + ": " + std::to_string(poor_above_hh) +
                           " village(s) have more poor households than households (share > 1 kept as published)");
  out.columns = {std::move(vc), std::move(nm)};
  out = to_storage(out, res.warnings);

  Column adm3 = make_col("adm3_pcode", FieldType::String);
  JoinReport loc;
  if (communes) {
    const double max_snap = std::stod(src.get("max_snap_m", "1000"));
    auto where = locate_in_communes(out, *communes, "villages", loc, max_snap, progress);
    const Column& cc = communes->column("adm3_pcode");
    std::size_t agree = 0, comparable = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (where[i] < 0) {
        adm3.push_null();
        continue;
      }
      std::string pc = cc.text(static_cast<std::size_t>(where[i]));
      adm3.push(pc);
      ++comparable;
      if (pc.substr(2) == out.columns[0].strings[i].substr(0, 6)) ++agree;
    }
    std::ostringstream os;
    os.precision(1);
    os << std::fixed << "the commune holding the point agrees with the village code's commune digits for " << agree
       << " of " << comparable << " villages (" << (comparable ? 100.0 * double(agree) / double(comparable) : 0.0)
       << " %); codes of older vintages differ where communes were split or renumbered";
    loc.notes.push_back(os.str());
    res.reports.push_back(loc);
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::optional<std::string> pc;
      if (com_i >= 0) pc = to_pcode(in.columns[static_cast<std::size_t>(com_i)].text(i), AdminLevel::Commune);
      if (!pc) pc = to_pcode(out.columns[0].strings[i].substr(0, 6), AdminLevel::Commune);
      pc ? adm3.push(*pc) : adm3.push_null();
    }
    res.warnings.push_back("no commune boundaries in the project: villages take their commune from the code; import "
                           "--communes to place them by location");
  }
  Column adm2 = make_col("adm2_pcode", FieldType::String), adm1 = make_col("adm1_pcode", FieldType::String);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (adm3.is_null(i)) {
      adm2.push_null();
      adm1.push_null();
    } else {
      adm2.push(*parent_pcode(adm3.strings[i], AdminLevel::District));
      adm1.push(*parent_pcode(adm3.strings[i], AdminLevel::Province));
    }
  }
  for (Column* c : {&adm3, &adm2, &adm1, &hh, &poor, &l1, &l2, &share}) out.columns.push_back(std::move(*c));
  std::set<int> skip = {code_i};
  for (int i : {name_i, hh_i, poor_i, l1_i, l2_i})
    if (i >= 0) skip.insert(i);
  copy_other_fields(in, out, skip);
  res.provenance = provenance_for(src, in, "villages");
  res.layer = std::move(out);
  return res;
}

// ---------------------------------------------------------------------------------------

namespace {

std::map<std::string, Service> parse_service_map(const std::string& text) {
  std::map<std::string, Service> m;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ';')) {
    auto c = item.find(':');
    if (c == std::string::npos) throw gis::UsageError("map entry '" + item + "' must be VALUE:service");
    auto s = parse_service(item.substr(c + 1));
    if (!s) throw gis::UsageError("map entry '" + item + "': unknown service '" + item.substr(c + 1) + "'");
    m[item.substr(0, c)] = *s;
  }
  return m;
}

std::string known_services() {
  std::string s;
  for (Service sv : all_services()) s += (s.empty() ? "" : ", ") + std::string(service_id(sv));
  return s;
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
    fixed = parse_service(src.get("service"));
    if (!fixed) throw gis::UsageError("unknown service '" + src.get("service") + "'; known: " + known_services());
  } else {
    svc_i = require_field(in, src, "service_field", {"service", "facility_type", "type", "level"}, "service type");
  }
  const auto service_map = parse_service_map(src.get("map"));
  const int id_i = pick_field(in, src, "id", {"facility_id", "school_id", "id", "code"});
  const int name_i = pick_field(in, src, "name", {"name", "facility_name", "school_name", "name_en"});
  const int cap_i = pick_field(in, src, "capacity", {"capacity", "beds", "enrolment", "enrollment", "seats"});

  VectorLayer out = geometry_of(in, "facilities");
  Column id = make_col("facility_id", FieldType::String), nm = make_col("name", FieldType::String),
         sv = make_col("service", FieldType::String), cap = make_col("capacity", FieldType::Real),
         source = make_col("source", FieldType::String), attrs = make_col("attributes", FieldType::String);
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
  Column adm3 = make_col("adm3_pcode", FieldType::String);
  if (communes) {
    JoinReport loc;
    auto where = locate_in_communes(out, *communes, "facilities " + src.describe(), loc,
                                    std::stod(src.get("max_snap_m", "1000")), progress);
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
  Column id = make_col("asset_id", FieldType::String), ty = make_col("asset_type", FieldType::String),
         rc = make_col("road_class", FieldType::String), nm = make_col("name", FieldType::String),
         attrs = make_col("attributes", FieldType::String);
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
  Column adm3 = make_col("adm3_pcode", FieldType::String);
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

// ---------------------------------------------------------------------------------------

std::map<std::string, std::string> read_crosswalk(const SourceSpec& src) {
  src.check_options({"from", "to"});
  VectorLayer t = src.read();
  const int from_i = require_field(t, src, "from", {"commune_code_src", "from", "old_code"}, "old commune code");
  const int to_i = require_field(t, src, "to", {"adm3_pcode_2018", "to", "adm3_pcode", "new_code"}, "new commune pcode");
  std::map<std::string, std::string> m;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& fc = t.columns[static_cast<std::size_t>(from_i)];
    const auto& tc = t.columns[static_cast<std::size_t>(to_i)];
    auto a = to_pcode(fc.text(i), AdminLevel::Commune);
    auto b = to_pcode(tc.text(i), AdminLevel::Commune);
    if (!a) throw InputError({t.source, t.name, t.fids[i], fc.name}, "'" + fc.text(i) + "' is not a commune code");
    if (!b) throw InputError({t.source, t.name, t.fids[i], tc.name}, "'" + tc.text(i) + "' is not a commune code");
    auto [it, inserted] = m.emplace(*a, *b);
    if (!inserted && it->second != *b)
      throw InputError({t.source, t.name, t.fids[i], fc.name}, "code " + *a + " maps to both " + it->second + " and " + *b);
  }
  return m;
}

std::vector<std::string> normalise_share(VectorLayer& layer, const std::string& field, bool flag) {
  std::vector<std::string> warnings;
  Column& c = layer.column(field);
  std::vector<double> v(layer.size());
  double maxv = -INFINITY;
  std::size_t above1 = 0, n = 0;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    auto x = c.number(i);
    if (c.is_null(i)) {
      v[i] = NAN;
      continue;
    }
    if (!x) throw InputError({layer.source, layer.name, layer.fids[i], c.name}, "'" + c.text(i) + "' is not a number");
    v[i] = *x;
    if (std::isfinite(*x)) {
      maxv = std::max(maxv, *x);
      above1 += *x > 1.0;
      ++n;
    }
  }
  // Percent when values run up to 100 and a fair part exceeds 1 (a fraction column has at most
  // a few outliers above 1).
  const bool percent = n > 0 && maxv <= 100.0 && maxv > 1.0 && above1 * 4 > n;
  if (percent) warnings.push_back(layer.source + ": field '" + field + "' looks like percent (max " +
                                  std::to_string(maxv) + "); converted to fractions 0-1");
  Column out = make_col(c.name, FieldType::Real);
  Column flags = make_col(c.name + "_flag", FieldType::String);
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (c.is_null(i)) {
      out.push_null();
      flags.push_null();
      continue;
    }
    double x = percent ? v[i] / 100.0 : v[i];
    std::string why;
    if (std::isnan(x))
      why = "NaN";
    else if (x < 0)
      why = "negative (" + c.text(i) + ")";
    else if (x > 1.0 + 1e-9)
      why = "above 1 (" + c.text(i) + ")";
    if (!why.empty()) {
      if (!flag)
        throw InputError({layer.source, layer.name, layer.fids[i], c.name},
                         "share is " + why + "; shares must be fractions 0-1 or percent 0-100. Fix the value, or pass "
                         "flag_out_of_range=yes to keep the row with the value emptied and flagged");
      ++flagged;
      out.push_null();
      flags.push(why);
    } else {
      out.push(x);
      flags.push_null();
    }
  }
  c = std::move(out);
  if (flagged) {
    warnings.push_back(layer.source + ": " + std::to_string(flagged) + " value(s) of '" + field +
                       "' out of range: emptied and flagged in " + field + "_flag");
    layer.columns.push_back(std::move(flags));
  }
  return warnings;
}

ImportResult import_indicator(const SourceSpec& src, const VectorLayer* targets,
                              const std::map<std::string, std::string>* crosswalk, gis::Progress& progress) {
  src.check_options({"level", "key", "name", "year", "share", "flag_out_of_range", "duplicates", "crosswalk"});
  if (src.get("crosswalk", "yes") == "no") crosswalk = nullptr;
  ImportResult res;
  VectorLayer in = src.read();
  const std::string lvl = src.get("level", "commune");
  AdminLevel level;
  if (lvl == "village")
    level = AdminLevel::Village;
  else if (lvl == "commune")
    level = AdminLevel::Commune;
  else if (lvl == "district")
    level = AdminLevel::District;
  else if (lvl == "province")
    level = AdminLevel::Province;
  else
    throw gis::UsageError("level must be village, commune, district or province, not '" + lvl + "'");
  const std::string key_out = pcode_field(level);
  std::vector<std::string> cands;
  if (level == AdminLevel::Village)
    cands = {"vil_code", "village_code", "vcode", "code"};
  else {
    const std::string adm = "adm" + std::to_string(static_cast<int>(level));
    cands = {adm + "_pcode", "pcode", adm + "_ncdd", "ncdd_code", std::string(level_name(level)) + "_code", "com_code", "code"};
  }
  const int key_i = require_field(in, src, "key", cands, std::string(level_name(level)) + " code");
  const Column& key = in.columns[static_cast<std::size_t>(key_i)];
  std::string name = src.get("name", std::filesystem::path(src.path).stem().string());
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  if (name.rfind(names::kIndicatorPrefix, 0) != 0) name = names::kIndicatorPrefix + name;

  std::set<std::string> target_keys;
  if (targets) {
    const Column& tk = targets->column(key_out);
    for (std::size_t i = 0; i < targets->size(); ++i) target_keys.insert(tk.text(i));
  }
  VectorLayer out;
  out.name = name;
  out.source = in.source;
  Column kc = make_col(key_out, FieldType::String);
  JoinReport rep;
  rep.name = name + " -> " + (level == AdminLevel::Village ? "villages" : std::string(level_name(level)) + "s");
  rep.key = key.name + " as " + key_out;
  rep.left_rows = in.size();
  rep.right_rows = targets ? targets->size() : 0;
  std::map<std::string, std::vector<std::size_t>> rows_by_key;
  std::map<std::string, std::set<std::string>> crosswalked_from;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (key.is_null(i)) throw InputError({in.source, in.name, in.fids[i], key.name}, "the key is empty");
    auto k = level == AdminLevel::Village ? to_village_code(key.text(i)) : to_pcode(key.text(i), level);
    if (!k)
      throw InputError({in.source, in.name, in.fids[i], key.name},
                       "'" + key.text(i) + "' is not a " + level_name(level) + " code");
    std::string kk = *k;
    bool via_cw = false;
    if (targets && !target_keys.count(kk) && crosswalk && level == AdminLevel::Commune) {
      if (auto it = crosswalk->find(kk); it != crosswalk->end() && target_keys.count(it->second)) {
        kk = it->second;
        via_cw = true;
        crosswalked_from[kk].insert(*k);
      }
    }
    if (targets) {
      if (target_keys.count(kk)) {
        ++rep.matched;
        rep.matched_via_crosswalk += via_cw;
      } else {
        rep.unmatched.push_back(key.text(i));
      }
    }
    rows_by_key[kk].push_back(i);
    kc.push(kk);
  }
  const std::string dup_mode = src.get("duplicates", "error");
  for (const auto& [k, rows] : rows_by_key) {
    if (rows.size() < 2) continue;
    std::string d = k;
    if (auto cw = crosswalked_from.find(k); cw != crosswalked_from.end()) {
      d += " (also reached from";
      for (const auto& o : cw->second) d += " " + o;
      d += " through the crosswalk; pass crosswalk=no for tables already in 2018 codes)";
    }
    rep.duplicates.push_back(d);
  }
  if (!rep.duplicates.empty()) {
    if (dup_mode == "error")
      throw InputError({in.source, in.name, in.fids[rows_by_key[rep.duplicates.front()][1]], key.name},
                       std::to_string(rep.duplicates.size()) + " key(s) occur more than once (" + list_some(rep.duplicates) +
                           "); the join would be ambiguous. Fix the table, or pass duplicates=first to keep the first row");
    if (dup_mode != "first") throw gis::UsageError("duplicates must be error or first, not '" + dup_mode + "'");
  }
  if (targets) {
    std::set<std::string> reached;
    for (const auto& [k, rows] : rows_by_key)
      if (target_keys.count(k)) reached.insert(k);
    rep.targets_without_data = target_keys.size() - reached.size();
  }
  // Keep rows in input order; with duplicates=first, later repeats are dropped.
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < in.size(); ++i)
    if (rows_by_key[kc.strings[i]].front() == i) keep.push_back(i);
  VectorLayer full;
  full.name = name;
  full.source = in.source;
  full.columns.push_back(kc);
  copy_other_fields(in, full, {});
  for (auto& c : full.columns) {
    Column sel = make_col(c.name, c.type);
    for (auto i : keep) {
      if (c.is_null(i))
        sel.push_null();
      else if (c.type == FieldType::Integer)
        sel.push(c.ints[i]);
      else if (c.type == FieldType::Real)
        sel.push(c.reals[i]);
      else
        sel.push(std::string(c.strings[i]));
    }
    c = std::move(sel);
  }
  for (auto i : keep) {
    full.fids.push_back(in.fids[i]);
    full.geom.add_empty_feature();
  }
  const bool flag = src.get("flag_out_of_range") == "yes";
  full.name = in.name;  // messages name the source layer
  if (!src.get("share").empty()) {
    std::stringstream ss(src.get("share"));
    std::string f;
    while (std::getline(ss, f, ';')) {
      if (full.find(f) < 0) (void)in.column(f);  // throws naming the missing field
      auto w = normalise_share(full, full.columns[static_cast<std::size_t>(full.find(f))].name, flag);
      res.warnings.insert(res.warnings.end(), w.begin(), w.end());
    }
  }
  full.name = name;
  if (!targets) rep.notes.push_back("no target layer in the project: keys were not checked");
  res.reports.push_back(rep);
  res.provenance = provenance_for(src, in, name);
  if (!src.get("year").empty()) res.provenance.notes = "year " + src.get("year");
  progress.report(1.0, "indicator " + name);
  res.layer = std::move(full);
  return res;
}

}  // namespace swsplan::layers

namespace swsplan::layers {

const std::vector<std::string>& road_classes() {
  static const std::vector<std::string> v = {"national", "provincial", "rural", "pwp_track", "path"};
  return v;
}

namespace {
std::optional<std::string> normalise_road_class(std::string v) {
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& c : road_classes())
    if (v == c) return c;
  static const std::map<std::string, std::string> alias = {
      {"motorway", "national"},   {"trunk", "national"},       {"primary", "national"},   {"nr", "national"},
      {"secondary", "provincial"}, {"pr", "provincial"},       {"tertiary", "rural"},     {"unclassified", "rural"},
      {"residential", "rural"},   {"rr", "rural"},             {"track", "pwp_track"},    {"pwp", "pwp_track"},
      {"footway", "path"},        {"path", "path"},            {"bridleway", "path"},     {"service", "rural"},
      {"motorway_link", "national"}, {"trunk_link", "national"}, {"primary_link", "national"},
      {"secondary_link", "provincial"}, {"tertiary_link", "rural"}};
  if (auto it = alias.find(v); it != alias.end()) return it->second;
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
  Column id = make_col("road_id", FieldType::String), rc = make_col("road_class", FieldType::String),
         nm = make_col("name", FieldType::String), ow = make_col("oneway", FieldType::Integer),
         br = make_col("bridge", FieldType::Integer), pw = make_col("pwp", FieldType::Integer);
  std::map<std::string, std::size_t> unknown;
  auto truthy = [](const std::string& t) { return t == "1" || t == "yes" || t == "true" || t == "Y" || t == "T"; };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string raw = in.columns[static_cast<std::size_t>(class_i)].text(i);
    auto it = custom.find(raw);
    auto cls = it != custom.end() ? std::optional<std::string>(it->second) : normalise_road_class(raw);
    if (!cls) {
      ++unknown[raw];
      continue;
    }
    rc.push(*cls);
    id_i >= 0 ? id.push(in.columns[static_cast<std::size_t>(id_i)].text(i)) : id.push("road-" + std::to_string(in.fids[i]));
    name_i >= 0 ? nm.push(in.columns[static_cast<std::size_t>(name_i)].text(i)) : nm.push_null();
    std::int64_t o = 0;
    if (ow_i >= 0) {
      const std::string t = in.columns[static_cast<std::size_t>(ow_i)].text(i);
      o = t == "-1" ? -1 : truthy(t) ? 1 : 0;
    }
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
  out.columns = {std::move(id), std::move(rc), std::move(nm), std::move(ow), std::move(br), std::move(pw)};
  out = to_storage(out, res.warnings);
  progress.report(1.0, "roads");
  res.provenance = provenance_for(src, in, "roads");
  res.layer = std::move(out);
  return res;
}

}  // namespace swsplan::layers
