#pragma once
#include <cstdint>
#include <string>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan scale-up PROJECT --service S --threshold 5km [--target 0.9] [--max-sites N]
/// [--capacity HH] [--province KH17]`: adds facilities of a service one at a time at the
/// commune halls that cover the most households still out of reach, and prints the opening
/// order with the cumulative coverage, beside the MCLP optimum for the same count. With
/// --store the new sites are stored as the point layer scaling_up_<service>.
class ScaleUpCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string project_, service_ = "health_centre", threshold_ = "5km", province_;
  double target_ = 1.0, capacity_hh_ = 0;
  std::uint32_t max_sites_ = 0;
  bool no_mclp_ = false, store_ = false;
  double wait_s_ = 0;
};

}  // namespace swsplan::cli
