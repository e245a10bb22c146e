#pragma once
#include <string>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan cost PROJECT [--scenario NAME] [--with-pwp NAME] [--csv out.csv] [--json]`: the cost
/// table of a siting or PWP scenario (or of the gap analysis's transfers and HEF when no
/// scenario is given), stored in the project as cost_<scenario> and printed.
class CostCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, scenario_, with_pwp_, csv_;
  bool no_store_ = false;
};

}  // namespace swsplan::cli
