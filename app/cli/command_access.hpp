#pragma once
#include <cmath>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan access PROJECT --service S [--mode line|network|raster] [--threshold 60min|10km]`:
/// travel cost from every village to the nearest facility of a service, coverage and capacity
/// per commune; writes access_<service> and access_<service>_communes into the project.
/// With --scenario NAME the run is stored as an access scenario instead (tables
/// scenario_<NAME>_access_villages/_communes and a row of swsplan_scenarios), leaving the
/// access_<service> tables alone; --season wet (raster mode) slows the friction surface.
class AccessCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, service_, mode_, threshold_, raster_dir_;
  double speed_kmh_ = 0;
  // Access scenarios and seasons (issue 7 item 5).
  std::string scenario_, season_, flood_field_, flood_layer_;
  double flood_threshold_ = NAN, flood_factor_ = NAN;
  bool replace_ = false;
};

}  // namespace swsplan::cli
