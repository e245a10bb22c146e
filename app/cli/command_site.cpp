#include "app/cli/command_site.hpp"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/analysis_run.hpp"
#ifdef SWSPLAN_HAVE_RENDER
#include "app/render/style_qml.hpp"
#endif
#include "layers/project.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

namespace swsplan::cli {

void SiteCommand::setup(CLI::App& app) {
  app.description("Site Single Window offices (MCLP, LSCP, p-median, or clusters of 2-3 contiguous communes per "
                  "district), plan mobile vans for communes beyond every office, and store the result as a named "
                  "scenario in the project.");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--model", model_, "mclp (cover most demand with p offices), lscp (fewest offices covering all), "
                                    "pmedian (least weighted travel) or clusters")
      ->capture_default_str();
  app.add_option("--p", p_, "New offices to open (mclp, pmedian)")->capture_default_str();
  app.add_option("--threshold,-t", threshold_, "Reach threshold: time (60min, 2h) or distance (10km)")
      ->capture_default_str();
  app.add_option("--speed", speed_kmh_, "Straight-line speed in km/h for a time threshold (default: the project's "
                                        "sws_office line_speed_kmh, 20)")
      ->check(CLI::PositiveNumber);
  app.add_option("--mode,-m", mode_, "line (straight line) or network (roads layer)")->capture_default_str();
  app.add_option("--demand", demand_, "poor_households, households or households_x_gaps (needs gap_classes)")
      ->capture_default_str();
  app.add_option("--candidates", candidates_,
                 "communes (commune halls), districts (district towns), villages, or a point layer of the project")
      ->capture_default_str();
  app.add_option("--existing", existing_, "Point layer of existing offices (default: facilities with service "
                                          "sws_office); existing offices are always kept");
  app.add_option("--province", province_, "Restrict demand, candidates and offices to one province (adm1_pcode, "
                                          "e.g. KH17)");
  app.add_option("--clusters", clusters_, "Cluster mode: MIN-MAX contiguous communes per office within each "
                                          "district, e.g. 2-3");
  app.add_option("--capacity", capacity_, "Office capacity in demand units (capacitated mclp / pmedian)");
  app.add_option("--min-spacing", min_spacing_, "Minimum distance between offices, e.g. 5km");
  app.add_option("--van-days", van_days_, "Days a van stays in each commune per cycle")->capture_default_str();
  app.add_option("--cycle-days", cycle_days_, "Working days of one van visiting cycle (a quarter)")
      ->capture_default_str();
  app.add_flag("--exact", exact_, "Solve exactly with CBC (small instances)");
  app.add_option("--time-limit", time_limit_s_, "Time limit of the exact solvers, seconds")->capture_default_str();
  app.add_option("--scenario", scenario_, "Scenario name (letters, digits, underscore)")->required();
  app.add_flag("--replace", replace_, "Replace a scenario of the same name");
  add_wait_option(app, wait_s_);
}

layers::SitingRequest SiteCommand::request() const {
  layers::SitingRequest rq;
  layers::validate_scenario_name(scenario_);
  rq.scenario = scenario_;
  if (model_ == "clusters") {
    rq.clusters = true;
  } else {
    auto m = layers::parse_site_model(model_);
    if (!m) throw gis::UsageError("--model must be mclp, lscp, pmedian or clusters, not '" + model_ + "'");
    rq.model = *m;
  }
  std::string cl = clusters_;
  if (rq.clusters && cl.empty()) cl = "2-3";
  if (!cl.empty()) {
    rq.clusters = true;
    unsigned a = 0, b = 0;
    char dash = 0;
    std::istringstream s(cl);
    if (!(s >> a)) throw gis::UsageError("--clusters must look like 2-3, not '" + cl + "'");
    if (s >> dash) {
      if (dash != '-' || !(s >> b)) throw gis::UsageError("--clusters must look like 2-3, not '" + cl + "'");
    } else {
      b = a;
    }
    rq.cluster_min = a;
    rq.cluster_max = b;
  }
  rq.p = p_;
  rq.threshold = layers::Threshold::parse(threshold_);
  if (speed_kmh_ > 0) rq.speed_kmh = speed_kmh_;
  auto mode = layers::parse_access_mode(mode_);
  if (!mode || *mode == layers::AccessMode::Raster) throw gis::UsageError("--mode must be line or network");
  rq.mode = *mode;
  auto d = layers::parse_site_demand(demand_);
  if (!d) throw gis::UsageError("--demand must be poor_households, households or households_x_gaps");
  rq.demand = *d;
  rq.candidates = candidates_;
  rq.existing = existing_;
  rq.province = province_;
  if (capacity_ != 0) rq.capacity = capacity_;
  if (!min_spacing_.empty()) {
    auto t = layers::Threshold::parse(min_spacing_);
    if (t.is_time) throw gis::UsageError("--min-spacing is a distance, e.g. 5km");
    rq.min_spacing_m = t.value;
  }
  rq.van_days_per_commune = van_days_;
  rq.van_cycle_days = cycle_days_;
  if (van_days_ == 0 || cycle_days_ == 0) throw gis::UsageError("--van-days and --cycle-days must be positive");
  rq.exact = exact_;
  rq.time_limit_s = time_limit_s_;
  return rq;
}

namespace {
std::string fmt(double v, int prec = 0) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}
std::string pct(double a, double b) { return b > 0 ? fmt(100.0 * a / b, 1) + " %" : "n/a"; }
}  // namespace

int SiteCommand::run(const Globals& g) {
  auto rq = request();
  const auto lease = hold_lease(project_, "site", wait_s_, g);
  if (speed_kmh_ <= 0)
    rq.speed_kmh =
        layers::service_settings(layers::Project::open(project_), layers::Service::SwsOffice).line_speed_kmh;
  ProgressBar bar(!g.quiet);
#ifdef SWSPLAN_HAVE_RENDER
  const auto styler = gui::default_qgis_styler();  // QGIS draws the scenario as `swsplan map` does
#else
  const layers::QgisStyler styler;
#endif
  const auto r = layers::run_and_store_siting(project_, rq, replace_, bar.progress(), "pass --replace", styler);
  bar.finish();

  if (g.json) {
    auto j = r.summary_json();
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  const auto& q = r.request;
  std::cout << "Scenario " << q.scenario << " — " << (q.clusters ? std::string("clusters ") + std::to_string(q.cluster_min) + "-" + std::to_string(q.cluster_max) : std::string(layers::to_string(q.model)))
            << (q.clusters || q.model == layers::SiteModel::Lscp ? "" : ", p = " + std::to_string(q.p)) << ", threshold "
            << q.threshold.str() << " (" << layers::to_string(q.mode)
            << (q.mode == layers::AccessMode::Line && q.threshold.is_time ? ", " + fmt(q.speed_kmh) + " km/h" : "")
            << "), demand " << layers::to_string(q.demand) << (q.province.empty() ? "" : ", province " + q.province)
            << "\n";
  std::size_t n_new = 0, n_old = 0;
  for (const auto& o : r.offices) (o.existing ? n_old : n_new)++;
  std::cout << "  offices: " << n_old << " existing (kept), " << n_new << " new\n";
  std::size_t shown = 0;
  for (const auto& o : r.offices) {
    if (shown++ == 30) {
      std::cout << "    ... " << r.offices.size() - 30 << " more in layer " << r.offices_layer.name << "\n";
      break;
    }
    std::cout << "    " << std::setw(10) << std::left << o.office_id << std::right << " "
              << (o.existing ? "existing" : "new     ") << "  " << o.adm3_pcode << " " << o.commune_name
              << "  covers " << fmt(o.covered_poor) << " poor hh, marginal gain " << fmt(o.marginal_gain) << "\n";
  }
  std::cout << "  poor households covered: before " << fmt(r.covered_poor_before) << " ("
            << pct(r.covered_poor_before, r.poor_total) << "), after " << fmt(r.covered_poor_after) << " ("
            << pct(r.covered_poor_after, r.poor_total) << ") of " << fmt(r.poor_total) << "\n";
  std::cout << "  objective " << fmt(r.objective, 1) << " " << r.objective_unit << ", bound " << fmt(r.bound, 1)
            << ", gap " << (std::isfinite(r.gap_0_1) ? fmt(100 * r.gap_0_1, 2) + " %" : std::string("unknown"))
            << (r.proven_optimal ? " (optimal)" : "") << "\n";
  std::cout << "  method: " << r.method << "\n";
  if (r.districts.size() > 1) {
    std::cout << "  per district (poor households covered before -> after):\n";
    for (const auto& d : r.districts)
      std::cout << "    " << d.adm2_pcode << " " << std::setw(20) << std::left << d.name << std::right << " "
                << std::setw(8) << fmt(d.covered_poor_before) << " -> " << std::setw(8) << fmt(d.covered_poor_after)
                << " of " << fmt(d.poor) << "\n";
  }
  std::cout << "  mobile vans: " << r.van_count << " for " << r.van_communes << " commune(s) beyond every office ("
            << q.van_days_per_commune << " days each per " << q.van_cycle_days << "-day cycle; lower bound "
            << r.van_lower_bound << ")\n";
  for (const auto& s : r.infeasible_districts) std::cout << "  cannot cluster: " << s << "\n";
  for (const auto& n : r.notes) std::cout << "  note: " << n << "\n";
  std::cout << "  stored as scenario_" << q.scenario << "_* in " << project_ << " (" << fmt(r.seconds, 2) << " s)\n";
  return kOk;
}

}  // namespace swsplan::cli
