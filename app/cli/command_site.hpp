#pragma once
#include <optional>
#include <string>

#include "app/cli/cli.hpp"
#include "layers/siting.hpp"

namespace swsplan::cli {

/// `swsplan site PROJECT --model mclp|lscp|pmedian --p N --threshold 60min --scenario NAME
/// [--demand poor_households|households|households_x_gaps] [--candidates communes|districts|villages|LAYER]
/// [--existing LAYER] [--province KH17] [--clusters 2-3] [--capacity N] [--mode line|network]`:
/// sites Single Window offices and stores the result as a named scenario in the project.
class SiteCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;
  /// The request built by setup()'s options (valid after parsing). @throws UsageError.
  layers::SitingRequest request() const;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, model_ = "mclp", threshold_ = "60min", mode_ = "line", demand_ = "poor_households",
                        candidates_ = "communes", existing_, province_, clusters_, min_spacing_, scenario_;
  std::uint32_t p_ = 1, van_days_ = 5, cycle_days_ = 60;
  double speed_kmh_ = 0, capacity_ = 0, time_limit_s_ = 60;
  bool exact_ = false, replace_ = false;
};

}  // namespace swsplan::cli
