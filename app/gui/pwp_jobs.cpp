#include "app/gui/pwp_jobs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "app/gui/prepared_layer.hpp"
#include "gis/core/error.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

layers::PwpResult run_pwp_scenario(const std::string& project_path, const layers::PwpRequest& rq, bool replace,
                                   gis::Progress& progress) {
  return layers::run_and_store_pwp(project_path, rq, replace, progress, "tick 'Replace'");
}

std::string pwp_summary_text(const layers::PwpResult& r) { return r.to_text(); }

layers::ScenarioDiff run_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                 const std::string& service, gis::Progress& progress) {
  layers::CompareOptions opt;
  opt.service = service;
  return layers::run_and_store_compare(project_path, a, b, opt, progress);
}

std::string compare_summary_text(const layers::ScenarioDiff& d) { return d.to_text(); }

gis::VectorLayer pwp_gain_layer(const layers::PwpResult& r, const PreparedLayer& communes) {
  const auto& C = communes.data;
  const int pc = C.find("adm3_pcode");
  if (pc < 0) throw gis::UsageError("layer communes has no field adm3_pcode");
  std::map<std::string, std::size_t> row;
  for (std::size_t i = 0; i < C.size(); ++i) row[C.columns[std::size_t(pc)].text(i)] = i;
  // Communes of the result, in communes-layer order.
  std::map<std::string, std::map<std::string, const layers::PwpGain*>> by_commune;  // pcode -> service -> gain
  std::map<std::string, std::string> names;
  for (const auto& c : r.communes) by_commune[c.adm3_pcode][c.gain.service] = &c.gain, names[c.adm3_pcode] = c.name;
  std::vector<std::size_t> rows;
  for (const auto& [code, _] : by_commune)
    if (auto it = row.find(code); it != row.end()) rows.push_back(it->second);
  std::sort(rows.begin(), rows.end());
  gis::VectorLayer out = gis::select_rows(C, rows);
  out.name = layers::pwp_layer(r.request.scenario, "gain");
  out.crs = C.crs;
  out.geom.kind = C.geom.kind;
  gis::Column code("adm3_pcode", gis::FieldType::String), name("name", gis::FieldType::String);
  std::vector<gis::Column> cols;
  for (std::size_t i : rows) {
    const std::string k = C.columns[std::size_t(pc)].text(i);
    code.push(k);
    name.push(names[k]);
  }
  cols.push_back(code);
  cols.push_back(name);
  for (const auto& s : r.services) {
    gis::Column hh("households_gained_" + s.service, gis::FieldType::Real),
                poor("poor_gained_" + s.service, gis::FieldType::Real),
                net("net_poor_" + s.service, gis::FieldType::Real);
    for (std::size_t i : rows) {
      const auto& m = by_commune[C.columns[std::size_t(pc)].text(i)];
      auto it = m.find(s.service);
      if (it == m.end()) {
        hh.push_null(), poor.push_null(), net.push_null();
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

}  // namespace swsplan::gui
