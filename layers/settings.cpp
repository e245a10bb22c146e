#include "layers/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "layers/demand.hpp"

namespace swsplan::layers {

namespace {
constexpr const char* kRoadSpeedPrefix = "road_speed_kmh_";
}

const char* to_string(AccessMode m) {
  switch (m) {
    case AccessMode::Line: return "line";
    case AccessMode::Network: return "network";
    case AccessMode::Raster: return "raster";
  }
  return "?";
}

std::optional<AccessMode> parse_access_mode(const std::string& s) {
  if (s == "line" || s == "straight" || s == "straight_line") return AccessMode::Line;
  if (s == "network" || s == "road" || s == "roads") return AccessMode::Network;
  if (s == "raster" || s == "cost" || s == "surface") return AccessMode::Raster;
  return std::nullopt;
}

const char* to_string(DemandBase d) { return d == DemandBase::Households ? "households" : "poor_households"; }

Threshold Threshold::parse(const std::string& text) {
  std::size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(text, &pos);
  } catch (const std::exception&) {
    throw gis::UsageError("threshold '" + text + "' must be a number with a unit: 60min, 2h, 90s, 10km or 800m");
  }
  const std::string unit = text.substr(pos);
  Threshold t;
  if (unit == "min") {
    t = {v * 60, true};
  } else if (unit == "h") {
    t = {v * 3600, true};
  } else if (unit == "s") {
    t = {v, true};
  } else if (unit == "km") {
    t = {v * 1000, false};
  } else if (unit == "m") {
    t = {v, false};
  } else {
    throw gis::UsageError("threshold '" + text + "' needs a unit: min, h, s, km or m");
  }
  if (!(t.value > 0) || !std::isfinite(t.value)) throw gis::UsageError("threshold '" + text + "' must be positive");
  return t;
}

std::string Threshold::str() const {
  char buf[32];
  if (is_time) {
    std::snprintf(buf, sizeof buf, "%gmin", value / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%gkm", value / 1000);
  }
  return buf;
}

nlohmann::json ServiceSettings::to_json() const {
  return {{"enabled", enabled},
          {"mode", to_string(mode)},
          {"threshold", threshold.str()},
          {"line_speed_kmh", line_speed_kmh},
          {"coverage_norm", coverage_norm_0_1},
          {"people_per_facility", people_per_facility},
          {"capacity_norm", capacity_norm},
          {"capacity_field", capacity_field},
          {"demand", to_string(demand)},
          {"source", source}};
}

namespace {
// Runs `read` for every key of `j`, naming the key in any error; unknown keys are refused
// (a misspelt setting must not be silently ignored).
template <class Read>
void read_keys(const nlohmann::json& j, const std::string& scope, const std::vector<std::string>& known, Read read) {
  if (!j.is_object())
    throw gis::InputError({{}, "swsplan_settings", std::nullopt, scope}, "must be a JSON object");
  for (const auto& [k, v] : j.items()) {
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      std::string all;
      for (const auto& n : known) all += (all.empty() ? "" : ", ") + n;
      throw gis::InputError({{}, "swsplan_settings", std::nullopt, scope + "." + k}, "unknown setting; known: " + all);
    }
    try {
      read(k, v);
    } catch (const nlohmann::json::exception&) {
      throw gis::InputError({{}, "swsplan_settings", std::nullopt, scope + "." + k},
                            "wrong type: '" + v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "'");
    } catch (const gis::UsageError& e) {
      throw gis::InputError({{}, "swsplan_settings", std::nullopt, scope + "." + k}, e.what());
    }
  }
}
}  // namespace

ServiceSettings ServiceSettings::from_json(Service s, const nlohmann::json& j, const ServiceSettings& d) {
  ServiceSettings out = d;
  out.service = s;
  const std::string where = settings_key(s);
  auto bad = [&](const std::string& k, const std::string& why) {
    return gis::InputError({{}, "swsplan_settings", std::nullopt, where + "." + k}, why);
  };
  read_keys(j, where,
            {"enabled", "mode", "threshold", "line_speed_kmh", "coverage_norm", "people_per_facility", "capacity_norm",
             "capacity_field", "demand", "source"},
            [&](const std::string& k, const nlohmann::json& v) {
              if (k == "enabled") out.enabled = v.get<bool>();
              else if (k == "mode") {
                auto m = parse_access_mode(v.get<std::string>());
                if (!m) throw bad("mode", "must be line, network or raster");
                out.mode = *m;
              } else if (k == "threshold") out.threshold = Threshold::parse(v.get<std::string>());
              else if (k == "line_speed_kmh") out.line_speed_kmh = v.get<double>();
              else if (k == "coverage_norm") out.coverage_norm_0_1 = v.get<double>();
              else if (k == "people_per_facility") out.people_per_facility = v.get<double>();
              else if (k == "capacity_norm") out.capacity_norm = v.get<double>();
              else if (k == "capacity_field") out.capacity_field = v.get<std::string>();
              else if (k == "demand") {
                const auto t = v.get<std::string>();
                if (t == "households") out.demand = DemandBase::Households;
                else if (t == "poor_households") out.demand = DemandBase::PoorHouseholds;
                else throw bad("demand", "must be households or poor_households");
              } else if (k == "source") out.source = v.get<std::string>();
            });
  if (!(out.coverage_norm_0_1 >= 0 && out.coverage_norm_0_1 <= 1)) throw bad("coverage_norm", "must be within 0-1");
  if (!(out.people_per_facility > 0)) throw bad("people_per_facility", "must be > 0");
  if (!(out.capacity_norm >= 0)) throw bad("capacity_norm", "must be >= 0");
  if (!(out.line_speed_kmh > 0)) throw bad("line_speed_kmh", "must be > 0");
  return out;
}

ServiceSettings default_settings(Service s) {
  ServiceSettings d;
  d.service = s;
  switch (s) {
    case Service::HealthCentre:
      d.threshold = {10000, false};
      d.people_per_facility = 20000;
      d.source = "MoH Health Coverage Plan: a health centre within 10 km or 2 hours' walk, one per 10,000-20,000 people "
                 "(the upper end is used as the capacity norm)";
      break;
    case Service::HealthPost:
      d.threshold = {10000, false};
      d.people_per_facility = 10000;
      d.enabled = false;  // health posts extend health centres; analysed with them when asked
      d.source = "assumption to review: health posts serve remote areas beyond a health centre's 10 km";
      break;
    case Service::ReferralHospital:
      d.threshold = {30000, false};
      d.people_per_facility = 200000;
      d.source = "MoH Health Coverage Plan: one referral hospital per operational district (100,000-200,000 people; "
                 "the norm's upper end is used); "
                 "30 km is an assumption to review";
      break;
    case Service::SchoolPrimary:
      d.threshold = {3000, false};
      d.people_per_facility = 3000;
      d.source = "assumption to review: a primary school within 3 km of every village, one per 3,000 people (national "
                 "ratio of about 7,000 primary schools to 16 million people is 1 per 2,300)";
      break;
    case Service::SchoolLowerSecondary:
      d.threshold = {5000, false};
      d.people_per_facility = 10000;
      d.source = "assumption to review: a lower-secondary school within 5 km (one per 2-3 communes)";
      break;
    case Service::SchoolUpperSecondary:
      d.threshold = {10000, false};
      d.people_per_facility = 30000;
      d.source = "assumption to review: an upper-secondary school within 10 km (about one per district)";
      break;
    case Service::TvetCentre:
      d.threshold = {30000, false};
      d.people_per_facility = 500000;
      d.source = "assumption to review: a provincial training centre within 30 km";
      break;
    case Service::JobCentre:
      d.threshold = {30000, false};
      d.people_per_facility = 1000000;
      d.source = "assumption to review: a job centre within 30 km";
      break;
    case Service::SwsOffice:
      d.threshold = {15000, false};
      d.people_per_facility = 40000;
      d.demand = DemandBase::PoorHouseholds;
      d.source = "field proposal: one Single Window office serving 2-3 communes (about 30,000 people); 15 km is an "
                 "assumption to review";
      break;
  }
  return d;
}

std::string settings_key(Service s) { return std::string("service.") + service_id(s); }

ServiceSettings service_settings(const Project& p, Service s) {
  auto j = p.setting(settings_key(s));
  if (j.is_null()) return default_settings(s);
  return ServiceSettings::from_json(s, j, default_settings(s));
}

nlohmann::json AnalysisSettings::to_json() const {
  nlohmann::json j = {{"persons_per_household", persons_per_household},
                      {"deprivation_threshold", deprivation_threshold_0_1},
                      {"deprivation_source", deprivation_source},
                      {"deprivation_direction", deprivation_lower_is_worse ? "lower_is_worse" : "higher_is_worse"},
                      {"child_deprivation_table", child_deprivation_table},
                      {"child_deprivation_fields", child_deprivation_fields},
                      {"child_deprivation_weight", child_deprivation_weight},
                      {"child_deprivation_cutoff", child_deprivation_cutoff_0_1},
                      {"households_fallback", households_fallback},
                      {"demand_basis", demand_basis},
                      {"raster_landcover", raster_landcover},
                      {"raster_offroad_kmh", raster_offroad_kmh},
                      {"raster_cell_m", raster_cell_m},
                      {"network_walk_kmh", network_walk_kmh},
                      {"network_snap_m", network_snap_m},
                      {"network_direct_walk_m", network_direct_walk_m}};
  for (const auto& [c, v] : road_speed_kmh) j[kRoadSpeedPrefix + c] = v;
  if (deprivation_quantile_0_1) j["deprivation_quantile"] = *deprivation_quantile_0_1;
  return j;
}

double AnalysisSettings::road_speed(const std::string& road_class, const std::string& osm_highway) const {
  if (!osm_highway.empty())
    if (auto it = road_speed_kmh.find(osm_highway); it != road_speed_kmh.end()) return it->second;
  if (auto it = road_speed_kmh.find(road_class); it != road_speed_kmh.end()) return it->second;
  const gis::RoadClass c = road_class == "national"     ? gis::RoadClass::national
                           : road_class == "provincial" ? gis::RoadClass::provincial
                           : road_class == "rural"      ? gis::RoadClass::rural
                           : road_class == "pwp_track"  ? gis::RoadClass::pwp_track
                                                        : gis::RoadClass::path;
  return gis::default_speed_kmh(c);
}

AnalysisSettings AnalysisSettings::from_json(const nlohmann::json& j_in) {
  AnalysisSettings a;
  if (j_in.is_null()) return a;
  auto bad = [](const std::string& k, const std::string& why) {
    return gis::InputError({{}, "swsplan_settings", std::nullopt, "analysis." + k}, why);
  };
  // Road speeds are open-ended keys (one per class or OSM highway value): read them apart.
  nlohmann::json j = j_in;
  if (j_in.is_object())
    for (const auto& [k, v] : j_in.items()) {
      if (k.rfind(kRoadSpeedPrefix, 0) != 0) continue;
      const std::string cls = k.substr(std::string(kRoadSpeedPrefix).size());
      if (cls.empty() || !v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
        throw bad(k, "must be a road class or OSM highway value with a speed in km/h greater than 0, e.g. "
                     "analysis.road_speed_kmh_trunk=60; got '" +
                         v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "'");
      a.road_speed_kmh[cls] = v.get<double>();
      j.erase(k);
    }
  read_keys(j, "analysis",
            {"persons_per_household", "deprivation_threshold", "deprivation_quantile", "deprivation_source",
             "deprivation_direction", "child_deprivation_table", "child_deprivation_fields",
             "child_deprivation_weight", "child_deprivation_cutoff", "households_fallback", "demand_basis", "raster_landcover",
             "raster_offroad_kmh", "raster_cell_m", "network_walk_kmh", "network_snap_m", "network_direct_walk_m"},
            [&](const std::string& k, const nlohmann::json& v) {
              if (k == "persons_per_household") a.persons_per_household = v.get<double>();
              else if (k == "deprivation_threshold") a.deprivation_threshold_0_1 = v.get<double>();
              else if (k == "deprivation_quantile") {
                if (!v.is_null()) a.deprivation_quantile_0_1 = v.get<double>();
              } else if (k == "deprivation_source") a.deprivation_source = v.get<std::string>();
              else if (k == "deprivation_direction") {
                const auto t = v.get<std::string>();
                if (t == "higher_is_worse") a.deprivation_lower_is_worse = false;
                else if (t == "lower_is_worse") a.deprivation_lower_is_worse = true;
                else throw bad("deprivation_direction", "must be higher_is_worse or lower_is_worse, not '" + t + "'");
              } else if (k == "child_deprivation_table") a.child_deprivation_table = v.get<std::string>();
              else if (k == "child_deprivation_fields") a.child_deprivation_fields = v.get<std::string>();
              else if (k == "child_deprivation_weight") a.child_deprivation_weight = v.get<std::string>();
              else if (k == "child_deprivation_cutoff") a.child_deprivation_cutoff_0_1 = v.get<double>();
              else if (k == "households_fallback") a.households_fallback = v.get<std::string>();
              else if (k == "demand_basis") a.demand_basis = v.get<std::string>();
              else if (k == "raster_landcover") a.raster_landcover = v.get<std::string>();
              else if (k == "raster_offroad_kmh") a.raster_offroad_kmh = v.get<double>();
              else if (k == "raster_cell_m") a.raster_cell_m = v.get<double>();
              else if (k == "network_walk_kmh") a.network_walk_kmh = v.get<double>();
              else if (k == "network_snap_m") a.network_snap_m = v.get<double>();
              else if (k == "network_direct_walk_m") a.network_direct_walk_m = v.get<double>();
            });
  if (!is_demand_basis_setting(a.demand_basis))
    throw bad("demand_basis", "must be auto, idpoor_2022, villages, commune_database_2011 or "
                              "table:<table>:<households field>:<poor field>, not '" + a.demand_basis + "'");
  if (!(a.network_walk_kmh > 0) || !std::isfinite(a.network_walk_kmh))
    throw bad("network_walk_kmh", "must be a walking speed in km/h greater than 0");
  if (!(a.network_snap_m >= 0) || !std::isfinite(a.network_snap_m))
    throw bad("network_snap_m", "must be a distance in metres >= 0");
  if (!(a.network_direct_walk_m >= 0) || !std::isfinite(a.network_direct_walk_m))
    throw bad("network_direct_walk_m", "must be a distance in metres >= 0 (0 = road trips only)");
  if (!(a.persons_per_household > 0)) throw bad("persons_per_household", "must be > 0");
  if (!(a.deprivation_threshold_0_1 >= 0 && a.deprivation_threshold_0_1 <= 1))
    throw bad("deprivation_threshold", "must be within 0-1");
  if (a.deprivation_quantile_0_1 && !(*a.deprivation_quantile_0_1 > 0 && *a.deprivation_quantile_0_1 < 1))
    throw bad("deprivation_quantile", "must be within (0, 1)");
  if (!(a.raster_offroad_kmh > 0)) throw bad("raster_offroad_kmh", "must be > 0");
  if (!(a.child_deprivation_cutoff_0_1 > 0 && a.child_deprivation_cutoff_0_1 <= 1))
    throw bad("child_deprivation_cutoff", "must be within (0, 1]");
  if (a.deprivation_source == "child_deprivation" && a.child_deprivation_table.empty())
    throw bad("deprivation_source", "child_deprivation needs analysis.child_deprivation_table");
  // The villages source counts ID-Poor poor households: the deprived side is always the high
  // share (households counted stay the poor ones whatever the direction), so the other side
  // would class communes by a rate that does not match the households they count.
  if (a.deprivation_source == "villages" && a.deprivation_lower_is_worse)
    throw bad("deprivation_direction",
              "lower_is_worse does not apply to analysis.deprivation_source=villages (ID-Poor share of poor "
              "households: higher is worse); use it with an indicator (e.g. a latrine share) or keep higher_is_worse");
  return a;
}

AnalysisSettings analysis_settings(const Project& p) { return AnalysisSettings::from_json(p.setting("analysis")); }

}  // namespace swsplan::layers
