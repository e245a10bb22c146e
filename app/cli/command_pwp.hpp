#pragma once
#include <string>
#include <vector>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan pwp PROJECT --roads FILE_OR_LAYER --scenario NAME [--services a,b] [--threshold 60min]`:
/// the PWP road scenario: new or upgraded road segments -> network access with and without
/// them -> households gaining access per service and commune; labour-days and USD.
class PwpCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, roads_, scenario_, threshold_, assume_crs_;
  std::vector<std::string> services_;
  bool replace_ = false;
};

}  // namespace swsplan::cli
