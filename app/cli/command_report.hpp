#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan report commune|district|scenario ...`: A4 PDF documents (app/report): the commune profile
/// with the investment plan check (NCDD review), the district brief (donors), a
/// scenario's cost or two scenarios compared (planners). Needs the
/// desktop renderer (SWSPLAN_BUILD_GUI=ON); without it the verb says so.
class ReportCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  CLI::App *commune_ = nullptr, *district_ = nullptr, *scenario_ = nullptr;
  std::string lang_ = "en";
  // commune
  std::string c_pcode_, c_project_, c_out_, c_cip_, c_district_, c_province_;
  // district
  std::string d_project_, d_out_, d_province_;
  int d_top_ = 10;
  // scenario
  std::string s_project_, s_out_;
  std::vector<std::string> s_args_;
};

}  // namespace swsplan::cli
