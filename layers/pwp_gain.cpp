// The map layer of a PWP scenario: per commune where any household gains or loses access,
// the commune's polygon with the households and poor households gaining access per service
// and the net change (poor gained - poor lost), so that the gain is drawn from the project.
#include <algorithm>
#include <map>
#include <string>

#include "gis/core/error.hpp"
#include "layers/pwp.hpp"
#include "layers/scenarios.hpp"

namespace swsplan::layers {

gis::VectorLayer pwp_gain_layer(const gis::VectorLayer& communes, const PwpResult& r) {
  const int pc = communes.find("adm3_pcode");
  if (pc < 0) throw gis::InputError({"", "communes", std::nullopt, "adm3_pcode"}, "the communes have no commune code field");
  const auto& C = communes.columns[static_cast<std::size_t>(pc)];
  std::map<std::string, std::map<std::string, const PwpGain*>> by_commune;  // pcode -> service -> gain
  std::map<std::string, std::string> names;
  for (const auto& c : r.communes) {
    const auto& g = c.gain;
    if (!(g.households_gained > 0 || g.households_lost > 0 || g.poor_gained > 0 || g.poor_lost > 0)) continue;
    by_commune[c.adm3_pcode][g.service] = &g;
    names[c.adm3_pcode] = c.name;
  }
  std::vector<std::size_t> rows;  // in communes-layer order
  for (std::size_t i = 0; i < communes.size(); ++i)
    if (by_commune.count(C.text(i))) rows.push_back(i);
  gis::VectorLayer out = gis::select_rows(communes, rows);
  out.name = pwp_layer(r.request.scenario, "gain");
  gis::Column code("adm3_pcode", gis::FieldType::String), name("name", gis::FieldType::String);
  for (std::size_t i : rows) {
    code.push(C.text(i));
    name.push(names[C.text(i)]);
  }
  std::vector<gis::Column> cols = {code, name};
  for (const auto& s : r.services) {
    gis::Column hh("households_gained_" + s.service, gis::FieldType::Real),
        poor("poor_gained_" + s.service, gis::FieldType::Real), net("net_poor_" + s.service, gis::FieldType::Real);
    for (std::size_t i : rows) {
      const auto& m = by_commune[C.text(i)];
      auto it = m.find(s.service);
      if (it == m.end()) {  // this service unchanged here, another one changed
        hh.push(0.0), poor.push(0.0), net.push(0.0);
        continue;
      }
      hh.push(it->second->households_gained);
      poor.push(it->second->poor_gained);
      net.push(it->second->poor_gained - it->second->poor_lost);
    }
    cols.push_back(hh), cols.push_back(poor), cols.push_back(net);
  }
  out.columns = std::move(cols);
  return out;
}

}  // namespace swsplan::layers
