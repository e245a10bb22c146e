#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan access PROJECT --service S [--mode line|network|raster] [--threshold 60min|10km]`:
/// travel cost from every village to the nearest facility of a service, coverage and capacity
/// per commune; writes access_<service> and access_<service>_communes into the project.
class AccessCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string project_, service_, mode_, threshold_, raster_dir_;
  double speed_kmh_ = 0;
};

}  // namespace swsplan::cli
