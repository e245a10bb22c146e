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
#include "layers/detail/import_util.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;
using namespace detail;

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
  Column pc(pcode_field(level), FieldType::String), nm("name_en", FieldType::String),
         nc("ncdd_code", FieldType::Integer);
  std::vector<Column> parents;
  for (int p = 1; p < n; ++p) parents.emplace_back("adm" + std::to_string(p) + "_pcode", FieldType::String);
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
  require_closed_rings(in, &code, lname);
  refuse_metres_as_degrees(in);  // before any area is measured in a UTM zone picked from the extent
  progress.report(0.3, "repairing geometry");
  VectorLayer geomsrc = in;
  res.repairs = gis::make_valid(geomsrc, progress);
  // Areas as drawn, to tell a repair that only tidies a polygon from one that changes it.
  std::vector<double> drawn_m2;
  if (!res.repairs.repaired.empty()) {
    const VectorLayer drawn = gis::reproject(geometry_of(in, lname), kStorageCrs);
    drawn_m2 = gis::areas(gis::reproject(drawn, gis::metric_crs_for(drawn.extent())));
  }
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
  check_repairs(res.repairs, drawn_m2, metric, metric.column(pcode_field(level)), lname, res.warnings);
  auto a = gis::areas(metric);
  Column ac("area_km2", FieldType::Real);
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
  Column vc("vil_code", FieldType::String), nm("name_en", FieldType::String),
         hh("households", FieldType::Integer), poor("poor_hh", FieldType::Integer),
         l1("idp_l1_hh", FieldType::Integer), l2("idp_l2_hh", FieldType::Integer),
         share("poor_share", FieldType::Real);
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
  require_points_in_country(out, in, "village(s)");

  Column adm3("adm3_pcode", FieldType::String);
  JoinReport loc;
  if (communes) {
    const double max_snap = option_metres(src, "max_snap_m", 1000);
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
  Column adm2("adm2_pcode", FieldType::String), adm1("adm1_pcode", FieldType::String);
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


}  // namespace swsplan::layers
