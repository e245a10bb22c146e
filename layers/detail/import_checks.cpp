// Checks that refuse or flag wrong data on import: units, ring closure, point locations,
// geometry repairs, and placing stored points again in re-imported communes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/overlap.hpp"
#include "layers/detail/import_util.hpp"

namespace swsplan::layers::detail {

using gis::Column;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string xy(double x, double y) { return "(" + fmt("%.6g", x) + ", " + fmt("%.6g", y) + ")"; }

// Feature f named by its code when there is one: "KH010202 (feature 1)".
std::string feature_name(const VectorLayer& l, std::size_t f, const Column* code) {
  const std::string id = "feature " + std::to_string(l.fids[f]);
  if (!code || code->is_null(f)) return id;
  return code->text(f) + " (" + id + ")";
}

}  // namespace

void refuse_metres_as_degrees(const VectorLayer& in) {
  if (in.geom.xs.empty() || in.crs.empty()) return;
  if (!gis::describe_crs(in.crs).geographic) return;
  // Degrees never exceed 180 / 90; a projected grid over Cambodia runs to hundreds of
  // thousands of metres (UTM 48N: x 200,000-800,000, y 1,000,000-1,650,000). Swapped
  // lon/lat stay within 180 and are diagnosed elsewhere.
  std::size_t metric = 0;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  const std::size_t n = in.geom.xs.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = in.geom.xs[i], y = in.geom.ys[i];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    xmin = std::min(xmin, x), xmax = std::max(xmax, x), ymin = std::min(ymin, y), ymax = std::max(ymax, y);
    metric += std::abs(x) > 360.0 || std::abs(y) > 180.0;
  }
  if (metric == 0) return;
  std::ostringstream os;
  os << "these coordinates look like metres, not degrees: " << metric << " of " << n
     << " vertices lie beyond 180 degrees of longitude or 90 of latitude (x " << fmt("%.0f", xmin) << " to "
     << fmt("%.0f", xmax) << ", y " << fmt("%.0f", ymin) << " to " << fmt("%.0f", ymax) << "), but the source says "
     << in.crs << " (degrees). State the projected CRS they are in, e.g. crs=EPSG:32648 (UTM zone 48N, usual for "
     << "Cambodia) for a CSV with x=/y= columns, or reproject the file";
  throw InputError({in.source, in.name, std::nullopt, "geometry"}, os.str());
}

void require_closed_rings(const VectorLayer& in, const Column* code, const std::string& what) {
  if (in.geom.kind != GeometryKind::Polygon) return;
  const auto& g = in.geom;
  for (std::size_t f = 0; f < g.features(); ++f)
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
      for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
        const auto a = g.ring_offsets[r], b = g.ring_offsets[r + 1];
        if (b == a) continue;
        if (g.xs[a] == g.xs[b - 1] && g.ys[a] == g.ys[b - 1] && b - a >= 4) continue;
        const std::string ring = r == g.part_offsets[p] ? "outer ring" : "hole " + std::to_string(r - g.part_offsets[p]);
        const std::string part = g.feature_offsets[f + 1] - g.feature_offsets[f] > 1
                                     ? " of part " + std::to_string(p - g.feature_offsets[f] + 1)
                                     : "";
        std::string why = b - a < 4 ? "has only " + std::to_string(b - a) + " vertices (a closed ring needs 4)"
                                    : "is not closed: it starts at " + xy(g.xs[a], g.ys[a]) + " but ends at " +
                                          xy(g.xs[b - 1], g.ys[b - 1]);
        throw InputError({in.source, in.name, in.fids[f], "geometry"},
                         "the " + ring + part + " of " + what + " " + feature_name(in, f, code) + " " + why +
                             "; close the ring in the source (repeat its first vertex at the end) and import again");
      }
}

void require_points_in_country(const VectorLayer& ll, const VectorLayer& src, const std::string& what) {
  const gis::Extent box = cambodia_extent();
  std::vector<std::string> zero, outside;
  std::int64_t first_zero = -1, first_out = -1;
  for (std::size_t i = 0; i < ll.size(); ++i) {
    const auto p = ll.geom.first_xy(i);
    const auto s = src.geom.first_xy(i);
    if (!p) continue;
    if ((s && s->first == 0 && s->second == 0) || (p->first == 0 && p->second == 0)) {
      if (first_zero < 0) first_zero = src.fids[i];
      zero.push_back(std::to_string(src.fids[i]));
      continue;
    }
    if (p->first < box.xmin || p->first > box.xmax || p->second < box.ymin || p->second > box.ymax) {
      if (first_out < 0) first_out = src.fids[i];
      outside.push_back(std::to_string(src.fids[i]) + " at lon/lat " + xy(p->first, p->second));
    }
  }
  if (!zero.empty())
    throw InputError({src.source, src.name, first_zero, "geometry"},
                     std::to_string(zero.size()) + " " + what + " at (0, 0) (features " + list_some(zero) +
                         "): a missing location written as zeros; give their real coordinates or leave them out");
  if (!outside.empty()) {
    std::ostringstream os;
    os << std::to_string(outside.size()) << " " << what << " outside Cambodia (lon " << box.xmin << " to " << box.xmax
       << ", lat " << box.ymin << " to " << box.ymax << "): features " << list_some(outside, 5)
       << "; check their coordinates and CRS";
    throw InputError({src.source, src.name, first_out, "geometry"}, os.str());
  }
}

void check_repairs(const gis::RepairReport& repairs, const std::vector<double>& before_m2,
                   const VectorLayer& after_metric, const Column& codes, const std::string& what,
                   std::vector<std::string>& warnings) {
  if (repairs.repaired.empty()) return;
  std::map<std::int64_t, std::size_t> row_of;
  for (std::size_t i = 0; i < after_metric.size(); ++i) row_of[after_metric.fids[i]] = i;
  const std::vector<double> after_m2 = gis::areas(after_metric);
  std::vector<std::size_t> rows;
  for (const auto& r : repairs.repaired) {
    auto it = row_of.find(r.fid);
    if (it == row_of.end()) continue;
    rows.push_back(it->second);
  }
  auto km2 = [](double m2) { return fmt("%.3f", m2 / 1e6) + " km²"; };
  auto areas_of = [&](std::size_t i) {
    return "area " + km2(before_m2[i]) + " as drawn, " + km2(after_m2[i]) + " repaired";
  };
  // A repair that puts a polygon on its neighbour is wrong whatever its area: refuse. A
  // sliver of noding (below 0.01 % of the polygon) is not an overlap.
  for (const auto& o : gis::overlaps_with_others(after_metric, rows, 0.0)) {
    if (o.area <= 1e-4 * std::max(after_m2[o.feature], 1.0)) continue;
    throw InputError({after_metric.source, after_metric.name, after_metric.fids[o.feature], "geometry"},
                     what + " " + feature_name(after_metric, o.feature, &codes) +
                         " is invalid, and its repair would overlap " + what + " " +
                         feature_name(after_metric, o.other, &codes) + " by " + km2(o.area) + " (" +
                         areas_of(o.feature) + "); fix the polygon in the source (a hole outside its shell, or a " +
                         "ring crossing a neighbour) and import again");
  }
  for (std::size_t i : rows) {
    const double b = before_m2[i], a = after_m2[i];
    if (std::abs(a - b) <= 0.01 * std::max(b, 1.0)) continue;
    const std::string change = b > 0 ? fmt("%+.1f %%", 100.0 * (a - b) / b) : "from nothing";
    warnings.push_back(after_metric.source + ": " + what + " " + feature_name(after_metric, i, &codes) +
                       ": the repair changed its area by more than 1 % (" + change + "; " + areas_of(i) +
                       "): check the boundary");
  }
}

}  // namespace swsplan::layers::detail

namespace swsplan::layers {

using namespace detail;

JoinReport place_again_in_communes(VectorLayer& points_ll, const VectorLayer& communes_ll, const std::string& what,
                                   double max_snap_m, gis::Progress& progress) {
  JoinReport rep;
  const auto where = locate_in_communes(points_ll, communes_ll, what, rep, max_snap_m, progress);
  rep.name = what + " -> re-imported communes (location)";
  const Column& cc = communes_ll.column("adm3_pcode");
  Column& adm3 = points_ll.column("adm3_pcode");
  const int d_i = points_ll.find("adm2_pcode"), p_i = points_ll.find("adm1_pcode");
  Column out3(adm3.name, gis::FieldType::String), out2("adm2_pcode", gis::FieldType::String),
         out1("adm1_pcode", gis::FieldType::String);
  std::size_t moved = 0;
  for (std::size_t i = 0; i < points_ll.size(); ++i) {
    if (where[i] < 0) {
      moved += !adm3.is_null(i);
      out3.push_null(), out2.push_null(), out1.push_null();
      continue;
    }
    const std::string pc = cc.text(static_cast<std::size_t>(where[i]));
    moved += adm3.is_null(i) || adm3.text(i) != pc;
    out3.push(pc);
    out2.push(*parent_pcode(pc, AdminLevel::District));
    out1.push(*parent_pcode(pc, AdminLevel::Province));
  }
  adm3 = std::move(out3);
  if (d_i >= 0) points_ll.columns[static_cast<std::size_t>(d_i)] = std::move(out2);
  if (p_i >= 0) points_ll.columns[static_cast<std::size_t>(p_i)] = std::move(out1);
  rep.notes.push_back(std::to_string(moved) + " of " + std::to_string(points_ll.size()) + " " + what +
                      " changed commune: the stored " + what + " were placed again in the new communes");
  return rep;
}

}  // namespace swsplan::layers
