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
#include "layers/detail/siting_steps.hpp"
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

}  // namespace

namespace detail {

void check_request(const SitingRequest& rq) {
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
}

}  // namespace detail

SitingResult run_siting(const Project& project, const SitingRequest& rq, gis::Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  validate_scenario_name(rq.scenario);
  SitingResult R;
  R.request = rq;
  detail::check_request(rq);

  detail::SitingRun run(project, rq, progress, R);
  run.in = load_access_inputs(project, progress);
  R.metric_crs = run.in.metric_crs;
  progress.report(0.05, "preparing demand");
  run.nc_all = run.in.communes.size(), run.nv_all = run.in.villages.size();
  run.has_cname = run.in.communes.find("name_en") >= 0;
  run.has_adm2 = run.in.communes.find("adm2_pcode") >= 0;
  detail::select_demand(run);
  detail::collect_sites(run);
  detail::compute_costs(run);
  run.open.assign(run.n_sites, 0);
  run.forced.assign(run.nv, kNoId);
  run.cluster_of_commune.assign(run.nc_all, kNoId);
  if (!rq.clusters)
    detail::solve_model(run);
  else
    detail::solve_cluster_mode(run);
  progress.report(0.85, "reporting");
  detail::assign_and_rank(run);
  detail::district_figures(run);
  detail::schedule_vans(run);
  detail::build_tables(run);
  detail::build_map_layers(run);
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
  for (const auto* l : {&r.van_stops_layer, &r.assignment_lines_layer})
    if (!l->name.empty()) w.put(*l, l->name);

  VectorLayer out;
  out.name = kScenariosTable;
  for (auto& [n, t] : scenario_fields()) out.columns.emplace_back(n, t);
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
  settings["demand_source"] = r.demand_source;
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
