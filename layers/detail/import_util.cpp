// Helpers shared by the importers (field lookup, column building, storage CRS, location in
// communes) and the checks that refuse or flag wrong data.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_map>

#include "gis/core/error.hpp"
#include "gis/core/text.hpp"
#include "gis/crs/crs.hpp"
#include "layers/detail/import_util.hpp"
#include "layers/importers.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;

namespace detail {

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

double option_metres(const SourceSpec& src, const std::string& key, double fallback) {
  const auto it = src.options.find(key);
  if (it == src.options.end()) return fallback;
  std::size_t pos = 0;
  double v = -1;
  try {
    v = std::stod(it->second, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos == 0 || pos != it->second.size() || !std::isfinite(v) || v < 0)
    throw gis::UsageError("source '" + src.describe() + "': option " + key + "=" + it->second +
                          " must be a distance in metres >= 0, e.g. " + key + "=500");
  return v;
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
  try {
    return j.dump();
  } catch (const nlohmann::json::type_error&) {
    // Only text that is not UTF-8 cannot be written: name the field so the planner can say
    // which encoding the source has.
    for (std::size_t c = 0; c < src.columns.size(); ++c) {
      const Column& col = src.columns[c];
      if (skip.count(static_cast<int>(c))) continue;
      if (!gis::valid_utf8(col.name) || (col.type == FieldType::String && !col.is_null(i) && !gis::valid_utf8(col.strings[i])))
        throw InputError({src.source, src.name, src.fids[i], col.name},
                         "text that is not UTF-8; give the source's encoding, e.g. ?encoding=CP1252");
    }
    throw InputError({src.source, src.name, src.fids[i], {}},
                     "text that is not UTF-8; give the source's encoding, e.g. ?encoding=CP1252");
  }
}

VectorLayer to_storage(const VectorLayer& in, std::vector<std::string>& warnings) {
  for (const auto& w : in.warnings) warnings.push_back(in.source + ": " + w);
  refuse_metres_as_degrees(in);
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

std::string list_some(const std::vector<std::string>& v, std::size_t n) {
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


}  // namespace detail
}  // namespace swsplan::layers
