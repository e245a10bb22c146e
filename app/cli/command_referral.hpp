#pragma once
#include <string>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan referral PROJECT --mode line|network|raster [--assigned-by FIELD] [--province KH..]`:
/// every health centre's referral hospital with travel time and distance (layers/referral.hpp),
/// stored as referral_<mode> and referral_<mode>_centres; prints the summary (with --json, all
/// rows).
class ReferralCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;
  std::string project_, mode_ = "network", assigned_by_, province_;
};

}  // namespace swsplan::cli
