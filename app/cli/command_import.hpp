#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan import --out PROJECT.gpkg --communes SRC --villages SRC --facilities SRC ...`:
/// reads real sources, checks and normalises them, and writes them into the project in one
/// all-or-nothing step, printing a join report for every join.
/// SRC is `path[#layer][?key=value&...]` (options per kind: see --help).
class ImportCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string out_, provinces_, districts_, communes_, villages_, crosswalk_, assume_crs_, name_;
  std::vector<std::string> facilities_, pwp_, indicators_, roads_;
};

}  // namespace swsplan::cli
