// The stored outputs of a gap analysis: gap_communes, gap_classes, the summaries by admin
// level, district_priority, and their QGIS styles.
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

namespace {

struct ClassColour {
  const char* value;
  const char* label;
  const char* rgb;
};
const ClassColour kClassColours[] = {
    {"served", "Served", "217,217,217"},
    {"unaffordable", "Unaffordable (demand side)", "116,169,207"},
    {"unavailable", "Unavailable (supply side)", "244,165,96"},
    {"unavailable_unaffordable", "Unavailable and unaffordable", "178,24,43"},
    {"not_classified", "Not classified (missing data)", "255,255,255"},
};

std::string fill_symbol(int name, const std::string& rgb) {
  return "<symbol type=\"fill\" name=\"" + std::to_string(name) +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" "
         "locked=\"0\"><Option type=\"Map\"><Option type=\"QString\" name=\"color\" value=\"" +
         rgb +
         ",255\"/><Option type=\"QString\" name=\"outline_color\" value=\"90,90,90,255\"/><Option type=\"QString\" "
         "name=\"outline_width\" value=\"0.1\"/><Option type=\"QString\" name=\"style\" value=\"solid\"/></Option>"
         "</layer></symbol>";
}

std::string class_qml(const std::string& field) {
  std::string cats, syms;
  int i = 0;
  for (const auto& c : kClassColours) {
    cats += "<category render=\"true\" value=\"" + std::string(c.value) + "\" symbol=\"" + std::to_string(i) +
            "\" label=\"" + c.label + "\"/>";
    syms += fill_symbol(i, c.rgb);
    ++i;
  }
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.28.0\" "
         "styleCategories=\"Symbology\"><renderer-v2 type=\"categorizedSymbol\" attr=\"" +
         field + "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>" + cats +
         "</categories><symbols>" + syms + "</symbols></renderer-v2></qgis>";
}

// A graduated renderer over `field`: ranges between consecutive breaks (5 classes), with
// colours light to dark; labels in percent or plain.
std::string graduated_qml(const std::string& field, const std::vector<double>& breaks, const char* const colours[5],
                          bool percent, const char* mode) {
  std::string ranges, syms;
  for (int k = 0; k < 5; ++k) {
    const double lo = breaks[static_cast<std::size_t>(k)], hi = breaks[static_cast<std::size_t>(k) + 1];
    char buf[320];
    if (percent)
      std::snprintf(buf, sizeof buf,
                    "<range render=\"true\" lower=\"%.6f\" upper=\"%.6f\" symbol=\"%d\" label=\"%.0f - %.0f %%\"/>", lo,
                    hi, k, lo * 100, hi * 100);
    else
      std::snprintf(buf, sizeof buf,
                    "<range render=\"true\" lower=\"%.6f\" upper=\"%.6f\" symbol=\"%d\" label=\"%.2f - %.2f\"/>", lo, hi,
                    k, lo, hi);
    ranges += buf;
    syms += fill_symbol(k, colours[k]);
  }
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.28.0\" "
         "styleCategories=\"Symbology\"><renderer-v2 type=\"graduatedSymbol\" attr=\"" +
         field + "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><ranges>" +
         ranges + "</ranges><symbols>" + syms + "</symbols><mode name=\"" + mode + "\"/></renderer-v2></qgis>";
}

std::string deprivation_qml(const std::string& field, const std::vector<double>& values, bool lower_is_worse) {
  // Quantile classes (5) of the deprivation rate, light to dark red (dark = deprived side).
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  const char* reds[] = {"254,229,217", "252,174,145", "251,106,74", "222,45,38", "165,15,21"};
  const char* rev[] = {reds[4], reds[3], reds[2], reds[1], reds[0]};
  std::vector<double> b(6);
  // Outer bounds rounded outwards (the ranges are written with 6 decimals): no value falls outside.
  b[0] = v.empty() ? 0 : std::floor(v.front() * 1e6) / 1e6;
  for (std::size_t k = 1; k < 5; ++k) b[k] = v.empty() ? 0.2 * double(k) : v[std::min(v.size() - 1, (v.size() * k) / 5)];
  b[5] = v.empty() ? 1 : std::ceil(v.back() * 1e6) / 1e6;
  return graduated_qml(field, b, lower_is_worse ? rev : reds, true, "quantile");
}

// District priority index (0-1): equal intervals, light to dark purple.
std::string priority_qml(const std::string& field) {
  const char* purples[] = {"242,240,247", "203,201,226", "158,154,200", "117,107,177", "84,39,143"};
  return graduated_qml(field, {0, 0.2, 0.4, 0.6, 0.8, 1.0}, purples, false, "equal");
}

}  // namespace

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

  // --- QGIS styles: the first service's 2x2 classes (default) and the deprivation choropleth
  VectorLayer& ls = out.layer_styles;
  ls.name = "layer_styles";
  Column tn("f_table_name", FieldType::String), gcn("f_geometry_column", FieldType::String),
         sn("styleName", FieldType::String), qml("styleQML", FieldType::String),
         sld("styleSLD", FieldType::String), def("useAsDefault", FieldType::Integer),
         desc("description", FieldType::String), cat("f_table_catalog", FieldType::String),
         sch("f_table_schema", FieldType::String), owner("owner", FieldType::String),
         ui("ui", FieldType::String), upd("update_time", FieldType::String);
  fid = 0;
  auto add_style = [&](const std::string& table, const std::string& name, const std::string& q, bool is_default,
                       const std::string& d) {
    ls.fids.push_back(++fid);
    ls.geom.add_empty_feature();
    cat.push(std::string());
    sch.push(std::string());
    tn.push(table);
    gcn.push(std::string("geom"));
    sn.push(name);
    qml.push(q);
    sld.push(std::string());
    def.push(static_cast<std::int64_t>(is_default));
    desc.push(d);
    owner.push(std::string("swsplan"));
    ui.push_null();
    upd.push_null();
  };
  for (std::size_t s = 0; s < acc.size(); ++s) {
    const std::string sid = service_id(acc[s].settings.service);
    add_style("gap_communes", "classes " + sid, class_qml("class_" + sid), s == 0,
              std::string("Unavailable vs unaffordable: ") + service_label(acc[s].settings.service));
  }
  add_style("gap_communes", "deprivation", deprivation_qml("deprivation_0_1", dep.rate_0_1, dep.lower_is_worse), acc.empty(),
            "Deprivation rate, quantile classes");
  add_style("district_priority", "priority index", priority_qml("priority_index"), true,
            "District priority index (0-1), equal intervals");
  ls.columns = {cat, sch, tn, gcn, sn, qml, sld, def, desc, owner, ui, upd};
  return out;
}

}  // namespace swsplan::layers
