#include "layers/network_access.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace swsplan::layers {

RoadLines road_lines(const gis::VectorLayer& roads, const AnalysisSettings& a) {
  RoadLines L;
  const auto& g = roads.geom;
  const bool has_ow = roads.find("oneway") >= 0, has_br = roads.find("bridge") >= 0;
  const bool has_cls = roads.find("road_class") >= 0, has_osm = roads.find("osm_highway") >= 0;
  for (std::size_t f = 0; f < g.features(); ++f) {
    const double sp = a.road_speed(has_cls ? roads.column("road_class").text(f) : "",
                                   has_osm ? roads.column("osm_highway").text(f) : "");
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
      const auto r = g.part_offsets[p];
      for (auto i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
        L.xs.push_back(g.xs[i]);
        L.ys.push_back(g.ys[i]);
      }
      L.first.push_back(static_cast<std::uint32_t>(L.xs.size()));
      L.speed.push_back(sp);
      L.oneway.push_back(has_ow ? static_cast<std::int8_t>(roads.column("oneway").number(f).value_or(0)) : 0);
      L.bridge.push_back(has_br ? static_cast<std::uint8_t>(roads.column("bridge").number(f).value_or(0) != 0) : 0);
    }
  }
  return L;
}

gis::SnapOptions network_snap_options(const AnalysisSettings& a, double max_time_s) {
  gis::SnapOptions o;
  o.walk_speed_kmh = a.network_walk_kmh;
  o.tolerance_m = a.network_snap_m;
  o.direct_walk_max_m = a.network_direct_walk_m;
  if (std::isfinite(max_time_s) && max_time_s >= 0)
    o.direct_walk_max_m = std::min(o.direct_walk_max_m, max_time_s * a.network_walk_kmh / 3.6);
  return o;
}

std::vector<std::string> network_notes(const gis::NetworkNearest& nn, const gis::VectorLayer& villages,
                                       const std::string& service) {
  std::vector<std::string> notes;
  std::size_t walked = 0;
  for (auto w : nn.walked_direct) walked += w;
  if (walked)
    notes.push_back(std::to_string(walked) + " village(s) reach their nearest " + service +
                    " fastest by walking straight to it (no road)");
  if (nn.no_time.empty()) return notes;
  const int code_i = villages.find("vil_code");
  std::map<std::string, std::vector<std::string>> by_reason;
  for (const auto& t : nn.no_time)
    by_reason[gis::to_string(t.reason)].push_back(code_i >= 0 ? villages.columns[static_cast<std::size_t>(code_i)].text(t.demand)
                                                             : std::to_string(t.demand));
  for (const auto& [reason, codes] : by_reason) {
    std::string list;
    for (std::size_t i = 0; i < codes.size(); ++i) list += (i ? ", " : "") + codes[i];
    notes.push_back(std::to_string(codes.size()) + " village(s) have no network time to any " + service + " (" +
                    reason + "): " + list);
  }
  return notes;
}

}  // namespace swsplan::layers
