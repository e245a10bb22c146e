#include "layers/access.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "gis/access/costdist.hpp"
#include "gis/access/friction.hpp"
#include "gis/access/nearest.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/importers.hpp"
#include "layers/scenarios.hpp"

namespace swsplan::layers {

using gis::kNoId;
using gis::kUnreachable;
using gis::VectorLayer;

namespace {

void point_arrays(const VectorLayer& l, const std::string& metric, std::vector<double>& xm, std::vector<double>& ym,
                  std::vector<double>& lon, std::vector<double>& lat) {
  const std::size_t n = l.size();
  lon.assign(n, NAN);
  lat.assign(n, NAN);
  for (std::size_t i = 0; i < n; ++i)
    if (auto xy = l.geom.first_xy(i)) {
      lon[i] = xy->first;
      lat[i] = xy->second;
    }
  xm = lon;
  ym = lat;
  gis::Transformer(l.crs, metric).transform(xm, ym);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(xm[i]))
      throw gis::InputError({l.source, l.name, l.fids[i], "geometry"}, "point has no usable location");
}

std::vector<double> numbers(const VectorLayer& l, const std::string& field) {
  std::vector<double> v(l.size(), NAN);
  if (l.find(field) < 0) return v;
  const auto& c = l.column(field);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (auto x = c.number(i)) v[i] = *x;
  return v;
}

gis::Polylines polylines(const VectorLayer& l) {
  gis::Polylines out;
  const auto& g = l.geom;
  for (std::size_t r = 0; r + 1 < g.ring_offsets.size(); ++r) {
    for (auto i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
      out.xs.push_back(g.xs[i]);
      out.ys.push_back(g.ys[i]);
    }
    out.offsets.push_back(static_cast<std::uint32_t>(out.xs.size()));
  }
  return out;
}

std::string num_text(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

// Flood-prone cells of `grid` (1 = flood-prone): centres inside the communes whose
// flood_field is >= flood_threshold, or inside the polygons of flood_layer.
std::vector<std::uint8_t> flood_mask(const AccessInputs& in, const SeasonFriction& season, const Project* project,
                                     const gis::GridSpec& grid, std::vector<std::string>& notes,
                                     gis::Progress& progress) {
  std::vector<std::uint8_t> mask;
  std::vector<VectorLayer> polys;
  if (!season.flood_field.empty()) {
    const auto& com = in.communes;
    if (com.find(season.flood_field) < 0) {
      if (season.flood_field_required)
        throw gis::InputError({com.source, com.name, std::nullopt, season.flood_field},
                              "the communes layer has no field '" + season.flood_field +
                                  "' to mark flood-prone communes (give --flood-field a numeric communes field)");
      notes.push_back("season " + season.name + ": the communes have no field " + season.flood_field +
                      ", so no land is flood-prone (only the speed factors apply)");
    } else {
      const auto& c = com.column(season.flood_field);
      std::vector<std::size_t> rows;
      std::size_t valued = 0;
      for (std::size_t i = 0; i < com.size(); ++i)
        if (auto v = c.number(i)) {
          ++valued;
          if (*v >= season.flood_threshold) rows.push_back(i);
        }
      if (valued == 0 && com.size() > 0)
        throw gis::InputError({com.source, com.name, std::nullopt, season.flood_field},
                              "field '" + season.flood_field + "' holds no number in any commune");
      notes.push_back("season " + season.name + ": " + std::to_string(rows.size()) + " of " +
                      std::to_string(com.size()) + " communes flood-prone (" + season.flood_field +
                      " >= " + num_text(season.flood_threshold) + ")");
      if (!rows.empty()) polys.push_back(gis::reproject(gis::select_rows(com, rows), in.metric_crs));
    }
  }
  if (!season.flood_layer.empty()) {
    VectorLayer L;
    if (project && project->has(season.flood_layer)) {
      L = project->read(season.flood_layer);
    } else {
      auto [path, layer] = gis::split_source(season.flood_layer);
      gis::ReadOptions ro;
      ro.layer = layer;
      L = gis::read_vector(path, ro);
    }
    if (L.geom.kind != gis::GeometryKind::Polygon)
      throw gis::InputError({L.source, L.name, std::nullopt, "geometry"},
                            "flooded areas must be polygons (" + season.flood_layer + " is not a polygon layer)");
    if (L.crs.empty())
      throw gis::InputError({L.source, L.name, std::nullopt, "geometry"}, "flooded areas layer has no CRS");
    notes.push_back("season " + season.name + ": " + std::to_string(L.size()) + " flooded area polygon(s) from " +
                    season.flood_layer);
    if (L.size() > 0) polys.push_back(gis::reproject(L, in.metric_crs));
  }
  if (polys.empty()) return mask;
  mask.assign(grid.cells(), 0);
  for (const auto& P : polys) {
    const auto e = P.extent();
    if (!e.valid()) continue;
    gis::PolygonIndex index(P);
    const int c0 = std::max(0, static_cast<int>(std::floor((e.xmin - grid.x0) / grid.dx)));
    const int c1 = std::min(grid.width - 1, static_cast<int>(std::floor((e.xmax - grid.x0) / grid.dx)));
    const int r0 = std::max(0, static_cast<int>(std::floor((grid.y0 - e.ymax) / grid.dy)));
    const int r1 = std::min(grid.height - 1, static_cast<int>(std::floor((grid.y0 - e.ymin) / grid.dy)));
    for (int r = r0; r <= r1; ++r) {
      progress.check();
      const double y = grid.cell_centre_y(r);
      for (int c = c0; c <= c1; ++c) {
        auto& m = mask[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.width) + static_cast<std::size_t>(c)];
        if (!m && index.locate(grid.cell_centre_x(c), y) >= 0) m = 1;
      }
    }
  }
  return mask;
}

}  // namespace

double SeasonFriction::road_speed_factor(const std::string& c) const {
  return c == "national"     ? national_speed_factor
         : c == "provincial" ? provincial_speed_factor
         : c == "rural"      ? rural_speed_factor
         : c == "pwp_track"  ? pwp_track_speed_factor
                             : path_speed_factor;
}

nlohmann::ordered_json SeasonFriction::to_json() const {
  nlohmann::ordered_json j;
  j["name"] = name;
  j["offroad_speed_factor"] = offroad_speed_factor;
  j["road_speed_factors"] = {{"national", national_speed_factor},
                             {"provincial", provincial_speed_factor},
                             {"rural", rural_speed_factor},
                             {"pwp_track", pwp_track_speed_factor},
                             {"path", path_speed_factor}};
  j["flood_field"] = flood_field;
  j["flood_threshold"] = flood_threshold;
  j["flood_layer"] = flood_layer;
  j["flood_offroad_speed_factor"] = flood_offroad_speed_factor;
  return j;
}

SeasonFriction dry_season() { return {}; }

SeasonFriction wet_season() {
  SeasonFriction s;
  s.name = "wet";
  s.offroad_speed_factor = 0.5;
  s.national_speed_factor = 0.9;
  s.provincial_speed_factor = 0.8;
  s.rural_speed_factor = 0.6;
  s.pwp_track_speed_factor = 0.5;
  s.path_speed_factor = 0.5;
  s.flood_field = "wfp_flood_hazard_index";
  s.flood_threshold = 50;
  s.flood_field_required = false;
  s.flood_offroad_speed_factor = 0.25;
  return s;
}

std::optional<SeasonFriction> season_preset(const std::string& name) {
  if (name == "dry") return dry_season();
  if (name == "wet") return wet_season();
  return std::nullopt;
}

double road_speed_kmh(const std::string& s) {
  const gis::RoadClass c = s == "national"     ? gis::RoadClass::national
                           : s == "provincial" ? gis::RoadClass::provincial
                           : s == "rural"      ? gis::RoadClass::rural
                           : s == "pwp_track"  ? gis::RoadClass::pwp_track
                                               : gis::RoadClass::path;
  return gis::default_speed_kmh(c);
}

RoadLines road_lines(const VectorLayer& roads) {
  RoadLines L;
  const auto& g = roads.geom;
  const bool has_ow = roads.find("oneway") >= 0, has_br = roads.find("bridge") >= 0;
  const bool has_cls = roads.find("road_class") >= 0;
  for (std::size_t f = 0; f < g.features(); ++f) {
    const double sp = road_speed_kmh(has_cls ? roads.column("road_class").text(f) : "");
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
      const auto r = g.part_offsets[p];
      for (auto i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
        L.xs.push_back(g.xs[i]);
        L.ys.push_back(g.ys[i]);
      }
      L.first.push_back(static_cast<std::uint32_t>(L.xs.size()));
      L.speed.push_back(sp);
      L.oneway.push_back(has_ow ? static_cast<std::int8_t>(roads.column("oneway").number(f).value_or(0)) : 0);
      L.bridge.push_back(has_br ? static_cast<std::uint8_t>(roads.column("bridge").number(f).value_or(0) != 0) : 0);
    }
  }
  return L;
}

AccessInputs load_access_inputs(const Project& p, gis::Progress& progress) {
  AccessInputs in;
  progress.report(0.0, "loading layers");
  in.communes = p.read(names::kCommunes);
  in.villages = p.read(names::kVillages);
  in.facilities = p.read(names::kFacilities);
  in.metric_crs = gis::metric_crs_for(in.communes.extent());
  point_arrays(in.villages, in.metric_crs, in.vx_m, in.vy_m, in.vlon, in.vlat);
  point_arrays(in.facilities, in.metric_crs, in.fx_m, in.fy_m, in.flon, in.flat);
  std::map<std::string, std::uint32_t> commune_row;
  const auto& cc = in.communes.column("adm3_pcode");
  for (std::size_t i = 0; i < in.communes.size(); ++i) commune_row[cc.text(i)] = static_cast<std::uint32_t>(i);
  const auto& vc = in.villages.column("adm3_pcode");
  in.village_commune.assign(in.villages.size(), kNoId);
  for (std::size_t i = 0; i < in.villages.size(); ++i)
    if (auto it = commune_row.find(vc.text(i)); it != commune_row.end()) in.village_commune[i] = it->second;
  in.households = numbers(in.villages, "households");
  in.poor = numbers(in.villages, "poor_hh");
  in.households_estimated.assign(in.villages.size(), 0);
  const auto analysis = analysis_settings(p);
  if (!analysis.households_fallback.empty()) {
    const auto total = numbers(in.communes, in.communes.column(analysis.households_fallback).name);
    std::vector<std::uint32_t> nvil(in.communes.size(), 0), nknown(in.communes.size(), 0);
    for (std::size_t i = 0; i < in.villages.size(); ++i)
      if (auto c = in.village_commune[i]; c != kNoId) {
        ++nvil[c];
        nknown[c] += std::isfinite(in.households[i]) && in.households[i] > 0;
      }
    for (std::size_t i = 0; i < in.villages.size(); ++i) {
      auto c = in.village_commune[i];
      if (c == kNoId || nknown[c] > 0 || !std::isfinite(total[c]) || total[c] <= 0) continue;
      in.households[i] = total[c] / nvil[c];
      in.households_estimated[i] = 1;
    }
  }
  const auto& sv = in.facilities.column("service");
  for (std::size_t i = 0; i < in.facilities.size(); ++i) in.facility_service.push_back(sv.text(i));
  if (p.has(names::kRoads)) in.roads_m = gis::reproject(p.read(names::kRoads), in.metric_crs);
  if (p.has("water")) in.water_m = gis::reproject(p.read("water"), in.metric_crs);
  return in;
}

ServiceAccess compute_access(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                             gis::Progress& progress) {
  return compute_access(in, s, a, dry_season(), nullptr, progress);
}

ServiceAccess compute_access(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                             const SeasonFriction& season, const Project* project, gis::Progress& progress) {
  ServiceAccess out;
  out.settings = s;
  out.season = season.name;
  if (s.mode != AccessMode::Raster && (season.name != "dry" || season.has_flooding()))
    throw gis::UsageError("a season (" + season.name + ") changes the raster friction surface: use --mode raster");
  for (double f : {season.offroad_speed_factor, season.national_speed_factor, season.provincial_speed_factor,
                   season.rural_speed_factor, season.pwp_track_speed_factor, season.path_speed_factor,
                   season.flood_offroad_speed_factor})
    if (!std::isfinite(f) || f < 0)
      throw gis::UsageError("season " + season.name + ": speed factors must be numbers >= 0");
  const std::string sid = service_id(s.service);
  for (std::size_t i = 0; i < in.facility_service.size(); ++i)
    if (in.facility_service[i] == sid) out.facility_rows.push_back(static_cast<std::uint32_t>(i));
  const std::size_t nv = in.villages.size(), nc = in.communes.size(), nf = out.facility_rows.size();
  out.cost_is_time = s.threshold.is_time;
  if (s.mode != AccessMode::Line && !s.threshold.is_time)
    throw gis::UsageError(std::string(to_string(s.mode)) + " mode measures travel time: give a time threshold for " +
                          sid + " (e.g. 60min), not a distance");

  std::vector<double> fx(nf), fy(nf), flon(nf), flat(nf), supply(nf);
  const int cap_i = s.capacity_field.empty() ? -1 : in.facilities.find(s.capacity_field);
  if (!s.capacity_field.empty() && cap_i < 0)
    throw gis::InputError({in.facilities.source, in.facilities.name, std::nullopt, s.capacity_field},
                          "capacity_field of " + sid + " names a field the facilities layer does not have");
  for (std::size_t k = 0; k < nf; ++k) {
    const auto r = out.facility_rows[k];
    fx[k] = in.fx_m[r];
    fy[k] = in.fy_m[r];
    flon[k] = in.flon[r];
    flat[k] = in.flat[r];
    std::optional<double> cap;
    if (cap_i >= 0) cap = in.facilities.columns[static_cast<std::size_t>(cap_i)].number(r);
    supply[k] = cap && *cap > 0 ? *cap : s.people_per_facility;
  }
  // Weights: households where known; a commune with no household figure at all falls back
  // to equal village weights, and says so in its basis.
  std::vector<char> commune_has_hh(nc, 0);
  for (std::size_t i = 0; i < nv; ++i)
    if (in.village_commune[i] != kNoId && std::isfinite(in.households[i]) && in.households[i] > 0)
      commune_has_hh[in.village_commune[i]] = 1;
  out.weight.assign(nv, 0.0);
  std::vector<double> poor_w(nv, 0.0), population(nv, 0.0);
  for (std::size_t i = 0; i < nv; ++i) {
    const auto c = in.village_commune[i];
    const bool has = std::isfinite(in.households[i]) && in.households[i] > 0;
    out.weight[i] = has ? in.households[i] : (c != kNoId && !commune_has_hh[c] ? 1.0 : 0.0);
    // Counts are kept as published (more poor than households is flagged by the importer and
    // by the deprivation rate, never clipped here).
    poor_w[i] = std::isfinite(in.poor[i]) && has ? in.poor[i] : 0.0;
    // Equal village weights stand for villages, not people: they carry no population.
    population[i] = has ? out.weight[i] * a.persons_per_household : 0.0;
  }

  gis::PointArrays demand{in.vx_m, in.vy_m, in.vlon, in.vlat};
  gis::PointArrays fac{fx, fy, flon, flat};
  const double thr = s.threshold.value;
  const std::vector<gis::DecayBand> bands = {{thr / 3, 1.0}, {2 * thr / 3, 0.68}, {thr, 0.22}};
  gis::E2sfcaOptions eopt;
  eopt.bands = bands;
  out.cost.assign(nv, kUnreachable);
  out.nearest.assign(nv, kNoId);
  out.capacity_score.assign(nv, 0.0);

  if (nf > 0 && s.mode == AccessMode::Line) {
    gis::FacilityIndex index(fac);
    auto near = gis::nearest_facility(demand, index, progress);
    const double speed = s.threshold.is_time ? s.line_speed_kmh : 0.0;
    for (std::size_t i = 0; i < nv; ++i) {
      if (near.facility[i] == kNoId) continue;
      out.nearest[i] = out.facility_rows[near.facility[i]];
      out.cost[i] = speed > 0 ? near.distance_m[i] / (speed / 3.6) : near.distance_m[i];
    }
    const double max_m = s.threshold.is_time ? thr * speed / 3.6 : thr;
    auto m = gis::cost_matrix_straight_line(demand, index, max_m, speed, progress);
    auto e = gis::e2sfca(m, population, supply, eopt, progress);
    out.capacity_score = e.accessibility;
    gis::CatchmentOptions copt;
    copt.max_cost = thr;
    out.catchments = gis::capacity_catchments(m, population, supply, copt, progress);
  } else if (nf > 0 && s.mode == AccessMode::Network) {
    if (!in.roads_m)
      throw gis::UsageError("network mode for " + sid + " needs a roads layer: import one with --roads");
    RoadLines L = road_lines(*in.roads_m);
    auto net = gis::build_road_network(L.view(), progress);
    gis::SnapOptions snap;
    snap.tolerance_m = 10000;  // walk up to 10 km to the nearest road (2 h at 5 km/h)
    auto graph = gis::build_routing_graph(net, demand, fac, snap, progress);
    auto nn = gis::nearest_facility_network(graph, {}, kUnreachable, progress);
    for (std::size_t i = 0; i < nv; ++i) {
      if (nn.facility[i] == kNoId) continue;
      out.nearest[i] = out.facility_rows[nn.facility[i]];
      out.cost[i] = nn.time_s[i];
    }
    if (!nn.unsnapped_demand.empty())
      out.notes.push_back(std::to_string(nn.unsnapped_demand.size()) +
                          " village(s) are more than 10 km from any road: no network time");
    if (!nn.demand_on_component_without_facility.empty())
      out.notes.push_back(std::to_string(nn.demand_on_component_without_facility.size()) +
                          " village(s) sit on road pieces not connected to any " + sid);
    if (graph.report.component_count > 1)
      out.notes.push_back("the road network has " + std::to_string(graph.report.component_count) +
                          " disconnected parts");
    auto m = gis::cost_matrix_network(graph, thr, progress);
    auto e = gis::e2sfca(m, population, supply, eopt, progress);
    out.capacity_score = e.accessibility;
    gis::CatchmentOptions copt;
    copt.max_cost = thr;
    out.catchments = gis::capacity_catchments(m, population, supply, copt, progress);
  } else if (nf > 0 && s.mode == AccessMode::Raster) {
    // Cost surface over the villages' extent plus a margin: uniform off-road walking speed,
    // roads burnt in at their class speed, rivers impassable except where a road crosses.
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
    for (std::size_t i = 0; i < nv; ++i) {
      xmin = std::min(xmin, in.vx_m[i]), xmax = std::max(xmax, in.vx_m[i]);
      ymin = std::min(ymin, in.vy_m[i]), ymax = std::max(ymax, in.vy_m[i]);
    }
    for (std::size_t k = 0; k < nf; ++k) {
      xmin = std::min(xmin, fx[k]), xmax = std::max(xmax, fx[k]);
      ymin = std::min(ymin, fy[k]), ymax = std::max(ymax, fy[k]);
    }
    const double margin = 5000;
    xmin -= margin, ymin -= margin, xmax += margin, ymax += margin;
    double cell = a.raster_cell_m;
    if (cell <= 0) cell = std::max(100.0, std::ceil(std::sqrt((xmax - xmin) * (ymax - ymin) / 4e6) / 50.0) * 50.0);
    gis::Raster lc;
    lc.grid.width = static_cast<int>(std::ceil((xmax - xmin) / cell));
    lc.grid.height = static_cast<int>(std::ceil((ymax - ymin) / cell));
    lc.grid.x0 = xmin;
    lc.grid.y0 = ymax;
    lc.grid.dx = lc.grid.dy = cell;
    lc.grid.crs_wkt = gis::crs_to_wkt(in.metric_crs);
    lc.values.assign(lc.grid.cells(), 1.0);  // one land cover class: open land
    // Class 2: flood-prone land of the season (slower off-road, or impassable at factor 0).
    const auto flood = flood_mask(in, season, project, lc.grid, out.notes, progress);
    for (std::size_t c = 0; c < flood.size(); ++c)
      if (flood[c]) lc.values[c] = 2.0, ++out.flood_cells;
    gis::FrictionInputs fi;
    fi.land_cover = &lc;
    const double offroad = a.raster_offroad_kmh * season.offroad_speed_factor;
    const double flooded = offroad * season.flood_offroad_speed_factor;
    fi.speeds.add(1, offroad, offroad * 2.5, offroad * 4);
    fi.speeds.add(2, flooded, flooded * 2.5, flooded * 4);
    fi.mode = gis::TravelMode::walk;
    if (in.roads_m) {
      fi.roads = polylines(*in.roads_m);
      const auto& g = in.roads_m->geom;
      const bool has_cls = in.roads_m->find("road_class") >= 0;
      for (std::size_t f = 0; f < g.features(); ++f) {
        const std::string cls = has_cls ? in.roads_m->column("road_class").text(f) : std::string();
        for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
          fi.road_speed_kmh.push_back(road_speed_kmh(cls) * season.road_speed_factor(cls));
      }
    }
    if (in.water_m) {
      fi.barriers = polylines(*in.water_m);
      // Roads cross rivers on bridges: every cell both touch stays passable.
      std::vector<std::uint32_t> rc, wc;
      for (std::size_t l = 0; l < fi.roads.size(); ++l)
        for (auto i = fi.roads.offsets[l]; i + 1 < fi.roads.offsets[l + 1]; ++i)
          gis::supercover_cells(lc.grid, fi.roads.xs[i], fi.roads.ys[i], fi.roads.xs[i + 1], fi.roads.ys[i + 1], rc);
      for (std::size_t l = 0; l < fi.barriers.size(); ++l)
        for (auto i = fi.barriers.offsets[l]; i + 1 < fi.barriers.offsets[l + 1]; ++i)
          gis::supercover_cells(lc.grid, fi.barriers.xs[i], fi.barriers.ys[i], fi.barriers.xs[i + 1],
                                fi.barriers.ys[i + 1], wc);
      std::sort(rc.begin(), rc.end());
      std::sort(wc.begin(), wc.end());
      std::vector<std::uint32_t> both;
      std::set_intersection(rc.begin(), rc.end(), wc.begin(), wc.end(), std::back_inserter(both));
      both.erase(std::unique(both.begin(), both.end()), both.end());
      for (auto c : both) {
        fi.crossing_xs.push_back(lc.grid.cell_centre_x(static_cast<int>(c % static_cast<std::uint32_t>(lc.grid.width))));
        fi.crossing_ys.push_back(lc.grid.cell_centre_y(static_cast<int>(c / static_cast<std::uint32_t>(lc.grid.width))));
      }
    }
    auto friction = gis::build_friction_s_per_m(fi, progress);
    gis::CostSources src;
    for (std::size_t k = 0; k < nf; ++k)
      if (auto rcell = gis::cell_containing(friction.grid, fx[k], fy[k]))
        src.add(rcell->first, rcell->second, static_cast<std::int32_t>(k));
    gis::CostDistanceOptions copt;
    auto res = gis::cost_distance(friction, src, copt, progress);
    std::vector<double> catchment_pop(nf, 0.0);
    out.flood_prone.assign(nv, 0);
    out.cell_m = cell;
    for (std::size_t i = 0; i < nv; ++i) {
      auto c = gis::cell_containing(friction.grid, in.vx_m[i], in.vy_m[i]);
      if (!c) continue;
      if (!flood.empty())
        out.flood_prone[i] = flood[static_cast<std::size_t>(c->first) * friction.grid.width + c->second];
      const double t = res.time_s.at(c->first, c->second);
      const auto f = res.facility[static_cast<std::size_t>(c->first) * friction.grid.width + c->second];
      if (!std::isfinite(t) || f < 0) continue;
      out.cost[i] = t;
      out.nearest[i] = out.facility_rows[static_cast<std::size_t>(f)];
      if (t <= thr) catchment_pop[static_cast<std::size_t>(f)] += population[i];
    }
    // Capacity in raster mode: each facility's capacity over the people of its own
    // catchment (nearest facility within the threshold), a one-step floating catchment.
    for (std::size_t i = 0; i < nv; ++i) {
      if (out.nearest[i] == kNoId || out.cost[i] > thr) continue;
      std::size_t k = static_cast<std::size_t>(
          std::find(out.facility_rows.begin(), out.facility_rows.end(), out.nearest[i]) - out.facility_rows.begin());
      if (catchment_pop[k] > 0) out.capacity_score[i] = supply[k] / catchment_pop[k];
    }
    out.notes.push_back("raster: " + std::to_string(friction.grid.width) + " x " + std::to_string(friction.grid.height) +
                        " cells of " + std::to_string(static_cast<int>(cell)) + " m; off-road " +
                        std::to_string(offroad).substr(0, 4) + " km/h, roads at class speeds" +
                        (season.name == "dry" ? std::string() : " x the " + season.name + "-season factors") +
                        ", rivers impassable except at road crossings" +
                        (out.flood_cells ? "; " + std::to_string(out.flood_cells) + " flood-prone cells" : std::string()));
    {
      std::vector<std::uint32_t> fk(nv, kNoId);
      std::vector<double> fc(nv, 0.0);
      for (std::size_t i = 0; i < nv; ++i) {
        if (out.nearest[i] == kNoId || out.cost[i] > thr) continue;
        fk[i] = static_cast<std::uint32_t>(
            std::find(out.facility_rows.begin(), out.facility_rows.end(), out.nearest[i]) - out.facility_rows.begin());
        fc[i] = out.cost[i];
      }
      out.catchments = gis::catchments_from_assignment(fk, fc, population, static_cast<std::uint32_t>(nf));
    }
    out.time_raster = std::move(res.time_s);
    out.allocation = std::move(res.facility);
  }
  if (nf == 0) out.notes.push_back("no " + sid + " in the project: nothing is within reach");

  // Coverage per commune (weights: households where known, else equal village weights).
  out.coverage = gis::coverage_by_group(out.cost, thr, out.weight, poor_w, in.village_commune,
                                        static_cast<std::uint32_t>(nc));
  out.capacity_ratio.assign(nc, NAN);
  out.basis.assign(nc, "");
  out.villages_in_commune.assign(nc, 0);
  std::vector<double> num(nc, 0.0), den(nc, 0.0);
  std::vector<char> estimated(nc, 0);
  for (std::size_t i = 0; i < nv; ++i)
    if (in.village_commune[i] != kNoId && in.households_estimated[i]) estimated[in.village_commune[i]] = 1;
  out.households.assign(nc, NAN);
  out.poor_households.assign(nc, NAN);
  for (std::size_t i = 0; i < nv; ++i) {
    const auto c = in.village_commune[i];
    if (c == kNoId) continue;
    if (std::isfinite(in.households[i]) && in.households[i] > 0) {
      out.households[c] = (std::isnan(out.households[c]) ? 0.0 : out.households[c]) + in.households[i];
      out.poor_households[c] = (std::isnan(out.poor_households[c]) ? 0.0 : out.poor_households[c]) + poor_w[i];
    }
    ++out.villages_in_commune[c];
    num[c] += out.weight[i] * out.capacity_score[i];
    den[c] += out.weight[i];
  }
  for (std::size_t c = 0; c < nc; ++c) {
    if (den[c] > 0) out.capacity_ratio[c] = num[c] / den[c];
    if (out.villages_in_commune[c] > 0)
      out.basis[c] = !commune_has_hh[c] ? "villages (no household counts)"
                     : estimated[c]     ? "households estimated (commune total split over villages)"
                                        : "households";
  }
  // With equal village weights, "population" above is zero for those villages, so their
  // capacity ratio says nothing: leave it unknown rather than 0.
  for (std::size_t c = 0; c < nc; ++c)
    if (!commune_has_hh[c]) out.capacity_ratio[c] = NAN;
  return out;
}

namespace {
gis::Column col(const std::string& n, gis::FieldType t) {
  gis::Column c;
  c.name = n;
  c.type = t;
  return c;
}
}  // namespace

VectorLayer village_access_table(const AccessInputs& in, const ServiceAccess& a) {
  VectorLayer t;
  t.name = std::string("access_") + service_id(a.settings.service);
  auto vc = col("vil_code", gis::FieldType::String), cc = col("adm3_pcode", gis::FieldType::String),
       hh = col("households", gis::FieldType::Real), nf = col("nearest_facility", gis::FieldType::String),
       cost = col(a.cost_is_time ? "time_min" : "distance_km", gis::FieldType::Real),
       within = col("within_threshold", gis::FieldType::Integer), cap = col("capacity_score", gis::FieldType::Real);
  const auto& fid = in.facilities.column("facility_id");
  for (std::size_t i = 0; i < in.villages.size(); ++i) {
    t.fids.push_back(static_cast<std::int64_t>(i + 1));
    t.geom.add_empty_feature();
    vc.push(in.villages.column("vil_code").text(i));
    cc.push(in.villages.column("adm3_pcode").text(i));
    std::isfinite(in.households[i]) ? hh.push(in.households[i]) : hh.push_null();
    a.nearest[i] == kNoId ? nf.push_null() : nf.push(fid.text(a.nearest[i]));
    if (std::isfinite(a.cost[i]))
      cost.push(std::round((a.cost_is_time ? a.cost[i] / 60 : a.cost[i] / 1000) * 1000) / 1000);
    else
      cost.push_null();
    within.push(static_cast<std::int64_t>(a.cost[i] <= a.settings.threshold.value));
    cap.push(a.capacity_score[i]);
  }
  t.columns = {vc, cc, hh, nf, cost, within, cap};
  return t;
}

VectorLayer catchment_layer(const AccessInputs& in, const ServiceAccess& a, gis::Progress& progress) {
  VectorLayer t;
  t.name = std::string("catchments_") + service_id(a.settings.service);
  t.crs = in.metric_crs;
  t.geom.kind = gis::GeometryKind::Polygon;
  auto id = col("facility_id", gis::FieldType::String), nm = col("name", gis::FieldType::String),
       served = col("people_served", gis::FieldType::Real), left = col("capacity_left", gis::FieldType::Real),
       far = col(a.cost_is_time ? "farthest_min" : "farthest_km", gis::FieldType::Real);
  if (!a.catchments || a.facility_rows.empty()) {
    t.columns = {id, nm, served, left, far};
    return gis::reproject(t, kStorageCrs);
  }
  const std::size_t nf = a.facility_rows.size();
  std::vector<double> fx(nf), fy(nf);
  for (std::size_t k = 0; k < nf; ++k) {
    fx[k] = in.fx_m[a.facility_rows[k]];
    fy[k] = in.fy_m[a.facility_rows[k]];
  }
  gis::PointArrays demand{in.vx_m, in.vy_m, {}, {}};
  gis::PointArrays fac{fx, fy, {}, {}};
  auto wkb = gis::catchment_polygons_wkb(*a.catchments, demand, fac, {}, progress);
  const auto& fid = in.facilities.column("facility_id");
  const int name_i = in.facilities.find("name");
  for (std::size_t k = 0; k < nf; ++k) {
    const auto r = a.facility_rows[k];
    t.fids.push_back(static_cast<std::int64_t>(k + 1));
    gis::append_wkb(t.geom, wkb[k].data(), wkb[k].size());
    id.push(fid.text(r));
    name_i >= 0 ? nm.push(in.facilities.columns[static_cast<std::size_t>(name_i)].text(r)) : nm.push_null();
    served.push(a.catchments->covered_demand[k]);
    std::isfinite(a.catchments->capacity_left[k]) ? left.push(a.catchments->capacity_left[k]) : left.push_null();
    far.push(a.catchments->catchment_max_cost[k] / (a.cost_is_time ? 60.0 : 1000.0));
  }
  t.columns = {id, nm, served, left, far};
  return gis::reproject(t, kStorageCrs);
}

VectorLayer commune_access_table(const AccessInputs& in, const ServiceAccess& a) {
  VectorLayer t;
  t.name = std::string("access_") + service_id(a.settings.service) + "_communes";
  auto pc = col("adm3_pcode", gis::FieldType::String), hh = col("households", gis::FieldType::Real),
       poor = col("poor_hh", gis::FieldType::Real), cov = col("coverage_0_1", gis::FieldType::Real),
       covp = col("coverage_poor_0_1", gis::FieldType::Real), cap = col("capacity_ratio", gis::FieldType::Real),
       basis = col("basis", gis::FieldType::String), nvil = col("villages", gis::FieldType::Integer);
  for (std::size_t c = 0; c < in.communes.size(); ++c) {
    t.fids.push_back(static_cast<std::int64_t>(c + 1));
    t.geom.add_empty_feature();
    pc.push(in.communes.column("adm3_pcode").text(c));
    std::isfinite(a.households[c]) ? hh.push(a.households[c]) : hh.push_null();
    std::isfinite(a.poor_households[c]) ? poor.push(a.poor_households[c]) : poor.push_null();
    std::isfinite(a.coverage.share_covered_0_1[c]) ? cov.push(a.coverage.share_covered_0_1[c]) : cov.push_null();
    std::isfinite(a.coverage.share_poor_covered_0_1[c]) ? covp.push(a.coverage.share_poor_covered_0_1[c])
                                                        : covp.push_null();
    std::isfinite(a.capacity_ratio[c]) ? cap.push(a.capacity_ratio[c]) : cap.push_null();
    a.basis[c].empty() ? basis.push_null() : basis.push(a.basis[c]);
    nvil.push(static_cast<std::int64_t>(a.villages_in_commune[c]));
  }
  t.columns = {pc, hh, poor, cov, covp, cap, basis, nvil};
  return t;
}


namespace {
// Poor households of a village as counted by coverage: known only where households are.
double village_poor(const AccessInputs& in, std::size_t i) {
  const bool has = std::isfinite(in.households[i]) && in.households[i] > 0;
  return has && std::isfinite(in.poor[i]) ? in.poor[i] : NAN;
}
double rounded_cost(const ServiceAccess& a, double c) {
  return std::round((a.cost_is_time ? c / 60 : c / 1000) * 1000) / 1000;
}
}  // namespace

VectorLayer access_scenario_villages(const AccessInputs& in, const ServiceAccess& a) {
  VectorLayer t;
  t.name = "access_villages";
  auto vc = col("vil_code", gis::FieldType::String), cc = col("adm3_pcode", gis::FieldType::String),
       hh = col("households", gis::FieldType::Real), poor = col("poor_hh", gis::FieldType::Real),
       nf = col("nearest_facility", gis::FieldType::String),
       cost = col(a.cost_is_time ? "time_min" : "distance_km", gis::FieldType::Real),
       within = col("within_threshold", gis::FieldType::Integer), fl = col("flood_prone", gis::FieldType::Integer),
       cap = col("capacity_score", gis::FieldType::Real);
  const auto& fid = in.facilities.column("facility_id");
  for (std::size_t i = 0; i < in.villages.size(); ++i) {
    t.fids.push_back(static_cast<std::int64_t>(i + 1));
    t.geom.add_empty_feature();
    vc.push(in.villages.column("vil_code").text(i));
    cc.push(in.villages.column("adm3_pcode").text(i));
    std::isfinite(in.households[i]) ? hh.push(in.households[i]) : hh.push_null();
    const double p = village_poor(in, i);
    std::isfinite(p) ? poor.push(p) : poor.push_null();
    a.nearest[i] == kNoId ? nf.push_null() : nf.push(fid.text(a.nearest[i]));
    std::isfinite(a.cost[i]) ? cost.push(rounded_cost(a, a.cost[i])) : cost.push_null();
    within.push(static_cast<std::int64_t>(a.cost[i] <= a.settings.threshold.value));
    a.flood_prone.empty() ? fl.push_null() : fl.push(static_cast<std::int64_t>(a.flood_prone[i]));
    cap.push(a.capacity_score[i]);
  }
  t.columns = {vc, cc, hh, poor, nf, cost, within, fl, cap};
  return t;
}

VectorLayer access_scenario_communes(const AccessInputs& in, const ServiceAccess& a) {
  VectorLayer t = commune_access_table(in, a);
  t.name = "access_communes";
  const std::size_t nc = in.communes.size();
  std::vector<double> hw(nc, 0.0), pw(nc, 0.0), cost(nc, 0.0), cw(nc, 0.0);
  std::vector<char> any(nc, 0);
  for (std::size_t i = 0; i < in.villages.size(); ++i) {
    const auto c = in.village_commune[i];
    if (c == kNoId || !(std::isfinite(in.households[i]) && in.households[i] > 0)) continue;
    any[c] = 1;
    const double p = village_poor(in, i);
    if (a.cost[i] <= a.settings.threshold.value) hw[c] += in.households[i], pw[c] += std::isfinite(p) ? p : 0.0;
    if (std::isfinite(a.cost[i])) cost[c] += in.households[i] * a.cost[i], cw[c] += in.households[i];
  }
  auto hcol = col("households_within", gis::FieldType::Real), pcol = col("poor_within", gis::FieldType::Real),
       mcol = col(a.cost_is_time ? "mean_time_min" : "mean_distance_km", gis::FieldType::Real);
  for (std::size_t c = 0; c < nc; ++c) {
    any[c] ? hcol.push(hw[c]) : hcol.push_null();
    any[c] ? pcol.push(pw[c]) : pcol.push_null();
    cw[c] > 0 ? mcol.push(rounded_cost(a, cost[c] / cw[c])) : mcol.push_null();
  }
  t.columns.push_back(hcol);
  t.columns.push_back(pcol);
  t.columns.push_back(mcol);
  return t;
}

void stage_access_scenario(const Project& project, const std::string& name, const AccessInputs& in,
                           const ServiceAccess& a, const SeasonFriction& season, ProjectWriter& w, bool replace) {
  const auto rows = begin_scenario_store(project, name, w, replace);
  auto vt = access_scenario_villages(in, a);
  auto ct = access_scenario_communes(in, a);
  vt.name = access_scenario_layer(name, "villages");
  ct.name = access_scenario_layer(name, "communes");
  w.put(vt, vt.name);
  w.put(ct, ct.name);

  double hh = 0, cov = 0, poor = 0, covp = 0;
  for (std::size_t c = 0; c < a.coverage.group_count(); ++c) {
    if (!std::isfinite(a.households[c])) continue;  // equal village weights there: not households
    hh += a.coverage.households[c];
    cov += a.coverage.covered_households[c];
    poor += a.coverage.poor_households[c];
    covp += a.coverage.covered_poor_households[c];
  }
  std::size_t flood_villages = 0;
  for (auto f : a.flood_prone) flood_villages += f;
  nlohmann::ordered_json settings;
  settings["kind"] = kAccessModel;
  settings["service"] = service_id(a.settings.service);
  settings["mode"] = to_string(a.settings.mode);
  settings["threshold"] = a.settings.threshold.str();
  settings["season"] = season.to_json();
  if (a.cell_m > 0) settings["cell_m"] = a.cell_m;
  settings["metric_crs"] = in.metric_crs;
  settings["facilities"] = a.facility_rows.size();
  settings["households"] = hh;
  settings["households_covered"] = cov;
  settings["poor_households"] = poor;
  settings["poor_households_covered"] = covp;
  settings["flood_prone_villages"] = flood_villages;
  settings["notes"] = a.notes;

  auto out = scenarios_table_keeping(rows);
  ScenarioEntry e;
  e.name = name;
  e.model = kAccessModel;
  e.p = 0;
  e.threshold = a.settings.threshold.str();
  e.demand = "households";
  e.objective = cov;
  e.covered_poor_after = covp;
  e.created_at = w.timestamp().empty() ? utc_now_iso() : w.timestamp();
  e.settings = settings.dump();
  append_scenario_row(out, e);
  w.put(out, kScenariosTable);
  Provenance prov;
  prov.layer = vt.name;
  prov.source = "swsplan access";
  prov.rows = vt.size();
  prov.notes = "access scenario " + name + ": " + settings["service"].get<std::string>() + ", " +
               settings["mode"].get<std::string>() + ", threshold " + a.settings.threshold.str() + ", season " +
               season.name;
  w.add_provenance(prov);
}

}  // namespace swsplan::layers
