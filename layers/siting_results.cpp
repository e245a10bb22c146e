// The last steps of a siting run: villages assigned to offices, offices ranked, figures
// per district, van circuits and the tables stored with the scenario.
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

namespace {

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

void assign_and_rank(SitingRun& run) {
  auto& in = run.in;
  auto& rq = run.rq;
  auto& R = run.R;
  auto& nv = run.nv;
  auto& vx = run.vx;
  auto& vy = run.vy;
  auto& hh = run.hh;
  auto& poor = run.poor;
  auto& weight = run.weight;
  auto& sites = run.sites;
  auto& n_existing = run.n_existing;
  auto& n_sites = run.n_sites;
  auto& is_time = run.is_time;
  auto& thr = run.thr;
  auto& mps = run.mps;
  auto& M = run.M;
  auto& inst = run.inst;
  auto& open = run.open;
  auto& forced = run.forced;
  auto& use_forced = run.use_forced;
  const auto& c_pcode = in.communes.column("adm3_pcode");
  // Assignment and coverage.
  std::vector<char> open_existing(n_sites, 0);
  for (std::uint32_t j = 0; j < n_existing; ++j) open_existing[j] = 1;
  auto& assigned = run.assigned;
  assigned.assign(nv, kNoId);
  auto& acost = run.acost;
  acost.assign(nv, gis::kUnreachable);
  auto &covered_before = run.covered_before, &covered_after = run.covered_after;
  covered_before.assign(nv, 0);
  covered_after.assign(nv, 0);
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
  auto& open_list = run.open_list;
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
  auto& site_office = run.site_office;
  site_office.assign(n_sites, kNoId);
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
}

void district_figures(SitingRun& run) {
  auto& project = run.project;
  auto& R = run.R;
  auto& in = run.in;
  auto& vrow = run.vrow;
  auto& nv = run.nv;
  auto& poor = run.poor;
  auto& covered_before = run.covered_before;
  auto& covered_after = run.covered_after;
  // Figures per district and national.
  std::map<std::string, DistrictFigures> dist;
  std::map<std::string, std::string> dname;
  if (project.has(names::kDistricts)) {
    auto d = project.read(names::kDistricts);
    if (d.find("adm2_pcode") >= 0 && d.find("name_en") >= 0)
      for (std::size_t r = 0; r < d.size(); ++r) dname[d.column("adm2_pcode").text(r)] = d.column("name_en").text(r);
  }
  for (std::uint32_t k = 0; k < nv; ++k) {
    const auto d = run.commune_district(in.village_commune[vrow[k]]);
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
}

void schedule_vans(SitingRun& run) {
  auto& rq = run.rq;
  auto& progress = run.progress;
  auto& R = run.R;
  auto& in = run.in;
  auto& nc_all = run.nc_all;
  auto& commune_in = run.commune_in;
  auto& vrow = run.vrow;
  auto& nv = run.nv;
  auto& hh = run.hh;
  auto& weight = run.weight;
  auto& hx = run.hx;
  auto& hy = run.hy;
  auto& sites = run.sites;
  auto& is_time = run.is_time;
  auto& thr = run.thr;
  auto& mps = run.mps;
  auto& covered_after = run.covered_after;
  auto& open_list = run.open_list;
  auto& site_office = run.site_office;
  const auto& c_pcode = in.communes.column("adm3_pcode");
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
    gis::Column cv("van", gis::FieldType::Integer), co("order", gis::FieldType::Integer),
         cp("adm3_pcode", gis::FieldType::String), cn("commune", gis::FieldType::String),
         cd("depot_office", gis::FieldType::String), cs0("start_day", gis::FieldType::Integer),
         ce("end_day", gis::FieldType::Integer), ck("travel_km", gis::FieldType::Real);
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
        cn.push(run.commune_name(c));
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
}

void build_tables(SitingRun& run) {
  auto& rq = run.rq;
  auto& R = run.R;
  auto& in = run.in;
  auto& vrow = run.vrow;
  auto& nv = run.nv;
  auto& sites = run.sites;
  auto& is_time = run.is_time;
  auto& thr = run.thr;
  auto& cs = run.cs;
  auto& unit_commune = run.unit_commune;
  auto& cluster_site = run.cluster_site;
  auto& assigned = run.assigned;
  auto& acost = run.acost;
  auto& site_office = run.site_office;
  const auto& c_pcode = in.communes.column("adm3_pcode");
  // Tables.
  {
    VectorLayer L;
    L.name = scenario_layer(rq.scenario, "offices");
    L.crs = "EPSG:4326";
    L.geom.kind = gis::GeometryKind::Point;
    gis::Column a("office_id", gis::FieldType::String), b("status", gis::FieldType::String),
         c("rank", gis::FieldType::Integer), d("adm3_pcode", gis::FieldType::String),
         e("commune", gis::FieldType::String), f("covered_households", gis::FieldType::Real),
         g("covered_poor", gis::FieldType::Real), h("marginal_gain", gis::FieldType::Real);
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
    gis::Column a("vil_code", gis::FieldType::String), b("adm3_pcode", gis::FieldType::String),
         c("office_id", gis::FieldType::String), d("cost", gis::FieldType::Real),
         e("cost_unit", gis::FieldType::String), f("within", gis::FieldType::Integer),
         h("households", gis::FieldType::Real), p("poor_hh", gis::FieldType::Real);
    // The demand each village carried in this run (the project's demand basis), so that
    // compare and costing count what the run counted.
    auto push_count = [](gis::Column& col, double v) { std::isfinite(v) ? col.push(v) : col.push_null(); };
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
      push_count(h, run.hh[k]);
      push_count(p, run.poor[k]);
    }
    T2.columns = {a, b, c, d, e, f, h, p};
    R.assignment_table = std::move(T2);
  }
  if (rq.clusters) {
    VectorLayer C;
    C.name = scenario_layer(rq.scenario, "clusters");
    gis::Column a("adm3_pcode", gis::FieldType::String), b("commune", gis::FieldType::String),
         c("district", gis::FieldType::String), d("cluster_id", gis::FieldType::Integer),
         e("office_commune", gis::FieldType::String), f("office_id", gis::FieldType::String),
         g("status", gis::FieldType::String);
    for (std::size_t q = 0; q < cs.clusters.size(); ++q)
      for (auto u : cs.clusters[q].units) {
        const auto cm = unit_commune[u];
        C.fids.push_back(static_cast<std::int64_t>(C.fids.size() + 1));
        C.geom.add_empty_feature();
        a.push(c_pcode.text(cm));
        b.push(run.commune_name(cm));
        c.push(run.commune_district(cm));
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
        b.push(run.commune_name(cm));
        c.push(run.commune_district(cm));
        d.push_null();
        e.push_null();
        f.push_null();
        g.push("infeasible: " + ig.reason);
      }
    C.columns = {a, b, c, d, e, f, g};
    R.clusters_table = std::move(C);
  }
}

}  // namespace swsplan::layers::detail
