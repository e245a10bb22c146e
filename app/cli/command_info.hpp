#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan info FILE`: layers, CRS, feature counts, extent and fields of any vector source
/// (and, for a swsplan project, its provenance and join reports).
class InfoCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string path_;
  std::string assume_crs_;
};

}  // namespace swsplan::cli
