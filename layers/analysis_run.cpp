#include "layers/analysis_run.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "gis/core/error.hpp"
#include "layers/access.hpp"
#include "layers/access_store.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

double ChildDeprivationTotals::units_share(int k) const {
  const auto t = units[0] + units[1] + units[2];
  return t > 0 ? double(units[static_cast<std::size_t>(k)]) / double(t) : 0.0;
}

double ChildDeprivationTotals::weight_share(int k) const {
  const double t = weight[0] + weight[1] + weight[2];
  return t > 0 ? weight[static_cast<std::size_t>(k)] / t : 0.0;
}

std::string GapRunResult::deprivation_rule() const {
  return std::string("deprived when ") + (deprivation.lower_is_worse ? "<= " : ">= ") + deprivation.threshold_rule;
}

bool GapRunResult::counts_poor_households() const {
  return !deprivation.lower_is_worse &&
         (analysis.deprivation_source == "villages" || analysis.deprivation_source.rfind("commune:", 0) == 0);
}

GapRunResult run_gap_analysis(const Project& project, const GapRunRequest& rq, gis::Progress& progress) {
  GapRunResult R;
  R.geometric = rq.geometric;
  R.analysis = analysis_settings(project);
  const auto stored = R.analysis.to_json();
  if (!rq.deprivation_source.empty()) R.analysis.deprivation_source = rq.deprivation_source;
  if (rq.quantile_0_1) {
    if (!(*rq.quantile_0_1 > 0 && *rq.quantile_0_1 < 1))
      throw gis::UsageError("deprivation quantile must lie between 0 and 1, not " + std::to_string(*rq.quantile_0_1));
    R.analysis.deprivation_quantile_0_1 = rq.quantile_0_1;
  } else if (rq.threshold_0_1) {
    if (!(*rq.threshold_0_1 >= 0 && *rq.threshold_0_1 <= 1))
      throw gis::UsageError("deprivation threshold must lie between 0 and 1, not " + std::to_string(*rq.threshold_0_1));
    R.analysis.deprivation_threshold_0_1 = *rq.threshold_0_1;
    R.analysis.deprivation_quantile_0_1.reset();
  }
  R.analysis_changed = R.analysis.to_json() != stored;

  auto load_progress = progress.sub(0, 0.1);
  const auto inputs = load_access_inputs(project, load_progress);
  R.demand_label = inputs.basis.label();
  R.communes_without_demand = inputs.basis.communes_without_value;
  R.mixed_vintages = layers::mixed_vintages(project, inputs.basis, R.analysis.deprivation_source);

  std::vector<Service> services;
  if (!rq.services.empty()) {
    for (const auto& s : rq.services) {
      services.push_back(require_service(s, " in --services"));
    }
  } else {
    for (auto s : all_services()) {
      if (!service_settings(project, s).enabled) continue;
      const bool any = std::find(inputs.facility_service.begin(), inputs.facility_service.end(), service_id(s)) !=
                       inputs.facility_service.end();
      if (any)
        services.push_back(s);
      else
        R.skipped.push_back(service_id(s));
    }
  }
  if (services.empty())
    throw gis::UsageError("no service to analyse: the project has no facilities of an enabled service");

  R.deprivation = compute_deprivation(project, inputs, R.analysis);
  std::vector<ServiceAccess> acc;
  std::vector<std::vector<GapRow>> rows;
  for (std::size_t i = 0; i < services.size(); ++i) {
    auto st = service_settings(project, services[i]);
    if (rq.mode) {
      st.mode = *rq.mode;
      if (st.mode != AccessMode::Line && !st.threshold.is_time)
        st.threshold = {st.threshold.value / (st.line_speed_kmh / 3.6), true};
    }
    auto sub = progress.sub(0.1 + 0.75 * double(i) / double(services.size()),
                            0.1 + 0.75 * double(i + 1) / double(services.size()));
    sub.report(0, std::string("access: ") + service_label(services[i]));
    // The stored results of `swsplan access` when they were made from these very inputs.
    auto kept = read_stored_access(project, inputs, st, R.analysis);
    acc.push_back(kept.access ? std::move(*kept.access) : compute_access(inputs, st, R.analysis, sub));
    // Said beside the service's table only when there is a stored run to speak of (read, or
    // set aside because an input changed); the provenance always says which it was.
    if (kept.stored) acc.back().notes.push_back(kept.note);
    R.access_notes.push_back(service_id(services[i]) + std::string(": ") + kept.note);
    rows.push_back(classify(inputs, acc.back(), R.deprivation));
  }
  progress.report(0.86, "district priority");
  PriorityOptions popt;
  popt.geometric = rq.geometric;
  R.priority = district_priority(project, inputs, rows, popt);
  R.outputs = gap_outputs(project, inputs, acc, rows, R.deprivation, R.priority);

  R.priority_order.resize(R.priority.index.size());
  std::iota(R.priority_order.begin(), R.priority_order.end(), std::size_t{0});
  std::sort(R.priority_order.begin(), R.priority_order.end(),
            [&](auto a, auto b) { return R.priority.rank[a] < R.priority.rank[b]; });

  if (R.deprivation.child.present) {
    const auto& cd = R.deprivation.child;
    for (std::size_t c = 0; c < cd.count.size(); ++c) {
      for (std::size_t k = 0; k < 3; ++k) {
        R.child_totals.units[k] += cd.units[k][c];
        R.child_totals.weight[k] += cd.weight_by[k][c];
      }
      R.child_totals.units_unknown += cd.units_unknown[c];
    }
  }

  for (std::size_t s = 0; s < services.size(); ++s) {
    GapServiceRun sr;
    sr.service = services[s];
    for (const char* c : kGapClassNames) sr.classes[c] = {};
    for (const auto& r : rows[s]) {
      auto& t = sr.classes[to_string(r.cls)];
      ++t.communes;
      if (std::isfinite(r.households)) t.households += r.households;
      if (std::isfinite(r.poor_households)) t.poor_households += r.poor_households;
      if (!r.reason.empty()) ++sr.not_classified_reasons[r.reason];
    }
    sr.access = std::move(acc[s]);
    sr.rows = std::move(rows[s]);
    R.services.push_back(std::move(sr));
  }
  return R;
}

void stage_gap_outputs(const Project& project, const GapRunResult& R, const std::string& provenance_source,
                       const QgisStyler& styler, ProjectWriter& w) {
  const auto& out = R.outputs;
  for (const auto* l : {&out.gap_communes, &out.gap_classes, &out.gap_summary, &out.district_priority})
    w.put(*l, l->name);
  std::vector<std::pair<std::string, const gis::VectorLayer*>> styled = {{out.gap_communes.name, &out.gap_communes},
                                                                         {out.district_priority.name, &out.district_priority}};
  // The base layers get the map's default styles, except a layer whose look the user chose and
  // saved in the app: a new analysis does not undo that choice in QGIS.
  for (const auto& name : layers_without_saved_choice(project, base_styled_layers())) styled.emplace_back(name, nullptr);
  stage_qgis_styles(project, styler, styled, w);
  if (out.child_deprivation)
    w.put(*out.child_deprivation, out.child_deprivation->name);
  else if (project.has("child_deprivation"))
    w.remove("child_deprivation");  // stale: child-deprivation data are no longer configured
  if (R.analysis_changed) w.set_setting("analysis", R.analysis.to_json());
  Provenance prov;
  prov.layer = "gap_communes";
  prov.source = provenance_source;
  prov.rows = out.gap_communes.size();
  prov.notes = "deprivation: " + R.deprivation.source + "; threshold " + R.deprivation.threshold_rule +
               "; households and poor households: " + R.demand_label;
  for (const auto& n : R.access_notes) prov.notes += "; " + n;
  w.add_provenance(prov);
}

GapRunResult run_and_store_gap_analysis(const std::string& project_path, const GapRunRequest& rq,
                                        gis::Progress& progress) {
  StoreOptions so;
  so.verb = "analyze";
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto R = run_gap_analysis(project, rq, progress);
    progress.report(0.9, "writing results");
    stage_gap_outputs(project, R, rq.provenance_source, rq.qgis_styles, w);
    return R;
  });
}

void write_gap_csv(const GapRunResult& R, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const auto& out = R.outputs;
  std::vector<const gis::VectorLayer*> tables = {&out.gap_classes, &out.gap_summary, &out.district_priority};
  if (out.child_deprivation) tables.push_back(&*out.child_deprivation);
  for (const auto* l : tables) {
    gis::VectorLayer t = *l;
    t.geom = {};
    for (std::size_t i = 0; i < t.size(); ++i) t.geom.add_empty_feature();
    t.crs.clear();
    gis::write_vector(t, (std::filesystem::path(dir) / (l->name + ".csv")).string());
  }
}

SitingResult run_and_store_siting(const std::string& project_path, const SitingRequest& rq, bool replace,
                                  gis::Progress& progress, const std::string& replace_hint, const QgisStyler& styler) {
  StoreOptions so;
  so.verb = "site";
  so.scenario = rq.scenario;
  so.replace = replace;
  so.replace_hint = replace_hint;
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto r = run_siting(project, rq, progress);
    stage_scenario(project, r, w, replace);
    if (styler) {  // the scenario's map layers, styled as the map draws them
      std::vector<std::pair<std::string, const gis::VectorLayer*>> styled;
      for (const auto* l : {&r.offices_layer, &r.van_stops_layer, &r.assignment_lines_layer})
        if (!l->name.empty()) styled.emplace_back(l->name, l);
      stage_qgis_styles(project, styler, styled, w);
    }
    return r;
  });
}

}  // namespace swsplan::layers
