#include "app/gui/pwp_jobs.hpp"

#include "layers/lease.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

layers::PwpResult run_pwp_scenario(const std::string& project_path, const layers::PwpRequest& rq, bool replace,
                                   gis::Progress& progress) {
  return layers::run_and_store_pwp(project_path, rq, replace, progress, "tick 'Replace'");
}

std::string pwp_summary_text(const layers::PwpResult& r) { return r.to_text(); }

layers::ScenarioDiff run_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                 const std::string& service, gis::Progress& progress) {
  layers::CompareOptions opt;
  opt.service = service;
  return layers::run_and_store_compare(project_path, a, b, opt, progress);
}

std::string compare_summary_text(const layers::ScenarioDiff& d) { return d.to_text(); }

}  // namespace swsplan::gui
