#include "app/cli/command_info.hpp"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::cli {

void InfoCommand::setup(CLI::App& app) {
  app.description("Describe a vector source or project: layers, CRS, feature counts, extent, fields");
  app.add_option("file", path_, "GeoPackage, Shapefile, GeoJSON, CSV, or PG:\"...\" connection; SOURCE#layer describes one layer")->required();
}

int InfoCommand::run(const Globals& g) {
  // "source#layer" describes one layer, as the import options take it (a PG:"..." table too).
  const auto [source, only] = gis::split_source(path_);
  auto layers = gis::list_layers(source);
  bool is_project = false;
  for (const auto& l : layers) is_project |= l.name == layers::names::kProjectMeta || l.name == layers::names::kProvenance;
  if (!only.empty()) {
    std::string names;
    std::vector<gis::LayerInfo> one;
    for (auto& l : layers) {
      names += (names.empty() ? "" : ", ") + l.name;
      if (l.name == only) one.push_back(std::move(l));
    }
    if (one.empty())
      throw gis::InputError({gis::describe_source(source), only, std::nullopt, {}}, "no such layer; the source has: " + names);
    layers = std::move(one);
  }
  nlohmann::ordered_json j;
  j["file"] = gis::describe_source(path_);
  j["swsplan_project"] = is_project;
  j["layers"] = nlohmann::json::array();
  for (const auto& l : layers) {
    nlohmann::ordered_json lj;
    lj["name"] = l.name;
    lj["geometry"] = l.geometry_type;
    lj["features"] = l.features;
    lj["crs"] = l.crs.size() > 40 ? "(WKT) " + l.crs_name : l.crs;
    lj["crs_name"] = l.crs_name;
    if (l.extent.valid()) lj["extent"] = {l.extent.xmin, l.extent.ymin, l.extent.xmax, l.extent.ymax};
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [n, t] : l.fields) fields[n] = t;
    lj["fields"] = fields;
    j["layers"].push_back(lj);
  }
  if (is_project) {
    auto p = layers::Project::open(source);
    j["join_reports"] = p.join_reports();
    nlohmann::json prov = nlohmann::json::array();
    for (const auto& pr : p.provenance())
      prov.push_back({{"layer", pr.layer}, {"source", pr.source}, {"source_layer", pr.source_layer}, {"rows", pr.rows},
                      {"imported_at", pr.imported_at}, {"notes", pr.notes}});
    j["provenance"] = prov;
    if (p.has(layers::names::kProjectMeta)) {
      auto meta = p.read(layers::names::kProjectMeta);
      for (std::size_t i = 0; i < meta.size(); ++i) j["meta"][meta.column("key").text(i)] = meta.column("value").text(i);
    }
  }
  if (g.json) {
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << gis::describe_source(path_) << (is_project ? " (swsplan project)" : "") << ": " << layers.size() << " layer(s)\n";
  if (j.contains("meta"))
    for (auto& [k, v] : j["meta"].items()) std::cout << "  " << k << ": " << v.get<std::string>() << "\n";
  for (const auto& l : layers) {
    std::cout << "\n" << l.name << "  [" << l.geometry_type << ", " << l.features << " features";
    if (!l.crs.empty()) std::cout << ", " << (l.crs.size() > 40 ? l.crs_name : l.crs + " " + l.crs_name);
    std::cout << "]\n";
    if (l.extent.valid())
      std::cout << std::setprecision(8) << "  extent: " << l.extent.xmin << ", " << l.extent.ymin << " - " << l.extent.xmax
                << ", " << l.extent.ymax << "\n";
    std::cout << "  fields:";
    std::size_t col = 10;
    for (const auto& [n, t] : l.fields) {
      std::string item = " " + n + " (" + t + ")";
      if (col + item.size() > 100) {
        std::cout << "\n         ";
        col = 10;
      }
      std::cout << item;
      col += item.size();
    }
    std::cout << "\n";
  }
  if (is_project && !j["join_reports"].empty()) {
    std::cout << "\njoin reports:\n";
    for (const auto& r : j["join_reports"])
      std::cout << "  " << r["name"].get<std::string>() << ": " << r["matched"].get<long>() << " of "
                << r["left_rows"].get<long>() << " matched, " << r["unmatched"].size() << " unmatched, "
                << r["duplicates"].size() << " duplicate keys\n";
  }
  return kOk;
}

}  // namespace swsplan::cli
