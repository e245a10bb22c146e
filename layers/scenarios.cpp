#include "layers/scenarios.hpp"

#include <algorithm>
#include <cmath>

#include "gis/core/error.hpp"

namespace swsplan::layers {

void validate_scenario_name(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 40 &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                  });
  if (!ok)
    throw gis::UsageError("scenario name '" + name +
                          "' is not valid: use 1-40 letters, digits or underscores (it becomes part of layer names)");
}

std::string scenario_layer(const std::string& scenario, const char* part) {
  return "scenario_" + scenario + "_" + part;
}

std::string pwp_layer(const std::string& scenario, const char* part) { return "scenario_" + scenario + "_pwp_" + part; }

std::string access_scenario_layer(const std::string& scenario, const char* part) {
  return "scenario_" + scenario + "_access_" + part;
}

std::vector<ScenarioRow> list_scenarios(const Project& project) {
  std::vector<ScenarioRow> rows;
  if (!project.has(kScenariosTable)) return rows;
  const auto t = project.read(kScenariosTable);
  auto text = [&](const char* f, std::size_t i) { return t.find(f) >= 0 ? t.column(f).text(i) : std::string(); };
  auto number = [&](const char* f, std::size_t i) -> double {
    if (t.find(f) < 0) return NAN;
    const auto v = t.column(f).number(i);
    return v ? *v : NAN;
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    ScenarioRow r;
    r.name = text("name", i);
    r.model = text("model", i);
    r.threshold = text("threshold", i);
    r.demand = text("demand", i);
    r.created_at = text("created_at", i);
    r.p = static_cast<std::int64_t>(number("p", i));
    r.objective = number("objective", i);
    r.bound = number("bound", i);
    r.gap = number("gap", i);
    r.covered_poor_before = number("covered_poor_before", i);
    r.covered_poor_after = number("covered_poor_after", i);
    r.settings = nlohmann::json::parse(text("settings", i), nullptr, false);
    if (r.settings.is_discarded()) r.settings = nlohmann::json();
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<std::string> scenario_layers(const Project& project, const std::string& name) {
  const std::string prefix = "scenario_" + name + "_";
  std::vector<std::string> longer;  // prefixes of stored scenarios whose names extend this one's
  for (const auto& r : list_scenarios(project))
    if (r.name.size() > name.size() && r.name.rfind(name + "_", 0) == 0) longer.push_back("scenario_" + r.name + "_");
  std::vector<std::string> out;
  for (const auto& l : project.layer_names()) {
    if (l.rfind(prefix, 0) != 0) continue;
    if (std::any_of(longer.begin(), longer.end(), [&](const std::string& p) { return l.rfind(p, 0) == 0; })) continue;
    out.push_back(l);
  }
  return out;
}

void remove_scenario_layers(const Project& project, const std::string& name, ProjectWriter& writer) {
  for (const auto& l : scenario_layers(project, name)) writer.remove(l);
}

ScenarioRows begin_scenario_store(const Project& project, const std::string& name, ProjectWriter& writer, bool replace) {
  validate_scenario_name(name);
  ScenarioRows r;
  if (project.has(kScenariosTable)) r.table = project.read(kScenariosTable);
  bool exists = false;
  for (std::size_t i = 0; i < r.table.size(); ++i) {
    if (r.table.column("name").text(i) == name)
      exists = true;
    else
      r.keep.push_back(i);
  }
  if (exists && !replace)
    throw gis::UsageError("scenario '" + name + "' already exists in " + project.path() +
                          ": pick another name or pass --replace");
  remove_scenario_layers(project, name, writer);  // whatever the old scenario's kind
  return r;
}

const std::vector<std::pair<const char*, gis::FieldType>>& scenario_fields() {
  static const std::vector<std::pair<const char*, gis::FieldType>> fields = {
      {"name", gis::FieldType::String},         {"model", gis::FieldType::String},
      {"p", gis::FieldType::Integer},           {"threshold", gis::FieldType::String},
      {"demand", gis::FieldType::String},       {"objective", gis::FieldType::Real},
      {"bound", gis::FieldType::Real},          {"gap", gis::FieldType::Real},
      {"covered_poor_before", gis::FieldType::Real}, {"covered_poor_after", gis::FieldType::Real},
      {"created_at", gis::FieldType::String},   {"settings", gis::FieldType::String}};
  return fields;
}

gis::VectorLayer scenarios_table_keeping(const ScenarioRows& rows) {
  gis::VectorLayer out;
  if (rows.table.columns.empty()) {
    out.name = kScenariosTable;
    for (const auto& [n, t] : scenario_fields()) {
      gis::Column c;
      c.name = n;
      c.type = t;
      out.columns.push_back(std::move(c));
    }
  } else {
    out = gis::select_rows(rows.table, rows.keep);
    for (std::size_t i = 0; i < out.fids.size(); ++i) out.fids[i] = static_cast<std::int64_t>(i + 1);
  }
  return out;
}

std::optional<double> finite_or_null(double v) {
  if (std::isfinite(v)) return v;
  return std::nullopt;
}

void append_scenario_row(gis::VectorLayer& table, const ScenarioEntry& e) {
  for (auto& c : table.columns) {
    const auto& n = c.name;
    auto real = [&](const std::optional<double>& v) { v ? c.push(*v) : c.push_null(); };
    if (n == "name") c.push(e.name);
    else if (n == "model") c.push(e.model);
    else if (n == "p") c.push(e.p);
    else if (n == "threshold") c.push(e.threshold);
    else if (n == "demand") c.push(e.demand);
    else if (n == "objective") real(e.objective);
    else if (n == "bound") real(e.bound);
    else if (n == "gap") real(e.gap);
    else if (n == "covered_poor_before") real(e.covered_poor_before);
    else if (n == "covered_poor_after") real(e.covered_poor_after);
    else if (n == "created_at") c.push(e.created_at);
    else if (n == "settings") c.push(e.settings);
    else c.push_null();
  }
  table.fids.push_back(static_cast<std::int64_t>(table.fids.size() + 1));
  table.geom.add_empty_feature();
}

}  // namespace swsplan::layers
