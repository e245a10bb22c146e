#include "layers/pwp.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/access.hpp"
#include "layers/access_store.hpp"
#include "layers/importers.hpp"
#include "layers/scenarios.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

using gis::kNoId;
using gis::VectorLayer;

bool is_pwp_scenario(const Project& project, const std::string& scenario) {
  for (const auto& r : list_scenarios(project))
    if (r.name == scenario) return r.model == kPwpModel;
  throw gis::UsageError("no scenario '" + scenario + "' in " + project.path() + " (see `swsplan scenarios`)");
}

namespace {

void set_text(gis::Column& c, std::size_t i, const std::string& v) {
  if (c.type != gis::FieldType::String) {
    // Re-type as text (road_class should be text; be lenient with odd sources).
    gis::Column t(c.name, gis::FieldType::String);
    for (std::size_t k = 0; k < c.size(); ++k) c.is_null(k) ? t.push_null() : t.push(c.text(k));
    c = std::move(t);
  }
  c.strings[i] = v;
  c.nulls[i] = 0;
}

std::string fmt(double v, int prec) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}

struct Acc {
  double hh = 0, poor = 0, hb = 0, ha = 0, pb = 0, pa = 0, hg = 0, hl = 0, pg = 0, pl = 0, vg = 0;
  double tb = 0, wb = 0, ta = 0, wa = 0;  // household-weighted time sums (min) and weights
  void to(PwpGain& g) const {
    g.households = hh, g.poor_households = poor;
    g.households_within_before = hb, g.households_within_after = ha;
    g.poor_within_before = pb, g.poor_within_after = pa;
    g.households_gained = hg, g.households_lost = hl, g.poor_gained = pg, g.poor_lost = pl, g.villages_gained = vg;
    g.mean_time_min_before = wb > 0 ? tb / wb : NAN;
    g.mean_time_min_after = wa > 0 ? ta / wa : NAN;
  }
};

}  // namespace

PwpResult run_pwp(const Project& project, const PwpRequest& rq, gis::Progress& progress) {
  validate_scenario_name(rq.scenario);
  PwpResult R;
  R.request = rq;
  R.costing = costing_settings(project);
  if (rq.threshold && !rq.threshold->is_time)
    throw gis::UsageError("the PWP scenario compares road-network travel times: give a time threshold (e.g. 60min)");
  if (!project.has(names::kRoads))
    throw gis::UsageError("the PWP road scenario recomputes road-network access and needs a roads layer in " +
                          project.path() + " (import one with `swsplan import --roads`; the national import has none)");
  // The works.
  VectorLayer works;
  if (project.has(rq.works)) {
    works = project.read(rq.works);
  } else {
    auto [path, layer] = gis::split_source(rq.works);
    gis::ReadOptions ro;
    ro.layer = layer;
    ro.assume_crs = rq.assume_crs;
    works = gis::read_vector(path, ro);
  }
  if (works.geom.kind != gis::GeometryKind::Line)
    throw gis::UsageError("the road works '" + rq.works + "' must be a line layer, not " + gis::to_string(works.geom.kind));
  if (works.size() == 0) throw gis::UsageError("the road works '" + rq.works + "' hold no feature");

  AccessInputs before = load_access_inputs(project, progress);
  R.metric_crs = before.metric_crs;
  progress.report(0.1, "road works");
  const VectorLayer& roads = *before.roads_m;
  VectorLayer works_m = gis::reproject(works, before.metric_crs);
  const auto work_len = gis::lengths(works_m);
  const auto road_len = gis::lengths(roads);
  const int w_work = works.find("work"), w_cls = works.find("road_class"), w_id = works.find("road_id"),
            w_name = works.find("name");
  const auto& classes = road_classes();
  std::map<std::string, std::size_t> road_row;
  if (roads.find("road_id") >= 0)
    for (std::size_t r = 0; r < roads.size(); ++r) road_row.emplace(roads.column("road_id").text(r), r);

  VectorLayer after_roads = roads;
  if (after_roads.find("road_class") < 0) {
    auto& c = after_roads.add_column("road_class", gis::FieldType::String);
    (void)c;
  }
  std::vector<std::size_t> new_rows;
  std::size_t n_new = 0;
  bool slower_upgrade = false;  // an upgrade that lowers a road's speed (the only way to lose access)
  for (std::size_t i = 0; i < works.size(); ++i) {
    auto text = [&](int c) { return c >= 0 ? works.columns[static_cast<std::size_t>(c)].text(i) : std::string(); };
    PwpWork w;
    w.work = text(w_work);
    if (w.work.empty()) w.work = "new";
    if (w.work != "new" && w.work != "upgrade")
      throw gis::InputError({works.source, works.name, works.fids[i], "work"},
                            "must be 'new' or 'upgrade', not '" + w.work + "'");
    w.road_class = text(w_cls);
    if (w.road_class.empty()) {
      if (w.work == "upgrade")
        throw gis::InputError({works.source, works.name, works.fids[i], "road_class"},
                              "an upgrade needs the class the road is upgraded to");
      w.road_class = "pwp_track";
    }
    if (std::find(classes.begin(), classes.end(), w.road_class) == classes.end()) {
      std::string all;
      for (const auto& c : classes) all += (all.empty() ? "" : ", ") + c;
      throw gis::InputError({works.source, works.name, works.fids[i], "road_class"},
                            "unknown class '" + w.road_class + "'; known: " + all);
    }
    w.name = text(w_name);
    if (w.work == "upgrade") {
      w.road_id = text(w_id);
      auto it = road_row.find(w.road_id);
      if (w.road_id.empty() || it == road_row.end())
        throw gis::InputError({works.source, works.name, works.fids[i], "road_id"},
                              "an upgrade must name the road_id of a segment of the project's roads layer ('" +
                                  w.road_id + "' is not one)");
      const auto r = it->second;
      w.from_class = roads.find("road_class") >= 0 ? roads.column("road_class").text(r) : std::string();
      if (road_speed_kmh(w.road_class) < road_speed_kmh(w.from_class)) slower_upgrade = true;
      if (road_speed_kmh(w.road_class) <= road_speed_kmh(w.from_class))
        R.notes.push_back("upgrade of road " + w.road_id + " from " + w.from_class + " to " + w.road_class +
                          " does not raise its speed (" + fmt(road_speed_kmh(w.from_class), 0) + " -> " +
                          fmt(road_speed_kmh(w.road_class), 0) + " km/h)");
      set_text(after_roads.column("road_class"), r, w.road_class);
      w.length_km = road_len[r] / 1000.0;
      w.work_id = "upgrade_" + w.road_id;
      w.labour_days = w.length_km * R.costing.pwp_labour_days_per_km_upgrade;
      R.km_upgrade += w.length_km;
    } else {
      if (works.geom.empty(i))
        throw gis::InputError({works.source, works.name, works.fids[i], "geometry"}, "a new road needs a line");
      w.length_km = work_len[i] / 1000.0;
      w.work_id = "new_" + std::to_string(++n_new);
      w.labour_days = w.length_km * R.costing.pwp_labour_days_per_km_new;
      R.km_new += w.length_km;
      new_rows.push_back(i);
    }
    w.cost_usd = w.labour_days * R.costing.pwp_usd_per_person_day;
    w.wage_usd = w.labour_days * R.costing.pwp_wage_usd_per_person_day;
    R.labour_days += w.labour_days;
    R.cost_usd += w.cost_usd;
    R.wage_usd += w.wage_usd;
    R.works.push_back(std::move(w));
  }
  if (!new_rows.empty()) {
    // New roads as road features; end points near an existing vertex join it.
    VectorLayer add = gis::select_rows(works_m, new_rows);
    add.columns.clear();
    gis::Column cls("road_class", gis::FieldType::String);
    std::size_t k = 0;
    for (const auto& w : R.works)
      if (w.work == "new") ++k, cls.push(w.road_class);
    (void)k;
    add.columns = {cls};
    // End points near a road join it: onto its vertex when that is the nearest point, else
    // just across the segment (0.5 m overshoot) so that the noder splits both lines there.
    std::size_t joined = 0;
    auto& g = add.geom;
    const auto& rg = roads.geom;
    for (std::size_t r = 0; r + 1 < g.ring_offsets.size(); ++r) {
      const auto a = g.ring_offsets[r], b = g.ring_offsets[r + 1];
      if (b < a + 2) continue;
      for (auto [idx, nb] : {std::pair{a, a + 1}, std::pair{b - 1, b - 2}}) {
        const double ex = g.xs[idx], ey = g.ys[idx];
        double best = kPwpConnectTolerance_m, px = 0, py = 0;
        bool found = false, at_vertex = false;
        for (std::size_t q = 0; q + 1 < rg.ring_offsets.size(); ++q)
          for (auto v = rg.ring_offsets[q]; v + 1 < rg.ring_offsets[q + 1]; ++v) {
            const double x0 = rg.xs[v], y0 = rg.ys[v], dx = rg.xs[v + 1] - x0, dy = rg.ys[v + 1] - y0;
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((ex - x0) * dx + (ey - y0) * dy) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const double qx = x0 + t * dx, qy = y0 + t * dy, d = std::hypot(ex - qx, ey - qy);
            if (d < best || (d == best && found && (t == 0.0 || t == 1.0) && !at_vertex)) {
              best = d, px = qx, py = qy, found = true, at_vertex = t == 0.0 || t == 1.0;
            }
          }
        if (!found || best == 0) continue;
        if (!at_vertex) {
          const double ux = px - g.xs[nb], uy = py - g.ys[nb], n = std::hypot(ux, uy);
          if (n > 0) px += 0.5 * ux / n, py += 0.5 * uy / n;
        }
        g.xs[idx] = px, g.ys[idx] = py;
        ++joined;
      }
    }
    if (joined)
      R.notes.push_back(std::to_string(joined) + " end point(s) of new roads joined to a road within " +
                        fmt(kPwpConnectTolerance_m, 0) + " m");
    add.crs = after_roads.crs;
    add.name = after_roads.name;
    after_roads = gis::concat_layers({after_roads, add}, after_roads.name);
  }
  AccessInputs after = before;
  after.roads_m = std::move(after_roads);

  // Services.
  std::vector<Service> services = rq.services;
  if (services.empty())
    for (auto s : all_services())
      if (service_settings(project, s).enabled) services.push_back(s);
  if (services.empty()) throw gis::UsageError("no service to analyse: pass --services or enable one");
  const auto analysis = analysis_settings(project);
  const std::size_t nv = before.villages.size(), nc = before.communes.size();
  std::vector<char> gained_any(nv, 0);
  const auto& c_pcode = before.communes.column("adm3_pcode");
  const int c_name = before.communes.find("name_en"), c_adm2 = before.communes.find("adm2_pcode");
  auto commune_text = [&](int ci, std::size_t c) {
    return ci >= 0 ? before.communes.columns[static_cast<std::size_t>(ci)].text(c) : std::string();
  };
  gis::Column ct("adm3_pcode", gis::FieldType::String), cn("name", gis::FieldType::String),
       cd("adm2_pcode", gis::FieldType::String), cs("service", gis::FieldType::String),
       cth("threshold", gis::FieldType::String), chh("households", gis::FieldType::Real),
       cpo("poor_households", gis::FieldType::Real), chb("households_within_before", gis::FieldType::Real),
       cha("households_within_after", gis::FieldType::Real), chg("households_gained", gis::FieldType::Real),
       chl("households_lost", gis::FieldType::Real), cpb("poor_within_before", gis::FieldType::Real),
       cpa("poor_within_after", gis::FieldType::Real), cpg("poor_gained", gis::FieldType::Real),
       cpl("poor_lost", gis::FieldType::Real), cvg("villages_gained", gis::FieldType::Integer),
       cmb("mean_time_min_before", gis::FieldType::Real), cma("mean_time_min_after", gis::FieldType::Real);
  gis::Column vt_code("vil_code", gis::FieldType::String), vt_c("adm3_pcode", gis::FieldType::String),
       vt_s("service", gis::FieldType::String), vt_hh("households", gis::FieldType::Real),
       vt_p("poor_hh", gis::FieldType::Real), vt_tb("time_min_before", gis::FieldType::Real),
       vt_ta("time_min_after", gis::FieldType::Real), vt_wb("within_before", gis::FieldType::Integer),
       vt_wa("within_after", gis::FieldType::Integer);
  VectorLayer ctab, vtab;
  const auto& vcode = before.villages.column("vil_code");
  for (std::size_t si = 0; si < services.size(); ++si) {
    ServiceSettings s = service_settings(project, services[si]);
    const std::string sid = service_id(services[si]);
    s.mode = AccessMode::Network;
    if (rq.threshold) {
      s.threshold = *rq.threshold;
    } else if (!s.threshold.is_time) {
      const double secs = s.threshold.value / (s.line_speed_kmh / 3.6);
      R.notes.push_back(sid + ": distance threshold " + s.threshold.str() + " taken as " +
                        fmt(secs / 60.0, 0) + " min at " + fmt(s.line_speed_kmh, 0) + " km/h");
      s.threshold = Threshold{std::round(secs), true};
    }
    const double thr = s.threshold.value;
    auto sub = progress.sub(0.15 + 0.8 * static_cast<double>(si) / static_cast<double>(services.size()),
                            0.15 + 0.8 * static_cast<double>(si + 1) / static_cast<double>(services.size()));
    // Before the works: the stored search of `swsplan access` when it is this very one.
    auto kept = read_stored_access(project, before, s, analysis);
    auto ab = kept.access ? std::move(*kept.access) : compute_access(before, s, analysis, sub);
    if (kept.access) R.notes.push_back(sid + " before the works: " + kept.note.substr(kept.note.find(": ") + 2));
    auto aa = compute_access(after, s, analysis, sub);
    // A village keeps its old connection: with the works, its time is the better of the old
    // network's and the new network's (the new network re-snaps villages and facilities to
    // the nearest road, which may be a new dead end or a slow track; the old route is still
    // there). So a new road never worsens access and no household loses it. Only an
    // "upgrade" to a slower class really removes the old route: then the new time stands.
    if (!slower_upgrade)
      for (std::size_t i = 0; i < nv; ++i)
        if (std::isfinite(ab.cost[i]) && !(aa.cost[i] <= ab.cost[i])) aa.cost[i] = ab.cost[i];
    std::vector<Acc> per(nc);
    Acc tot;
    for (std::size_t i = 0; i < nv; ++i) {
      const double hh = std::isfinite(before.households[i]) && before.households[i] > 0 ? before.households[i] : 0.0;
      const double poor = std::isfinite(before.poor[i]) && before.poor[i] > 0 ? before.poor[i] : 0.0;
      const bool wb = ab.cost[i] <= thr, wa = aa.cost[i] <= thr;
      if (wa && !wb) gained_any[i] = 1;
      const auto c = before.village_commune[i];
      for (Acc* x : {c == kNoId ? nullptr : &per[c], &tot}) {
        if (!x) continue;
        x->hh += hh, x->poor += poor;
        if (wb) x->hb += hh, x->pb += poor;
        if (wa) x->ha += hh, x->pa += poor;
        if (wa && !wb) x->hg += hh, x->pg += poor, x->vg += 1;
        if (wb && !wa) x->hl += hh, x->pl += poor;
        if (std::isfinite(ab.cost[i])) x->tb += hh * ab.cost[i] / 60.0, x->wb += hh;
        if (std::isfinite(aa.cost[i])) x->ta += hh * aa.cost[i] / 60.0, x->wa += hh;
      }
      vtab.fids.push_back(static_cast<std::int64_t>(vtab.fids.size() + 1));
      vtab.geom.add_empty_feature();
      vt_code.push(vcode.text(i));
      vt_c.push(before.villages.column("adm3_pcode").text(i));
      vt_s.push(sid);
      std::isfinite(before.households[i]) ? vt_hh.push(before.households[i]) : vt_hh.push_null();
      std::isfinite(before.poor[i]) ? vt_p.push(before.poor[i]) : vt_p.push_null();
      std::isfinite(ab.cost[i]) ? vt_tb.push(std::round(ab.cost[i] / 60.0 * 1000) / 1000) : vt_tb.push_null();
      std::isfinite(aa.cost[i]) ? vt_ta.push(std::round(aa.cost[i] / 60.0 * 1000) / 1000) : vt_ta.push_null();
      vt_wb.push(static_cast<std::int64_t>(wb));
      vt_wa.push(static_cast<std::int64_t>(wa));
    }
    PwpGain total;
    total.service = sid;
    total.threshold = s.threshold.str();
    tot.to(total);
    if (total.households_lost > 0)
      R.notes.push_back(sid + ": " + fmt(total.households_lost, 0) +
                        " households lose access: an upgrade lowers a road's speed");
    R.services.push_back(total);
    for (std::size_t c = 0; c < nc; ++c) {
      PwpCommuneGain g;
      g.adm3_pcode = c_pcode.text(c);
      g.name = commune_text(c_name, c);
      g.adm2_pcode = c_adm2 >= 0 ? commune_text(c_adm2, c) : g.adm3_pcode.substr(0, 6);
      g.gain.service = sid;
      g.gain.threshold = total.threshold;
      per[c].to(g.gain);
      ctab.fids.push_back(static_cast<std::int64_t>(ctab.fids.size() + 1));
      ctab.geom.add_empty_feature();
      ct.push(g.adm3_pcode), cn.push(g.name), cd.push(g.adm2_pcode), cs.push(sid), cth.push(total.threshold);
      const auto& x = g.gain;
      chh.push(x.households), cpo.push(x.poor_households), chb.push(x.households_within_before),
          cha.push(x.households_within_after), chg.push(x.households_gained), chl.push(x.households_lost),
          cpb.push(x.poor_within_before), cpa.push(x.poor_within_after), cpg.push(x.poor_gained),
          cpl.push(x.poor_lost), cvg.push(static_cast<std::int64_t>(x.villages_gained));
      std::isfinite(x.mean_time_min_before) ? cmb.push(x.mean_time_min_before) : cmb.push_null();
      std::isfinite(x.mean_time_min_after) ? cma.push(x.mean_time_min_after) : cma.push_null();
      R.communes.push_back(std::move(g));
    }
    for (const auto& n : aa.notes) R.notes.push_back(sid + " (with works): " + n);
  }
  for (std::size_t i = 0; i < nv; ++i)
    if (gained_any[i]) {
      R.households_gained_any +=
          std::isfinite(before.households[i]) && before.households[i] > 0 ? before.households[i] : 0.0;
      R.poor_gained_any += std::isfinite(before.poor[i]) && before.poor[i] > 0 ? before.poor[i] : 0.0;
    }
  ctab.name = pwp_layer(rq.scenario, "communes");
  ctab.columns = {ct, cn, cd, cs, cth, chh, cpo, chb, cha, chg, chl, cpb, cpa, cpg, cpl, cvg, cmb, cma};
  vtab.name = pwp_layer(rq.scenario, "villages");
  vtab.columns = {vt_code, vt_c, vt_s, vt_hh, vt_p, vt_tb, vt_ta, vt_wb, vt_wa};
  R.communes_table = std::move(ctab);
  R.villages_table = std::move(vtab);
  if (auto g = pwp_gain_layer(before.communes, R); g.size() > 0) R.gain_layer = std::move(g);

  // Works layer (EPSG:4326): new roads as drawn, upgrades with their road's geometry.
  {
    VectorLayer L;
    L.name = pwp_layer(rq.scenario, "works");
    L.crs = before.metric_crs;
    L.geom.kind = gis::GeometryKind::Line;
    gis::Column a("work_id", gis::FieldType::String), b("work", gis::FieldType::String),
         c("road_class", gis::FieldType::String), d("from_class", gis::FieldType::String),
         e("road_id", gis::FieldType::String), f("name", gis::FieldType::String),
         h("length_km", gis::FieldType::Real), k("labour_days", gis::FieldType::Real),
         m("cost_usd", gis::FieldType::Real), n("wage_usd", gis::FieldType::Real);
    auto copy_geom = [&](const gis::Geometries& src, std::size_t f0) {
      for (auto p = src.feature_offsets[f0]; p < src.feature_offsets[f0 + 1]; ++p) {
        L.geom.begin_part();
        for (auto r = src.part_offsets[p]; r < src.part_offsets[p + 1]; ++r)
          L.geom.add_ring(&src.xs[src.ring_offsets[r]], &src.ys[src.ring_offsets[r]],
                          src.ring_offsets[r + 1] - src.ring_offsets[r]);
      }
      L.geom.end_feature();
    };
    std::size_t wi = 0;
    for (std::size_t i = 0; i < works.size(); ++i, ++wi) {
      const auto& w = R.works[wi];
      L.fids.push_back(static_cast<std::int64_t>(wi + 1));
      if (w.work == "upgrade")
        copy_geom(roads.geom, road_row.at(w.road_id));
      else
        copy_geom(works_m.geom, i);
      a.push(w.work_id), b.push(w.work), c.push(w.road_class);
      w.from_class.empty() ? d.push_null() : d.push(w.from_class);
      w.road_id.empty() ? e.push_null() : e.push(w.road_id);
      w.name.empty() ? f.push_null() : f.push(w.name);
      h.push(w.length_km), k.push(w.labour_days), m.push(w.cost_usd), n.push(w.wage_usd);
    }
    L.columns = {a, b, c, d, e, f, h, k, m, n};
    R.works_layer = gis::reproject(L, kStorageCrs);
  }
  progress.report(1.0, "done");
  return R;
}

nlohmann::ordered_json PwpResult::summary_json() const {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  nlohmann::ordered_json j;
  j["scenario"] = request.scenario;
  j["kind"] = kPwpModel;
  j["works_source"] = request.works;
  j["km_new"] = km_new;
  j["km_upgrade"] = km_upgrade;
  j["labour_days"] = labour_days;
  j["cost_usd"] = cost_usd;
  j["wage_usd"] = wage_usd;
  j["usd_per_person_day"] = costing.pwp_usd_per_person_day;
  j["wage_usd_per_person_day"] = costing.pwp_wage_usd_per_person_day;
  j["households_gained_any"] = households_gained_any;
  j["poor_gained_any"] = poor_gained_any;
  auto& ws = j["works"] = nlohmann::ordered_json::array();
  for (const auto& w : works)
    ws.push_back({{"work_id", w.work_id},
                  {"work", w.work},
                  {"road_class", w.road_class},
                  {"from_class", w.from_class},
                  {"road_id", w.road_id},
                  {"name", w.name},
                  {"length_km", w.length_km},
                  {"labour_days", w.labour_days},
                  {"cost_usd", w.cost_usd},
                  {"wage_usd", w.wage_usd}});
  auto& ss = j["services"] = nlohmann::ordered_json::array();
  for (const auto& s : services)
    ss.push_back({{"service", s.service},
                  {"threshold", s.threshold},
                  {"households", s.households},
                  {"poor_households", s.poor_households},
                  {"households_within_before", s.households_within_before},
                  {"households_within_after", s.households_within_after},
                  {"households_gained", s.households_gained},
                  {"households_lost", s.households_lost},
                  {"poor_within_before", s.poor_within_before},
                  {"poor_within_after", s.poor_within_after},
                  {"poor_gained", s.poor_gained},
                  {"poor_lost", s.poor_lost},
                  {"villages_gained", s.villages_gained},
                  {"mean_time_min_before", num(s.mean_time_min_before)},
                  {"mean_time_min_after", num(s.mean_time_min_after)}});
  j["notes"] = notes;
  return j;
}

std::string PwpResult::to_text() const {
  std::ostringstream o;
  o << "PWP road scenario " << request.scenario << ": " << works.size() << " work(s), " << fmt(km_new, 2)
    << " km new, " << fmt(km_upgrade, 2) << " km upgraded\n";
  o << "  labour: " << fmt(labour_days, 0) << " person-days x " << fmt(costing.pwp_usd_per_person_day, 2)
    << " USD = " << fmt(cost_usd, 0) << " USD (wages " << fmt(wage_usd, 0) << " USD)\n";
  o << "  " << std::left << std::setw(24) << "service" << std::setw(9) << "within" << std::right << std::setw(12)
    << "hh before" << std::setw(12) << "hh after" << std::setw(11) << "hh gained" << std::setw(12) << "poor gained"
    << std::setw(10) << "min bef." << std::setw(10) << "min aft." << "\n";
  for (const auto& s : services)
    o << "  " << std::left << std::setw(24) << s.service << std::setw(9) << s.threshold << std::right << std::setw(12)
      << fmt(s.households_within_before, 0) << std::setw(12) << fmt(s.households_within_after, 0) << std::setw(11)
      << fmt(s.households_gained, 0) << std::setw(12) << fmt(s.poor_gained, 0) << std::setw(10)
      << fmt(s.mean_time_min_before, 1) << std::setw(10) << fmt(s.mean_time_min_after, 1) << "\n";
  o << "  poor households gaining access to at least one service: " << fmt(poor_gained_any, 0) << " (households "
    << fmt(households_gained_any, 0) << ")\n";
  for (const auto& n : notes) o << "  note: " << n << "\n";
  return o.str();
}

PwpResult load_pwp(const Project& project, const std::string& scenario) {
  if (!is_pwp_scenario(project, scenario))
    throw gis::UsageError("scenario '" + scenario + "' is a siting scenario, not a PWP road scenario");
  PwpResult R;
  R.request.scenario = scenario;
  nlohmann::json st;
  for (const auto& row : list_scenarios(project))
    if (row.name == scenario) st = row.settings;
  auto num = [&](const char* k) { return st.is_object() && st.contains(k) && st[k].is_number() ? st[k].get<double>() : NAN; };
  auto text = [&](const char* k) {
    return st.is_object() && st.contains(k) && st[k].is_string() ? st[k].get<std::string>() : std::string();
  };
  R.request.works = text("works_source");
  R.metric_crs = text("metric_crs");
  R.km_new = num("km_new"), R.km_upgrade = num("km_upgrade"), R.labour_days = num("labour_days");
  R.cost_usd = num("cost_usd"), R.wage_usd = num("wage_usd");
  R.households_gained_any = num("households_gained_any"), R.poor_gained_any = num("poor_gained_any");
  R.costing = costing_settings(project);
  if (std::isfinite(num("usd_per_person_day"))) R.costing.pwp_usd_per_person_day = num("usd_per_person_day");
  if (std::isfinite(num("wage_usd_per_person_day")))
    R.costing.pwp_wage_usd_per_person_day = num("wage_usd_per_person_day");
  if (st.is_object() && st.contains("notes") && st["notes"].is_array())
    for (const auto& n : st["notes"])
      if (n.is_string()) R.notes.push_back(n.get<std::string>());
  R.works_layer = project.read(pwp_layer(scenario, "works"));
  R.communes_table = project.read(pwp_layer(scenario, "communes"));
  R.villages_table = project.read(pwp_layer(scenario, "villages"));
  const auto& W = R.works_layer;
  for (std::size_t i = 0; i < W.size(); ++i) {
    PwpWork w;
    w.work_id = W.column("work_id").text(i);
    w.work = W.column("work").text(i);
    w.road_class = W.column("road_class").text(i);
    w.from_class = W.column("from_class").text(i);
    w.road_id = W.column("road_id").text(i);
    w.name = W.column("name").text(i);
    w.length_km = W.column("length_km").number(i).value_or(NAN);
    w.labour_days = W.column("labour_days").number(i).value_or(NAN);
    w.cost_usd = W.column("cost_usd").number(i).value_or(NAN);
    w.wage_usd = W.column("wage_usd").number(i).value_or(NAN);
    R.works.push_back(std::move(w));
  }
  auto gain_of = [](const nlohmann::json& j, PwpGain& g) {
    auto n = [&](const char* k) { return j.contains(k) && j[k].is_number() ? j[k].get<double>() : NAN; };
    g.service = j.value("service", std::string());
    g.threshold = j.value("threshold", std::string());
    g.households = n("households"), g.poor_households = n("poor_households");
    g.households_within_before = n("households_within_before"), g.households_within_after = n("households_within_after");
    g.households_gained = n("households_gained"), g.households_lost = n("households_lost");
    g.poor_within_before = n("poor_within_before"), g.poor_within_after = n("poor_within_after");
    g.poor_gained = n("poor_gained"), g.poor_lost = n("poor_lost"), g.villages_gained = n("villages_gained");
    g.mean_time_min_before = n("mean_time_min_before"), g.mean_time_min_after = n("mean_time_min_after");
  };
  if (st.is_object() && st.contains("services") && st["services"].is_array())
    for (const auto& j : st["services"]) {
      PwpGain g;
      gain_of(j, g);
      R.services.push_back(g);
    }
  const auto& C = R.communes_table;
  auto cnum = [&](const char* f, std::size_t i) { return C.column(f).number(i).value_or(NAN); };
  for (std::size_t i = 0; i < C.size(); ++i) {
    PwpCommuneGain c;
    c.adm3_pcode = C.column("adm3_pcode").text(i);
    c.name = C.column("name").text(i);
    c.adm2_pcode = C.column("adm2_pcode").text(i);
    auto& g = c.gain;
    g.service = C.column("service").text(i);
    g.threshold = C.column("threshold").text(i);
    g.households = cnum("households", i), g.poor_households = cnum("poor_households", i);
    g.households_within_before = cnum("households_within_before", i);
    g.households_within_after = cnum("households_within_after", i);
    g.households_gained = cnum("households_gained", i), g.households_lost = cnum("households_lost", i);
    g.poor_within_before = cnum("poor_within_before", i), g.poor_within_after = cnum("poor_within_after", i);
    g.poor_gained = cnum("poor_gained", i), g.poor_lost = cnum("poor_lost", i);
    g.villages_gained = cnum("villages_gained", i);
    g.mean_time_min_before = cnum("mean_time_min_before", i), g.mean_time_min_after = cnum("mean_time_min_after", i);
    R.communes.push_back(std::move(c));
  }
  return R;
}

void stage_pwp(const Project& project, const PwpResult& r, ProjectWriter& w, bool replace) {
  const auto& name = r.request.scenario;
  const auto rows = begin_scenario_store(project, name, w, replace);
  w.put(r.works_layer, r.works_layer.name);
  w.put(r.communes_table, r.communes_table.name);
  w.put(r.villages_table, r.villages_table.name);
  if (!r.gain_layer.name.empty()) w.put(r.gain_layer, r.gain_layer.name);

  auto out = scenarios_table_keeping(rows);
  auto settings = r.summary_json();
  settings.erase("works");  // in the works layer
  settings["metric_crs"] = r.metric_crs;
  ScenarioEntry e;
  e.name = name;
  e.model = kPwpModel;
  e.p = 0;
  e.threshold = r.request.threshold ? r.request.threshold->str() : std::string("per service");
  e.demand = "households";
  e.objective = finite_or_null(r.poor_gained_any);
  if (!r.services.empty()) {
    e.covered_poor_before = finite_or_null(r.services[0].poor_within_before);
    e.covered_poor_after = finite_or_null(r.services[0].poor_within_after);
  }
  e.created_at = w.timestamp().empty() ? utc_now_iso() : w.timestamp();
  e.settings = settings.dump();
  append_scenario_row(out, e);
  w.put(out, kScenariosTable);
  Provenance prov;
  prov.layer = r.works_layer.name;
  prov.source = "swsplan pwp";
  prov.source_layer = r.request.works;
  prov.rows = r.works.size();
  prov.notes = "PWP scenario " + name;
  w.add_provenance(prov);
}

PwpResult run_and_store_pwp(const std::string& project_path, const PwpRequest& rq, bool replace,
                            gis::Progress& progress, const std::string& replace_hint) {
  StoreOptions so;
  so.verb = "pwp";
  so.scenario = rq.scenario;
  so.replace = replace;
  so.replace_hint = replace_hint;
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto r = run_pwp(project, rq, progress);
    stage_pwp(project, r, w, replace);
    return r;
  });
}

}  // namespace swsplan::layers
