// The first steps of a siting run: the demand in scope, the sites (existing offices,
// candidates) and the matrix of travel costs between them.
#include "layers/detail/siting_steps.hpp"
#include "layers/network_access.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "gis/access/coverage.hpp"
#include "gis/access/graph.hpp"
#include "gis/access/nearest.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/locate/capacitated.hpp"
#include "gis/locate/cluster.hpp"
#include "gis/locate/exact.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/lscp.hpp"
#include "gis/locate/mclp.hpp"
#include "gis/locate/pmedian.hpp"
#include "gis/locate/vans.hpp"
#include "layers/access.hpp"
#include "layers/scenarios.hpp"
#include "layers/services.hpp"

namespace swsplan::layers::detail {

using gis::kNoId;
using gis::VectorLayer;

std::string SitingRun::commune_name(std::uint32_t c) const {
  return has_cname ? in.communes.column("name_en").text(c) : std::string();
}

std::string SitingRun::commune_district(std::uint32_t c) const {
  return has_adm2 ? in.communes.column("adm2_pcode").text(c) : in.communes.column("adm3_pcode").text(c).substr(0, 6);
}

void select_demand(SitingRun& run) {
  auto& project = run.project;
  auto& rq = run.rq;
  auto& R = run.R;
  auto& in = run.in;
  R.demand_source = in.basis.label();
  R.notes.push_back("demand: households and poor households from " + R.demand_source);
  auto& nc_all = run.nc_all;
  auto& nv_all = run.nv_all;
  // Communes in scope.
  auto& commune_in = run.commune_in;
  commune_in.assign(nc_all, 1);
  if (!rq.province.empty()) {
    const auto& a1 = in.communes.column("adm1_pcode");
    std::size_t n = 0;
    for (std::size_t c = 0; c < nc_all; ++c) n += (commune_in[c] = a1.text(c) == rq.province ? 1 : 0);
    if (n == 0)
      throw gis::UsageError("no commune has adm1_pcode '" + rq.province + "' (e.g. " +
                            (nc_all ? a1.text(0) : std::string("?")) + ")");
  }
  const auto& c_pcode = in.communes.column("adm3_pcode");

  // Villages in scope (demand).
  auto& vrow = run.vrow;
  for (std::size_t i = 0; i < nv_all; ++i)
    if (in.village_commune[i] != kNoId && commune_in[in.village_commune[i]]) vrow.push_back(static_cast<std::uint32_t>(i));
  if (vrow.empty()) throw gis::UsageError("no village lies in the communes in scope: nothing to site for");
  run.nv = vrow.size();
  const std::size_t nv = run.nv;
  auto &vx = run.vx, &vy = run.vy, &vlon = run.vlon, &vlat = run.vlat, &hh = run.hh, &poor = run.poor, &weight = run.weight;
  for (auto* v : {&vx, &vy, &vlon, &vlat, &hh, &poor, &weight}) v->assign(nv, 0.0);
  std::size_t poor_known = 0, hh_known = 0;
  for (std::size_t k = 0; k < nv; ++k) {
    const auto i = vrow[k];
    vx[k] = in.vx_m[i], vy[k] = in.vy_m[i], vlon[k] = in.vlon[i], vlat[k] = in.vlat[i];
    hh[k] = std::isfinite(in.households[i]) && in.households[i] > 0 ? in.households[i] : 0.0;
    hh_known += std::isfinite(in.households[i]);
    poor[k] = std::isfinite(in.poor[i]) && in.poor[i] > 0 ? in.poor[i] : 0.0;
    if (hh[k] > 0) poor[k] = std::min(poor[k], hh[k]);
    poor_known += std::isfinite(in.poor[i]);
  }
  if (rq.demand == SiteDemand::PoorHouseholds) {
    if (poor_known == 0)
      throw gis::UsageError("the villages in scope have no poor-household counts (poor_hh): import ID-Poor data or "
                            "use --demand households");
    weight = poor;
    if (poor_known < nv)
      R.notes.push_back(std::to_string(nv - poor_known) + " village(s) without a poor-household count weigh 0");
  } else if (rq.demand == SiteDemand::Households) {
    if (hh_known == 0) throw gis::UsageError("the villages in scope have no household counts");
    weight = hh;
  } else {
    if (!project.has(kGapClassesTable))
      throw gis::UsageError(std::string("--demand households_x_gaps needs the gap analysis table '") +
                            kGapClassesTable + "': run `swsplan analyze` first");
    const auto gaps = project.read(kGapClassesTable);
    std::map<std::string, double> gap_count;
    const auto& gp = gaps.column("adm3_pcode");
    const auto& gc = gaps.column("class");
    for (std::size_t r = 0; r < gaps.size(); ++r) {
      const auto cls = gc.text(r);
      if (cls == "unavailable" || cls == "unaffordable" || cls == "unavailable_unaffordable") gap_count[gp.text(r)] += 1;
    }
    for (std::size_t k = 0; k < nv; ++k) {
      auto it = gap_count.find(c_pcode.text(in.village_commune[vrow[k]]));
      weight[k] = hh[k] * (it == gap_count.end() ? 0.0 : it->second);
    }
  }
}

void collect_sites(SitingRun& run) {
  auto& project = run.project;
  auto& rq = run.rq;
  auto& R = run.R;
  auto& in = run.in;
  auto& nc_all = run.nc_all;
  auto& commune_in = run.commune_in;
  auto& vrow = run.vrow;
  auto& nv = run.nv;
  auto& vlon = run.vlon;
  auto& vlat = run.vlat;
  auto& hh = run.hh;
  const auto& c_pcode = in.communes.column("adm3_pcode");
  // Commune halls: a point inside each commune (no commune-hall layer exists in the data).
  auto &hlon = run.hlon, &hlat = run.hlat;
  gis::point_on_surface(in.communes, hlon, hlat);
  run.hx = hlon;
  run.hy = hlat;
  auto &hx = run.hx, &hy = run.hy;
  gis::Transformer(in.communes.crs, in.metric_crs).transform(hx, hy);
  gis::PolygonIndex commune_index(in.communes);

  // Sites: existing offices (fixed) first, then candidates.
  auto& sites = run.sites;
  auto locate_commune = [&](double lon, double lat) -> std::uint32_t {
    const auto c = commune_index.locate(lon, lat);
    return c < 0 ? kNoId : static_cast<std::uint32_t>(c);
  };
  auto add_points = [&](const VectorLayer& layer, bool existing, const std::vector<std::size_t>& rows,
                        const std::string& id_prefix) {
    if (layer.geom.kind != gis::GeometryKind::Point)
      throw gis::UsageError("layer '" + layer.name + "' must hold points");
    VectorLayer l4326 = layer.crs == "EPSG:4326" ? layer : gis::reproject(layer, "EPSG:4326");
    int idcol = -1;
    for (const char* f : {"office_id", "facility_id", "id", "name"})
      if ((idcol = layer.find(f)) >= 0) break;
    std::size_t skipped = 0;
    for (auto r : rows) {
      auto xy = l4326.geom.first_xy(r);
      if (!xy) {
        ++skipped;
        continue;
      }
      Site s;
      s.existing = existing;
      s.lon = xy->first, s.lat = xy->second;
      s.commune = locate_commune(s.lon, s.lat);
      if (s.commune == kNoId || !commune_in[s.commune]) continue;
      s.id = idcol >= 0 ? layer.columns[static_cast<std::size_t>(idcol)].text(r)
                        : id_prefix + std::to_string(layer.fids[r]);
      if (s.id.empty()) s.id = id_prefix + std::to_string(layer.fids[r]);
      s.label = run.commune_name(s.commune);
      sites.push_back(std::move(s));
    }
    if (skipped) R.notes.push_back(std::to_string(skipped) + " point(s) of " + layer.name + " have no geometry");
  };
  if (rq.existing.empty()) {
    std::vector<std::size_t> rows;
    for (std::size_t f = 0; f < in.facilities.size(); ++f)
      if (in.facility_service[f] == service_id(Service::SwsOffice)) rows.push_back(f);
    add_points(in.facilities, true, rows, "office_");
  } else {
    if (!project.has(rq.existing)) throw gis::UsageError("--existing: the project has no layer '" + rq.existing + "'");
    auto l = project.read(rq.existing);
    std::vector<std::size_t> rows(l.size());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    add_points(l, true, rows, "office_");
  }
  run.n_existing = static_cast<std::uint32_t>(sites.size());
  const std::uint32_t n_existing = run.n_existing;
  auto add_candidate = [&](double lon, double lat, std::uint32_t commune, std::string id) {
    Site s;
    s.lon = lon, s.lat = lat, s.commune = commune, s.id = std::move(id);
    s.label = commune == kNoId ? std::string() : run.commune_name(commune);
    sites.push_back(std::move(s));
  };
  if (rq.candidates == "communes") {
    for (std::uint32_t c = 0; c < nc_all; ++c)
      if (commune_in[c] && std::isfinite(hlon[c])) add_candidate(hlon[c], hlat[c], c, "hall_" + c_pcode.text(c));
  } else if (rq.candidates == "villages") {
    const auto& vc = in.villages.column("vil_code");
    for (std::size_t k = 0; k < nv; ++k)
      add_candidate(vlon[k], vlat[k], in.village_commune[vrow[k]], "village_" + vc.text(vrow[k]));
  } else if (rq.candidates == "districts") {
    // District town: the village with most households of each district in scope.
    std::map<std::string, std::size_t> best;
    for (std::size_t k = 0; k < nv; ++k) {
      const auto d = run.commune_district(in.village_commune[vrow[k]]);
      auto it = best.find(d);
      if (it == best.end() || hh[k] > hh[it->second]) best[d] = k;
    }
    const auto& vc = in.villages.column("vil_code");
    for (auto& [d, k] : best) add_candidate(vlon[k], vlat[k], in.village_commune[vrow[k]], "town_" + vc.text(vrow[k]));
    R.notes.push_back("district towns: the village with most households of each district");
  } else {
    if (!project.has(rq.candidates))
      throw gis::UsageError("--candidates must be communes, districts, villages or a point layer of the project; "
                            "there is no layer '" + rq.candidates + "'");
    auto l = project.read(rq.candidates);
    std::vector<std::size_t> rows(l.size());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    add_points(l, false, rows, "cand_");
  }
  run.n_sites = static_cast<std::uint32_t>(sites.size());
  const std::uint32_t n_sites = run.n_sites;
  run.n_cand = n_sites - n_existing;
  const std::uint32_t n_cand = run.n_cand;
  if (n_cand == 0 && rq.model != SiteModel::Lscp)
    throw gis::UsageError("no candidate site lies in the area in scope");
  {
    std::vector<double> sx(n_sites), sy(n_sites);
    for (std::uint32_t j = 0; j < n_sites; ++j) sx[j] = sites[j].lon, sy[j] = sites[j].lat;
    gis::Transformer("EPSG:4326", in.metric_crs).transform(sx, sy);
    for (std::uint32_t j = 0; j < n_sites; ++j) sites[j].x = sx[j], sites[j].y = sy[j];
  }
}

void compute_costs(SitingRun& run) {
  auto& rq = run.rq;
  auto& progress = run.progress;
  auto& R = run.R;
  auto& in = run.in;
  auto& nv = run.nv;
  auto& vx = run.vx;
  auto& vy = run.vy;
  auto& vlon = run.vlon;
  auto& vlat = run.vlat;
  auto& weight = run.weight;
  auto& sites = run.sites;
  auto& n_existing = run.n_existing;
  auto& n_sites = run.n_sites;
  auto& n_cand = run.n_cand;
  // Costs: matrix unit = seconds for a time threshold, metres for a distance.
  progress.report(0.1, "travel costs");
  run.is_time = rq.threshold.is_time;
  const bool is_time = run.is_time;
  run.thr = rq.threshold.value;
  const double thr = run.thr;
  run.mps = rq.speed_kmh / 3.6;
  const double mps = run.mps;
  run.wide = rq.model == SiteModel::Pmedian || rq.clusters;
  const bool wide = run.wide;
  run.max_cost = wide ? 2.0 * thr : thr;
  const double max_cost = run.max_cost;
  auto &sx = run.sx, &sy = run.sy, &slon = run.slon, &slat = run.slat;
  for (auto* v : {&sx, &sy, &slon, &slat}) v->assign(n_sites, 0.0);
  for (std::uint32_t j = 0; j < n_sites; ++j) sx[j] = sites[j].x, sy[j] = sites[j].y, slon[j] = sites[j].lon, slat[j] = sites[j].lat;
  gis::PointArrays demand_pts{vx, vy, vlon, vlat};
  gis::PointArrays site_pts{sx, sy, slon, slat};
  auto& M = run.M;
  if (n_sites == 0) {
    M.first.assign(nv + 1, 0);
  } else if (rq.mode == AccessMode::Line) {
    gis::FacilityIndex index(site_pts);
    M = gis::cost_matrix_straight_line(demand_pts, index, is_time ? max_cost * mps : max_cost, is_time ? rq.speed_kmh : 0.0,
                                       progress);
  } else {
    if (!in.roads_m) throw gis::UsageError("network mode needs a roads layer in the project: import one with --roads");
    // Door to door as swsplan access; straight walks longer than the matrix bound are not needed.
    const AnalysisSettings a = analysis_settings(run.project);
    RoadLines L = road_lines(*in.roads_m, a);
    auto net = gis::build_road_network(L.view(), progress);
    auto graph = gis::build_routing_graph(net, demand_pts, site_pts, network_snap_options(a, max_cost), progress);
    M = gis::cost_matrix_network(graph, max_cost, progress);
    std::size_t unsnapped = 0;
    for (auto n : graph.demand_node) unsnapped += n == kNoId;
    if (unsnapped)
      R.notes.push_back(std::to_string(unsnapped) + " village(s) are beyond the walking limits of every road and site");
    R.notes.push_back("network mode: van circuits and clusters use straight-line distance");
  }
  progress.report(0.3, "solving");

  auto& inst = run.inst;
  inst.demand_weight = weight;
  inst.candidate_count = n_sites;
  inst.first = M.first;
  inst.pair_candidate = M.facility;
  inst.pair_cost = M.cost;
  for (std::uint32_t j = 0; j < n_existing; ++j) inst.fixed_sites.push_back(j);
  inst.candidate_x_m = sx;
  inst.candidate_y_m = sy;
  if (rq.capacity) inst.capacity.assign(n_sites, *rq.capacity);
  if (inst.pair_count() == 0)
    throw gis::UsageError("no candidate site is within " + rq.threshold.str() + (wide ? " x 2" : "") +
                          " of any village: widen the threshold or give other candidates");

  auto& total_weight = run.total_weight;
  for (double w : weight) total_weight += w;

  auto& opt = run.opt;
  opt.p = rq.p;
  opt.cover_cost = thr;
  opt.min_spacing_m = rq.min_spacing_m;
  opt.time_limit_s = rq.time_limit_s;
  opt.allow_uncoverable = true;
  opt.unreachable_is_error = false;
  if (rq.model != SiteModel::Lscp && !rq.clusters && rq.p > n_cand)
    throw gis::UsageError("--p " + std::to_string(rq.p) + " is larger than the " + std::to_string(n_cand) +
                          " candidate sites in scope");
  if (rq.capacity && rq.model == SiteModel::Pmedian && *rq.capacity * (rq.p + n_existing) < total_weight)
    throw gis::UsageError("capacity below demand: " + std::to_string(rq.p + n_existing) + " offices x " +
                          std::to_string(*rq.capacity) + " < " + std::to_string(total_weight) +
                          " demand; raise --capacity or --p");
}

}  // namespace swsplan::layers::detail
