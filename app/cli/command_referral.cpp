#include "app/cli/command_referral.hpp"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/referral_run.hpp"
#ifdef SWSPLAN_HAVE_RENDER
#include "app/render/referral_style.hpp"
#endif

namespace swsplan::cli {

void ReferralCommand::setup(CLI::App& app) {
  app.description("Referral analysis: each health centre's referral hospital (nearest, or within --assigned-by "
                  "groups) with travel time and distance; stored as referral_<mode> (lines) and "
                  "referral_<mode>_centres");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--mode,-m", mode_, "line (straight line), network (roads layer) or raster (cost surface)")
      ->capture_default_str();
  app.add_option("--assigned-by", assigned_by_,
                 "Facilities field shared by a centre and its hospitals (e.g. od_code, the operational district); "
                 "default: the nearest hospital");
  app.add_option("--province", province_, "Only the health centres of this province (adm1 pcode, e.g. KH01)");
  add_wait_option(app, wait_s_);
}

namespace {
std::string fmt(double v, int prec = 1) {
  if (!std::isfinite(v)) return "-";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}
nlohmann::json num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
}  // namespace

int ReferralCommand::run(const Globals& g) {
  layers::ReferralRequest rq;
  const auto m = layers::parse_access_mode(mode_);
  if (!m) throw gis::UsageError("--mode must be line, network or raster, not '" + mode_ + "'");
  rq.mode = *m;
  rq.assigned_by = assigned_by_;
  rq.province = province_;
  const auto lease = hold_lease(project_, "referral", wait_s_, g);
#ifdef SWSPLAN_HAVE_RENDER
  const auto styler = gui::analysis_qgis_styler();  // QGIS draws the lines classed by time
#else
  const layers::QgisStyler styler;
#endif
  ProgressBar bar(!g.quiet);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = layers::run_and_store_referral(project_, rq, styler, bar.progress());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bar.finish();
  const auto& s = r.summary;
  const auto& F = r.facilities;
  auto text = [&](const char* field, std::uint32_t row) {
    return row == layers::ReferralRow::kNone || F.find(field) < 0 ? std::string() : F.column(field).text(row);
  };
  if (g.json) {
    nlohmann::ordered_json j;
    j["mode"] = layers::to_string(rq.mode);
    j["assigned_by"] = rq.assigned_by;
    j["province"] = rq.province;
    j["layer"] = layers::referral_layer_name(rq.mode);
    j["summary"] = {{"centres", s.centres},         {"with_time", s.with_time},
                    {"median_min", num(s.median_min)}, {"longest_min", num(s.longest_min)},
                    {"longest_centre", text("facility_id", s.longest_centre)},
                    {"beyond_60_min", s.beyond_60},   {"beyond_120_min", s.beyond_120}};
    j["rows"] = nlohmann::json::array();
    for (const auto& row : r.rows)
      j["rows"].push_back({{"centre_id", text("facility_id", row.centre)},
                           {"centre_name", text("name", row.centre)},
                           {"adm3_pcode", text("adm3_pcode", row.centre)},
                           {"group", row.group},
                           {"hospital_id", text("facility_id", row.hospital)},
                           {"hospital_name", text("name", row.hospital)},
                           {"time_min", num(row.time_s / 60)},
                           {"distance_km", num(row.distance_m / 1000)},
                           {"walked_direct", row.walked_direct},
                           {"note", row.note}});
    j["notes"] = r.notes;
    j["seconds"] = secs;
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << "Referral by " << layers::to_string(rq.mode)
            << (rq.assigned_by.empty() ? ", nearest hospital" : ", hospital of the same " + rq.assigned_by)
            << (rq.province.empty() ? std::string() : ", centres of " + rq.province) << ": " << s.with_time << " of "
            << s.centres << " health centres reach a referral hospital\n";
  std::cout << "  median " << fmt(s.median_min) << " min, longest " << fmt(s.longest_min) << " min ("
            << text("facility_id", s.longest_centre) << " " << text("name", s.longest_centre) << ")\n";
  std::cout << "  beyond 60 min: " << s.beyond_60 << ", beyond 120 min: " << s.beyond_120 << "\n";
  std::cout << "stored: " << layers::referral_layer_name(rq.mode) << " (lines), "
            << layers::referral_layer_name(rq.mode) << "_centres (every centre); " << fmt(secs, 2) << " s\n";
  for (const auto& n : r.notes) std::cout << "note: " << n << "\n";
  return kOk;
}

}  // namespace swsplan::cli
