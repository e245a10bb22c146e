#include "app/cli/command_scale_up.hpp"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/scaling_up.hpp"
#include "layers/settings.hpp"
#ifdef SWSPLAN_HAVE_RENDER
#include "app/render/referral_style.hpp"
#endif

namespace swsplan::cli {

void ScaleUpCommand::setup(CLI::App& app) {
  app.description("Scaling-up: add facilities one at a time where they cover most households out of reach");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--service,-s", service_, "Service whose facilities are added (health_centre, school_primary, ...)")
      ->capture_default_str();
  app.add_option("--threshold,-t", threshold_, "Straight-line reach of a facility, a distance (5km, 2500m)")
      ->capture_default_str();
  app.add_option("--target", target_, "Stop once this share of households is covered (0-1]")->capture_default_str();
  app.add_option("--max-sites", max_sites_, "Stop after this many new facilities (0 = no limit)")->capture_default_str();
  app.add_option("--capacity", capacity_hh_, "Households one facility can serve (0 = no limit)");
  app.add_option("--province", province_, "Only the communes of this adm1_pcode");
  app.add_flag("--no-mclp", no_mclp_, "Skip the comparison with the MCLP optimum");
  app.add_flag("--store", store_, "Store the new sites in the project as the point layer scaling_up_<service>");
  add_wait_option(app, wait_s_);
}

namespace {
std::string fmt(double v, int prec = 0) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}
}  // namespace

int ScaleUpCommand::run(const Globals& g) {
  layers::ScalingUpRequest rq;
  rq.service = layers::require_service(service_, " in --service");
  const auto t = layers::Threshold::parse(threshold_);
  if (t.is_time) throw gis::UsageError("--threshold: scaling-up takes a distance (e.g. 5km), got " + threshold_);
  rq.threshold_m = t.value;
  rq.target_coverage_0_1 = target_;
  rq.max_new_sites = max_sites_;
  if (capacity_hh_ > 0) rq.capacity_hh = capacity_hh_;
  else if (capacity_hh_ < 0) throw gis::UsageError("--capacity must be >= 0");
  rq.province = province_;
  rq.compare_mclp = !no_mclp_;
  std::optional<layers::WriterLease> lease;
  if (store_) lease.emplace(hold_lease(project_, "scale-up", wait_s_, g));
  ProgressBar bar(!g.quiet);
#ifdef SWSPLAN_HAVE_RENDER
  const auto styler = gui::analysis_qgis_styler();  // QGIS draws the new sites as stars
#else
  const layers::QgisStyler styler;
#endif
  const auto r = store_ ? layers::run_and_store_scaling_up(project_, rq, styler, bar.progress())
                        : layers::run_scaling_up(layers::Project::open(project_), rq, bar.progress());
  bar.finish();
  if (g.json) {
    nlohmann::ordered_json j;
    j["service"] = layers::service_id(rq.service);
    j["threshold_m"] = rq.threshold_m;
    j["existing_sites"] = r.existing_sites;
    j["total_households"] = r.total_hh;
    j["initial_covered_households"] = r.initial_covered_hh;
    j["stop_reason"] = r.stop_reason;
    j["steps"] = nlohmann::json::array();
    for (const auto& s : r.steps)
      j["steps"].push_back({{"step", s.step}, {"adm3_pcode", s.adm3_pcode}, {"commune", s.commune_name},
                            {"lon", s.lon}, {"lat", s.lat}, {"added_households", s.added_hh},
                            {"covered_households", s.covered_hh}, {"coverage_0_1", s.coverage_0_1}});
    if (r.mclp_covered_hh) {
      j["mclp"] = {{"covered_households", *r.mclp_covered_hh}, {"bound_households", *r.mclp_bound_hh},
                   {"proven_optimal", r.mclp_proven_optimal}, {"greedy_gap_0_1", *r.greedy_gap_0_1}};
    }
    j["notes"] = r.notes;
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << "Scaling-up, " << layers::service_label(rq.service) << ", reach " << t.str() << ": "
            << r.existing_sites << " existing facilities cover " << fmt(r.initial_covered_hh) << " of "
            << fmt(r.total_hh) << " households (" << fmt(r.total_hh > 0 ? 100 * r.initial_covered_hh / r.total_hh : 0, 1)
            << " %)\n";
  std::cout << "step  adm3_pcode  commune                     added_hh   covered_hh  coverage\n";
  for (const auto& s : r.steps)
    std::cout << std::setw(4) << s.step << "  " << std::left << std::setw(10) << s.adm3_pcode << "  "
              << std::setw(26) << s.commune_name.substr(0, 26) << std::right << std::setw(10) << fmt(s.added_hh)
              << std::setw(13) << fmt(s.covered_hh) << std::setw(9) << fmt(100 * s.coverage_0_1, 1) << " %\n";
  std::cout << "stopped: " << r.stop_reason << "\n";
  if (r.mclp_covered_hh)
    std::cout << "MCLP with " << r.steps.size() << " new sites: " << fmt(*r.mclp_covered_hh) << " households ("
              << (r.mclp_proven_optimal ? "optimal" : "bound " + fmt(*r.mclp_bound_hh)) << "); the greedy order covers "
              << fmt(100 * *r.greedy_gap_0_1, 2) << " % less than that bound\n";
  if (store_) std::cout << "stored: scaling_up_" << layers::service_id(rq.service) << " (" << r.steps.size() << " sites)\n";
  for (const auto& n : r.notes) std::cout << "note: " << n << "\n";
  return kOk;
}

}  // namespace swsplan::cli
