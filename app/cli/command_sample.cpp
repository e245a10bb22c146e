#include "app/cli/command_sample.hpp"

#include <iostream>

namespace swsplan::cli {

void SampleCommand::setup(CLI::App& app) {
  app.description(
      "Write the synthetic demo province (fictitious code KH90: 4 districts, 40 communes, ~500 villages, "
      "facilities, roads incl. PWP, a canal and a river) as a project GeoPackage. Byte-identical for a given "
      "seed. Synthetic data, not real.");
  app.add_option("--out", out_, "Project GeoPackage to write (e.g. sample-maps/demo_province.gpkg)")->required();
  app.add_option("--seed", seed_, "Seed of the generator (the committed sample uses the default)")
      ->capture_default_str();
  app.add_flag("--force", force_, "Overwrite --out if it exists");
}

int SampleCommand::run(const Globals& globals) {
  layers::SampleOptions options;
  options.seed = seed_;
  const layers::SampleSummary summary = layers::write_sample(out_, options, force_);
  if (globals.json)
    std::cout << summary.to_json().dump(2) << "\n";
  else if (!globals.quiet)
    std::cout << summary.to_text();
  return kOk;
}

}  // namespace swsplan::cli
