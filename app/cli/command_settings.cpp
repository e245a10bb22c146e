#include "app/cli/command_settings.hpp"

#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/costing.hpp"
#include "layers/settings.hpp"
#include "layers/settings_edit.hpp"

namespace swsplan::cli {

void SettingsCommand::setup(CLI::App& app) {
  app.description("Show or change analysis settings stored in the project.\n"
                  "Service keys: <service>.enabled|mode|threshold|line_speed_kmh|coverage_norm|people_per_facility|"
                  "capacity_norm|demand\n"
                  "Analysis keys: analysis.persons_per_household|deprivation_threshold|deprivation_quantile|"
                  "deprivation_source|deprivation_direction|child_deprivation_table|child_deprivation_fields|"
                  "child_deprivation_weight|child_deprivation_cutoff|raster_offroad_kmh|raster_cell_m|demand_basis|"
                  "network_walk_kmh|network_snap_m|network_direct_walk_m|road_speed_kmh_<class or OSM highway value>");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--set", sets_, "KEY=VALUE (repeatable), e.g. health_centre.threshold=60min")->take_all();
  app.add_flag("--reset", reset_, "Forget stored settings: back to the documented defaults");
  app.footer("Costing keys (USD, sources in docs/methods.md, Costing): costing.office_setup_usd, "
             "costing.pwp_usd_per_person_day, ... (all listed by `swsplan settings P.gpkg`)");
  add_wait_option(app, wait_s_);
}

int SettingsCommand::run(const Globals& g) {
  std::optional<layers::WriterLease> lease;
  if (reset_ || !sets_.empty()) lease.emplace(hold_lease(project_, "settings", wait_s_, g));
  if (reset_ || !sets_.empty()) layers::run_and_store_settings(project_, {sets_, reset_});
  const auto project = layers::Project::open(project_);
  nlohmann::ordered_json out;
  for (auto s : layers::all_services()) out[layers::service_id(s)] = layers::service_settings(project, s).to_json();
  out["analysis"] = layers::analysis_settings(project).to_json();
  out[layers::kCostingKey] = layers::costing_settings(project).to_json();
  if (g.json) {
    std::cout << out.dump(2) << "\n";
    return kOk;
  }
  for (auto s : layers::all_services()) {
    auto st = layers::service_settings(project, s);
    std::cout << layers::service_id(s) << ": " << (st.enabled ? "" : "(disabled) ") << layers::to_string(st.mode)
              << " within " << st.threshold.str() << ", coverage norm " << st.coverage_norm_0_1 << ", "
              << st.people_per_facility << " people per facility, capacity norm " << st.capacity_norm << ", demand "
              << layers::to_string(st.demand) << "\n    source: " << st.source << "\n";
  }
  std::cout << "analysis: " << out["analysis"].dump() << "\n";
  std::cout << "costing: " << out[layers::kCostingKey].dump() << "\n";
  return kOk;
}

}  // namespace swsplan::cli
