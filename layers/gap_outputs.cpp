// The stored outputs of a gap analysis: gap_communes, gap_classes, the summaries by admin
// level and district_priority (their QGIS styles come from the renderer: layers/qgis_styles).
#include "layers/gap.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "gis/core/error.hpp"
#include "layers/codes.hpp"
#include "layers/detail/gap_util.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::kNoId;
using gis::VectorLayer;
using detail::push_num;

GapOutputs gap_outputs(const Project& p, const AccessInputs& in, const std::vector<ServiceAccess>& acc,
                       const std::vector<std::vector<GapRow>>& rows, const Deprivation& dep,
                       const DistrictPriority& prio) {
  GapOutputs out;
  const std::size_t nc = in.communes.size();
  // --- gap_communes: polygons with one block of columns per service
  VectorLayer& gc = out.gap_communes;
  gc.name = "gap_communes";
  gc.crs = in.communes.crs;
  gc.fids = in.communes.fids;
  gc.geom = in.communes.geom;
  for (const char* f : {"adm3_pcode", "name_en", "adm2_pcode", "adm1_pcode"})
    if (in.communes.find(f) >= 0) gc.columns.push_back(in.communes.column(f));
  Column dr("deprivation_0_1", FieldType::Real), dh("deprived", FieldType::Integer),
         df("deprivation_flag", FieldType::String);
  for (std::size_t c = 0; c < nc; ++c) {
    push_num(dr, dep.rate_0_1[c]);
    std::isfinite(dep.rate_0_1[c]) ? dh.push(static_cast<std::int64_t>(dep.is_deprived(dep.rate_0_1[c]))) : dh.push_null();
    dep.flag[c].empty() ? df.push_null() : df.push(dep.flag[c]);
  }
  gc.columns.push_back(std::move(dr));
  gc.columns.push_back(std::move(dh));
  gc.columns.push_back(std::move(df));
  if (dep.child.present) {
    const auto& cd = dep.child;
    Column cn("child_deprivations", FieldType::Real), s0("child_dep_0_0_1", FieldType::Real),
           s1("child_dep_1_0_1", FieldType::Real), s2("child_dep_2plus_0_1", FieldType::Real),
           cf("child_dep_flag", FieldType::String);
    for (std::size_t c = 0; c < nc; ++c) {
      push_num(cn, cd.count[c]);
      push_num(s0, cd.share(c, 0));
      push_num(s1, cd.share(c, 1));
      push_num(s2, cd.share(c, 2));
      cd.flag[c].empty() ? cf.push_null() : cf.push(cd.flag[c]);
    }
    for (Column* x : {&cn, &s0, &s1, &s2, &cf}) gc.columns.push_back(std::move(*x));
    out.child_deprivation = child_deprivation_table(in, cd);
  }
  for (std::size_t s = 0; s < acc.size(); ++s) {
    const std::string sid = service_id(acc[s].settings.service);
    Column cl("class_" + sid, FieldType::String), cv("coverage_" + sid, FieldType::Real),
           cp("capacity_" + sid, FieldType::Real), lv("lever_" + sid, FieldType::String);
    for (std::size_t c = 0; c < nc; ++c) {
      const auto& r = rows[s][c];
      cl.push(std::string(to_string(r.cls)));
      push_num(cv, r.coverage_0_1);
      push_num(cp, r.capacity_ratio);
      lv.push(lever(r.cls, r.service));
    }
    for (Column* x : {&cl, &cv, &cp, &lv}) gc.columns.push_back(std::move(*x));
  }
  // The worst class over the services (unavailable and unaffordable > unavailable >
  // unaffordable > served; a service not classified is left out), and which services have it:
  // one map of where a commune is worst off, whatever the service.
  if (acc.size() > 1) {
    Column cw("class_worst", FieldType::String), ws("worst_services", FieldType::String);
    auto severity = [](GapClass g) {
      switch (g) {
        case GapClass::UnavailableUnaffordable: return 3;
        case GapClass::Unavailable: return 2;
        case GapClass::Unaffordable: return 1;
        case GapClass::Served: return 0;
        case GapClass::NotClassified: break;
      }
      return -1;
    };
    for (std::size_t c = 0; c < nc; ++c) {
      int worst = -1;
      for (std::size_t s = 0; s < acc.size(); ++s) worst = std::max(worst, severity(rows[s][c].cls));
      std::string names;
      for (std::size_t s = 0; s < acc.size() && worst >= 0; ++s)
        if (severity(rows[s][c].cls) == worst) names += (names.empty() ? "" : ",") + std::string(service_id(acc[s].settings.service));
      GapClass shown = GapClass::NotClassified;
      for (std::size_t s = 0; s < acc.size(); ++s)
        if (severity(rows[s][c].cls) == worst && worst >= 0) shown = rows[s][c].cls;
      cw.push(std::string(to_string(shown)));
      names.empty() ? ws.push_null() : ws.push(names);
    }
    gc.columns.push_back(std::move(cw));
    gc.columns.push_back(std::move(ws));
  }
  // --- gap_classes: long table with every number behind every call
  VectorLayer& gl = out.gap_classes;
  gl.name = "gap_classes";
  Column k("adm3_pcode", FieldType::String), sv("service", FieldType::String),
         cls("class", FieldType::String), reason("reason", FieldType::String),
         cov("coverage_0_1", FieldType::Real), cnorm("coverage_norm_0_1", FieldType::Real),
         cap("capacity_ratio", FieldType::Real), capn("capacity_norm", FieldType::Real),
         dep_r("deprivation_0_1", FieldType::Real), dep_t("deprivation_threshold_0_1", FieldType::Real),
         hh("households", FieldType::Real), poor("poor_households", FieldType::Real),
         under("under_used", FieldType::Integer), basis("basis", FieldType::String),
         thr("threshold", FieldType::String), mode("access_mode", FieldType::String),
         lev("lever", FieldType::String), dsrc("demand_source", FieldType::String);
  // Every row names the source and year of its households and poor households.
  const std::string demand_source = in.basis.label();
  std::int64_t fid = 0;
  for (std::size_t s = 0; s < acc.size(); ++s) {
    const auto& st = acc[s].settings;
    for (std::size_t c = 0; c < nc; ++c) {
      const auto& r = rows[s][c];
      gl.fids.push_back(++fid);
      gl.geom.add_empty_feature();
      k.push(r.adm3_pcode);
      sv.push(std::string(service_id(r.service)));
      cls.push(std::string(to_string(r.cls)));
      r.reason.empty() ? reason.push_null() : reason.push("not classified: " + r.reason);
      push_num(cov, r.coverage_0_1);
      cnorm.push(st.coverage_norm_0_1);
      push_num(cap, r.capacity_ratio);
      capn.push(st.capacity_norm);
      push_num(dep_r, r.deprivation_0_1);
      dep_t.push(dep.threshold_0_1);
      push_num(hh, r.households);
      push_num(poor, r.poor_households);
      r.under_used ? under.push(static_cast<std::int64_t>(*r.under_used)) : under.push_null();
      r.basis.empty() ? basis.push_null() : basis.push(r.basis);
      dsrc.push(demand_source);
      thr.push(st.threshold.str());
      mode.push(std::string(to_string(st.mode)));
      lev.push(lever(r.cls, r.service));
    }
  }
  gl.columns = {k, sv, cls, reason, cov, cnorm, cap, capn, dep_r, dep_t, hh, poor, under, basis, thr, mode, lev, dsrc};

  // --- gap_summary: communes and households per class at district, province and nation
  VectorLayer& gs = out.gap_summary;
  gs.name = "gap_summary";
  Column lvl("level", FieldType::String), code("code", FieldType::String),
         ssv("service", FieldType::String), scl("class", FieldType::String),
         ncm("communes", FieldType::Integer), shh("households", FieldType::Real),
         spoor("poor_households", FieldType::Real);
  fid = 0;
  for (std::size_t s = 0; s < acc.size(); ++s) {
    // key (level, code, class) -> sums; households are summed, never averaged
    std::map<std::tuple<int, std::string, std::string>, std::tuple<std::int64_t, double, double>> agg;
    for (std::size_t c = 0; c < nc; ++c) {
      const auto& r = rows[s][c];
      const std::string pc = r.adm3_pcode;
      const std::string keys[3] = {pc.substr(0, 6), pc.substr(0, 4), "KH"};
      for (int l = 0; l < 3; ++l) {
        auto& [n, h, pr] = agg[{l, keys[l], to_string(r.cls)}];
        ++n;
        if (std::isfinite(r.households)) h += r.households;
        if (std::isfinite(r.poor_households)) pr += r.poor_households;
      }
    }
    const char* lname[3] = {"district", "province", "nation"};
    for (const auto& [key, val] : agg) {
      gs.fids.push_back(++fid);
      gs.geom.add_empty_feature();
      lvl.push(std::string(lname[std::get<0>(key)]));
      code.push(std::get<1>(key));
      ssv.push(std::string(service_id(acc[s].settings.service)));
      scl.push(std::get<2>(key));
      ncm.push(std::get<0>(val));
      shh.push(std::get<1>(val));
      spoor.push(std::get<2>(val));
    }
  }
  gs.columns = {lvl, code, ssv, scl, ncm, shh, spoor};

  // --- district_priority
  VectorLayer districts = p.read(names::kDistricts);
  VectorLayer& dp = out.district_priority;
  dp.name = "district_priority";
  dp.crs = districts.crs;
  dp.fids = districts.fids;
  dp.geom = districts.geom;
  Column dpc("adm2_pcode", FieldType::String), dnm("name_en", FieldType::String),
         idx("priority_index", FieldType::Real), rk("rank", FieldType::Integer),
         rmin("rank_min", FieldType::Integer), rmax("rank_max", FieldType::Integer);
  std::vector<Column> comp;
  for (const auto& a : acc) comp.emplace_back(std::string("poor_in_gap_") + service_id(a.settings.service), FieldType::Real);
  for (std::size_t i = 0; i < prio.adm2_pcode.size(); ++i) {
    dpc.push(prio.adm2_pcode[i]);
    dnm.push(prio.name[i]);
    idx.push(prio.index[i]);
    rk.push(static_cast<std::int64_t>(prio.rank[i]));
    rmin.push(static_cast<std::int64_t>(prio.rank_min[i]));
    rmax.push(static_cast<std::int64_t>(prio.rank_max[i]));
    for (std::size_t s = 0; s < comp.size(); ++s) comp[s].push(prio.component[s][i]);
  }
  dp.columns = {dpc, dnm, idx, rk, rmin, rmax};
  for (auto& c : comp) dp.columns.push_back(std::move(c));

  return out;
}

}  // namespace swsplan::layers
