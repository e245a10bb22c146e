#include "layers/referral.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "gis/access/costdist.hpp"
#include "gis/access/graph.hpp"
#include "gis/access/nearest.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/access.hpp"
#include "layers/detail/raster_surface.hpp"
#include "layers/network_access.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

using gis::kNoId;
using gis::kUnreachable;
using gis::VectorLayer;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A facilities field as text per row: a column, else a key of the importer's `attributes`
// JSON; nullopt where the row has no value.
std::vector<std::optional<std::string>> field_values(const VectorLayer& f, const std::string& field) {
  std::vector<std::optional<std::string>> v(f.size());
  if (const int i = f.find(field); i >= 0) {
    const auto& c = f.columns[static_cast<std::size_t>(i)];
    for (std::size_t r = 0; r < f.size(); ++r)
      if (!c.is_null(r) && !c.text(r).empty()) v[r] = c.text(r);
    return v;
  }
  const int a = f.find("attributes");
  if (a < 0) return v;
  const auto& c = f.columns[static_cast<std::size_t>(a)];
  for (std::size_t r = 0; r < f.size(); ++r) {
    if (c.is_null(r)) continue;
    auto j = nlohmann::json::parse(c.text(r), nullptr, false);
    if (!j.is_object() || !j.contains(field) || j[field].is_null()) continue;
    const auto& x = j[field];
    std::string s = x.is_string() ? x.get<std::string>() : x.dump();
    if (!s.empty()) v[r] = std::move(s);
  }
  return v;
}

// One group's search: the nearest of `hosp` (positions in the hospital list) for each of
// `cents` (positions in the centre list).
struct Pick {
  std::uint32_t hospital = kNoId;  ///< position in the hospital list
  double time_s = kNaN, distance_m = kNaN;
  bool walked = false;
  std::string no_time;             ///< reason when no hospital was reached
};

struct Points {
  std::vector<double> x, y, lon, lat;
  gis::PointArrays view() const { return {x, y, lon, lat}; }
  gis::PointArrays subset(const std::vector<std::uint32_t>& idx, Points& keep) const {
    keep = {};
    for (auto i : idx) {
      keep.x.push_back(x[i]), keep.y.push_back(y[i]);
      keep.lon.push_back(lon[i]), keep.lat.push_back(lat[i]);
    }
    return keep.view();
  }
};

double straight_m(const Points& a, std::uint32_t i, const Points& b, std::uint32_t k) {
  return std::hypot(a.x[i] - b.x[k], a.y[i] - b.y[k]);
}

// Network mode: the routing graph of access -m network, once, and a twin graph of the same
// topology with every speed 3.6 km/h (1 m/s), whose arc weights are therefore metres: the
// length of the fastest route is summed on the twin along the time graph's shortest-path tree.
struct NetworkSearch {
  gis::RoutingGraph graph, twin;
  gis::CsrGraph travel, travel_m;  ///< arcs in the direction of travel (centre -> hospital)

  NetworkSearch(const VectorLayer& roads_m, const AnalysisSettings& a, const Points& centres, const Points& hosp,
                gis::Progress& progress) {
    const RoadLines L = road_lines(roads_m, a);
    RoadLines Lm = L;
    std::fill(Lm.speed.begin(), Lm.speed.end(), 3.6);
    const auto opt = network_snap_options(a);
    auto opt_m = opt;
    opt_m.walk_speed_kmh = 3.6;
    graph = gis::build_routing_graph(gis::build_road_network(L.view(), progress), centres.view(), hosp.view(), opt,
                                     progress);
    twin = gis::build_routing_graph(gis::build_road_network(Lm.view(), progress), centres.view(), hosp.view(), opt_m,
                                    progress);
    travel = gis::reversed(graph.toward_facility);
    travel_m = gis::reversed(twin.toward_facility);
    if (travel.first != travel_m.first || travel.target != travel_m.target)
      throw std::logic_error("referral: the metre twin of the routing graph differs in topology");
  }

  // Length of the fastest route from node v down the tree of `t` (times to the sources).
  double route_m(std::uint32_t v, const gis::ShortestPaths& t) const {
    double len = 0;
    for (std::size_t steps = 0; t.time_s[v] > 0; ++steps) {
      if (steps > t.time_s.size()) return kNaN;
      std::uint32_t next = kNoId;
      double w_m = 0;
      for (auto e = travel.first[v]; e < travel.first[v + 1]; ++e) {
        const auto u = travel.target[e];
        if (t.time_s[u] < t.time_s[v] && t.time_s[u] + travel.weight_s[e] == t.time_s[v]) {
          next = u, w_m = travel_m.weight_s[e];
          break;
        }
      }
      if (next == kNoId) return kNaN;
      len += w_m;
      v = next;
    }
    return len;
  }

  std::vector<Pick> solve(const std::vector<std::uint32_t>& hosp, const std::vector<std::uint32_t>& cents,
                          gis::Progress& progress) const {
    auto nn = gis::nearest_facility_network(graph, hosp, kUnreachable, progress);
    std::vector<std::uint32_t> sources;
    for (auto k : hosp)
      if (graph.facility_node[k] != kNoId) sources.push_back(graph.facility_node[k]);
    const auto sp = gis::multi_source_dijkstra(graph.toward_facility, sources, {}, kUnreachable, progress);
    std::map<std::uint32_t, std::string> reason;
    for (const auto& t : nn.no_time) reason[t.demand] = gis::to_string(t.reason);
    std::vector<Pick> out(cents.size());
    for (std::size_t j = 0; j < cents.size(); ++j) {
      const auto i = cents[j];
      if (nn.facility[i] == kNoId) {
        out[j].no_time = reason.count(i) ? reason[i] : "no route";
        continue;
      }
      out[j].hospital = nn.facility[i];
      out[j].time_s = nn.time_s[i];
      out[j].walked = nn.walked_direct[i] != 0;
      out[j].distance_m = route_m(graph.demand_node[i], sp);
    }
    return out;
  }
};

// Raster mode: the friction surface of access -m raster over the centres and hospitals, once.
struct RasterSearch {
  detail::RasterSurface surface;

  RasterSearch(const Project& project, const VectorLayer& communes, const std::string& metric,
               const AnalysisSettings& a, const Points& centres, const Points& hosp, std::vector<std::string>& notes,
               gis::Progress& progress) {
    AccessInputs in;
    in.metric_crs = metric;
    in.communes = communes;
    if (project.has(names::kRoads)) in.roads_m = gis::reproject(project.read(names::kRoads), metric);
    if (project.has("water")) in.water_m = gis::reproject(project.read("water"), metric);
    std::vector<double> xs(centres.x), ys(centres.y);
    xs.insert(xs.end(), hosp.x.begin(), hosp.x.end());
    ys.insert(ys.end(), hosp.y.begin(), hosp.y.end());
    surface = detail::raster_friction(in, a, dry_season(), &project, xs, ys, notes, progress);
    const auto& g = surface.friction.grid;
    notes.push_back("raster: " + std::to_string(g.width) + " x " + std::to_string(g.height) + " cells of " +
                    std::to_string(static_cast<int>(surface.cell_m)) + " m, off-road " +
                    std::to_string(surface.offroad_kmh).substr(0, 4) +
                    " km/h, roads at class speeds, rivers impassable except at road crossings; distance is the "
                    "straight line to the hospital reached");
  }

  std::vector<Pick> solve(const Points& centres, const Points& hosp, const std::vector<std::uint32_t>& hsel,
                          const std::vector<std::uint32_t>& cents, gis::Progress& progress) const {
    const auto& fr = surface.friction;
    gis::CostSources src;
    for (auto k : hsel)
      if (auto c = gis::cell_containing(fr.grid, hosp.x[k], hosp.y[k]))
        src.add(c->first, c->second, static_cast<std::int32_t>(k));
    std::vector<Pick> out(cents.size());
    if (src.size() == 0) {
      for (auto& p : out) p.no_time = "no hospital on the surface";
      return out;
    }
    const auto res = gis::cost_distance(fr, src, {}, progress);
    for (std::size_t j = 0; j < cents.size(); ++j) {
      const auto i = cents[j];
      const auto c = gis::cell_containing(fr.grid, centres.x[i], centres.y[i]);
      const std::size_t cell = c ? static_cast<std::size_t>(c->first) * static_cast<std::size_t>(fr.grid.width) +
                                       static_cast<std::size_t>(c->second)
                                 : 0;
      const double t = c ? res.time_s.values[cell] : kNaN;
      if (!c || !std::isfinite(t) || res.facility[cell] < 0) {
        out[j].no_time = "unreachable cell (barriers or impassable land)";
        continue;
      }
      out[j].hospital = static_cast<std::uint32_t>(res.facility[cell]);
      out[j].time_s = t;
      out[j].distance_m = straight_m(centres, i, hosp, out[j].hospital);
    }
    return out;
  }
};

std::string list_ids(const std::vector<std::string>& ids, std::size_t max = 20) {
  std::string s;
  for (std::size_t i = 0; i < ids.size() && i < max; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > max) s += ", ... (" + std::to_string(ids.size() - max) + " more)";
  return s;
}

}  // namespace

std::string referral_layer_name(AccessMode mode) { return std::string("referral_") + to_string(mode); }

ReferralSummary summarise_referral(const std::vector<ReferralRow>& rows) {
  ReferralSummary s;
  s.centres = rows.size();
  std::vector<double> mins;
  for (const auto& r : rows) {
    if (r.hospital == ReferralRow::kNone || !std::isfinite(r.time_s)) continue;
    const double m = r.time_s / 60.0;
    mins.push_back(m);
    if (!(m <= s.longest_min)) s.longest_min = m, s.longest_centre = r.centre;
    s.beyond_60 += m > 60;
    s.beyond_120 += m > 120;
  }
  s.with_time = mins.size();
  if (!mins.empty()) {
    std::sort(mins.begin(), mins.end());
    const std::size_t n = mins.size();
    s.median_min = n % 2 ? mins[n / 2] : (mins[n / 2 - 1] + mins[n / 2]) / 2;
  }
  return s;
}

ReferralResult compute_referral(const Project& project, const ReferralRequest& rq, gis::Progress& progress) {
  ReferralResult out;
  out.request = rq;
  progress.report(0.0, "loading layers");
  out.facilities = project.read(names::kFacilities);
  const VectorLayer communes = project.read(names::kCommunes);
  const auto& F = out.facilities;
  const std::string metric = gis::metric_crs_for(communes.extent());
  const auto analysis = analysis_settings(project);
  out.line_speed_kmh = service_settings(project, Service::ReferralHospital).line_speed_kmh;

  // Centres (of the province) and hospitals, in facilities order.
  const auto& sv = F.column("service");
  const int pc_i = F.find("adm3_pcode");
  std::vector<std::uint32_t> centre_rows, hospital_rows;
  for (std::size_t r = 0; r < F.size(); ++r) {
    const std::string s = sv.text(r);
    if (s == service_id(Service::ReferralHospital)) hospital_rows.push_back(static_cast<std::uint32_t>(r));
    if (s != service_id(Service::HealthCentre)) continue;
    if (!rq.province.empty()) {
      const std::string pc = pc_i >= 0 ? F.columns[static_cast<std::size_t>(pc_i)].text(r) : std::string();
      if (pc.rfind(rq.province, 0) != 0) continue;
    }
    centre_rows.push_back(static_cast<std::uint32_t>(r));
  }
  if (centre_rows.empty())
    throw gis::UsageError(rq.province.empty() ? std::string("the project has no health_centre facilities")
                                              : "no health_centre in province " + rq.province +
                                                    " (give a province pcode such as KH01; centres are matched by "
                                                    "the first characters of their adm3_pcode)");
  if (hospital_rows.empty())
    throw gis::UsageError("the project has no referral_hospital facilities to refer to");

  Points all;
  all.lon.resize(F.size()), all.lat.resize(F.size());
  for (std::size_t r = 0; r < F.size(); ++r) {
    auto xy = F.geom.first_xy(r);
    if (!xy) throw gis::InputError({F.source, F.name, F.fids[r], "geometry"}, "facility has no location");
    all.lon[r] = xy->first, all.lat[r] = xy->second;
  }
  all.x = all.lon, all.y = all.lat;
  gis::Transformer(F.crs, metric).transform(all.x, all.y);
  Points centres, hosp;
  all.subset(centre_rows, centres);
  all.subset(hospital_rows, hosp);

  // Groups: every centre goes with the hospitals of its assigned_by value.
  std::map<std::string, std::vector<std::uint32_t>> group_hosp;  // value -> hospital positions
  std::map<std::string, std::vector<std::uint32_t>> group_cent;  // value -> centre positions
  out.rows.resize(centre_rows.size());
  for (std::size_t j = 0; j < centre_rows.size(); ++j) out.rows[j].centre = centre_rows[j];
  const int id_i = F.find("facility_id");
  auto fid = [&](std::uint32_t r) {
    return id_i >= 0 ? F.columns[static_cast<std::size_t>(id_i)].text(r) : std::to_string(F.fids[r]);
  };
  std::vector<std::string> no_value, no_hospital;
  if (rq.assigned_by.empty()) {
    for (std::uint32_t k = 0; k < hospital_rows.size(); ++k) group_hosp[""].push_back(k);
    for (std::uint32_t j = 0; j < centre_rows.size(); ++j) group_cent[""].push_back(j);
  } else {
    const auto v = field_values(F, rq.assigned_by);
    bool any_h = false, any_c = false;
    for (std::uint32_t k = 0; k < hospital_rows.size(); ++k)
      if (v[hospital_rows[k]]) group_hosp[*v[hospital_rows[k]]].push_back(k), any_h = true;
    for (std::uint32_t j = 0; j < centre_rows.size(); ++j) any_c |= v[centre_rows[j]].has_value();
    if (!any_h || !any_c)
      throw gis::InputError({F.source, F.name, std::nullopt, rq.assigned_by},
                            "--assigned-by " + rq.assigned_by + ": no " +
                                (any_h ? "health centre" : "referral hospital") +
                                " has a value in this field (a facilities column or an imported attribute)");
    for (std::uint32_t j = 0; j < centre_rows.size(); ++j) {
      auto& row = out.rows[j];
      const auto& val = v[centre_rows[j]];
      if (!val) {
        row.note = "no " + rq.assigned_by + " value";
        no_value.push_back(fid(row.centre));
        continue;
      }
      row.group = *val;
      if (!group_hosp.count(*val)) {
        row.note = "no referral hospital with " + rq.assigned_by + " = " + *val;
        no_hospital.push_back(fid(row.centre) + " (" + *val + ")");
        continue;
      }
      group_cent[*val].push_back(j);
    }
  }

  std::optional<NetworkSearch> net;
  std::optional<RasterSearch> ras;
  std::optional<gis::FacilityIndex> all_index;
  if (rq.mode == AccessMode::Network) {
    if (!project.has(names::kRoads))
      throw gis::InputError({project.path(), names::kRoads, std::nullopt, "geometry"},
                            "network mode needs a roads layer: import one with --roads");
    net.emplace(gis::reproject(project.read(names::kRoads), metric), analysis, centres, hosp, progress);
    if (net->graph.report.component_count > 1)
      out.notes.push_back("the road network has " + std::to_string(net->graph.report.component_count) +
                          " disconnected parts");
  } else if (rq.mode == AccessMode::Raster) {
    ras.emplace(project, communes, metric, analysis, centres, hosp, out.notes, progress);
  } else {
    out.notes.push_back("line: straight distance at " + std::to_string(out.line_speed_kmh).substr(0, 4) +
                        " km/h (the referral_hospital line_speed_kmh setting)");
  }

  std::vector<std::string> unreachable;
  std::size_t done = 0, walked = 0;
  for (const auto& [value, cents] : group_cent) {
    progress.report(static_cast<double>(done) / static_cast<double>(centre_rows.size()), "referral " + value);
    const auto& hsel = group_hosp.at(value);
    std::vector<Pick> picks;
    if (net) {
      picks = net->solve(hsel, cents, progress);
    } else if (ras) {
      picks = ras->solve(centres, hosp, hsel, cents, progress);
    } else {
      Points keep;
      gis::FacilityIndex index(hosp.subset(hsel, keep), {}, hsel);
      Points ck;
      auto nt = gis::nearest_facility(centres.subset(cents, ck), index, progress);
      picks.resize(cents.size());
      for (std::size_t j = 0; j < cents.size(); ++j) {
        picks[j].hospital = nt.facility[j];
        picks[j].distance_m = nt.distance_m[j];
        picks[j].time_s = nt.distance_m[j] / (out.line_speed_kmh / 3.6);
      }
    }
    for (std::size_t j = 0; j < cents.size(); ++j) {
      auto& row = out.rows[cents[j]];
      const auto& p = picks[j];
      if (p.hospital == kNoId) {
        row.note = "no " + std::string(to_string(rq.mode)) + " route (" + p.no_time + ")";
        unreachable.push_back(fid(row.centre) + " (" + p.no_time + ")");
        continue;
      }
      row.hospital = hospital_rows[p.hospital];
      row.time_s = p.time_s;
      row.distance_m = p.distance_m;
      row.walked_direct = p.walked;
      walked += p.walked;
    }
    done += cents.size();
  }
  if (walked)
    out.notes.push_back(std::to_string(walked) +
                        " health centre(s) reach their hospital fastest by walking straight to it (no road)");
  if (!no_value.empty())
    out.notes.push_back(std::to_string(no_value.size()) + " health centre(s) without a " + rq.assigned_by +
                        " value get no hospital: " + list_ids(no_value));
  if (!no_hospital.empty())
    out.notes.push_back(std::to_string(no_hospital.size()) + " health centre(s) whose " + rq.assigned_by +
                        " has no referral hospital get none: " + list_ids(no_hospital));
  if (!unreachable.empty())
    out.notes.push_back(std::to_string(unreachable.size()) + " health centre(s) have no " + to_string(rq.mode) +
                        " route to " + (rq.assigned_by.empty() ? "any referral hospital" : "their group's hospital") +
                        ": " + list_ids(unreachable));
  out.summary = summarise_referral(out.rows);
  progress.report(1.0, "referral done");
  return out;
}

namespace {

VectorLayer referral_layer(const ReferralResult& r, bool lines) {
  const auto& F = r.facilities;
  VectorLayer t;
  t.name = referral_layer_name(r.request.mode) + (lines ? "" : "_centres");
  t.crs = "EPSG:4326";
  t.geom.kind = lines ? gis::GeometryKind::Line : gis::GeometryKind::None;
  const int id_i = F.find("facility_id"), nm_i = F.find("name"), pc_i = F.find("adm3_pcode");
  auto text = [&](int i, std::uint32_t row) {
    return i >= 0 ? F.columns[static_cast<std::size_t>(i)].text(row) : std::string();
  };
  gis::Column cid("centre_id", gis::FieldType::String), cnm("centre_name", gis::FieldType::String),
      cpc("adm3_pcode", gis::FieldType::String), grp("group", gis::FieldType::String),
      hid("hospital_id", gis::FieldType::String), hnm("hospital_name", gis::FieldType::String),
      tmin("time_min", gis::FieldType::Real), dkm("distance_km", gis::FieldType::Real),
      ts("time_s", gis::FieldType::Real), dm("distance_m", gis::FieldType::Real),
      walk("walked_direct", gis::FieldType::Integer), note("note", gis::FieldType::String);
  for (const auto& row : r.rows) {
    const bool has = row.hospital != ReferralRow::kNone;
    if (lines && !has) continue;
    if (lines) {
      const double xs[2] = {r.facilities.geom.first_xy(row.centre)->first, F.geom.first_xy(row.hospital)->first};
      const double ys[2] = {F.geom.first_xy(row.centre)->second, F.geom.first_xy(row.hospital)->second};
      t.geom.begin_feature();
      t.geom.begin_part();
      t.geom.add_ring(xs, ys, 2);
      t.geom.end_feature();
    }
    t.fids.push_back(static_cast<std::int64_t>(t.fids.size() + 1));
    cid.push(text(id_i, row.centre));
    cnm.push(text(nm_i, row.centre));
    cpc.push(text(pc_i, row.centre));
    row.group.empty() ? grp.push_null() : grp.push(row.group);
    has ? hid.push(text(id_i, row.hospital)) : hid.push_null();
    has ? hnm.push(text(nm_i, row.hospital)) : hnm.push_null();
    const bool t_ok = has && std::isfinite(row.time_s), d_ok = has && std::isfinite(row.distance_m);
    t_ok ? tmin.push(std::round(row.time_s / 6.0) / 10.0) : tmin.push_null();
    d_ok ? dkm.push(std::round(row.distance_m / 10.0) / 100.0) : dkm.push_null();
    t_ok ? ts.push(row.time_s) : ts.push_null();
    d_ok ? dm.push(row.distance_m) : dm.push_null();
    walk.push(static_cast<std::int64_t>(row.walked_direct));
    row.note.empty() ? note.push_null() : note.push(row.note);
  }
  t.columns = {cid, cnm, cpc, grp, hid, hnm, tmin, dkm, ts, dm, walk};
  if (!lines) t.columns.push_back(note);
  return t;
}

}  // namespace

VectorLayer referral_lines(const ReferralResult& r) { return referral_layer(r, true); }
VectorLayer referral_table(const ReferralResult& r) { return referral_layer(r, false); }

}  // namespace swsplan::layers
