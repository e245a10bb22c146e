#include "app/cli/command_access.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "gis/io/raster.hpp"
#include "layers/access.hpp"
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
  const auto lease = hold_lease(project_, "access", wait_s_, g);
  auto project = layers::Project::open(project_);
  auto settings = layers::service_settings(project, *service);
  if (!mode_.empty()) {
    auto m = layers::parse_access_mode(mode_);
    if (!m) throw gis::UsageError("--mode must be line, network or raster");
    settings.mode = *m;
  }
  if (!threshold_.empty()) settings.threshold = layers::Threshold::parse(threshold_);
  if (speed_kmh_ > 0) settings.line_speed_kmh = speed_kmh_;
  if (settings.mode != layers::AccessMode::Line && !settings.threshold.is_time && threshold_.empty())
    settings.threshold = {settings.threshold.value / (settings.line_speed_kmh / 3.6), true};
  layers::SeasonFriction season = layers::dry_season();
  if (!season_.empty()) {
    auto s = layers::season_preset(season_);
    if (!s) throw gis::UsageError("--season must be dry or wet, not '" + season_ + "'");
    season = *s;
  }
  if (!flood_field_.empty()) season.flood_field = flood_field_, season.flood_field_required = true;
  if (!flood_layer_.empty()) season.flood_layer = flood_layer_;
  if (std::isfinite(flood_threshold_)) season.flood_threshold = flood_threshold_;
  if (!std::isnan(flood_factor_)) {
    if (!(flood_factor_ >= 0)) throw gis::UsageError("--flood-factor must be a number >= 0 (0 = impassable)");
    season.flood_offroad_speed_factor = flood_factor_;
  }
  if ((std::isfinite(flood_threshold_) || !std::isnan(flood_factor_)) && !season.has_flooding())
    throw gis::UsageError("--flood-threshold and --flood-factor need flood-prone land: --season wet, --flood-field or "
                          "--flood-layer");
  if (settings.mode != layers::AccessMode::Raster && (!season_.empty() || season.has_flooding()))
    throw gis::UsageError("--season and flooding change the raster friction surface: add --mode raster");
  if (replace_ && scenario_.empty()) throw gis::UsageError("--replace goes with --scenario NAME");
  if (!scenario_.empty()) {
    layers::validate_scenario_name(scenario_);
    if (!replace_)
      for (const auto& s : layers::list_scenarios(project))
        if (s.name == scenario_)
          throw gis::UsageError("scenario '" + scenario_ + "' already exists in " + project_ +
                                ": pick another name or pass --replace");
  }
  const auto t0 = std::chrono::steady_clock::now();
  ProgressBar bar(!g.quiet);
  auto inputs = layers::load_access_inputs(project, bar.progress());
  auto result =
      layers::compute_access(inputs, settings, layers::analysis_settings(project), season, &project, bar.progress());
  layers::ProjectWriter w(project_);
  gis::VectorLayer vt;
  if (scenario_.empty()) {
    vt = layers::village_access_table(inputs, result);
    auto ct = layers::commune_access_table(inputs, result);
    auto cl = layers::catchment_layer(inputs, result, bar.progress());
    w.put(vt, vt.name);
    w.put(ct, ct.name);
    w.put(cl, cl.name);
  } else {
    layers::stage_access_scenario(project, scenario_, inputs, result, season, w, replace_);
  }
  std::vector<std::string> rasters;
  if (result.time_raster) {
    namespace fs = std::filesystem;
    fs::path dir = raster_dir_.empty() ? fs::path(project_).parent_path() : fs::path(raster_dir_);
    const std::string stem = fs::path(project_).stem().string() + (scenario_.empty() ? "" : "_" + scenario_) + "_" +
                             layers::service_id(*service);
    const fs::path tpath = dir / (stem + "_time_s.tif"), apath = dir / (stem + "_facility.tif");
    gis::write_geotiff(*result.time_raster, tpath.string());
    gis::write_geotiff_int(result.time_raster->grid, result.allocation, -1, apath.string());
    rasters = {tpath.string(), apath.string()};
  }
  if (scenario_.empty()) {
    layers::Provenance prov;
    prov.layer = vt.name;
    prov.source = "swsplan access";
    prov.notes = std::string("mode ") + layers::to_string(settings.mode) + ", threshold " + settings.threshold.str() +
                 (season.name != "dry" ? ", season " + season.name : std::string());
    prov.rows = vt.size();
    w.add_provenance(prov);
  }
  w.commit();
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
