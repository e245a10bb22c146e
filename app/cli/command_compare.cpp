#include "app/cli/command_compare.hpp"

#include <iostream>
#include <optional>

#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/compare.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::cli {

void CompareCommand::setup(CLI::App& app) {
  app.description("Compare two saved scenarios (siting or PWP; NAME:before is a PWP scenario without its works): "
                  "covered households and poor households and mean access cost per commune, district and in total, "
                  "differences B - A. Stores the difference layer compare_<A>_<B> (commune polygons).");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("a", a_, "Scenario A (the reference)")->required();
  app.add_option("b", b_, "Scenario B")->required();
  app.add_option("--service", service_, "PWP scenarios: the service to compare (default: the first stored)");
  app.add_option("--csv", csv_, "Write the commune, district and total rows to this CSV file");
  app.add_flag("--communes", communes_, "Also print every commune");
  app.add_flag("--no-store", no_store_, "Do not write the difference layer into the project");
  add_wait_option(app, wait_s_);
}

int CompareCommand::run(const Globals& g) {
  // A service the tool does not know is a usage error before anything is opened; an alias
  // ("hc") is compared as its id, the name the scenarios store.
  layers::CompareOptions opt;
  if (!service_.empty()) opt.service = layers::service_id(layers::require_service(service_, " in --service"));
  std::optional<layers::WriterLease> lease;
  if (!no_store_) lease.emplace(hold_lease(project_, "compare", wait_s_, g));
  auto d = no_store_ ? layers::compare_scenarios_full(layers::Project::open(project_), a_, b_, opt)
                     : layers::run_and_store_compare(project_, a_, b_, opt);
  if (!csv_.empty()) gis::write_vector(d.table(), csv_, gis::VectorFormat::CSV);
  if (g.json) {
    std::cout << d.to_json().dump(2) << "\n";
    return kOk;
  }
  std::cout << d.to_text();
  if (communes_)
    for (const auto& r : d.communes)
      std::cout << "    " << r.code << " " << r.name << ": covered poor " << r.covered_poor_a << " -> "
                << r.covered_poor_b << " (" << r.diff_covered_poor << "), access " << r.access_a << " -> "
                << r.access_b << " " << d.access_unit << "\n";
  if (!no_store_) std::cout << "  difference layer " << d.difference_layer.name << " stored in " << project_ << "\n";
  return kOk;
}

}  // namespace swsplan::cli
