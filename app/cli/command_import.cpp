#include "app/cli/command_import.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/import_run.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::cli {

void ImportCommand::setup(CLI::App& app) {
  app.description(
      "Import real layers into a project (created if missing; an existing project is updated all-or-nothing).\n"
      "Each SRC is path[#layer][?key=value&...], e.g. khm.gpkg#communes or villages.csv?x=lon&y=lat.\n"
      "Common options: x=, y=, wkt= (CSV columns), crs= (CRS of this source), encoding= (e.g. CP1252).\n"
      "  admin:      code=<field> name=<field>\n"
      "  villages:   code= name= households= poor= l1= l2= commune= max_snap_m=\n"
      "  facilities: service=<id> | service_field=<field> [map=VALUE:service;...] id= name= capacity=\n"
      "  pwp/roads:  type=<asset type> | type_field= class_field= name= id=\n"
      "  indicator:  level=village|commune|district|province key= name= year= share=f1;f2 flag_out_of_range=yes "
      "duplicates=first\n"
      "  crosswalk:  from= to=");
  app.add_option("--out,-o", out_, "Project GeoPackage to create or update")->required();
  app.add_option("--provinces", provinces_, "Province polygons (ADM1)");
  app.add_option("--districts", districts_, "District polygons (ADM2)");
  app.add_option("--communes", communes_, "Commune polygons (ADM3)");
  app.add_option("--villages", villages_, "Village points");
  app.add_option("--facilities", facilities_, "Facility points (repeatable)")->take_all();
  app.add_option("--pwp", pwp_, "Public-works assets: roads, irrigation, village infrastructure (repeatable)")->take_all();
  app.add_option("--roads", roads_, "Road network lines (repeatable)")->take_all();
  app.add_option("--indicator", indicators_, "Indicator table joined by code (repeatable)")->take_all();
  app.add_option("--crosswalk", crosswalk_, "Commune code crosswalk between boundary vintages (CSV)");
  app.add_option("--assume-crs", assume_crs_, "CRS for sources that declare none (e.g. EPSG:4326)");
  app.add_option("--name", name_, "The project's name, the title of its maps and reports (e.g. \"Cambodia, national\")");
  add_wait_option(app, wait_s_);
}

int ImportCommand::run(const Globals& g) {
  const auto t0 = std::chrono::steady_clock::now();
  layers::ImportRequest rq;
  rq.provinces = provinces_, rq.districts = districts_, rq.communes = communes_, rq.villages = villages_;
  rq.crosswalk = crosswalk_;
  rq.facilities = facilities_, rq.pwp = pwp_, rq.roads = roads_, rq.indicators = indicators_;
  rq.assume_crs = assume_crs_;
  rq.name = name_;
  layers::check_import_request(out_, rq);  // usage errors before any wait or read

  ProgressBar bar(!g.quiet);
  auto& progress = bar.progress();
  const auto lease = hold_lease(out_, "import", wait_s_, g, &progress);
  const auto run = layers::run_and_store_import(out_, rq, progress);
  const auto& results = run.results;
  const auto& warnings = run.warnings;
  const auto& replaced_reports = run.replaced_reports;
  nlohmann::ordered_json summary;
  summary["project"] = out_;
  for (const auto& [name, rows] : run.layers) summary["layers"][name] = rows;
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  summary["seconds"] = secs;
  nlohmann::json repairs = nlohmann::json::array();
  for (const auto& r : results)
    for (const auto& item : r.repairs.repaired)
      repairs.push_back({{"layer", r.provenance.layer}, {"feature", item.fid}, {"reason", item.reason}});
  summary["repairs"] = repairs;
  summary["warnings"] = warnings;
  nlohmann::json reps = nlohmann::json::array();
  for (const auto& r : results)
    for (const auto& rep : r.reports) reps.push_back(rep.to_json());
  for (const auto& rep : replaced_reports) reps.push_back(rep.to_json());
  summary["join_reports"] = reps;
  if (g.json) {
    std::cout << summary.dump(2) << "\n";
    return kOk;
  }
  std::cout << "imported into " << out_ << " in " << std::fixed << std::setprecision(2) << secs << " s\n";
  for (const auto& r : results)
    std::cout << "  " << r.provenance.layer << ": " << r.layer.size() << " from " << r.provenance.source
              << (r.provenance.source_layer.empty() ? "" : "#" + r.provenance.source_layer)
              << (r.repairs.repaired.empty() ? "" : " (" + std::to_string(r.repairs.repaired.size()) + " geometries repaired)")
              << "\n";
  if (!reps.empty()) {
    std::cout << "\njoin report\n";
    for (const auto& r : results)
      for (const auto& rep : r.reports) std::cout << "  " << rep.to_text();
    for (const auto& rep : replaced_reports) std::cout << "  " << rep.to_text();
  }
  if (!warnings.empty() && !g.quiet) {
    std::cerr << "\nwarnings:\n";
    for (const auto& w : warnings) std::cerr << "  " << w << "\n";
  }
  return kOk;
}

}  // namespace swsplan::cli
