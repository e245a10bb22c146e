#include "layers/access_run.hpp"

#include <filesystem>

#include "gis/core/error.hpp"
#include "gis/io/raster.hpp"
#include "layers/access_store.hpp"
#include "layers/scenarios.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

namespace {

// The service's stored settings with the request's overrides, and the season, checked.
void resolve(const Project& project, const AccessRunRequest& rq, ServiceSettings& settings, SeasonFriction& season) {
  settings = service_settings(project, rq.service);
  if (!rq.mode.empty()) {
    auto m = parse_access_mode(rq.mode);
    if (!m) throw gis::UsageError("--mode must be line, network or raster");
    settings.mode = *m;
  }
  if (!rq.threshold.empty()) settings.threshold = Threshold::parse(rq.threshold);
  if (rq.line_speed_kmh > 0) settings.line_speed_kmh = rq.line_speed_kmh;
  if (settings.mode != AccessMode::Line && !settings.threshold.is_time && rq.threshold.empty())
    settings.threshold = {settings.threshold.value / (settings.line_speed_kmh / 3.6), true};
  season = dry_season();
  if (!rq.season.empty()) {
    auto s = season_preset(rq.season);
    if (!s) throw gis::UsageError("--season must be dry or wet, not '" + rq.season + "'");
    season = *s;
  }
  if (!rq.flood_field.empty()) season.flood_field = rq.flood_field, season.flood_field_required = true;
  if (!rq.flood_layer.empty()) season.flood_layer = rq.flood_layer;
  if (std::isfinite(rq.flood_threshold)) season.flood_threshold = rq.flood_threshold;
  if (!std::isnan(rq.flood_factor)) {
    if (!(rq.flood_factor >= 0)) throw gis::UsageError("--flood-factor must be a number >= 0 (0 = impassable)");
    season.flood_offroad_speed_factor = rq.flood_factor;
  }
  if ((std::isfinite(rq.flood_threshold) || !std::isnan(rq.flood_factor)) && !season.has_flooding())
    throw gis::UsageError("--flood-threshold and --flood-factor need flood-prone land: --season wet, --flood-field or "
                          "--flood-layer");
  if (settings.mode != AccessMode::Raster && (!rq.season.empty() || season.has_flooding()))
    throw gis::UsageError("--season and flooding change the raster friction surface: add --mode raster");
  if (rq.replace && rq.scenario.empty()) throw gis::UsageError("--replace goes with --scenario NAME");
}

}  // namespace

AccessRun run_and_store_access(const std::string& project_path, const AccessRunRequest& rq, gis::Progress& progress) {
  StoreOptions so;
  so.verb = "access";
  so.scenario = rq.scenario;
  so.replace = rq.replace;
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    AccessRun run;
    resolve(project, rq, run.settings, run.season);
    auto inputs = load_access_inputs(project, progress);
    const auto analysis = analysis_settings(project);
    run.result = compute_access(inputs, run.settings, analysis, run.season, &project, progress);
    const auto& result = run.result;
    gis::VectorLayer vt;
    if (rq.scenario.empty()) {
      vt = village_access_table(inputs, result);
      auto ct = commune_access_table(inputs, result);
      auto cl = catchment_layer(inputs, result, progress);
      w.put(vt, vt.name);
      w.put(ct, ct.name);
      w.put(cl, cl.name);
      stage_access_run(project, inputs, result, analysis, run.season, w);
    } else {
      stage_access_scenario(project, rq.scenario, inputs, result, run.season, w, rq.replace);
    }
    if (result.time_raster) {
      namespace fs = std::filesystem;
      fs::path dir = rq.raster_dir.empty() ? fs::path(project_path).parent_path() : fs::path(rq.raster_dir);
      const std::string stem = fs::path(project_path).stem().string() + (rq.scenario.empty() ? "" : "_" + rq.scenario) +
                               "_" + service_id(rq.service);
      const fs::path tpath = dir / (stem + "_time_s.tif"), apath = dir / (stem + "_facility.tif");
      gis::write_geotiff(*result.time_raster, tpath.string());
      gis::write_geotiff_int(result.time_raster->grid, result.allocation, -1, apath.string());
      run.rasters = {tpath.string(), apath.string()};
    }
    if (rq.scenario.empty()) {
      Provenance prov;
      prov.layer = vt.name;
      prov.source = "swsplan access";
      prov.notes = std::string("mode ") + to_string(run.settings.mode) + ", threshold " + run.settings.threshold.str() +
                   (run.season.name != "dry" ? ", season " + run.season.name : std::string());
      prov.rows = vt.size();
      w.add_provenance(prov);
    }
    return run;
  });
}

}  // namespace swsplan::layers
