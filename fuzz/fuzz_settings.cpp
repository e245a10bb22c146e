// Settings values: `swsplan settings P.gpkg --set KEY=VALUE` lines (one per line), or a JSON
// document as stored in the project's swsplan_settings table (a project may come from
// anywhere). Every service's, the analysis and the costing settings are read from the
// result; a bad value must be an InputError/UsageError naming the key, never a JSON type
// error or a crash. A value that is accepted must survive a round trip through to_json().
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "layers/costing.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

using namespace swsplan;

namespace {

// VALUE as `swsplan settings --set` reads it: JSON when it is a number, bool or null, else text.
nlohmann::json value_of(const std::string& v) {
  auto j = nlohmann::json::parse(v, nullptr, false);
  if (!j.is_discarded() && (j.is_number() || j.is_boolean() || j.is_null())) return j;
  return v;
}

void check(bool ok) {
  if (!ok) std::abort();
}

void read_all(const nlohmann::json& doc) {
  auto member = [&](const std::string& key) {
    return doc.is_object() && doc.contains(key) ? doc.at(key) : nlohmann::json::object();
  };
  for (auto s : layers::all_services()) {
    fuzz::refusals_allowed([&] {
      const auto defaults = layers::default_settings(s);
      const auto st = layers::ServiceSettings::from_json(s, member(layers::settings_key(s)), defaults);
      const auto again = layers::ServiceSettings::from_json(s, st.to_json(), defaults);
      check(again.to_json() == st.to_json());
    });
  }
  fuzz::refusals_allowed([&] {
    const auto a = layers::AnalysisSettings::from_json(member("analysis"));
    check(layers::AnalysisSettings::from_json(a.to_json()).to_json() == a.to_json());
  });
  fuzz::refusals_allowed([&] {
    const auto c = layers::CostingSettings::from_json(member(layers::kCostingKey));
    check(layers::CostingSettings::from_json(c.to_json()).to_json() == c.to_json());
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text.front() == '{') {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded()) read_all(doc);
    return 0;
  }
  nlohmann::json doc = nlohmann::json::object();
  std::istringstream lines(text);
  std::string kv;
  while (std::getline(lines, kv)) {
    const auto eq = kv.find('='), dot = kv.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot > eq) continue;  // the CLI refuses these
    const std::string scope = kv.substr(0, dot), field = kv.substr(dot + 1, eq - dot - 1);
    std::string key;
    if (scope == "analysis" || scope == layers::kCostingKey) {
      key = scope;
    } else if (auto s = layers::parse_service(scope)) {
      key = layers::settings_key(*s);
    } else {
      continue;  // unknown service: the CLI refuses it
    }
    doc[key][field] = value_of(kv.substr(eq + 1));
  }
  read_all(doc);
  return 0;
}
