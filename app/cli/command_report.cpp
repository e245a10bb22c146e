#include "app/cli/command_report.hpp"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "gis/core/error.hpp"

#ifdef SWSPLAN_HAVE_RENDER
#include <QGuiApplication>
#include <QtGlobal>

#include "app/render/map_renderer.hpp"
#include "app/report/report.hpp"
#endif

namespace swsplan::cli {

void ReportCommand::setup(CLI::App& app) {
  app.description("A4 PDF documents: a commune profile (with the commune investment plan check) for NCDD review, "
                  "a district priority brief for donors, or a scenario's cost and comparison for planners. "
                  "Run `swsplan analyze` first.");
  app.require_subcommand(1);
  commune_ = app.add_subcommand("commune", "Commune profile: map, services (access, coverage, capacity, class, lever), "
                                           "ID-Poor figures, and the investment plan check with --cip. A batch "
                                           "(--district / --province) is one PDF with a page per commune");
  commune_->fallthrough();
  commune_->add_option("pcode", c_pcode_, "Commune code (KH010201 or 10201); omit with --district / --province");
  // Not ->required(): with --district / --province the only positional is the project.
  commune_->add_option("project", c_project_, "Project GeoPackage");
  commune_->add_option("--out,-o", c_out_, "Output .pdf")->required();
  commune_->add_option("--cip", c_cip_, "Commune investment plan: CSV or layer (project, type, cost_usd, location, adm3_pcode)");
  commune_->add_option("--district", c_district_, "Every commune of this district (KH0102)");
  commune_->add_option("--province", c_province_, "Every commune of this province (KH01)");
  commune_->add_option("--lang", lang_, "en or km")->check(CLI::IsMember({"en", "km"}));
  district_ = app.add_subcommand("district", "District brief: ranked districts, priority-index map, bar chart of the "
                                             "components, sensitivity ranges, method");
  district_->fallthrough();
  district_->add_option("project", d_project_, "Project GeoPackage")->required();
  district_->add_option("--out,-o", d_out_, "Output .pdf")->required();
  district_->add_option("--province", d_province_, "Only this province's districts (ranks stay national)");
  district_->add_option("--top", d_top_, "Districts in the chart and table")->check(CLI::Range(1, 1000));
  district_->add_option("--lang", lang_, "en or km")->check(CLI::IsMember({"en", "km"}));
  scenario_ = app.add_subcommand("scenario", "A saved scenario: map, cost table, PWP works and households gaining "
                                             "access; or `compare A B`: totals, districts and a difference map (B - A)");
  scenario_->fallthrough();
  scenario_->add_option("project", s_project_, "Project GeoPackage")->required();
  scenario_->add_option("scenario", s_args_, "NAME, or: compare A B (A/B: NAME or NAME:before for PWP)")
      ->required()
      ->expected(1, 3);
  scenario_->add_option("--out,-o", s_out_, "Output .pdf")->required();
  scenario_->add_option("--lang", lang_, "en or km")->check(CLI::IsMember({"en", "km"}));
}

int ReportCommand::run(const Globals& g) {
#ifdef SWSPLAN_HAVE_RENDER
  // A commune code is optional before the project: with one positional, it is the project.
  if (commune_->parsed() && c_project_.empty()) std::swap(c_pcode_, c_project_);
  if (commune_->parsed() && c_project_.empty()) throw gis::UsageError("report commune: the project file is missing");
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  gui::quiet_qt_notes();
  static int argc = 1;
  static char name[] = "swsplan";
  static char* argv[] = {name, nullptr};
  QGuiApplication app(argc, argv);
  report::install_translators(lang_);
  report::ReportResult r;
  std::string out;
  if (commune_->parsed()) {
    report::CommuneReportOptions o;
    o.project = c_project_;
    o.out = out = c_out_;
    o.lang = lang_;
    o.cip = c_cip_;
    o.district = c_district_;
    o.province = c_province_;
    if (!c_pcode_.empty()) o.communes.push_back(c_pcode_);
    if (o.communes.empty() && o.district.empty() && o.province.empty())
      throw gis::UsageError("report commune: give a commune code, --district or --province");
    r = report::write_commune_report(o);
  } else if (scenario_->parsed()) {
    report::ScenarioOptions o;
    o.project = s_project_;
    o.out = out = s_out_;
    o.lang = lang_;
    if (s_args_.size() == 1) {
      o.scenario = s_args_[0];
    } else if (s_args_.size() == 3 && s_args_[0] == "compare") {
      o.compare_a = s_args_[1];
      o.compare_b = s_args_[2];
    } else {
      throw gis::UsageError("report scenario PROJECT NAME, or report scenario PROJECT compare A B");
    }
    r = report::write_scenario_report(o);
  } else {
    report::BriefOptions o;
    o.project = d_project_;
    o.out = out = d_out_;
    o.lang = lang_;
    o.province = d_province_;
    o.top = d_top_;
    r = report::write_district_brief(o);
  }
  if (g.json) {
    nlohmann::ordered_json j;
    j["out"] = out;
    j["pages"] = r.pages;
    j["units"] = r.units;
    std::cout << j.dump(2) << "\n";
  } else if (!g.quiet) {
    std::cerr << "swsplan report: wrote " << out << " (" << r.pages << " page(s), " << r.units.size() << " "
              << (commune_->parsed() ? "commune(s)" : scenario_->parsed() ? "scenario(s)" : "district(s)") << ")\n";
  }
  return 0;
#else
  (void)g;
  throw gis::UsageError("this swsplan was built without the desktop renderer (SWSPLAN_BUILD_GUI=OFF): no reports");
#endif
}

}  // namespace swsplan::cli
