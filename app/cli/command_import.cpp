#include "app/cli/command_import.hpp"

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::cli {

using layers::ImportResult;
using layers::SourceSpec;

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
  add_wait_option(app, wait_s_);
}

int ImportCommand::run(const Globals& g) {
  const auto t0 = std::chrono::steady_clock::now();
  // Parse every spec before reading anything: usage errors come first.
  auto spec = [](const std::string& s) { return SourceSpec::parse(s); };
  for (const auto* list : {&facilities_, &pwp_, &indicators_, &roads_})
    for (const auto& s : *list) (void)spec(s);
  for (const auto& s : {provinces_, districts_, communes_, villages_, crosswalk_})
    if (!s.empty()) {
      auto sp = spec(s);
      if (std::filesystem::weakly_canonical(sp.path) == std::filesystem::weakly_canonical(out_))
        throw gis::UsageError("--out must not be one of the inputs (" + sp.path + ")");
    }
  if (provinces_.empty() && districts_.empty() && communes_.empty() && villages_.empty() && facilities_.empty() &&
      pwp_.empty() && indicators_.empty() && roads_.empty())
    throw gis::UsageError("nothing to import: give at least one of --communes, --villages, --facilities, ...");

  ProgressBar bar(!g.quiet);
  auto& progress = bar.progress();
  const auto lease = hold_lease(out_, "import", wait_s_, g, &progress);
  std::optional<layers::Project> existing;
  if (std::filesystem::exists(out_)) existing = layers::Project::open(out_);
  layers::ProjectWriter writer(out_);
  std::vector<ImportResult> results;
  nlohmann::ordered_json summary;
  summary["project"] = out_;
  std::vector<std::string> warnings;
  std::vector<layers::JoinReport> replaced_reports;  // stored layers placed again in new communes

  auto record = [&](ImportResult&& r, const std::string& layer_name) {
    for (auto& w : r.warnings) warnings.push_back(w);
    for (auto& rep : r.reports) writer.add_join_report(rep);
    r.provenance.layer = layer_name;
    writer.add_provenance(r.provenance);
    summary["layers"][layer_name] = r.layer.size();
    results.push_back(std::move(r));
    return &results.back().layer;
  };

  // Admin units first: villages and facilities are placed in the communes.
  std::optional<gis::VectorLayer> communes;
  if (!provinces_.empty()) {
    auto r = layers::import_admin(spec(provinces_), layers::AdminLevel::Province, assume_crs_, progress);
    writer.put(r.layer, layers::names::kProvinces);
    record(std::move(r), layers::names::kProvinces);
  }
  std::optional<gis::VectorLayer> districts;
  if (!districts_.empty()) {
    auto r = layers::import_admin(spec(districts_), layers::AdminLevel::District, assume_crs_, progress);
    writer.put(r.layer, layers::names::kDistricts);
    districts = r.layer;
    record(std::move(r), layers::names::kDistricts);
  } else if (existing && existing->has(layers::names::kDistricts)) {
    districts = existing->read(layers::names::kDistricts);
  }
  if (!communes_.empty()) {
    auto r = layers::import_admin(spec(communes_), layers::AdminLevel::Commune, assume_crs_, progress);
    writer.put(r.layer, layers::names::kCommunes);
    communes = r.layer;
    if (districts) {
      // Every commune's district code must exist among the districts.
      layers::JoinReport rep;
      rep.name = "communes -> districts (code)";
      rep.key = "adm2_pcode";
      rep.left_rows = communes->size();
      rep.right_rows = districts->size();
      std::set<std::string> dcodes;
      for (std::size_t i = 0; i < districts->size(); ++i) dcodes.insert(districts->column("adm2_pcode").text(i));
      std::set<std::string> reached;
      for (std::size_t i = 0; i < communes->size(); ++i) {
        auto d = communes->column("adm2_pcode").text(i);
        if (dcodes.count(d)) {
          ++rep.matched;
          reached.insert(d);
        } else {
          rep.unmatched.push_back(communes->column("adm3_pcode").text(i));
        }
      }
      rep.targets_without_data = dcodes.size() - reached.size();
      r.reports.push_back(rep);
    }
    record(std::move(r), layers::names::kCommunes);
  } else if (existing && existing->has(layers::names::kCommunes)) {
    communes = existing->read(layers::names::kCommunes);
  }
  const gis::VectorLayer* cptr = communes ? &*communes : nullptr;

  std::optional<gis::VectorLayer> villages;
  if (!villages_.empty()) {
    auto r = layers::import_villages(spec(villages_), cptr, assume_crs_, progress);
    writer.put(r.layer, layers::names::kVillages);
    villages = r.layer;
    record(std::move(r), layers::names::kVillages);
  } else if (existing && existing->has(layers::names::kVillages)) {
    villages = existing->read(layers::names::kVillages);
    if (!communes_.empty()) {
      // New boundaries: the stored villages are placed again, or they would keep codes of
      // communes that may no longer exist.
      auto rep = layers::place_again_in_communes(*villages, *communes, "villages", 1000, progress);
      writer.put(*villages, layers::names::kVillages);
      writer.add_join_report(rep);
      replaced_reports.push_back(rep);
      summary["layers"][layers::names::kVillages] = villages->size();
    }
  }

  if (facilities_.empty() && !communes_.empty() && existing && existing->has(layers::names::kFacilities)) {
    gis::VectorLayer fac = existing->read(layers::names::kFacilities);
    auto rep = layers::place_again_in_communes(fac, *communes, "facilities", 1000, progress);
    writer.put(fac, layers::names::kFacilities);
    writer.add_join_report(rep);
    replaced_reports.push_back(rep);
    summary["layers"][layers::names::kFacilities] = fac.size();
  }
  if (!facilities_.empty()) {
    std::vector<gis::VectorLayer> parts;
    std::set<std::string> services;
    for (const auto& f : facilities_) {
      auto r = layers::import_facilities(spec(f), cptr, assume_crs_, progress);
      for (std::size_t i = 0; i < r.layer.size(); ++i) services.insert(r.layer.column("service").text(i));
      parts.push_back(r.layer);
      record(std::move(r), layers::names::kFacilities);
    }
    // Facilities of services not re-imported stay; those of re-imported services are replaced.
    gis::VectorLayer merged;
    if (existing && existing->has(layers::names::kFacilities)) {
      gis::VectorLayer old = existing->read(layers::names::kFacilities);
      std::vector<std::size_t> keep;
      for (std::size_t i = 0; i < old.size(); ++i)
        if (!services.count(old.column("service").text(i))) keep.push_back(i);
      gis::VectorLayer kept = old;
      kept = gis::select_rows(old, keep);
      parts.insert(parts.begin(), kept);
    }
    merged = gis::concat_layers(parts, layers::names::kFacilities);
    writer.put(merged, layers::names::kFacilities);
    summary["layers"][layers::names::kFacilities] = merged.size();
  }
  for (const auto& p : pwp_) {
    auto r = layers::import_pwp(spec(p), cptr, assume_crs_, progress);
    const std::string name = r.layer.name;
    writer.put(r.layer, name);
    record(std::move(r), name);
  }
  for (const auto& p : roads_) {
    auto r = layers::import_roads(spec(p), assume_crs_, progress);
    writer.put(r.layer, layers::names::kRoads);
    record(std::move(r), layers::names::kRoads);
  }
  std::optional<std::map<std::string, std::string>> crosswalk;
  if (!crosswalk_.empty()) crosswalk = layers::read_crosswalk(spec(crosswalk_));
  for (const auto& ind : indicators_) {
    auto sp = spec(ind);
    const std::string level = sp.get("level", "commune");
    const gis::VectorLayer* targets = level == "village" ? (villages ? &*villages : nullptr)
                                      : level == "commune" ? cptr
                                      : level == "district" ? (districts ? &*districts : nullptr)
                                                            : nullptr;
    auto r = layers::import_indicator(sp, targets, crosswalk ? &*crosswalk : nullptr, progress);
    const std::string name = r.layer.name;
    writer.put(r.layer, name);
    record(std::move(r), name);
  }
  writer.set_meta("format", "swsplan project 1");
  progress.report(0.95, "writing project");
  writer.commit();
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
