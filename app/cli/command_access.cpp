#include "app/cli/command_access.hpp"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "layers/access_run.hpp"
#include "layers/siting.hpp"

namespace swsplan::cli {

void AccessCommand::setup(CLI::App& app) {
  app.description("Travel cost from every village to the nearest facility of a service; coverage and capacity "
                  "per commune. Settings not given come from the project (swsplan_settings) or the defaults in "
                  "docs/methods.md.");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--service,-s", service_, "Service id, e.g. health_centre, school_upper_secondary")->required();
  app.add_option("--mode,-m", mode_, "line (straight line), network (roads layer) or raster (cost surface)");
  app.add_option("--threshold,-t", threshold_, "Reach threshold: time (60min, 2h) or distance (10km, 800m)");
  app.add_option("--speed", speed_kmh_, "Straight-line speed in km/h when a time threshold is used in line mode")
      ->check(CLI::PositiveNumber);
  app.add_option("--raster-dir", raster_dir_,
                 "Raster mode: folder for the travel-time and allocation GeoTIFFs (default: beside the project)");
  app.add_option("--scenario", scenario_,
                 "Store the run as an access scenario NAME (compare two with `swsplan compare`); the "
                 "access_<service> tables are then left as they are");
  app.add_flag("--replace", replace_, "With --scenario: replace a scenario of the same name");
  app.add_option("--season", season_,
                 "Raster mode: dry (the surface as configured, default) or wet (documented wet-season speed "
                 "factors and flood-prone communes, docs/methods.md)");
  app.add_option("--flood-field", flood_field_,
                 "Raster mode: numeric communes field marking flood-prone communes (wet default: "
                 "wfp_flood_hazard_index when the communes have it)");
  app.add_option("--flood-threshold", flood_threshold_, "Communes with --flood-field >= this are flood-prone (default 50)");
  app.add_option("--flood-layer", flood_layer_, "Raster mode: polygons of flooded areas (project layer or file path[#layer])");
  app.add_option("--flood-factor", flood_factor_,
                 "Off-road speed factor on flood-prone land, on top of the season's (0 = impassable; default 0.25)");
  add_wait_option(app, wait_s_);
}

int AccessCommand::run(const Globals& g) {
  const std::optional<layers::Service> service = layers::require_service(service_, " in --service");
  layers::AccessRunRequest rq;
  rq.service = *service;
  rq.mode = mode_;
  rq.threshold = threshold_;
  rq.line_speed_kmh = speed_kmh_;
  rq.season = season_;
  rq.flood_field = flood_field_;
  rq.flood_layer = flood_layer_;
  rq.flood_threshold = flood_threshold_;
  rq.flood_factor = flood_factor_;
  rq.scenario = scenario_;
  rq.replace = replace_;
  rq.raster_dir = raster_dir_;
  const auto lease = hold_lease(project_, "access", wait_s_, g);
  const auto t0 = std::chrono::steady_clock::now();
  ProgressBar bar(!g.quiet);
  const auto run = layers::run_and_store_access(project_, rq, bar.progress());
  const auto& settings = run.settings;
  const auto& season = run.season;
  const auto& result = run.result;
  const auto& rasters = run.rasters;
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Summary: national figures from the commune coverage (sums, never means of shares).
  double hh = 0, cov = 0, poor = 0, covp = 0;
  std::size_t within = 0, reached = 0;
  std::size_t communes_by_villages = 0;
  for (std::size_t c = 0; c < result.coverage.group_count(); ++c) {
    if (!std::isfinite(result.households[c])) {
      communes_by_villages += result.villages_in_commune[c] > 0;
      continue;  // equal village weights there: not households
    }
    hh += result.coverage.households[c];
    cov += result.coverage.covered_households[c];
    poor += result.coverage.poor_households[c];
    covp += result.coverage.covered_poor_households[c];
  }
  std::vector<double> costs;
  for (std::size_t i = 0; i < result.cost.size(); ++i) {
    within += result.cost[i] <= settings.threshold.value;
    if (std::isfinite(result.cost[i])) {
      ++reached;
      costs.push_back(result.cost[i]);
    }
  }
  std::sort(costs.begin(), costs.end());
  const double median = costs.empty() ? NAN : costs[costs.size() / 2];
  const double scale = settings.threshold.is_time ? 60.0 : 1000.0;
  const char* unit = settings.threshold.is_time ? "min" : "km";
  if (g.json) {
    nlohmann::ordered_json j;
    j["service"] = layers::service_id(*service);
    j["mode"] = layers::to_string(settings.mode);
    j["threshold"] = settings.threshold.str();
    if (settings.mode == layers::AccessMode::Raster) {
      j["season"] = season.to_json();
      j["flood_cells"] = result.flood_cells;
    }
    if (!scenario_.empty()) j["scenario"] = scenario_;
    j["facilities"] = result.facility_rows.size();
    j["villages"] = result.cost.size();
    j["villages_within"] = within;
    j["villages_reached"] = reached;
    j["median_cost"] = median / scale;
    j["cost_unit"] = unit;
    j["households"] = hh;
    j["households_covered"] = cov;
    j["poor_households"] = poor;
    j["poor_households_covered"] = covp;
    j["communes_without_household_counts"] = communes_by_villages;
    j["notes"] = result.notes;
    j["rasters"] = rasters;
    j["seconds"] = secs;
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << std::fixed << std::setprecision(1);
  std::cout << layers::service_label(*service) << " — " << layers::to_string(settings.mode)
            << (settings.mode == layers::AccessMode::Raster ? ", " + season.name + " season" : std::string())
            << ", threshold " << settings.threshold.str() << ", " << result.facility_rows.size() << " facilities\n";
  std::cout << "  villages within the threshold: " << within << " of " << result.cost.size() << " ("
            << (result.cost.empty() ? 0.0 : 100.0 * double(within) / double(result.cost.size())) << " %)\n";
  std::cout << "  median " << (settings.threshold.is_time ? "travel time" : "distance") << " to the nearest: "
            << median / scale << " " << unit << "\n";
  if (hh > 0)
    std::cout << "  households covered: " << std::setprecision(0) << cov << " of " << hh << " (" << std::setprecision(1)
              << 100 * cov / hh << " %); poor households: " << std::setprecision(0) << covp << " of " << poor << " ("
              << std::setprecision(1) << (poor > 0 ? 100 * covp / poor : 0.0) << " %)\n";
  if (communes_by_villages)
    std::cout << "  " << communes_by_villages
              << " communes have no household counts: their coverage counts villages, and they are left out of "
                 "the household totals above\n";
  for (const auto& n : result.notes) std::cout << "  note: " << n << "\n";
  for (const auto& r : rasters) std::cout << "  wrote " << r << "\n";
  if (scenario_.empty())
    std::cout << "  tables access_" << layers::service_id(*service) << ", access_" << layers::service_id(*service)
              << "_communes and layer catchments_" << layers::service_id(*service) << " written to " << project_
              << " (" << std::setprecision(2) << secs << " s)\n";
  else
    std::cout << "  stored as access scenario " << scenario_ << " (" << layers::access_scenario_layer(scenario_, "villages")
              << ", " << layers::access_scenario_layer(scenario_, "communes") << ") in " << project_ << " ("
              << std::setprecision(2) << secs << " s); compare two with `swsplan compare`\n";
  return kOk;
}

}  // namespace swsplan::cli
