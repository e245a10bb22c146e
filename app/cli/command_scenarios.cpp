#include "app/cli/command_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gis/core/error.hpp"
#include "layers/project.hpp"
#include "layers/pwp.hpp"
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
  // Each kind with its own columns: siting (model, p, covered poor households, bound gap),
  // PWP roads (works, km, labour-days, households gaining access), others (e.g. access).
  auto is_siting = [](const layers::ScenarioRow& r) { return layers::parse_site_model(r.model) || r.model == "clusters"; };
  auto is_pwp = [](const layers::ScenarioRow& r) { return r.model == layers::kPwpModel; };
  auto setting = [](const layers::ScenarioRow& r, const char* key) {
    return r.settings.is_object() && r.settings.contains(key) && r.settings[key].is_number()
               ? r.settings[key].get<double>()
               : NAN;
  };
  auto works = [&](const layers::ScenarioRow& r) -> std::int64_t {
    const auto l = layers::pwp_layer(r.name, "works");
    return project.has(l) ? static_cast<std::int64_t>(project.read(l).size()) : -1;
  };
  if (g.json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      if (is_pwp(r)) {
        const auto n = works(r);
        j.push_back({{"name", r.name},
                     {"kind", "pwp"},
                     {"model", r.model},
                     {"threshold", r.threshold},
                     {"works", n >= 0 ? nlohmann::ordered_json(n) : nlohmann::ordered_json()},
                     {"km_new", num(setting(r, "km_new"))},
                     {"km_upgrade", num(setting(r, "km_upgrade"))},
                     {"labour_days", num(setting(r, "labour_days"))},
                     {"households_gained_any", num(setting(r, "households_gained_any"))},
                     {"poor_gained_any", num(setting(r, "poor_gained_any"))},
                     {"created_at", r.created_at},
                     {"settings", r.settings}});
        continue;
      }
      j.push_back({{"name", r.name},
                   {"kind", is_siting(r) ? std::string("siting") : r.model},
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
    }
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  if (rows.empty()) {
    std::cout << "No scenarios in " << project_ << " (create one with `swsplan site`)\n";
    return kOk;
  }
  bool first = true;
  auto heading = [&](const char* title) {
    std::cout << (first ? "" : "\n") << title << "\n";
    first = false;
  };
  if (std::any_of(rows.begin(), rows.end(), is_siting)) {
    heading("Office siting scenarios");
    std::cout << std::left << std::setw(16) << "scenario" << std::setw(10) << "model" << std::right << std::setw(5)
              << "p" << std::setw(10) << "threshold" << std::setw(12) << "poor before" << std::setw(12) << "poor after"
              << std::setw(9) << "gap" << "  created\n";
    for (const auto& r : rows) {
      if (!is_siting(r)) continue;
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
  }
  if (std::any_of(rows.begin(), rows.end(), is_pwp)) {
    heading("PWP road scenarios (model pwp; households gaining access to at least one service)");
    std::cout << std::left << std::setw(16) << "scenario" << std::right << std::setw(6) << "works" << std::setw(9)
              << "km" << std::setw(13) << "labour-days" << std::setw(12) << "hh gaining" << std::setw(14)
              << "poor gaining" << std::setw(12) << "threshold" << "  created\n";
    for (const auto& r : rows) {
      if (!is_pwp(r)) continue;
      const auto n = works(r);
      const double km = setting(r, "km_new") + setting(r, "km_upgrade");
      std::cout << std::left << std::setw(16) << r.name << std::right << std::setw(6)
                << (n >= 0 ? std::to_string(n) : std::string("n/a")) << std::setw(9) << fmt(km, 1) << std::setw(13)
                << fmt(setting(r, "labour_days")) << std::setw(12) << fmt(setting(r, "households_gained_any"))
                << std::setw(14) << fmt(setting(r, "poor_gained_any")) << std::setw(12) << r.threshold << "  "
                << r.created_at << "\n";
    }
  }
  if (std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return !is_siting(r) && !is_pwp(r); })) {
    heading("Other scenarios");
    std::cout << std::left << std::setw(16) << "scenario" << std::setw(10) << "model" << std::right << std::setw(12)
              << "threshold" << "  created\n";
    for (const auto& r : rows) {
      if (is_siting(r) || is_pwp(r)) continue;
      std::cout << std::left << std::setw(16) << r.name << std::setw(10) << r.model << std::right << std::setw(12)
                << r.threshold << "  " << r.created_at << "\n";
    }
  }
  return kOk;
}

}  // namespace swsplan::cli
