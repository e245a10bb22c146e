#include "app/cli/command_pwp.hpp"

#include <iostream>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/project.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::cli {

void PwpCommand::setup(CLI::App& app) {
  app.description("PWP road scenario: add new road segments or upgrade existing ones (line layer with fields work "
                  "= new|upgrade, road_class, road_id for upgrades), recompute road-network access for each service "
                  "and count the households and poor households coming within the threshold, per commune and in "
                  "total; labour-days and USD from the costing settings. Stored as a scenario of model 'pwp'. Needs "
                  "a roads layer (the sample project has one; import one with --roads, e.g. the OSM main roads).");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--roads", roads_, "Road works: a layer of the project or a file path[#layer]")->required();
  app.add_option("--scenario", scenario_, "Scenario name (letters, digits, underscore)")->required();
  app.add_option("--services", services_, "Services to analyse (default: the enabled ones)")->delimiter(',');
  app.add_option("--threshold,-t", threshold_, "One time threshold for every service (default: each service's own; a "
                                               "distance is turned into a time at its line speed)");
  app.add_option("--assume-crs", assume_crs_, "CRS of a works file that declares none");
  app.add_flag("--replace", replace_, "Replace a scenario of the same name");
  add_wait_option(app, wait_s_);
}

int PwpCommand::run(const Globals& g) {
  layers::PwpRequest rq;
  layers::validate_scenario_name(scenario_);
  rq.scenario = scenario_;
  rq.works = roads_;
  rq.assume_crs = assume_crs_;
  for (const auto& s : services_) {
    rq.services.push_back(layers::require_service(s, " in --services"));
  }
  if (!threshold_.empty()) rq.threshold = layers::Threshold::parse(threshold_);
  const auto lease = hold_lease(project_, "pwp", wait_s_, g);
  ProgressBar bar(!g.quiet);
  auto r = layers::run_and_store_pwp(project_, rq, replace_, bar.progress());
  bar.finish();
  if (g.json) {
    std::cout << r.summary_json().dump(2) << "\n";
    return kOk;
  }
  std::cout << r.to_text();
  std::cout << "  stored as scenario " << rq.scenario << " (" << layers::pwp_layer(rq.scenario, "works") << ", "
            << layers::pwp_layer(rq.scenario, "communes") << ", " << layers::pwp_layer(rq.scenario, "villages")
            << ") in " << project_ << "\n";
  return kOk;
}

}  // namespace swsplan::cli
