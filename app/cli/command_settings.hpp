#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan settings PROJECT [--set KEY=VALUE ...]`: shows the per-service and analysis
/// settings (stored values over documented defaults) and changes them.
/// Keys: <service>.<field> (e.g. health_centre.threshold=60min, health_centre.mode=network)
/// and analysis.<field> (e.g. analysis.deprivation_source=commune:idp22_poor_share).
class SettingsCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_;
  std::vector<std::string> sets_;
  bool reset_ = false;
};

}  // namespace swsplan::cli
