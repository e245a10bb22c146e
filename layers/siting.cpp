#include "layers/siting.hpp"

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

namespace swsplan::layers {

using gis::kNoId;
using gis::VectorLayer;

const char* to_string(SiteModel m) {
  switch (m) {
    case SiteModel::Mclp: return "mclp";
    case SiteModel::Lscp: return "lscp";
    case SiteModel::Pmedian: return "pmedian";
  }
  return "?";
}

std::optional<SiteModel> parse_site_model(const std::string& s) {
  if (s == "mclp") return SiteModel::Mclp;
  if (s == "lscp") return SiteModel::Lscp;
  if (s == "pmedian" || s == "p-median" || s == "p_median") return SiteModel::Pmedian;
  return std::nullopt;
}

const char* to_string(SiteDemand d) {
  switch (d) {
    case SiteDemand::PoorHouseholds: return "poor_households";
    case SiteDemand::Households: return "households";
    case SiteDemand::HouseholdsTimesGaps: return "households_x_gaps";
  }
  return "?";
}

std::optional<SiteDemand> parse_site_demand(const std::string& s) {
  if (s == "poor_households" || s == "poor") return SiteDemand::PoorHouseholds;
  if (s == "households") return SiteDemand::Households;
  if (s == "households_x_gaps" || s == "gaps") return SiteDemand::HouseholdsTimesGaps;
  return std::nullopt;
}

nlohmann::json SitingRequest::to_json() const {
  nlohmann::json j;
  j["model"] = clusters ? "clusters" : to_string(model);
  j["p"] = p;
  j["threshold"] = threshold.str();
  j["speed_kmh"] = speed_kmh;
  j["mode"] = layers::to_string(mode);
  j["demand"] = to_string(demand);
  j["candidates"] = candidates;
  j["existing"] = existing.empty() ? std::string("facilities:sws_office") : existing;
  j["province"] = province;
  j["min_spacing_m"] = min_spacing_m;
  j["capacity"] = capacity ? nlohmann::json(*capacity) : nlohmann::json();
  if (clusters) j["clusters"] = std::to_string(cluster_min) + "-" + std::to_string(cluster_max);
  j["van_days_per_commune"] = van_days_per_commune;
  j["van_cycle_days"] = van_cycle_days;
  j["exact"] = exact;
  return j;
}

namespace {

gis::Column col(const std::string& n, gis::FieldType t) {
  gis::Column c;
  c.name = n;
  c.type = t;
  return c;
}


// A site: an existing office (fixed) or a candidate.
struct Site {
  std::string id, label;
  bool existing = false;
  double x = 0, y = 0, lon = 0, lat = 0;
  std::uint32_t commune = kNoId;  // row of AccessInputs::communes
};

// Nearest open site of a matrix row.
std::pair<std::uint32_t, double> nearest_open(const gis::CostMatrix& m, std::uint32_t i,
                                              const std::vector<char>& open) {
  std::uint32_t best = kNoId;
  double bc = gis::kUnreachable;
  for (auto k = m.first[i]; k < m.first[i + 1]; ++k)
    if (open[m.facility[k]] && m.cost[k] < bc) {
      bc = m.cost[k];
      best = m.facility[k];
    }
  return {best, bc};
}

double pair_cost(const gis::CostMatrix& m, std::uint32_t i, std::uint32_t site) {
  for (auto k = m.first[i]; k < m.first[i + 1]; ++k)
    if (m.facility[k] == site) return m.cost[k];
  return gis::kUnreachable;
}

}  // namespace

SitingResult run_siting(const Project& project, const SitingRequest& rq, gis::Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  validate_scenario_name(rq.scenario);
  SitingResult R;
  R.request = rq;
  if (rq.mode != AccessMode::Line && rq.mode != AccessMode::Network)
    throw gis::UsageError("siting supports --mode line or network");
  if (rq.mode == AccessMode::Network && !rq.threshold.is_time)
    throw gis::UsageError("network mode measures travel time: give a time threshold (e.g. 60min), not a distance");
  if (!(rq.threshold.value > 0)) throw gis::UsageError("the threshold must be positive");
  if (!rq.threshold.is_time) {
  } else if (!(rq.speed_kmh > 0)) {
    throw gis::UsageError("the straight-line speed must be positive");
  }
  if (rq.model != SiteModel::Lscp && !rq.clusters && rq.p == 0 && !rq.exact)
    throw gis::UsageError("--p must be at least 1");
  if (rq.capacity && !(*rq.capacity > 0)) throw gis::UsageError("--capacity must be positive");
  if (rq.capacity && rq.model == SiteModel::Lscp)
    throw gis::UsageError("--capacity applies to the mclp and pmedian models, not lscp");
  if (rq.capacity && rq.clusters)
    throw gis::UsageError("--capacity does not apply to cluster mode (each office serves its cluster of communes "
                          "whatever their demand): drop --capacity, or use --model mclp or pmedian with --capacity");
  if (rq.clusters && rq.candidates != "communes")
    throw gis::UsageError("cluster mode puts one office in a commune hall of each cluster: use --candidates communes");
  if (rq.clusters && (rq.cluster_min < 1 || rq.cluster_max < rq.cluster_min || rq.cluster_max > 5))
    throw gis::UsageError("--clusters must be MIN-MAX with 1 <= MIN <= MAX <= 5, e.g. 2-3");

  AccessInputs in = load_access_inputs(project, progress);
  R.metric_crs = in.metric_crs;
  progress.report(0.05, "preparing demand");
  const std::size_t nc_all = in.communes.size(), nv_all = in.villages.size();

  // Communes in scope.
  std::vector<char> commune_in(nc_all, 1);
  if (!rq.province.empty()) {
    const auto& a1 = in.communes.column("adm1_pcode");
    std::size_t n = 0;
    for (std::size_t c = 0; c < nc_all; ++c) n += (commune_in[c] = a1.text(c) == rq.province ? 1 : 0);
    if (n == 0)
      throw gis::UsageError("no commune has adm1_pcode '" + rq.province + "' (e.g. " +
                            (nc_all ? a1.text(0) : std::string("?")) + ")");
  }
  const auto& c_pcode = in.communes.column("adm3_pcode");
  const bool has_cname = in.communes.find("name_en") >= 0;
  auto commune_name = [&](std::uint32_t c) { return has_cname ? in.communes.column("name_en").text(c) : std::string(); };
  const bool has_adm2 = in.communes.find("adm2_pcode") >= 0;
  auto commune_district = [&](std::uint32_t c) {
    return has_adm2 ? in.communes.column("adm2_pcode").text(c) : c_pcode.text(c).substr(0, 6);
  };

  // Villages in scope (demand).
  std::vector<std::uint32_t> vrow;
  for (std::size_t i = 0; i < nv_all; ++i)
    if (in.village_commune[i] != kNoId && commune_in[in.village_commune[i]]) vrow.push_back(static_cast<std::uint32_t>(i));
  if (vrow.empty()) throw gis::UsageError("no village lies in the communes in scope: nothing to site for");
  const std::size_t nv = vrow.size();
  std::vector<double> vx(nv), vy(nv), vlon(nv), vlat(nv), hh(nv), poor(nv), weight(nv);
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

  // Commune halls: a point inside each commune (no commune-hall layer exists in the data).
  std::vector<double> hlon, hlat;
  gis::point_on_surface(in.communes, hlon, hlat);
  std::vector<double> hx = hlon, hy = hlat;
  gis::Transformer(in.communes.crs, in.metric_crs).transform(hx, hy);
  gis::PolygonIndex commune_index(in.communes);

  // Sites: existing offices (fixed) first, then candidates.
  std::vector<Site> sites;
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
      s.label = commune_name(s.commune);
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
  const std::uint32_t n_existing = static_cast<std::uint32_t>(sites.size());
  auto add_candidate = [&](double lon, double lat, std::uint32_t commune, std::string id) {
    Site s;
    s.lon = lon, s.lat = lat, s.commune = commune, s.id = std::move(id);
    s.label = commune == kNoId ? std::string() : commune_name(commune);
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
      const auto d = commune_district(in.village_commune[vrow[k]]);
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
  const std::uint32_t n_sites = static_cast<std::uint32_t>(sites.size());
  const std::uint32_t n_cand = n_sites - n_existing;
  if (n_cand == 0 && rq.model != SiteModel::Lscp)
    throw gis::UsageError("no candidate site lies in the area in scope");
  {
    std::vector<double> sx(n_sites), sy(n_sites);
    for (std::uint32_t j = 0; j < n_sites; ++j) sx[j] = sites[j].lon, sy[j] = sites[j].lat;
    gis::Transformer("EPSG:4326", in.metric_crs).transform(sx, sy);
    for (std::uint32_t j = 0; j < n_sites; ++j) sites[j].x = sx[j], sites[j].y = sy[j];
  }

  // Costs: matrix unit = seconds for a time threshold, metres for a distance.
  progress.report(0.1, "travel costs");
  const bool is_time = rq.threshold.is_time;
  const double thr = rq.threshold.value;
  const double mps = rq.speed_kmh / 3.6;
  const bool wide = rq.model == SiteModel::Pmedian || rq.clusters;
  const double max_cost = wide ? 2.0 * thr : thr;
  std::vector<double> sx(n_sites), sy(n_sites), slon(n_sites), slat(n_sites);
  for (std::uint32_t j = 0; j < n_sites; ++j) sx[j] = sites[j].x, sy[j] = sites[j].y, slon[j] = sites[j].lon, slat[j] = sites[j].lat;
  gis::PointArrays demand_pts{vx, vy, vlon, vlat};
  gis::PointArrays site_pts{sx, sy, slon, slat};
  gis::CostMatrix M;
  if (n_sites == 0) {
    M.first.assign(nv + 1, 0);
  } else if (rq.mode == AccessMode::Line) {
    gis::FacilityIndex index(site_pts);
    M = gis::cost_matrix_straight_line(demand_pts, index, is_time ? max_cost * mps : max_cost, is_time ? rq.speed_kmh : 0.0,
                                       progress);
  } else {
    if (!in.roads_m) throw gis::UsageError("network mode needs a roads layer in the project: import one with --roads");
    RoadLines L = road_lines(*in.roads_m);
    auto net = gis::build_road_network(L.view(), progress);
    gis::SnapOptions snap;
    snap.tolerance_m = 10000;  // as swsplan access: walk up to 10 km to the nearest road
    auto graph = gis::build_routing_graph(net, demand_pts, site_pts, snap, progress);
    M = gis::cost_matrix_network(graph, max_cost, progress);
    std::size_t unsnapped = 0;
    for (auto n : graph.demand_node) unsnapped += n == kNoId;
    if (unsnapped) R.notes.push_back(std::to_string(unsnapped) + " village(s) are more than 10 km from any road");
    R.notes.push_back("network mode: van circuits and clusters use straight-line distance");
  }
  progress.report(0.3, "solving");

  gis::locate::Instance inst;
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

  double total_weight = 0;
  for (double w : weight) total_weight += w;

  gis::locate::Options opt;
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

  std::vector<char> open(n_sites, 0);
  std::vector<std::uint32_t> forced(nv, kNoId);  // assignment imposed by the model (capacity, clusters)
  bool use_forced = false;
  std::vector<std::uint32_t> cluster_of_commune(nc_all, kNoId);
  gis::locate::ClusterSolution cs;
  std::vector<std::uint32_t> unit_commune;  // cluster unit -> commune row
  std::vector<std::uint32_t> cluster_site;  // per cluster, site index of its office
  auto prog = progress.sub(0.3, 0.85);
  if (!rq.clusters) {
    gis::locate::Solution sol;
    try {
      if (rq.exact) {
        gis::locate::Model m = rq.model == SiteModel::Mclp ? (rq.capacity ? gis::locate::Model::capacitated_mclp
                                                                           : gis::locate::Model::mclp)
                               : rq.model == SiteModel::Lscp ? gis::locate::Model::lscp
                               : (rq.capacity ? gis::locate::Model::capacitated_pmedian : gis::locate::Model::pmedian);
        sol = gis::locate::solve_exact(inst, m, opt, prog);
      } else if (rq.capacity) {
        sol = gis::locate::solve_capacitated(inst,
                                             rq.model == SiteModel::Mclp ? gis::locate::Model::capacitated_mclp
                                                                         : gis::locate::Model::capacitated_pmedian,
                                             opt, prog);
      } else if (rq.model == SiteModel::Mclp) {
        sol = gis::locate::solve_mclp(inst, opt, prog);
      } else if (rq.model == SiteModel::Lscp) {
        sol = gis::locate::solve_lscp(inst, opt, prog);
        // The greedy cover can be far from the optimum (Siem Reap, 60 min: 17 vs 12 offices)
        // while the covering MILP is easy at province size: try CBC within the time limit
        // and keep the better answer.
        if (sol.gap_0_1 > 0 && inst.pair_count() <= 300000) {
          gis::locate::Solution ex;
          try {
            ex = gis::locate::solve_exact(inst, gis::locate::Model::lscp, opt, prog);
          } catch (const gis::locate::Infeasible&) {
            ex.objective = INFINITY;  // e.g. uncoverable villages: keep the heuristic's partial cover
          }
          if (!std::isfinite(ex.objective)) {
          } else if (ex.objective < sol.objective || (ex.objective == sol.objective && ex.bound > sol.bound)) {
            ex.method = "MILP (COIN-OR CBC) after " + sol.method + " found " +
                        std::to_string(static_cast<long>(sol.objective)) + " offices";
            sol = std::move(ex);
          } else {
            sol.bound = std::max(sol.bound, ex.bound);
            sol.gap_0_1 = gis::locate::relative_gap(sol.objective, sol.bound);
          }
        }
      } else {
        sol = gis::locate::solve_pmedian(inst, opt, prog);
      }
    } catch (const gis::locate::Infeasible& e) {
      throw gis::UsageError(std::string("the request is infeasible: ") + e.what());
    }
    for (auto s : sol.sites) open[s] = 1;
    R.objective = sol.objective;
    R.bound = sol.bound;
    R.gap_0_1 = sol.gap_0_1;
    R.proven_optimal = sol.proven_optimal;
    R.method = sol.method;
    const std::string wname = rq.demand == SiteDemand::PoorHouseholds ? "poor households"
                              : rq.demand == SiteDemand::Households  ? "households"
                                                                     : "households x gaps";
    R.objective_unit = rq.model == SiteModel::Mclp   ? wname + " covered"
                       : rq.model == SiteModel::Lscp ? "new offices"
                                                     : wname + " x " + (is_time ? "seconds" : "metres");
    if (rq.capacity) {
      use_forced = true;
      forced = sol.assignment;
    }
    if (rq.model == SiteModel::Lscp && !sol.unreachable.empty())
      R.notes.push_back(std::to_string(sol.unreachable.size()) +
                        " village(s) are beyond the threshold of every candidate: LSCP covers the rest");
    if (rq.model == SiteModel::Mclp && rq.capacity && *rq.capacity * (rq.p + n_existing) < total_weight)
      R.notes.push_back("capacity below demand: the offices can serve at most " +
                        std::to_string(*rq.capacity * (rq.p + n_existing)) + " of " + std::to_string(total_weight));
  } else {
    // Cluster mode: units = communes in scope with their hall as office site.
    std::vector<std::uint32_t> commune_unit(nc_all, kNoId), hall_site(nc_all, kNoId);
    for (std::uint32_t j = n_existing; j < n_sites; ++j) hall_site[sites[j].commune] = j;
    for (std::uint32_t c = 0; c < nc_all; ++c)
      if (commune_in[c] && hall_site[c] != kNoId) {
        commune_unit[c] = static_cast<std::uint32_t>(unit_commune.size());
        unit_commune.push_back(c);
      }
    const std::uint32_t nu = static_cast<std::uint32_t>(unit_commune.size());
    gis::locate::ClusterInput ci;
    ci.unit_weight.assign(nu, 0.0);
    std::map<std::string, std::uint32_t> group_id;
    std::vector<std::string> group_name;
    for (auto c : unit_commune) {
      const auto d = commune_district(c);
      if (group_id.emplace(d, static_cast<std::uint32_t>(group_name.size())).second) group_name.push_back(d);
      ci.unit_group.push_back(group_id[d]);
    }
    std::vector<std::vector<std::uint32_t>> unit_villages(nu);
    for (std::uint32_t k = 0; k < nv; ++k) {
      const auto u = commune_unit[in.village_commune[vrow[k]]];
      if (u == kNoId) continue;
      unit_villages[u].push_back(k);
      ci.unit_weight[u] += weight[k];
    }
    // Adjacency of the communes in scope, in the metric CRS (simplified polygons: 50 m
    // tolerance, at least 100 m of shared boundary).
    std::vector<std::size_t> rows(unit_commune.begin(), unit_commune.end());
    auto poly = gis::reproject(gis::select_rows(in.communes, rows), in.metric_crs);
    auto adj = gis::polygon_adjacency(poly, 50.0, 100.0, progress);
    ci.adj_first = adj.first;
    ci.adj_target = adj.target;
    // Cost of serving commune u from the hall of commune v (same district): the weighted mean
    // straight-line cost of u's villages (the hall-to-hall cost when u has no weight).
    auto line_cost = [&](double ax, double ay, double bx, double by) {
      const double d = std::hypot(ax - bx, ay - by);
      return is_time ? d / mps : d;
    };
    ci.cost_first.push_back(0);
    for (std::uint32_t u = 0; u < nu; ++u) {
      for (std::uint32_t v = 0; v < nu; ++v) {
        if (ci.unit_group[u] != ci.unit_group[v]) continue;
        const auto& h = sites[hall_site[unit_commune[v]]];
        double c = 0;
        if (ci.unit_weight[u] > 0) {
          for (auto k : unit_villages[u]) c += weight[k] * line_cost(vx[k], vy[k], h.x, h.y);
          c /= ci.unit_weight[u];
        } else {
          const auto& hu = sites[hall_site[unit_commune[u]]];
          c = line_cost(hu.x, hu.y, h.x, h.y);
        }
        ci.cost_target.push_back(v);
        ci.cost.push_back(c);
      }
      ci.cost_first.push_back(static_cast<std::uint32_t>(ci.cost_target.size()));
    }
    gis::locate::ClusterOptions co;
    co.min_size = rq.cluster_min;
    co.max_size = rq.cluster_max;
    co.time_limit_s = rq.time_limit_s;
    cs = gis::locate::solve_clusters(ci, co, prog);
    // Offices: an existing office inside a cluster serves it; otherwise a new one at the hall
    // of the cluster's office commune.
    for (std::uint32_t j = 0; j < n_existing; ++j) open[j] = 1;
    for (const auto& cl : cs.clusters) {
      std::uint32_t site = hall_site[unit_commune[cl.office_unit]];
      for (std::uint32_t j = 0; j < n_existing; ++j)
        if (std::any_of(cl.units.begin(), cl.units.end(), [&](std::uint32_t u) { return unit_commune[u] == sites[j].commune; })) {
          site = j;
          break;
        }
      open[site] = 1;
      cluster_site.push_back(site);
      for (auto u : cl.units) cluster_of_commune[unit_commune[u]] = static_cast<std::uint32_t>(cluster_site.size() - 1);
    }
    use_forced = true;
    for (std::uint32_t k = 0; k < nv; ++k) {
      const auto cl = cluster_of_commune[in.village_commune[vrow[k]]];
      if (cl != kNoId) forced[k] = cluster_site[cl];
    }
    R.objective = cs.objective;
    R.proven_optimal = cs.heuristic_groups.empty();
    R.bound = R.proven_optimal ? cs.objective : NAN;
    R.gap_0_1 = R.proven_optimal ? 0.0 : NAN;
    R.method = cs.method;
    R.objective_unit = std::string(to_string(rq.demand)) + " x " + (is_time ? "seconds" : "metres") + " (straight line)";
    for (const auto& ig : cs.infeasible) {
      std::string units;
      for (auto u : ig.units) units += (units.empty() ? "" : ",") + c_pcode.text(unit_commune[u]);
      R.infeasible_districts.push_back(group_name[ig.group] + " [" + units + "]: " + ig.reason);
    }
    if (!cs.heuristic_groups.empty())
      R.notes.push_back(std::to_string(cs.heuristic_groups.size()) +
                        " district(s) solved by the greedy fallback: no optimality proof there");
  }
  progress.report(0.85, "reporting");

  // Assignment and coverage.
  std::vector<char> open_existing(n_sites, 0);
  for (std::uint32_t j = 0; j < n_existing; ++j) open_existing[j] = 1;
  std::vector<std::uint32_t> assigned(nv, kNoId);
  std::vector<double> acost(nv, gis::kUnreachable);
  std::vector<char> covered_before(nv, 0), covered_after(nv, 0);
  for (std::uint32_t k = 0; k < nv; ++k) {
    auto [b, bc] = nearest_open(M, k, open_existing);
    covered_before[k] = b != kNoId && bc <= thr;
    auto [a, ac] = nearest_open(M, k, open);
    covered_after[k] = a != kNoId && ac <= thr;
    if (use_forced && forced[k] != kNoId) {
      a = forced[k];
      ac = pair_cost(M, k, a);
      if (!std::isfinite(ac) && rq.mode == AccessMode::Line) {
        const double d = std::hypot(vx[k] - sites[a].x, vy[k] - sites[a].y);
        ac = is_time ? d / mps : d;
      }
    } else if (use_forced && rq.capacity) {
      a = kNoId;  // capacitated: did not fit anywhere
      ac = gis::kUnreachable;
    }
    assigned[k] = a;
    acost[k] = ac;
  }
  // Offices: existing first, then new ones in greedy order of their marginal coverage.
  std::vector<std::uint32_t> open_list;
  for (std::uint32_t j = 0; j < n_sites; ++j)
    if (open[j]) open_list.push_back(j);
  const auto T = gis::locate::transpose(inst, thr);
  std::vector<char> cov(nv, 0);
  auto gain_of = [&](std::uint32_t j) {
    double g = 0;
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k)
      if (!cov[T.demand[k]]) g += weight[T.demand[k]];
    return g;
  };
  auto take = [&](std::uint32_t j) {
    for (auto k = T.first[j]; k < T.first[j + 1]; ++k) cov[T.demand[k]] = 1;
  };
  std::vector<std::pair<std::uint32_t, double>> order;  // site, marginal gain
  for (auto j : open_list)
    if (j < n_existing) {
      order.push_back({j, gain_of(j)});
      take(j);
    }
  std::vector<std::uint32_t> rest;
  for (auto j : open_list)
    if (j >= n_existing) rest.push_back(j);
  while (!rest.empty()) {
    std::size_t bi = 0;
    double bg = -1;
    for (std::size_t q = 0; q < rest.size(); ++q)
      if (double g = gain_of(rest[q]); g > bg) bg = g, bi = q;
    order.push_back({rest[bi], bg});
    take(rest[bi]);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(bi));
  }
  std::vector<std::uint32_t> site_office(n_sites, kNoId);
  std::uint32_t rank = 0;
  for (auto& [j, g] : order) {
    SitedOffice o;
    const auto& s = sites[j];
    o.existing = s.existing;
    o.rank = s.existing ? 0 : ++rank;
    o.office_id = s.existing ? s.id : "new_" + std::to_string(o.rank);
    o.adm3_pcode = s.commune == kNoId ? "" : c_pcode.text(s.commune);
    o.commune_name = s.label;
    o.x_m = s.x, o.y_m = s.y, o.lon = s.lon, o.lat = s.lat;
    o.marginal_gain = g;
    site_office[j] = static_cast<std::uint32_t>(R.offices.size());
    R.offices.push_back(o);
  }
  for (std::uint32_t k = 0; k < nv; ++k)
    if (assigned[k] != kNoId && acost[k] <= thr) {
      auto& o = R.offices[site_office[assigned[k]]];
      o.covered_households += hh[k];
      o.covered_poor += poor[k];
    }

  // Figures per district and national.
  std::map<std::string, DistrictFigures> dist;
  std::map<std::string, std::string> dname;
  if (project.has(names::kDistricts)) {
    auto d = project.read(names::kDistricts);
    if (d.find("adm2_pcode") >= 0 && d.find("name_en") >= 0)
      for (std::size_t r = 0; r < d.size(); ++r) dname[d.column("adm2_pcode").text(r)] = d.column("name_en").text(r);
  }
  for (std::uint32_t k = 0; k < nv; ++k) {
    const auto d = commune_district(in.village_commune[vrow[k]]);
    auto& f = dist[d];
    f.adm2_pcode = d;
    f.name = dname.count(d) ? dname[d] : "";
    f.poor += poor[k];
    f.covered_poor_before += covered_before[k] ? poor[k] : 0.0;
    f.covered_poor_after += covered_after[k] ? poor[k] : 0.0;
    R.poor_total += poor[k];
    R.covered_poor_before += covered_before[k] ? poor[k] : 0.0;
    R.covered_poor_after += covered_after[k] ? poor[k] : 0.0;
  }
  for (auto& [d, f] : dist) R.districts.push_back(f);

  // Mobile vans: communes where most of the demand lies beyond the threshold of every office
  // (households when the commune has no demand weight; the hall, i.e. a point inside the
  // commune, when it has no village at all).
  std::vector<std::uint32_t> van_units;
  {
    std::vector<double> ux, uy, c_w(nc_all, 0.0), c_cov(nc_all, 0.0), c_hh(nc_all, 0.0), c_hhcov(nc_all, 0.0);
    std::vector<std::uint32_t> c_nv(nc_all, 0);
    for (std::uint32_t k = 0; k < nv; ++k) {
      const auto c = in.village_commune[vrow[k]];
      ++c_nv[c];
      c_w[c] += weight[k];
      c_hh[c] += hh[k];
      if (covered_after[k]) c_cov[c] += weight[k], c_hhcov[c] += hh[k];
    }
    for (std::uint32_t c = 0; c < nc_all; ++c) {
      if (!commune_in[c] || !std::isfinite(hx[c])) continue;
      bool beyond = false;
      if (c_w[c] > 0) {
        beyond = c_cov[c] < 0.5 * c_w[c];
      } else if (c_hh[c] > 0) {
        beyond = c_hhcov[c] < 0.5 * c_hh[c];
      } else if (c_nv[c] == 0) {
        double best = gis::kUnreachable;
        for (auto j : open_list) best = std::min(best, std::hypot(hx[c] - sites[j].x, hy[c] - sites[j].y));
        beyond = (is_time ? best / mps : best) > thr;
      }
      if (beyond) {
        van_units.push_back(c);
        ux.push_back(hx[c]);
        uy.push_back(hy[c]);
      }
    }
    R.van_communes = static_cast<std::uint32_t>(van_units.size());
    auto vt = VectorLayer{};
    vt.name = scenario_layer(rq.scenario, "vans");
    auto cv = col("van", gis::FieldType::Integer), co = col("order", gis::FieldType::Integer),
         cp = col("adm3_pcode", gis::FieldType::String), cn = col("commune", gis::FieldType::String),
         cd = col("depot_office", gis::FieldType::String), cs0 = col("start_day", gis::FieldType::Integer),
         ce = col("end_day", gis::FieldType::Integer), ck = col("travel_km", gis::FieldType::Real);
    if (!van_units.empty() && !open_list.empty()) {
      gis::locate::VanOptions vo;
      vo.days_per_unit = rq.van_days_per_commune;
      vo.working_days_per_cycle = rq.van_cycle_days;
      // Depots: every office would get its own van for its nearest communes; instead pick
      // as many depots as the cycle needs vans (p-median of the van communes over the offices,
      // weighted by visit days), so that vans are shared between neighbouring offices.
      std::vector<std::uint32_t> depots = open_list;
      const std::uint64_t need_days = static_cast<std::uint64_t>(van_units.size()) * rq.van_days_per_commune;
      const auto k_vans = static_cast<std::uint32_t>((need_days + rq.van_cycle_days - 1) / rq.van_cycle_days);
      if (k_vans >= 1 && k_vans < open_list.size()) {
        const auto no = static_cast<std::uint32_t>(open_list.size());
        std::vector<double> dense(van_units.size() * no);
        for (std::size_t u = 0; u < van_units.size(); ++u)
          for (std::uint32_t d = 0; d < no; ++d)
            dense[u * no + d] = std::hypot(ux[u] - sites[open_list[d]].x, uy[u] - sites[open_list[d]].y);
        auto vi = gis::locate::Instance::from_dense(std::vector<double>(van_units.size(), 1.0), no, dense, INFINITY);
        gis::locate::Options vopt;
        vopt.p = k_vans;
        vopt.bound_iterations = 50;
        auto vs = gis::locate::solve_pmedian(vi, vopt, progress);
        depots.clear();
        for (auto d : vs.sites) depots.push_back(open_list[d]);
      }
      gis::locate::VanInput vin;
      vin.unit_x_m = ux, vin.unit_y_m = uy;
      for (auto j : depots) vin.depot_x_m.push_back(sites[j].x), vin.depot_y_m.push_back(sites[j].y);
      gis::locate::VanPlan plan;
      try {
        plan = gis::locate::plan_vans(vin, vo, progress);
      } catch (const gis::locate::Infeasible& e) {
        throw gis::UsageError(std::string("van schedule: ") + e.what());
      }
      R.van_count = plan.van_count;
      R.van_lower_bound = plan.lower_bound_vans;
      std::vector<double> px(plan.van_count), py(plan.van_count);
      for (std::uint32_t v = 0; v < plan.van_count; ++v) {
        const auto j = depots[plan.van_depot[v]];
        px[v] = sites[j].x, py[v] = sites[j].y;
      }
      for (const auto& vis : plan.schedule) {
        vt.fids.push_back(static_cast<std::int64_t>(vt.fids.size() + 1));
        vt.geom.add_empty_feature();
        const auto c = van_units[vis.unit];
        cv.push(static_cast<std::int64_t>(vis.van + 1));
        co.push(static_cast<std::int64_t>(vis.order + 1));
        cp.push(c_pcode.text(c));
        cn.push(commune_name(c));
        cd.push(R.offices[site_office[depots[plan.van_depot[vis.van]]]].office_id);
        cs0.push(static_cast<std::int64_t>(vis.start_day));
        ce.push(static_cast<std::int64_t>(vis.end_day));
        ck.push(std::round(std::hypot(hx[c] - px[vis.van], hy[c] - py[vis.van]) / 100.0) / 10.0);
        px[vis.van] = hx[c], py[vis.van] = hy[c];
      }
    } else if (!van_units.empty()) {
      R.notes.push_back(std::to_string(van_units.size()) + " commune(s) need vans but there is no office to start from");
    }
    vt.columns = {cv, co, cp, cn, cd, cs0, ce, ck};
    R.vans_table = std::move(vt);
  }

  // Tables.
  {
    VectorLayer L;
    L.name = scenario_layer(rq.scenario, "offices");
    L.crs = "EPSG:4326";
    L.geom.kind = gis::GeometryKind::Point;
    auto a = col("office_id", gis::FieldType::String), b = col("status", gis::FieldType::String),
         c = col("rank", gis::FieldType::Integer), d = col("adm3_pcode", gis::FieldType::String),
         e = col("commune", gis::FieldType::String), f = col("covered_households", gis::FieldType::Real),
         g = col("covered_poor", gis::FieldType::Real), h = col("marginal_gain", gis::FieldType::Real);
    for (const auto& o : R.offices) {
      L.fids.push_back(static_cast<std::int64_t>(L.fids.size() + 1));
      L.geom.add_point(o.lon, o.lat);
      L.geom.end_feature();
      a.push(o.office_id);
      b.push(std::string(o.existing ? "existing" : "new"));
      c.push(static_cast<std::int64_t>(o.rank));
      d.push(o.adm3_pcode);
      e.push(o.commune_name);
      f.push(o.covered_households);
      g.push(o.covered_poor);
      h.push(o.marginal_gain);
    }
    L.columns = {a, b, c, d, e, f, g, h};
    R.offices_layer = std::move(L);
  }
  {
    VectorLayer T2;
    T2.name = scenario_layer(rq.scenario, "assignment");
    auto a = col("vil_code", gis::FieldType::String), b = col("adm3_pcode", gis::FieldType::String),
         c = col("office_id", gis::FieldType::String), d = col("cost", gis::FieldType::Real),
         e = col("cost_unit", gis::FieldType::String), f = col("within", gis::FieldType::Integer);
    const auto& vc = in.villages.column("vil_code");
    for (std::uint32_t k = 0; k < nv; ++k) {
      T2.fids.push_back(static_cast<std::int64_t>(k + 1));
      T2.geom.add_empty_feature();
      a.push(vc.text(vrow[k]));
      b.push(c_pcode.text(in.village_commune[vrow[k]]));
      assigned[k] == kNoId ? c.push_null() : c.push(R.offices[site_office[assigned[k]]].office_id);
      if (std::isfinite(acost[k]))
        d.push(std::round((is_time ? acost[k] / 60 : acost[k] / 1000) * 1000) / 1000);
      else
        d.push_null();
      e.push(std::string(is_time ? "min" : "km"));
      f.push(static_cast<std::int64_t>(assigned[k] != kNoId && acost[k] <= thr));
    }
    T2.columns = {a, b, c, d, e, f};
    R.assignment_table = std::move(T2);
  }
  if (rq.clusters) {
    VectorLayer C;
    C.name = scenario_layer(rq.scenario, "clusters");
    auto a = col("adm3_pcode", gis::FieldType::String), b = col("commune", gis::FieldType::String),
         c = col("district", gis::FieldType::String), d = col("cluster_id", gis::FieldType::Integer),
         e = col("office_commune", gis::FieldType::String), f = col("office_id", gis::FieldType::String),
         g = col("status", gis::FieldType::String);
    for (std::size_t q = 0; q < cs.clusters.size(); ++q)
      for (auto u : cs.clusters[q].units) {
        const auto cm = unit_commune[u];
        C.fids.push_back(static_cast<std::int64_t>(C.fids.size() + 1));
        C.geom.add_empty_feature();
        a.push(c_pcode.text(cm));
        b.push(commune_name(cm));
        c.push(commune_district(cm));
        d.push(static_cast<std::int64_t>(q + 1));
        const auto site = cluster_site[q];
        e.push(sites[site].commune == kNoId ? std::string() : c_pcode.text(sites[site].commune));
        f.push(R.offices[site_office[site]].office_id);
        g.push(std::string("clustered"));
      }
    for (const auto& ig : cs.infeasible)
      for (auto u : ig.units) {
        const auto cm = unit_commune[u];
        C.fids.push_back(static_cast<std::int64_t>(C.fids.size() + 1));
        C.geom.add_empty_feature();
        a.push(c_pcode.text(cm));
        b.push(commune_name(cm));
        c.push(commune_district(cm));
        d.push_null();
        e.push_null();
        f.push_null();
        g.push("infeasible: " + ig.reason);
      }
    C.columns = {a, b, c, d, e, f, g};
    R.clusters_table = std::move(C);
  }
  R.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.report(1.0, "done");
  return R;
}

nlohmann::ordered_json SitingResult::summary_json() const {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  nlohmann::ordered_json j;
  j["scenario"] = request.scenario;
  j["model"] = request.clusters ? "clusters" : to_string(request.model);
  j["p"] = request.p;
  j["threshold"] = request.threshold.str();
  j["mode"] = layers::to_string(request.mode);
  j["demand"] = to_string(request.demand);
  j["province"] = request.province;
  j["method"] = method;
  j["objective"] = num(objective);
  j["objective_unit"] = objective_unit;
  j["bound"] = num(bound);
  j["gap"] = num(gap_0_1);
  j["proven_optimal"] = proven_optimal;
  j["poor_households"] = poor_total;
  j["covered_poor_before"] = covered_poor_before;
  j["covered_poor_after"] = covered_poor_after;
  auto& offs = j["offices"] = nlohmann::ordered_json::array();
  for (const auto& o : offices) {
    nlohmann::ordered_json x;
    x["office_id"] = o.office_id;
    x["status"] = o.existing ? "existing" : "new";
    x["rank"] = o.rank;
    x["adm3_pcode"] = o.adm3_pcode;
    x["commune"] = o.commune_name;
    x["lon"] = o.lon;
    x["lat"] = o.lat;
    x["covered_households"] = o.covered_households;
    x["covered_poor"] = o.covered_poor;
    x["marginal_gain"] = o.marginal_gain;
    offs.push_back(x);
  }
  auto& ds = j["districts"] = nlohmann::ordered_json::array();
  for (const auto& d : districts)
    ds.push_back({{"adm2_pcode", d.adm2_pcode},
                  {"name", d.name},
                  {"poor", d.poor},
                  {"covered_poor_before", d.covered_poor_before},
                  {"covered_poor_after", d.covered_poor_after}});
  j["vans"] = van_count;
  j["vans_lower_bound"] = van_lower_bound;
  j["van_communes"] = van_communes;
  j["infeasible_districts"] = infeasible_districts;
  j["notes"] = notes;
  j["seconds"] = seconds;
  return j;
}

void stage_scenario(const Project& project, const SitingResult& r, ProjectWriter& w, bool replace) {
  const auto& name = r.request.scenario;
  const auto [table, keep] = begin_scenario_store(project, name, w, replace);
  w.put(r.offices_layer, r.offices_layer.name);
  w.put(r.assignment_table, r.assignment_table.name);
  w.put(r.vans_table, r.vans_table.name);
  if (r.request.clusters) w.put(r.clusters_table, r.clusters_table.name);

  VectorLayer out;
  out.name = kScenariosTable;
  for (auto& [n, t] : scenario_fields()) out.columns.push_back(col(n, t));
  auto copy_row = [&](std::size_t i) {
    for (auto& c : out.columns) {
      const int src = table.find(c.name);
      if (src < 0 || table.columns[static_cast<std::size_t>(src)].is_null(i)) {
        c.push_null();
        continue;
      }
      const auto& s = table.columns[static_cast<std::size_t>(src)];
      if (c.type == gis::FieldType::String)
        c.push(s.text(i));
      else if (c.type == gis::FieldType::Integer)
        c.push(static_cast<std::int64_t>(s.number(i).value_or(0)));
      else
        c.push(s.number(i).value_or(NAN));
    }
  };
  for (auto i : keep) {
    copy_row(i);
    out.fids.push_back(static_cast<std::int64_t>(out.fids.size() + 1));
    out.geom.add_empty_feature();
  }
  auto settings = r.request.to_json();
  settings["method"] = r.method;
  settings["objective_unit"] = r.objective_unit;
  settings["metric_crs"] = r.metric_crs;
  settings["vans"] = r.van_count;
  settings["poor_households"] = r.poor_total;
  nlohmann::json ds = nlohmann::json::array();
  for (const auto& d : r.districts)
    ds.push_back({d.adm2_pcode, d.name, d.poor, d.covered_poor_before, d.covered_poor_after});
  settings["districts"] = ds;  // [adm2_pcode, name, poor, covered before, covered after]
  ScenarioEntry e;
  e.name = name;
  e.model = r.request.clusters ? "clusters" : to_string(r.request.model);
  e.p = static_cast<std::int64_t>(r.request.p);
  e.threshold = r.request.threshold.str();
  e.demand = to_string(r.request.demand);
  e.objective = finite_or_null(r.objective);
  e.bound = finite_or_null(r.bound);
  e.gap = finite_or_null(r.gap_0_1);
  e.covered_poor_before = finite_or_null(r.covered_poor_before);
  e.covered_poor_after = finite_or_null(r.covered_poor_after);
  e.created_at = w.timestamp().empty() ? utc_now_iso() : w.timestamp();
  e.settings = settings.dump();
  append_scenario_row(out, e);
  w.put(out, kScenariosTable);
  Provenance prov;
  prov.layer = r.offices_layer.name;
  prov.source = "swsplan site";
  prov.rows = r.offices.size();
  prov.notes = "scenario " + name + ": " + settings.dump();
  w.add_provenance(prov);
}

ScenarioComparison compare_scenarios(const Project& project, const std::string& a, const std::string& b) {
  const auto all = list_scenarios(project);
  auto find = [&](const std::string& n) -> const ScenarioRow& {
    for (const auto& r : all)
      if (r.name == n) return r;
    throw gis::UsageError("no scenario '" + n + "' in " + project.path());
  };
  const auto& ra = find(a);
  const auto& rb = find(b);
  std::map<std::string, ScenarioComparison::Row> m;
  auto load = [&](const ScenarioRow& r, bool first) {
    if (!r.settings.is_object() || !r.settings.contains("districts")) return;
    for (const auto& d : r.settings["districts"]) {
      auto& row = m[d[0].get<std::string>()];
      row.adm2_pcode = d[0].get<std::string>();
      row.name = d[1].get<std::string>();
      row.poor = std::max(row.poor, d[2].get<double>());
      (first ? row.covered_a : row.covered_b) = d[4].get<double>();
    }
  };
  load(ra, true);
  load(rb, false);
  ScenarioComparison out;
  ScenarioComparison::Row nat;
  for (auto& [k, r] : m) {
    out.rows.push_back(r);
    nat.poor += r.poor;
    nat.covered_a += r.covered_a;
    nat.covered_b += r.covered_b;
  }
  nat.name = "all";
  out.rows.push_back(nat);
  return out;
}

}  // namespace swsplan::layers
