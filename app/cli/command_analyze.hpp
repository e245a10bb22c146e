#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan analyze PROJECT`: access + unavailable/unaffordable classification for every
/// configured service, aggregation and district priority; writes gap_communes, gap_classes,
/// gap_summary, district_priority and QGIS styles into the project.
class AnalyzeCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  double wait_s_ = 0;  ///< --wait: seconds to wait for another writer of the project
  std::string project_, csv_dir_, mode_;
  std::vector<std::string> services_;
  bool geometric_ = false;
  int top_ = 10;
};

}  // namespace swsplan::cli
