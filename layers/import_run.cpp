#include "layers/import_run.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "gis/core/error.hpp"
#include "layers/services.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

namespace {
SourceSpec spec(const std::string& s) { return SourceSpec::parse(s); }
}  // namespace

void check_import_request(const std::string& project_path, const ImportRequest& rq) {
  // Parse every spec before reading anything: usage errors come first.
  for (const auto* list : {&rq.facilities, &rq.pwp, &rq.indicators, &rq.roads})
    for (const auto& s : *list) (void)spec(s);
  for (const auto& s : {rq.provinces, rq.districts, rq.communes, rq.villages, rq.crosswalk})
    if (!s.empty()) {
      auto sp = spec(s);
      if (std::filesystem::weakly_canonical(sp.path) == std::filesystem::weakly_canonical(project_path))
        throw gis::UsageError("--out must not be one of the inputs (" + sp.path + ")");
    }
  if (rq.provinces.empty() && rq.districts.empty() && rq.communes.empty() && rq.villages.empty() &&
      rq.facilities.empty() && rq.pwp.empty() && rq.indicators.empty() && rq.roads.empty())
    throw gis::UsageError("nothing to import: give at least one of --communes, --villages, --facilities, ...");
}

ImportRun run_and_store_import(const std::string& project_path, const ImportRequest& rq, gis::Progress& progress) {
  check_import_request(project_path, rq);
  StoreOptions so;
  so.verb = "import";
  so.create = true;
  return run_and_store(project_path, so, progress, [&](const Project* existing, ProjectWriter& w) {
    ImportRun out;
    auto& results = out.results;
    auto count = [&](const std::string& name, std::size_t n) {
      for (auto& [k, v] : out.layers)
        if (k == name) {
          v = n;
          return;
        }
      out.layers.emplace_back(name, n);
    };
    auto record = [&](ImportResult&& r, const std::string& layer_name) {
      for (auto& warning : r.warnings) out.warnings.push_back(warning);
      for (auto& rep : r.reports) w.add_join_report(rep);
      r.provenance.layer = layer_name;
      w.add_provenance(r.provenance);
      count(layer_name, r.layer.size());
      results.push_back(std::move(r));
      return &results.back().layer;
    };

    // Admin units first: villages and facilities are placed in the communes.
    std::optional<gis::VectorLayer> communes;
    if (!rq.provinces.empty()) {
      auto r = import_admin(spec(rq.provinces), AdminLevel::Province, rq.assume_crs, progress);
      w.put(r.layer, names::kProvinces);
      record(std::move(r), names::kProvinces);
    }
    std::optional<gis::VectorLayer> districts;
    if (!rq.districts.empty()) {
      auto r = import_admin(spec(rq.districts), AdminLevel::District, rq.assume_crs, progress);
      w.put(r.layer, names::kDistricts);
      districts = r.layer;
      record(std::move(r), names::kDistricts);
    } else if (existing && existing->has(names::kDistricts)) {
      districts = existing->read(names::kDistricts);
    }
    if (!rq.communes.empty()) {
      auto r = import_admin(spec(rq.communes), AdminLevel::Commune, rq.assume_crs, progress);
      w.put(r.layer, names::kCommunes);
      communes = r.layer;
      if (districts) {
        // Every commune's district code must exist among the districts.
        JoinReport rep;
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
      record(std::move(r), names::kCommunes);
    } else if (existing && existing->has(names::kCommunes)) {
      communes = existing->read(names::kCommunes);
    }
    const gis::VectorLayer* cptr = communes ? &*communes : nullptr;

    std::optional<gis::VectorLayer> villages;
    if (!rq.villages.empty()) {
      auto r = import_villages(spec(rq.villages), cptr, rq.assume_crs, progress);
      w.put(r.layer, names::kVillages);
      villages = r.layer;
      record(std::move(r), names::kVillages);
    } else if (existing && existing->has(names::kVillages)) {
      villages = existing->read(names::kVillages);
      if (!rq.communes.empty()) {
        // New boundaries: the stored villages are placed again, or they would keep codes of
        // communes that may no longer exist.
        auto rep = place_again_in_communes(*villages, *communes, "villages", 1000, progress);
        w.put(*villages, names::kVillages);
        w.add_join_report(rep);
        out.replaced_reports.push_back(rep);
        count(names::kVillages, villages->size());
      }
    }

    if (rq.facilities.empty() && !rq.communes.empty() && existing && existing->has(names::kFacilities)) {
      gis::VectorLayer fac = existing->read(names::kFacilities);
      auto rep = place_again_in_communes(fac, *communes, "facilities", 1000, progress);
      w.put(fac, names::kFacilities);
      w.add_join_report(rep);
      out.replaced_reports.push_back(rep);
      count(names::kFacilities, fac.size());
    }
    if (!rq.facilities.empty()) {
      std::vector<gis::VectorLayer> parts;
      std::set<std::string> services;
      for (const auto& f : rq.facilities) {
        auto r = import_facilities(spec(f), cptr, rq.assume_crs, progress);
        for (std::size_t i = 0; i < r.layer.size(); ++i) services.insert(r.layer.column("service").text(i));
        parts.push_back(r.layer);
        record(std::move(r), names::kFacilities);
      }
      // Facilities of services not re-imported stay; those of re-imported services are replaced.
      gis::VectorLayer merged;
      if (existing && existing->has(names::kFacilities)) {
        gis::VectorLayer old = existing->read(names::kFacilities);
        std::vector<std::size_t> keep;
        for (std::size_t i = 0; i < old.size(); ++i)
          if (!services.count(old.column("service").text(i))) keep.push_back(i);
        gis::VectorLayer kept = old;
        kept = gis::select_rows(old, keep);
        parts.insert(parts.begin(), kept);
      }
      merged = gis::concat_layers(parts, names::kFacilities);
      w.put(merged, names::kFacilities);
      count(names::kFacilities, merged.size());
    }
    for (const auto& p : rq.pwp) {
      auto r = import_pwp(spec(p), cptr, rq.assume_crs, progress);
      const std::string name = r.layer.name;
      w.put(r.layer, name);
      record(std::move(r), name);
    }
    for (const auto& p : rq.roads) {
      auto r = import_roads(spec(p), rq.assume_crs, progress);
      w.put(r.layer, names::kRoads);
      record(std::move(r), names::kRoads);
    }
    std::optional<std::map<std::string, std::string>> crosswalk;
    if (!rq.crosswalk.empty()) crosswalk = read_crosswalk(spec(rq.crosswalk));
    for (const auto& ind : rq.indicators) {
      auto sp = spec(ind);
      const std::string level = sp.get("level", "commune");
      const gis::VectorLayer* targets = level == "village" ? (villages ? &*villages : nullptr)
                                        : level == "commune" ? cptr
                                        : level == "district" ? (districts ? &*districts : nullptr)
                                                              : nullptr;
      auto r = import_indicator(sp, targets, crosswalk ? &*crosswalk : nullptr, progress);
      const std::string name = r.layer.name;
      w.put(r.layer, name);
      record(std::move(r), name);
    }
    w.set_meta("format", "swsplan project 1");
    if (!rq.name.empty()) w.set_meta("name", rq.name);
    progress.report(0.95, "writing project");
    return out;
  });
}

}  // namespace swsplan::layers
