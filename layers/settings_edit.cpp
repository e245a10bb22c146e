#include "layers/settings_edit.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "gis/core/error.hpp"
#include "gis/core/text.hpp"
#include "layers/costing.hpp"
#include "layers/settings.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

namespace {
// Parses VALUE as JSON when it is a number/bool/null, else keeps it as a string.
nlohmann::json value_of(const std::string& v) {
  try {
    auto j = nlohmann::json::parse(v);
    if (j.is_number() || j.is_boolean() || j.is_null()) return j;
  } catch (const nlohmann::json::exception&) {
  }
  return v;
}
}  // namespace

void run_and_store_settings(const std::string& project_path, const SettingsEdit& edit) {
  StoreOptions so;
  so.verb = "settings";
  run_and_store(project_path, so, [&](const Project& project, ProjectWriter& w) {
    const bool reset = edit.reset;
    std::map<std::string, nlohmann::json> updated;
    for (auto s : all_services())
      updated[settings_key(s)] = reset ? nlohmann::json::object() : service_settings(project, s).to_json();
    updated["analysis"] = reset ? nlohmann::json::object() : analysis_settings(project).to_json();
    updated[kCostingKey] =
        reset ? nlohmann::json::object() : nlohmann::json::parse(costing_settings(project).to_json().dump());
    for (const auto& kv : edit.sets) {
      if (const auto bad = gis::first_invalid_utf8(kv))
        throw gis::UsageError("--set '" + gis::printable_utf8(kv) + "': byte " + std::to_string(*bad + 1) +
                              " is not UTF-8 text; type the value again or save the script as UTF-8");
      auto eq = kv.find('='), dot = kv.find('.');
      if (eq == std::string::npos || dot == std::string::npos || dot > eq)
        throw gis::UsageError("--set needs KEY=VALUE with KEY like health_centre.threshold, not '" + kv + "'");
      const std::string scope = kv.substr(0, dot), field = kv.substr(dot + 1, eq - dot - 1), value = kv.substr(eq + 1);
      std::string key;
      if (scope == "analysis") {
        key = "analysis";
      } else if (scope == kCostingKey) {
        key = kCostingKey;
      } else {
        key = settings_key(require_service(scope, " in --set " + kv));
      }
      updated[key][field] = value_of(value);
    }
    // Validate everything before writing: a bad value never reaches the project.
    for (auto s : all_services())
      (void)ServiceSettings::from_json(s, updated[settings_key(s)], default_settings(s));
    (void)AnalysisSettings::from_json(updated["analysis"]);
    (void)CostingSettings::from_json(updated[kCostingKey]);
    for (const auto& [k, v] : updated) w.set_setting(k, v);
  });
}

}  // namespace swsplan::layers
