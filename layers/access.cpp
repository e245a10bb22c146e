#include "layers/access.hpp"
#include "layers/network_access.hpp"

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
#include "layers/detail/raster_surface.hpp"
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

// What every route to a ServiceAccess shares: the service's facilities with their supply,
// and the village weights.
struct Prepared {
  std::vector<double> fx, fy, flon, flat, supply;  ///< the service's facilities
  std::vector<double> poor_w, population;          ///< per village
  std::vector<char> commune_has_hh;                ///< per commune: some village has households
};

// Checks the settings against the season, finds the service's facilities and weighs the
// villages; the demand-basis notes come first in out.notes.
Prepared prepare(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                 const SeasonFriction& season, ServiceAccess& out) {
  out.settings = s;
  out.season = season.name;
  // Every figure names its source and year; communes left out are said, never counted as 0.
  out.notes.push_back("households and poor households: " + in.basis.label());
  if (!in.basis.communes_without_value.empty())
    out.notes.push_back(std::to_string(in.basis.communes_without_value.size()) + " commune(s) without a value in " +
                        in.basis.short_label() + ", e.g. " + in.basis.communes_without_value.front().pcode + " (" +
                        in.basis.communes_without_value.front().reason + ")");
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

  Prepared P;
  auto &fx = P.fx, &fy = P.fy, &flon = P.flon, &flat = P.flat, &supply = P.supply;
  fx.resize(nf), fy.resize(nf), flon.resize(nf), flat.resize(nf), supply.resize(nf);
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
  auto& commune_has_hh = P.commune_has_hh;
  commune_has_hh.assign(nc, 0);
  for (std::size_t i = 0; i < nv; ++i)
    if (in.village_commune[i] != kNoId && std::isfinite(in.households[i]) && in.households[i] > 0)
      commune_has_hh[in.village_commune[i]] = 1;
  out.weight.assign(nv, 0.0);
  auto &poor_w = P.poor_w, &population = P.population;
  poor_w.assign(nv, 0.0), population.assign(nv, 0.0);
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
  out.search_notes_from = out.notes.size();
  return P;
}

// The mode's search: cost and nearest facility of every village, capacity score, catchments
// (and in raster mode the surface), with the search's notes.
void search(const AccessInputs& in, const AnalysisSettings& a, const SeasonFriction& season, const Project* project,
            const Prepared& P, ServiceAccess& out, gis::Progress& progress) {
  const ServiceSettings& s = out.settings;
  const std::string sid = service_id(s.service);
  const std::size_t nv = in.villages.size(), nf = out.facility_rows.size();
  const auto &fx = P.fx, &fy = P.fy, &flon = P.flon, &flat = P.flat, &supply = P.supply, &population = P.population;
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
    // Door to door (docs/methods.md): the best of walking straight to a facility and
    // walking to the road + driving + walking from it, with the project's walking settings.
    RoadLines L = road_lines(*in.roads_m, a);
    auto net = gis::build_road_network(L.view(), progress);
    auto graph = gis::build_routing_graph(net, demand, fac, network_snap_options(a), progress);
    auto nn = gis::nearest_facility_network(graph, {}, kUnreachable, progress);
    for (std::size_t i = 0; i < nv; ++i) {
      if (nn.facility[i] == kNoId) continue;
      out.nearest[i] = out.facility_rows[nn.facility[i]];
      out.cost[i] = nn.time_s[i];
    }
    for (auto& n : network_notes(nn, in.villages, sid)) out.notes.push_back(std::move(n));
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
    // Cost surface over the villages' and facilities' extent plus a margin
    // (layers/detail/raster_surface.hpp).
    std::vector<double> ex(in.vx_m), ey(in.vy_m);
    ex.insert(ex.end(), fx.begin(), fx.end());
    ey.insert(ey.end(), fy.begin(), fy.end());
    auto surface = detail::raster_friction(in, a, season, project, ex, ey, out.notes, progress);
    const double cell = surface.cell_m, offroad = surface.offroad_kmh;
    const auto& flood = surface.flood;
    out.flood_cells = surface.flood_cells;
    const gis::Raster& friction = surface.friction;
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
}

// Coverage, households and capacity ratio per commune from the per-village results.
void summarise(const AccessInputs& in, const Prepared& P, ServiceAccess& out) {
  const std::size_t nv = in.villages.size(), nc = in.communes.size();
  const double thr = out.settings.threshold.value;
  const auto& poor_w = P.poor_w;
  const auto& commune_has_hh = P.commune_has_hh;
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
      out.basis[c] = !commune_has_hh[c] && in.basis.level == "commune"
                         ? in.basis.short_label() + ": no value for this commune"
                     : !commune_has_hh[c] ? "villages (no household counts)"
                     : in.basis.level == "commune"
                         ? in.basis.short_label() + (estimated[c] ? " commune total, equal shares over its villages"
                                                                  : " commune total, spread by village households")
                     : estimated[c] ? "households estimated (commune total split over villages)"
                                    : "households";
  }
  // With equal village weights, "population" above is zero for those villages, so their
  // capacity ratio says nothing: leave it unknown rather than 0.
  for (std::size_t c = 0; c < nc; ++c)
    if (!commune_has_hh[c]) out.capacity_ratio[c] = NAN;
}

}  // namespace

double road_speed_kmh(const std::string& s) { return AnalysisSettings{}.road_speed(s); }  // the defaults

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
  // One demand basis for every verb (layers/demand.hpp): households and poor households
  // from the chosen source, commune totals spread over the villages.
  const auto analysis = analysis_settings(p);
  std::size_t points_added = 0;
  in.basis = demand_basis_with_points(p, in.communes, in.villages, in.village_commune, analysis.demand_basis,
                                      &points_added);
  if (points_added > 0) point_arrays(in.villages, in.metric_crs, in.vx_m, in.vy_m, in.vlon, in.vlat);
  in.households = in.basis.village_households;
  in.poor = in.basis.village_poor;
  in.households_estimated.assign(in.basis.village_equal_share.begin(), in.basis.village_equal_share.end());
  if (in.basis.level == "village" && !analysis.households_fallback.empty()) {
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
  const Prepared P = prepare(in, s, a, season, out);
  search(in, a, season, project, P, out, progress);
  summarise(in, P, out);
  return out;
}

ServiceAccess access_from_results(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                                  AccessResults results) {
  const std::size_t nv = in.villages.size();
  if (results.cost.size() != nv || results.nearest.size() != nv || results.capacity_score.size() != nv)
    throw std::logic_error("access_from_results: per-village arrays do not match the villages");
  ServiceAccess out;
  const Prepared P = prepare(in, s, a, dry_season(), out);
  out.cost = std::move(results.cost);
  out.nearest = std::move(results.nearest);
  out.capacity_score = std::move(results.capacity_score);
  for (auto& n : results.search_notes) out.notes.push_back(std::move(n));
  summarise(in, P, out);
  return out;
}

}  // namespace swsplan::layers
