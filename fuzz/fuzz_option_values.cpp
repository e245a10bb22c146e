// Option values as typed on the command line and in dialogs: the first line names the kind
// (threshold, service, mode, model, demand, class, cip_type, code, scenario; anything else:
// all of them), the rest is the value. Besides "no crash, only gis errors" each parser's
// promise is checked: a parsed value prints back to a text that parses to the same value.
#include <cmath>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "layers/cip.hpp"
#include "layers/codes.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"
#include "layers/siting.hpp"

using namespace swsplan;
using layers::AdminLevel;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void threshold(const std::string& v) {
  fuzz::refusals_allowed([&] {
    const auto t = layers::Threshold::parse(v);
    check(t.value > 0 && std::isfinite(t.value));
    // str() rounds to 6 significant digits: the round trip keeps the kind and the value
    // to that precision (or refuses a value that rounded to 0 or overflowed).
    fuzz::refusals_allowed([&] {
      const auto back = layers::Threshold::parse(t.str());
      check(back.is_time == t.is_time);
      check(std::fabs(back.value - t.value) <= 1e-5 * t.value);
    });
  });
}

void enums(const std::string& v) {
  if (auto s = layers::parse_service(v)) check(layers::parse_service(layers::service_id(*s)) == s);
  if (auto m = layers::parse_access_mode(v)) check(layers::parse_access_mode(layers::to_string(*m)) == m);
  if (auto m = layers::parse_site_model(v)) check(layers::parse_site_model(layers::to_string(*m)) == m);
  if (auto d = layers::parse_site_demand(v)) check(layers::parse_site_demand(layers::to_string(*d)) == d);
  if (auto c = layers::parse_gap_class(v)) check(layers::parse_gap_class(layers::to_string(*c)) == c);
  if (const auto* t = layers::find_cip_type(v)) check(layers::find_cip_type(t->id) == t);
}

void codes(const std::string& v) {
  for (auto level : {AdminLevel::Province, AdminLevel::District, AdminLevel::Commune, AdminLevel::Village}) {
    if (auto p = layers::to_pcode(v, level)) {
      check(layers::to_pcode(*p, level) == p);  // normalising is idempotent
      check(layers::level_of_pcode(*p) == level);
      auto n = layers::to_ncdd(*p, level);
      check(n.has_value() && layers::to_pcode(*n, level) == p);
      for (int parent = 1; parent < static_cast<int>(level); ++parent)
        check(layers::parent_pcode(*p, static_cast<AdminLevel>(parent)).has_value());
    }
    (void)layers::to_ncdd(v, level);
  }
  if (auto vc = layers::to_village_code(v)) check(vc->size() == 8 && layers::to_village_code(*vc) == vc);
  (void)layers::level_of_pcode(v);
}

void scenario(const std::string& v) {
  fuzz::refusals_allowed([&] { layers::validate_scenario_name(v); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto nl = text.find('\n');
  const std::string kind = nl == std::string::npos ? "" : text.substr(0, nl);
  const std::string value = nl == std::string::npos ? text : text.substr(nl + 1);
  const bool all = kind != "threshold" && kind != "service" && kind != "mode" && kind != "model" &&
                   kind != "demand" && kind != "class" && kind != "cip_type" && kind != "code" && kind != "scenario";
  if (all || kind == "threshold") threshold(value);
  if (all || kind == "service" || kind == "mode" || kind == "model" || kind == "demand" || kind == "class" ||
      kind == "cip_type")
    enums(value);
  if (all || kind == "code") codes(value);
  if (all || kind == "scenario") scenario(value);
  return 0;
}
