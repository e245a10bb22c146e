#include "app/cli/command_cost.hpp"

#include <iostream>
#include <optional>

#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"

namespace swsplan::cli {

void CostCommand::setup(CLI::App& app) {
  app.description("Cost a saved scenario with the project's unit costs (swsplan settings costing.*): new offices "
                  "(set-up, running), mobile vans, cash transfers for communes classed unaffordable, Health Equity "
                  "Fund for health-unaffordable communes, PWP labour; totals and cost per poor household reached. "
                  "Stored as table cost_<scenario> (cost_gap without --scenario).");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--scenario", scenario_, "Siting or PWP scenario (see `swsplan scenarios`); omit for the gap "
                                          "analysis alone (transfers and HEF)");
  app.add_option("--with-pwp", with_pwp_, "Add the labour of this PWP scenario to a siting scenario's table");
  app.add_option("--csv", csv_, "Also write the table to this CSV file");
  app.add_flag("--no-store", no_store_, "Do not write the table into the project");
  add_wait_option(app, wait_s_);
}

int CostCommand::run(const Globals& g) {
  std::optional<layers::WriterLease> lease;
  if (!no_store_) lease.emplace(hold_lease(project_, "cost", wait_s_, g));
  auto t = no_store_ ? layers::cost_scenario(layers::Project::open(project_), scenario_, with_pwp_)
                     : layers::run_and_store_cost(project_, scenario_, with_pwp_);
  const auto table = t.table();
  if (!csv_.empty()) gis::write_vector(table, csv_, gis::VectorFormat::CSV);
  if (g.json) {
    std::cout << t.to_json().dump(2) << "\n";
    return kOk;
  }
  std::cout << t.to_text();
  if (!no_store_) std::cout << "  stored as table " << table.name << " in " << project_ << "\n";
  return kOk;
}

}  // namespace swsplan::cli
