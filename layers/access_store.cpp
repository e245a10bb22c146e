#include "layers/access_store.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "gis/access/graph.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

using gis::kNoId;
using gis::kUnreachable;
using gis::VectorLayer;

namespace {

// FNV-1a, 64 bits: a few lines, deterministic across machines, and all a change detector
// needs (no adversary picks our villages).
class Hash {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 1099511628211ull;
  }
  void u64(std::uint64_t v) { bytes(&v, sizeof v); }
  void num(double v) {
    if (std::isnan(v)) v = NAN;  // one bit pattern for every NaN
    if (v == 0) v = 0;           // and one zero
    bytes(&v, sizeof v);
  }
  void text(const std::string& s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  void nums(const std::vector<double>& v) {
    u64(v.size());
    for (double x : v) num(x);
  }
  template <class T>
  void ints(const std::vector<T>& v) {
    u64(v.size());
    for (auto x : v) u64(static_cast<std::uint64_t>(x));
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  std::uint64_t h_ = 14695981039346656037ull;
};

void hash_layer(Hash& h, const VectorLayer& l) {
  h.text(l.crs);
  const auto& g = l.geom;
  h.nums(g.xs);
  h.nums(g.ys);
  h.ints(g.ring_offsets);
  h.ints(g.part_offsets);
  h.ints(g.feature_offsets);
  for (const auto& c : l.columns) {
    h.text(c.name);
    for (std::size_t i = 0; i < c.size(); ++i) {
      h.u64(c.is_null(i));
      if (!c.is_null(i)) h.text(c.text(i));
    }
  }
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string table_of(Service s) { return std::string("access_") + service_id(s); }

// The stored row of `sid` in swsplan_access, or -1.
long row_of(const VectorLayer& t, const std::string& sid) {
  if (t.find("service") < 0) return -1;
  const auto& c = t.column("service");
  for (std::size_t i = 0; i < t.size(); ++i)
    if (c.text(i) == sid) return static_cast<long>(i);
  return -1;
}

StoredAccess not_used(const std::string& why, bool stored = true) {
  return {std::nullopt, "access: computed now: " + why, stored};
}

}  // namespace

nlohmann::ordered_json AccessFingerprint::to_json() const {
  return {{"settings", settings}, {"villages", villages}, {"facilities", facilities}, {"network", network}};
}

AccessFingerprint AccessFingerprint::from_json(const nlohmann::json& j) {
  AccessFingerprint f;
  auto get = [&](const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
  f.settings = get("settings");
  f.villages = get("villages");
  f.facilities = get("facilities");
  f.network = get("network");
  return f;
}

std::vector<std::string> AccessFingerprint::differences(const AccessFingerprint& o) const {
  std::vector<std::string> d;
  if (settings != o.settings) d.push_back("settings");
  if (villages != o.villages) d.push_back("villages");
  if (facilities != o.facilities) d.push_back("facilities");
  if (network != o.network) d.push_back("roads or water");
  return d;
}

AccessFingerprint access_fingerprint(const AccessInputs& in, const ServiceSettings& s, const AnalysisSettings& a,
                                     const SeasonFriction& season) {
  AccessFingerprint f;
  {
    // Only what the search reads: the coverage and capacity norms, for instance, classify
    // the results afterwards and may change without a new search.
    Hash h;
    h.text(service_id(s.service));
    h.text(to_string(s.mode));
    h.num(s.threshold.value);
    h.u64(s.threshold.is_time);
    h.num(s.line_speed_kmh);
    h.num(s.people_per_facility);
    h.text(s.capacity_field);
    auto aj = a.to_json();
    for (auto it = aj.begin(); it != aj.end();)
      it = it.key().rfind("deprivation_", 0) == 0 || it.key().rfind("child_deprivation_", 0) == 0 ? aj.erase(it)
                                                                                                 : std::next(it);
    h.text(dump(aj));
    h.text(dump(season.to_json()));
    f.settings = h.hex();
  }
  {
    Hash h;
    h.text(in.metric_crs);
    h.nums(in.vx_m);
    h.nums(in.vy_m);
    h.nums(in.households);
    h.nums(in.poor);
    h.ints(in.households_estimated);
    h.ints(in.village_commune);
    h.text(in.basis.label());
    const auto& code = in.villages.column("vil_code");
    for (std::size_t i = 0; i < in.villages.size(); ++i) h.text(code.text(i));
    f.villages = h.hex();
  }
  {
    Hash h;
    const std::string sid = service_id(s.service);
    const auto& id = in.facilities.column("facility_id");
    const int cap = s.capacity_field.empty() ? -1 : in.facilities.find(s.capacity_field);
    for (std::size_t i = 0; i < in.facility_service.size(); ++i) {
      if (in.facility_service[i] != sid) continue;
      h.text(id.text(i));
      h.num(in.fx_m[i]);
      h.num(in.fy_m[i]);
      if (cap >= 0) h.num(in.facilities.columns[static_cast<std::size_t>(cap)].number(i).value_or(NAN));
    }
    f.facilities = h.hex();
  }
  {
    Hash h;
    if (s.mode != AccessMode::Line) {
      h.u64(in.roads_m.has_value());
      if (in.roads_m) hash_layer(h, *in.roads_m);
      h.u64(in.water_m.has_value());
      if (in.water_m) hash_layer(h, *in.water_m);
    }
    f.network = h.hex();
  }
  return f;
}

void stage_access_run(const Project& project, const AccessInputs& in, const ServiceAccess& acc,
                      const AnalysisSettings& a, const SeasonFriction& season, ProjectWriter& w) {
  const std::string sid = service_id(acc.settings.service);
  VectorLayer t;
  t.name = names::kAccessRuns;
  gis::Column service("service", gis::FieldType::String), mode("mode", gis::FieldType::String),
      threshold("threshold", gis::FieldType::String), seas("season", gis::FieldType::String),
      created("created_at", gis::FieldType::String), table("table_name", gis::FieldType::String),
      notes("notes", gis::FieldType::String), fp("fingerprint", gis::FieldType::String);
  std::vector<gis::Column*> cols = {&service, &mode, &threshold, &seas, &created, &table, &notes, &fp};
  if (project.has(names::kAccessRuns)) {
    const auto old = project.read(names::kAccessRuns);
    for (std::size_t i = 0; i < old.size(); ++i) {
      if (static_cast<long>(i) == row_of(old, sid)) continue;
      for (auto* c : cols) {
        const int k = old.find(c->name);
        k < 0 || old.columns[static_cast<std::size_t>(k)].is_null(i)
            ? c->push_null()
            : c->push(old.columns[static_cast<std::size_t>(k)].text(i));
      }
    }
  }
  service.push(sid);
  mode.push(std::string(to_string(acc.settings.mode)));
  threshold.push(acc.settings.threshold.str());
  seas.push(season.name);
  created.push(w.timestamp());
  table.push(table_of(acc.settings.service));
  const std::vector<std::string> search_notes(acc.notes.begin() + static_cast<long>(acc.search_notes_from),
                                              acc.notes.end());
  notes.push(dump(nlohmann::json(search_notes)));
  fp.push(dump(access_fingerprint(in, acc.settings, a, season).to_json()));
  for (std::size_t i = 0; i < service.size(); ++i) {
    t.fids.push_back(static_cast<std::int64_t>(i + 1));
    t.geom.add_empty_feature();
  }
  for (auto* c : cols) t.columns.push_back(std::move(*c));
  w.put(t, t.name);
}

StoredAccess read_stored_access(const Project& project, const AccessInputs& in, const ServiceSettings& s,
                                const AnalysisSettings& a) {
  const std::string sid = service_id(s.service), table = table_of(s.service);
  if (!project.has(names::kAccessRuns) || !project.has(table)) return not_used("no stored run of swsplan access", false);
  const auto runs = project.read(names::kAccessRuns);
  const long r = row_of(runs, sid);
  if (r < 0 || runs.find("fingerprint") < 0) return not_used("no stored run of swsplan access", false);
  const auto at = static_cast<std::size_t>(r);
  const std::string when = runs.find("created_at") >= 0 ? runs.column("created_at").text(at) : "";
  const std::string from = "stored " + table + " of " + when;
  const auto stored = AccessFingerprint::from_json(
      nlohmann::json::parse(runs.column("fingerprint").text(at), nullptr, false));
  const auto changed = stored.differences(access_fingerprint(in, s, a, dry_season()));
  if (!changed.empty()) {
    std::string list;
    for (const auto& c : changed) list += (list.empty() ? "" : ", ") + c;
    return not_used(from + " was made with other " + list);
  }
  const auto t = project.read(table);
  const std::string exact = s.threshold.is_time ? "time_s" : "distance_m";
  const std::size_t nv = in.villages.size();
  if (t.size() != nv || t.find(exact) < 0 || t.find("nearest_facility") < 0 || t.find("capacity_score") < 0 ||
      t.find("vil_code") < 0)
    return not_used(from + " does not line up with the villages");
  const auto& code = t.column("vil_code");
  const auto& vcode = in.villages.column("vil_code");
  std::unordered_map<std::string, std::uint32_t> facility_row;
  const auto& fid = in.facilities.column("facility_id");
  for (std::size_t i = 0; i < in.facility_service.size(); ++i)
    if (in.facility_service[i] == sid && !facility_row.emplace(fid.text(i), static_cast<std::uint32_t>(i)).second)
      return not_used("facility_id " + fid.text(i) + " repeats among the " + sid + " facilities");
  AccessResults res;
  res.cost.assign(nv, kUnreachable);
  res.nearest.assign(nv, kNoId);
  res.capacity_score.assign(nv, NAN);
  const auto& cost = t.column(exact);
  const auto& near = t.column("nearest_facility");
  const auto& cap = t.column("capacity_score");
  for (std::size_t i = 0; i < nv; ++i) {
    if (code.text(i) != vcode.text(i)) return not_used(from + " lists other villages");
    if (auto c = cost.number(i)) res.cost[i] = *c;
    if (!near.is_null(i)) {
      const auto it = facility_row.find(near.text(i));
      if (it == facility_row.end()) return not_used(from + " names facility " + near.text(i) + ", no longer in the project");
      res.nearest[i] = it->second;
    }
    if (auto c = cap.number(i)) res.capacity_score[i] = *c;
  }
  const auto nj = nlohmann::json::parse(runs.find("notes") >= 0 ? runs.column("notes").text(at) : "[]", nullptr, false);
  if (nj.is_array())
    for (const auto& n : nj)
      if (n.is_string()) res.search_notes.push_back(n.get<std::string>());
  StoredAccess out;
  out.stored = true;
  out.access = access_from_results(in, s, a, std::move(res));
  out.note = "access: read from " + from + " (swsplan access, inputs unchanged)";
  return out;
}

}  // namespace swsplan::layers
