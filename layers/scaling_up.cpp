#include "layers/scaling_up.hpp"

#include <cmath>

#include "gis/access/graph.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/locate/mclp.hpp"
#include "gis/locate/scaling.hpp"
#include "gis/locate/synthetic.hpp"
#include "layers/access.hpp"

namespace swsplan::layers {

ScalingUpResult run_scaling_up(const Project& project, const ScalingUpRequest& rq, gis::Progress& progress) {
  if (!(rq.threshold_m > 0) || !std::isfinite(rq.threshold_m))
    throw gis::UsageError("scaling-up: the threshold must be a distance > 0 (e.g. 5km)");
  if (!(rq.target_coverage_0_1 > 0 && rq.target_coverage_0_1 <= 1))
    throw gis::UsageError("scaling-up: --target must be a share in (0, 1], e.g. 0.9");
  if (rq.capacity_hh && !(*rq.capacity_hh > 0))
    throw gis::UsageError("scaling-up: --capacity must be a number of households > 0");
  ScalingUpResult R;
  R.request = rq;
  AccessInputs in = load_access_inputs(project, progress);
  progress.report(0.1, "scaling-up: demand and candidates");
  const std::size_t nc = in.communes.size(), nv = in.villages.size();
  std::vector<char> commune_in(nc, 1);
  if (!rq.province.empty()) {
    const auto& a1 = in.communes.column("adm1_pcode");
    std::size_t n = 0;
    for (std::size_t c = 0; c < nc; ++c) n += (commune_in[c] = a1.text(c) == rq.province ? 1 : 0);
    if (n == 0) throw gis::UsageError("no commune has adm1_pcode '" + rq.province + "'");
  }
  // Demand: households of the villages in scope.
  std::vector<double> vx, vy, hh;
  std::size_t unknown = 0;
  for (std::size_t i = 0; i < nv; ++i) {
    if (in.village_commune[i] == gis::kNoId || !commune_in[in.village_commune[i]]) continue;
    vx.push_back(in.vx_m[i]);
    vy.push_back(in.vy_m[i]);
    const double h = in.households[i];
    unknown += !std::isfinite(h);
    hh.push_back(std::isfinite(h) && h > 0 ? h : 0.0);
  }
  if (vx.empty()) throw gis::UsageError("no village lies in the communes in scope");
  if (unknown == vx.size()) throw gis::UsageError("the villages in scope have no household counts");
  if (unknown) R.notes.push_back(std::to_string(unknown) + " village(s) without a household count weigh 0");

  // Sites: existing facilities of the service (fixed), then one commune hall per commune.
  std::vector<double> hlon, hlat;
  gis::point_on_surface(in.communes, hlon, hlat);
  std::vector<double> hx = hlon, hy = hlat;
  gis::Transformer(in.communes.crs, in.metric_crs).transform(hx, hy);
  gis::PolygonIndex commune_index(in.communes);
  std::vector<double> sx, sy;
  const std::string sid = service_id(rq.service);
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    if (in.facility_service[f] != sid || !std::isfinite(in.fx_m[f])) continue;
    const auto c = commune_index.locate(in.flon[f], in.flat[f]);
    if (c < 0 || !commune_in[static_cast<std::size_t>(c)]) continue;
    sx.push_back(in.fx_m[f]);
    sy.push_back(in.fy_m[f]);
  }
  R.existing_sites = static_cast<std::uint32_t>(sx.size());
  std::vector<std::uint32_t> cand_commune;
  for (std::uint32_t c = 0; c < nc; ++c) {
    if (!commune_in[c] || !std::isfinite(hx[c])) continue;
    sx.push_back(hx[c]);
    sy.push_back(hy[c]);
    cand_commune.push_back(c);
  }
  auto inst = gis::locate::instance_from_points(vx, vy, hh, sx, sy, rq.threshold_m);
  for (std::uint32_t j = 0; j < R.existing_sites; ++j) inst.fixed_sites.push_back(j);
  if (rq.capacity_hh) inst.capacity.assign(sx.size(), *rq.capacity_hh);

  gis::locate::ScalingSpec spec;
  spec.cover_cost = rq.threshold_m;
  spec.target_coverage_0_1 = rq.target_coverage_0_1;
  spec.max_new_sites = rq.max_new_sites;
  auto sub = progress.sub(0.2, rq.compare_mclp ? 0.6 : 1.0);
  const auto res = gis::locate::scale_up(inst, spec, sub);
  R.total_hh = res.total_weight;
  R.initial_covered_hh = res.initial_covered_weight;
  R.stop_reason = res.stop_reason;
  const auto& c_pcode = in.communes.column("adm3_pcode");
  const bool has_name = in.communes.find("name_en") >= 0;
  for (const auto& s : res.steps) {
    ScalingUpStep row;
    row.step = static_cast<std::uint32_t>(R.steps.size() + 1);
    const auto c = cand_commune[s.site - R.existing_sites];
    row.adm3_pcode = c_pcode.text(c);
    if (has_name) row.commune_name = in.communes.column("name_en").text(c);
    row.lon = hlon[c];
    row.lat = hlat[c];
    row.added_hh = s.added_weight;
    row.covered_hh = s.covered_weight;
    row.coverage_0_1 = s.coverage_0_1;
    R.steps.push_back(std::move(row));
  }
  if (rq.compare_mclp && !rq.capacity_hh && !R.steps.empty()) {
    progress.report(0.6, "scaling-up: MCLP with as many sites");
    gis::locate::Options o;
    o.p = static_cast<std::uint32_t>(R.steps.size());
    o.cover_cost = rq.threshold_m;
    o.time_limit_s = 30;
    auto sub2 = progress.sub(0.6, 1.0);
    inst.capacity.clear();
    const auto m = gis::locate::solve_mclp(inst, o, sub2);
    R.mclp_covered_hh = m.objective;
    R.mclp_bound_hh = m.bound;
    R.mclp_proven_optimal = m.proven_optimal;
    const double greedy = R.steps.back().covered_hh;
    R.greedy_gap_0_1 = m.bound > 0 ? std::max(0.0, (m.bound - greedy) / m.bound) : 0.0;
  } else if (rq.capacity_hh) {
    R.notes.push_back("no MCLP comparison: the MCLP has no capacities");
  }
  progress.report(1.0, "scaling-up: done");
  return R;
}

}  // namespace swsplan::layers
