#pragma once
#include <string>

#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan compare PROJECT A B [--service S] [--csv out.csv] [--communes] [--json]`: two saved
/// scenarios side by side (B - A) per commune, district and in total; stores the difference
/// layer compare_<A>_<B> (commune polygons) for a difference map.
class CompareCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, a_, b_, service_, csv_;
  bool communes_ = false, no_store_ = false;
};

}  // namespace swsplan::cli
