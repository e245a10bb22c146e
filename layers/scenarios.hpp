#pragma once
/// @file The scenario registry of a project: the table swsplan_scenarios (one row per stored
/// scenario of any kind: siting, PWP road works, access runs), the layer names each kind
/// owns (scenario_<name>_<part>), and the start and end of storing a scenario on a
/// ProjectWriter. The analyses (siting, pwp, access) build their own layers; this module
/// only knows names, rows and what to remove when a scenario is replaced.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

/// One row per stored scenario.
inline constexpr const char* kScenariosTable = "swsplan_scenarios";
/// Value of the `model` column of swsplan_scenarios for PWP scenarios.
inline constexpr const char* kPwpModel = "pwp";
/// Value of the `model` column of swsplan_scenarios for access scenarios.
inline constexpr const char* kAccessModel = "access";

/// @throws UsageError unless the name is 1-40 letters, digits or underscores.
void validate_scenario_name(const std::string& name);

/// Layer names of a scenario.
std::string scenario_layer(const std::string& scenario, const char* part);
/// Layer names of a PWP scenario: scenario_<name>_pwp_<part> (part: works, communes, villages).
std::string pwp_layer(const std::string& scenario, const char* part);
/// Layer of an access scenario: scenario_<name>_access_<part> (part "villages" or "communes").
std::string access_scenario_layer(const std::string& scenario, const char* part);

/// Stored scenarios (rows of swsplan_scenarios), oldest first.
struct ScenarioRow {
  std::string name, model, threshold, demand, created_at;
  std::int64_t p = 0;
  double objective = 0, bound = 0, gap = 0, covered_poor_before = 0, covered_poor_after = 0;
  nlohmann::json settings;
};
std::vector<ScenarioRow> list_scenarios(const Project& project);

/// Every layer of the project that belongs to scenario `name`, whatever its kind (siting,
/// PWP, access, ...): the layers named scenario_<name>_<part>, except those of a stored
/// scenario with a longer name that also matches (scenario "a_b" owns scenario_a_b_offices,
/// not scenario "a").
std::vector<std::string> scenario_layers(const Project& project, const std::string& name);
/// Stages the removal of every layer of scenario_layers(project, name) on `writer` (a
/// scenario replaced by one of another kind leaves nothing of the old one behind).
void remove_scenario_layers(const Project& project, const std::string& name, ProjectWriter& writer);

/// The stored swsplan_scenarios table (empty when absent) and the rows of the other scenarios.
struct ScenarioRows {
  gis::VectorLayer table;
  std::vector<std::size_t> keep;
};
/// Starts storing scenario `name` (any kind) on `writer`: checks the name, refuses an existing
/// scenario of that name unless `replace` (UsageError), and stages the removal of all its
/// layers (remove_scenario_layers). The caller writes the new layers and the table.
ScenarioRows begin_scenario_store(const Project& project, const std::string& name, ProjectWriter& writer, bool replace);

/// The columns of swsplan_scenarios, in order.
const std::vector<std::pair<const char*, gis::FieldType>>& scenario_fields();
/// swsplan_scenarios without the scenario being stored: the kept rows as stored (fids
/// renumbered from 1), or an empty table with scenario_fields() when there is none yet.
gis::VectorLayer scenarios_table_keeping(const ScenarioRows& rows);

/// The values of one new row of swsplan_scenarios; nullopt is stored as NULL.
struct ScenarioEntry {
  std::string name, model;
  std::int64_t p = 0;
  std::string threshold, demand;
  std::optional<double> objective, bound, gap, covered_poor_before, covered_poor_after;
  std::string created_at, settings;
};
/// `v`, or nullopt (NULL) when it is not finite.
std::optional<double> finite_or_null(double v);
/// Appends `entry` as the last row of `table` (a swsplan_scenarios table): each column by
/// its name, NULL in columns the entry does not know.
void append_scenario_row(gis::VectorLayer& table, const ScenarioEntry& entry);

}  // namespace swsplan::layers
