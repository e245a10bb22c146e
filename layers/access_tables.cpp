// The stored outputs of an access run: per-village and per-commune tables, catchments,
// and an access run stored as a scenario.
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
}  // namespace

VectorLayer village_access_table(const AccessInputs& in, const ServiceAccess& a) {
  VectorLayer t;
  t.name = std::string("access_") + service_id(a.settings.service);
  gis::Column vc("vil_code", gis::FieldType::String), cc("adm3_pcode", gis::FieldType::String),
       hh("households", gis::FieldType::Real), nf("nearest_facility", gis::FieldType::String),
       cost(a.cost_is_time ? "time_min" : "distance_km", gis::FieldType::Real),
       within("within_threshold", gis::FieldType::Integer), cap("capacity_score", gis::FieldType::Real),
       exact(a.cost_is_time ? "time_s" : "distance_m", gis::FieldType::Real);  // unrounded, read back by analyze
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
    std::isfinite(a.cost[i]) ? exact.push(a.cost[i]) : exact.push_null();
  }
  t.columns = {vc, cc, hh, nf, cost, within, cap, exact};
  return t;
}

VectorLayer catchment_layer(const AccessInputs& in, const ServiceAccess& a, gis::Progress& progress) {
  VectorLayer t;
  t.name = std::string("catchments_") + service_id(a.settings.service);
  t.crs = in.metric_crs;
  t.geom.kind = gis::GeometryKind::Polygon;
  gis::Column id("facility_id", gis::FieldType::String), nm("name", gis::FieldType::String),
       served("people_served", gis::FieldType::Real), left("capacity_left", gis::FieldType::Real),
       far(a.cost_is_time ? "farthest_min" : "farthest_km", gis::FieldType::Real);
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
  gis::Column pc("adm3_pcode", gis::FieldType::String), hh("households", gis::FieldType::Real),
       poor("poor_hh", gis::FieldType::Real), cov("coverage_0_1", gis::FieldType::Real),
       covp("coverage_poor_0_1", gis::FieldType::Real), cap("capacity_ratio", gis::FieldType::Real),
       basis("basis", gis::FieldType::String), nvil("villages", gis::FieldType::Integer);
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
  gis::Column vc("vil_code", gis::FieldType::String), cc("adm3_pcode", gis::FieldType::String),
       hh("households", gis::FieldType::Real), poor("poor_hh", gis::FieldType::Real),
       nf("nearest_facility", gis::FieldType::String),
       cost(a.cost_is_time ? "time_min" : "distance_km", gis::FieldType::Real),
       within("within_threshold", gis::FieldType::Integer), fl("flood_prone", gis::FieldType::Integer),
       cap("capacity_score", gis::FieldType::Real);
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
  gis::Column hcol("households_within", gis::FieldType::Real), pcol("poor_within", gis::FieldType::Real),
       mcol(a.cost_is_time ? "mean_time_min" : "mean_distance_km", gis::FieldType::Real);
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
