#include "app/cli/command_scenarios.hpp"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gis/core/error.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace swsplan::cli {

void ScenariosCommand::setup(CLI::App& app) {
  app.description("List the siting scenarios stored in a project, or compare two of them per district.");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--compare", compare_, "Two scenario names: covered poor households per district")->expected(2);
}

namespace {
std::string fmt(double v, int prec = 0) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}
nlohmann::ordered_json num(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); }
}  // namespace

int ScenariosCommand::run(const Globals& g) {
  auto project = layers::Project::open(project_);
  if (compare_.size() == 2) {
    auto c = layers::compare_scenarios(project, compare_[0], compare_[1]);
    if (g.json) {
      nlohmann::ordered_json j = nlohmann::ordered_json::array();
      for (const auto& r : c.rows)
        j.push_back({{"adm2_pcode", r.adm2_pcode},
                     {"name", r.name},
                     {"poor", r.poor},
                     {compare_[0], r.covered_a},
                     {compare_[1], r.covered_b},
                     {"difference", r.covered_b - r.covered_a}});
      std::cout << j.dump(2) << "\n";
      return kOk;
    }
    std::cout << "Covered poor households: " << compare_[0] << " vs " << compare_[1] << "\n";
    std::cout << "  " << std::left << std::setw(8) << "district" << " " << std::setw(20) << "name" << std::right
              << std::setw(10) << "poor" << std::setw(12) << compare_[0].substr(0, 11) << std::setw(12)
              << compare_[1].substr(0, 11) << std::setw(10) << "diff" << "\n";
    for (const auto& r : c.rows)
      std::cout << "  " << std::left << std::setw(8) << (r.adm2_pcode.empty() ? "total" : r.adm2_pcode) << " "
                << std::setw(20) << r.name.substr(0, 20) << std::right << std::setw(10) << fmt(r.poor) << std::setw(12)
                << fmt(r.covered_a) << std::setw(12) << fmt(r.covered_b) << std::setw(10)
                << ((r.covered_b >= r.covered_a ? "+" : "") + fmt(r.covered_b - r.covered_a)) << "\n";
    return kOk;
  }
  const auto rows = layers::list_scenarios(project);
  if (g.json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& r : rows)
      j.push_back({{"name", r.name},
                   {"model", r.model},
                   {"p", r.p},
                   {"threshold", r.threshold},
                   {"demand", r.demand},
                   {"objective", num(r.objective)},
                   {"bound", num(r.bound)},
                   {"gap", num(r.gap)},
                   {"covered_poor_before", num(r.covered_poor_before)},
                   {"covered_poor_after", num(r.covered_poor_after)},
                   {"created_at", r.created_at},
                   {"settings", r.settings}});
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  if (rows.empty()) {
    std::cout << "No scenarios in " << project_ << " (create one with `swsplan site`)\n";
    return kOk;
  }
  std::cout << std::left << std::setw(16) << "scenario" << std::setw(10) << "model" << std::right << std::setw(5) << "p"
            << std::setw(10) << "threshold" << std::setw(12) << "poor before" << std::setw(12) << "poor after"
            << std::setw(9) << "gap" << "  created\n";
  for (const auto& r : rows) {
    std::string prov;
    if (r.settings.is_object() && r.settings.contains("province") && r.settings["province"].is_string())
      prov = r.settings["province"].get<std::string>();
    std::cout << std::left << std::setw(16) << r.name << std::setw(10) << r.model << std::right << std::setw(5)
              << (r.model == "lscp" || r.model == "clusters" ? std::string("-") : std::to_string(r.p))
              << std::setw(10) << r.threshold << std::setw(12) << fmt(r.covered_poor_before) << std::setw(12)
              << fmt(r.covered_poor_after) << std::setw(9)
              << (std::isfinite(r.gap) ? fmt(100 * r.gap, 2) + "%" : std::string("n/a")) << "  " << r.created_at
              << (prov.empty() ? "" : "  " + prov) << "\n";
  }
  return kOk;
}

}  // namespace swsplan::cli
