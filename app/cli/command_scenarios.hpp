#pragma once
#include <string>
#include <vector>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan scenarios PROJECT [--compare A B]`: lists the siting scenarios stored in a
/// project, or compares the covered poor households of two scenarios per district.
class ScenariosCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string project_;
  std::vector<std::string> compare_;
};

}  // namespace swsplan::cli
