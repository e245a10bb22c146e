// The solving step of a siting run: a location model of gis/locate, or cluster mode.
#include "layers/detail/siting_steps.hpp"

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

void solve_model(SitingRun& run) {
  auto prog = run.progress.sub(0.3, 0.85);
  auto& rq = run.rq;
  auto& R = run.R;
  auto& n_existing = run.n_existing;
  auto& is_time = run.is_time;
  auto& inst = run.inst;
  auto& total_weight = run.total_weight;
  auto& opt = run.opt;
  auto& open = run.open;
  auto& forced = run.forced;
  auto& use_forced = run.use_forced;
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
      // Reductions + Lagrangian heuristic; CBC proves (or improves) it on the reduced model
      // within opt.time_limit_s when a gap remains.
      sol = gis::locate::solve_lscp(inst, opt, prog);
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
}

void solve_cluster_mode(SitingRun& run) {
  auto prog = run.progress.sub(0.3, 0.85);
  auto& rq = run.rq;
  auto& progress = run.progress;
  auto& R = run.R;
  auto& in = run.in;
  auto& nc_all = run.nc_all;
  auto& commune_in = run.commune_in;
  auto& vrow = run.vrow;
  auto& nv = run.nv;
  auto& vx = run.vx;
  auto& vy = run.vy;
  auto& weight = run.weight;
  auto& sites = run.sites;
  auto& n_existing = run.n_existing;
  auto& n_sites = run.n_sites;
  auto& is_time = run.is_time;
  auto& mps = run.mps;
  auto& open = run.open;
  auto& forced = run.forced;
  auto& use_forced = run.use_forced;
  auto& cluster_of_commune = run.cluster_of_commune;
  auto& cs = run.cs;
  auto& unit_commune = run.unit_commune;
  auto& cluster_site = run.cluster_site;
  const auto& c_pcode = in.communes.column("adm3_pcode");
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
    const auto d = run.commune_district(c);
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

}  // namespace swsplan::layers::detail
