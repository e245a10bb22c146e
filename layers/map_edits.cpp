#include "layers/map_edits.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "gis/core/error.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

namespace {

/// user_pwp_works as stored, or an empty line layer with its fields.
gis::VectorLayer read_works(const Project& project, const std::string& project_path) {
  gis::VectorLayer l;
  if (project.has(kUserPwpWorks)) {
    l = project.read(kUserPwpWorks);
    if (l.geom.kind != gis::GeometryKind::Line)
      throw gis::UsageError(std::string("layer '") + kUserPwpWorks + "' of " + project_path + " must hold lines");
    if (l.crs != "EPSG:4326")
      throw gis::UsageError(std::string("layer '") + kUserPwpWorks + "' of " + project_path +
                            " must be in EPSG:4326 (lon/lat)");
  } else {
    l.name = kUserPwpWorks;
    l.crs = "EPSG:4326";
    l.geom.kind = gis::GeometryKind::Line;
    l.add_column("work", gis::FieldType::String);
    l.add_column("road_class", gis::FieldType::String);
    l.add_column("name", gis::FieldType::String);
  }
  return l;
}

/// Great-circle distance in metres.
double dist_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double r = 6371008.8, d2r = M_PI / 180;
  const double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * d2r) * std::cos(lat2 * d2r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

/// Distance (m) from (lon, lat) to a segment, in a local equirectangular frame (segments of
/// a drawn road are short).
double seg_dist_m(double lon, double lat, double x0, double y0, double x1, double y1) {
  constexpr double d2r = M_PI / 180, r = 6371008.8;
  const double k = std::cos(lat * d2r);
  auto px = [&](double lo) { return (lo - lon) * d2r * r * k; };
  auto py = [&](double la) { return (la - lat) * d2r * r; };
  const double ax = px(x0), ay = py(y0), bx = px(x1), by = py(y1);
  const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(ax + t * dx, ay + t * dy);
}

gis::VectorLayer without_row(const gis::VectorLayer& l, std::size_t drop) {
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < l.size(); ++i)
    if (i != drop) keep.push_back(i);
  auto kept = gis::select_rows(l, keep);
  kept.name = l.name, kept.crs = l.crs;
  kept.geom.kind = l.geom.kind;
  return kept;
}

StoreOptions works_edit() {
  StoreOptions so;
  so.verb = "road works edit";
  return so;
}

}  // namespace

const std::vector<std::string>& pwp_road_classes() {
  static const std::vector<std::string> c{"pwp_track", "rural", "provincial", "national", "path"};
  return c;
}

std::int64_t add_user_work(const std::string& project_path, const std::vector<std::pair<double, double>>& lonlat,
                           const std::string& road_class, const std::string& name) {
  const auto& classes = pwp_road_classes();
  if (std::find(classes.begin(), classes.end(), road_class) == classes.end())
    throw gis::UsageError("unknown road class '" + road_class + "' for a drawn road work");
  std::vector<double> xs, ys;
  for (auto [x, y] : lonlat) {
    if (!std::isfinite(x) || !std::isfinite(y)) throw gis::UsageError("a drawn road work has a vertex outside the map");
    if (!xs.empty() && x == xs.back() && y == ys.back()) continue;  // a double-click repeats the last vertex
    xs.push_back(x), ys.push_back(y);
  }
  if (xs.size() < 2) throw gis::UsageError("a road work needs at least two distinct vertices");
  return run_and_store(project_path, works_edit(), [&](const Project& project, ProjectWriter& w) {
    auto l = read_works(project, project_path);
    std::int64_t next = 1;
    for (auto f : l.fids) next = std::max(next, f + 1);
    l.fids.push_back(next);
    l.geom.begin_part();
    l.geom.add_ring(xs.data(), ys.data(), xs.size());
    l.geom.end_feature();
    for (auto& c : l.columns) {
      if (c.name == "work")
        c.push(std::string("new"));
      else if (c.name == "road_class")
        c.push(road_class);
      else if (c.name == "name")
        c.push(name.empty() ? "Road work " + std::to_string(next) + " (drawn on the map)" : name);
      else
        c.push_null();
    }
    w.put(l, kUserPwpWorks);
    return next;
  });
}

bool remove_user_work_near(const std::string& project_path, double lon, double lat, double within_m) {
  return run_and_store(project_path, works_edit(), [&](const Project& project, ProjectWriter& w) {
    if (!project.has(kUserPwpWorks)) return false;
    const auto l = read_works(project, project_path);
    const auto& g = l.geom;
    std::optional<std::size_t> nearest;
    double best = within_m;
    for (std::size_t f = 0; f < l.size(); ++f)
      for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
        for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r)
          for (auto v = g.ring_offsets[r]; v < g.ring_offsets[r + 1]; ++v) {
            const bool last = v + 1 >= g.ring_offsets[r + 1];
            const double d = last ? dist_m(lon, lat, g.xs[v], g.ys[v])
                                  : seg_dist_m(lon, lat, g.xs[v], g.ys[v], g.xs[v + 1], g.ys[v + 1]);
            if (d <= best) best = d, nearest = f;
          }
    if (!nearest) return false;
    w.put(without_row(l, *nearest), kUserPwpWorks);
    return true;
  });
}

bool remove_user_works(const std::string& project_path, const std::vector<std::int64_t>& fids) {
  return run_and_store(project_path, works_edit(), [&](const Project& project, ProjectWriter& w) {
    if (!project.has(kUserPwpWorks)) return false;
    const auto l = read_works(project, project_path);
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (std::find(fids.begin(), fids.end(), l.fids[i]) == fids.end()) keep.push_back(i);
    if (keep.size() == l.size()) return false;
    auto kept = gis::select_rows(l, keep);
    kept.name = l.name, kept.crs = l.crs;
    kept.geom.kind = l.geom.kind;
    w.put(kept, kUserPwpWorks);
    return true;
  });
}

bool toggle_user_point(const std::string& project_path, const std::string& name, double lon, double lat,
                       double remove_within_m) {
  StoreOptions so;
  so.verb = "point edit";
  return run_and_store(project_path, so, [&](const Project& project, ProjectWriter& w) {
    const bool offices = name == kUserOffices;
    const std::string id_field = offices ? "office_id" : "id";
    gis::VectorLayer l;
    if (project.has(name)) {
      l = project.read(name);
      if (l.geom.kind != gis::GeometryKind::Point)
        throw gis::UsageError("layer '" + name + "' of " + project_path + " must hold points");
    } else {
      l.name = name;
      l.crs = "EPSG:4326";
      l.geom.kind = gis::GeometryKind::Point;
      l.add_column(id_field, gis::FieldType::String);
      l.add_column("name", gis::FieldType::String);
    }
    if (l.crs != "EPSG:4326") throw gis::UsageError("layer '" + name + "' must be in EPSG:4326 (lon/lat)");
    // Nearest point within the tolerance (haversine, metres).
    std::optional<std::size_t> nearest;
    double best = remove_within_m;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (auto xy = l.geom.first_xy(i)) {
        const double d = dist_m(lon, lat, xy->first, xy->second);
        if (d <= best) best = d, nearest = i;
      }
    const bool added = !nearest;
    if (nearest) {
      std::vector<std::size_t> keep;
      for (std::size_t i = 0; i < l.size(); ++i)
        if (i != *nearest) keep.push_back(i);
      auto kept = gis::select_rows(l, keep);
      kept.name = l.name, kept.crs = l.crs;
      l = std::move(kept);
    } else {
      std::int64_t next = 1;
      for (auto f : l.fids) next = std::max(next, f + 1);
      const std::string id = (offices ? "user_office_" : "user_cand_") + std::to_string(next);
      l.fids.push_back(next);
      l.geom.add_point(lon, lat);
      l.geom.end_feature();
      for (auto& c : l.columns) {
        if (c.name == id_field)
          c.push(id);
        else if (c.name == "name")
          c.push(std::string(offices ? "Office (placed on the map)" : "Candidate (placed on the map)"));
        else
          c.push_null();
      }
    }
    w.put(l, name);
    return added;
  });
}

}  // namespace swsplan::layers
