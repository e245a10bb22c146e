#pragma once
#include "app/cli/cli.hpp"

namespace swsplan::cli {

/// `swsplan map PROJECT --out map.png|pdf [--layers a,b] ...`: exports a styled map page
/// (title, legend, scale bar, north arrow, attribution) with the desktop app's renderer.
class MapCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string project_, out_, title_, subtitle_, lang_ = "en";
  std::vector<std::string> layers_, extent_layers_;
  int width_ = 1600, height_ = 1130;
  double dpi_ = 150;
  bool no_legend_ = false;
};

}  // namespace swsplan::cli
