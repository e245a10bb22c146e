#include "app/gui/pwp_jobs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "app/gui/prepared_layer.hpp"
#include "gis/core/error.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

namespace {
// The writer lease of a read-modify-write edit or run: held from before it reads the project
// until after its commit, so another process's update in between is never lost.
layers::WriterLease edit_lease(const std::string& project_path, const char* verb,
                               const gis::Progress* progress = nullptr) {
  layers::LeaseOptions o;
  o.verb = verb;
  o.progress = progress;
  return layers::WriterLease::acquire(project_path, o);
}
}  // namespace

namespace {

/// user_pwp_works as stored, or an empty line layer with its fields.
gis::VectorLayer read_works(const layers::Project& project, const std::string& project_path) {
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

void write_works(const std::string& project_path, const gis::VectorLayer& l) {
  layers::ProjectWriter w(project_path);
  w.put(l, kUserPwpWorks);
  w.commit();
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
  const auto lease = edit_lease(project_path, "road works edit");
  auto project = layers::Project::open(project_path);
  auto l = read_works(project, project_path);
  std::int64_t next = 1;
  for (auto f : l.fids) next = std::max(next, f + 1);
  l.fids.push_back(next);
  l.geom.begin_part();
  l.geom.add_ring(xs.data(), ys.data(), xs.size());
  l.geom.end_feature();
  for (auto& c : l.columns) {
    if (c.name == "work") c.push(std::string("new"));
    else if (c.name == "road_class") c.push(road_class);
    else if (c.name == "name") c.push(name.empty() ? "Road work " + std::to_string(next) + " (drawn on the map)" : name);
    else c.push_null();
  }
  write_works(project_path, l);
  return next;
}

bool remove_user_work_near(const std::string& project_path, double lon, double lat, double within_m) {
  const auto lease = edit_lease(project_path, "road works edit");
  auto project = layers::Project::open(project_path);
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
  write_works(project_path, without_row(l, *nearest));
  return true;
}

bool remove_user_works(const std::string& project_path, const std::vector<std::int64_t>& fids) {
  const auto lease = edit_lease(project_path, "road works edit");
  auto project = layers::Project::open(project_path);
  if (!project.has(kUserPwpWorks)) return false;
  const auto l = read_works(project, project_path);
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < l.size(); ++i)
    if (std::find(fids.begin(), fids.end(), l.fids[i]) == fids.end()) keep.push_back(i);
  if (keep.size() == l.size()) return false;
  auto kept = gis::select_rows(l, keep);
  kept.name = l.name, kept.crs = l.crs;
  kept.geom.kind = l.geom.kind;
  write_works(project_path, kept);
  return true;
}

layers::PwpResult run_pwp_scenario(const std::string& project_path, const layers::PwpRequest& rq, bool replace,
                                   gis::Progress& progress) {
  layers::validate_scenario_name(rq.scenario);
  const auto lease = edit_lease(project_path, "pwp", &progress);
  auto project = layers::Project::open(project_path);
  if (!replace)
    for (const auto& s : layers::list_scenarios(project))
      if (s.name == rq.scenario)
        throw gis::UsageError("scenario '" + rq.scenario + "' already exists in " + project_path +
                              ": pick another name or tick 'Replace'");
  auto r = layers::run_pwp(project, rq, progress);
  layers::ProjectWriter w(project_path);
  layers::stage_pwp(project, r, w, replace);
  progress.check();  // a cancel during staging: nothing written
  w.commit();
  return r;
}

std::string pwp_summary_text(const layers::PwpResult& r) { return r.to_text(); }

layers::ScenarioDiff run_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                 const std::string& service, gis::Progress& progress) {
  progress.report(0.05, "comparing " + a + " with " + b);
  const auto lease = edit_lease(project_path, "compare", &progress);
  auto project = layers::Project::open(project_path);
  layers::CompareOptions opt;
  opt.service = service;
  auto d = layers::compare_scenarios_full(project, a, b, opt);
  progress.report(0.8, "storing " + d.difference_layer.name);
  layers::ProjectWriter w(project_path);
  w.put(d.difference_layer, d.difference_layer.name);
  progress.check();
  w.commit();  // point of no return: no report()/check() after it (a late Cancel must not say "not changed")
  return d;
}

std::string compare_summary_text(const layers::ScenarioDiff& d) { return d.to_text(); }

gis::VectorLayer pwp_gain_layer(const layers::PwpResult& r, const PreparedLayer& communes) {
  const auto& C = communes.data;
  const int pc = C.find("adm3_pcode");
  if (pc < 0) throw gis::UsageError("layer communes has no field adm3_pcode");
  std::map<std::string, std::size_t> row;
  for (std::size_t i = 0; i < C.size(); ++i) row[C.columns[std::size_t(pc)].text(i)] = i;
  // Communes of the result, in communes-layer order.
  std::map<std::string, std::map<std::string, const layers::PwpGain*>> by_commune;  // pcode -> service -> gain
  std::map<std::string, std::string> names;
  for (const auto& c : r.communes) by_commune[c.adm3_pcode][c.gain.service] = &c.gain, names[c.adm3_pcode] = c.name;
  std::vector<std::size_t> rows;
  for (const auto& [code, _] : by_commune)
    if (auto it = row.find(code); it != row.end()) rows.push_back(it->second);
  std::sort(rows.begin(), rows.end());
  gis::VectorLayer out = gis::select_rows(C, rows);
  out.name = layers::pwp_layer(r.request.scenario, "gain");
  out.crs = C.crs;
  out.geom.kind = C.geom.kind;
  gis::Column code("adm3_pcode", gis::FieldType::String), name("name", gis::FieldType::String);
  std::vector<gis::Column> cols;
  for (std::size_t i : rows) {
    const std::string k = C.columns[std::size_t(pc)].text(i);
    code.push(k);
    name.push(names[k]);
  }
  cols.push_back(code);
  cols.push_back(name);
  for (const auto& s : r.services) {
    gis::Column hh("households_gained_" + s.service, gis::FieldType::Real),
                poor("poor_gained_" + s.service, gis::FieldType::Real),
                net("net_poor_" + s.service, gis::FieldType::Real);
    for (std::size_t i : rows) {
      const auto& m = by_commune[C.columns[std::size_t(pc)].text(i)];
      auto it = m.find(s.service);
      if (it == m.end()) {
        hh.push_null(), poor.push_null(), net.push_null();
        continue;
      }
      hh.push(it->second->households_gained);
      poor.push(it->second->poor_gained);
      net.push(it->second->poor_gained - it->second->poor_lost);
    }
    cols.push_back(hh), cols.push_back(poor), cols.push_back(net);
  }
  out.columns = std::move(cols);
  return out;
}

}  // namespace swsplan::gui
