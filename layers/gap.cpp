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

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::kNoId;
using gis::VectorLayer;

const char* to_string(GapClass c) {
  switch (c) {
    case GapClass::Served: return "served";
    case GapClass::Unaffordable: return "unaffordable";
    case GapClass::Unavailable: return "unavailable";
    case GapClass::UnavailableUnaffordable: return "unavailable_unaffordable";
    case GapClass::NotClassified: return "not_classified";
  }
  return "?";
}

std::string lever(GapClass c, Service s) {
  std::string supply, demand;
  switch (s) {
    case Service::HealthCentre:
    case Service::HealthPost:
    case Service::ReferralHospital:
      supply = "build or upgrade a facility, outreach, or a PWP road to it";
      demand = "Health Equity Fund cover, transport vouchers or cash transfer";
      break;
    case Service::SchoolPrimary:
    case Service::SchoolLowerSecondary:
    case Service::SchoolUpperSecondary:
      supply = "build classrooms or a school, or a PWP road to one";
      demand = "scholarships, school feeding or cash transfer";
      break;
    case Service::TvetCentre:
      supply = "TVET outreach or a new centre";
      demand = "training stipends and transport allowance";
      break;
    case Service::JobCentre:
      supply = "job-centre outreach or a new centre";
      demand = "transport allowance and job-search support";
      break;
    case Service::SwsOffice:
      supply = "a Single Window office or a mobile van circuit";
      demand = "fee waivers and outreach to register the poor";
      break;
  }
  switch (c) {
    case GapClass::Served: return "none needed";
    case GapClass::Unaffordable: return "demand side: " + demand;
    case GapClass::Unavailable: return "supply side: " + supply;
    case GapClass::UnavailableUnaffordable: return "first priority, both: " + supply + "; and " + demand;
    case GapClass::NotClassified: return "collect the missing data";
  }
  return {};
}

// ---------------------------------------------------------------------------------------

Deprivation compute_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a) {
  Deprivation d;
  const std::size_t nc = in.communes.size();
  d.rate_0_1.assign(nc, NAN);
  d.flag.assign(nc, "");
  const std::string& src = a.deprivation_source;
  std::vector<double> raw(nc, NAN);
  if (src == "villages") {
    d.source = "ID-Poor villages: sum of poor households / sum of households (levels 1+2)";
    std::vector<double> num(nc, 0), den(nc, 0);
    for (std::size_t i = 0; i < in.villages.size(); ++i) {
      auto c = in.village_commune[i];
      if (c == kNoId || !std::isfinite(in.households[i]) || !std::isfinite(in.poor[i]) || in.households[i] <= 0) continue;
      num[c] += in.poor[i];
      den[c] += in.households[i];
    }
    for (std::size_t c = 0; c < nc; ++c)
      if (den[c] > 0) raw[c] = num[c] / den[c];
      else d.flag[c] = "no village with both households and poor households";
  } else if (src.rfind("commune:", 0) == 0) {
    d.from_villages = false;
    const std::string field = src.substr(8);
    d.source = "communes field " + field;
    const Column& c = in.communes.column(field);
    for (std::size_t i = 0; i < nc; ++i) {
      if (auto v = c.number(i))
        raw[i] = *v;
      else
        d.flag[i] = "no value of " + field;
    }
  } else if (src.rfind("indicator:", 0) == 0) {
    // indicator:<table>:<numerator>/<denominator> or indicator:<table>:<field>
    auto rest = src.substr(10);
    auto colon = rest.find(':');
    if (colon == std::string::npos)
      throw gis::InputError({p.path(), names::kSettings, std::nullopt, "analysis.deprivation_source"},
                            "expected indicator:<table>:<numerator>/<denominator>");
    std::string table = rest.substr(0, colon), expr = rest.substr(colon + 1);
    d.from_villages = false;
    if (table.rfind(names::kIndicatorPrefix, 0) != 0) table = names::kIndicatorPrefix + table;
    VectorLayer t = p.read(table);
    const auto slash = expr.find('/');
    const Column& key = t.column("adm3_pcode");
    const Column& num = t.column(slash == std::string::npos ? expr : expr.substr(0, slash));
    const Column* den = slash == std::string::npos ? nullptr : &t.column(expr.substr(slash + 1));
    d.source = "table " + table + ": " + expr;
    std::map<std::string, std::size_t> row;
    for (std::size_t i = 0; i < t.size(); ++i) row.emplace(key.text(i), i);
    const Column& cc = in.communes.column("adm3_pcode");
    for (std::size_t c = 0; c < nc; ++c) {
      auto it = row.find(cc.text(c));
      if (it == row.end()) {
        d.flag[c] = "commune not in " + table;
        continue;
      }
      auto n = num.number(it->second);
      auto dv = den ? den->number(it->second) : std::optional<double>(1.0);
      if (!n || !dv || *dv <= 0) {
        d.flag[c] = "no usable value in " + table;
        continue;
      }
      raw[c] = *n / *dv;
    }
  } else {
    throw gis::InputError({p.path(), names::kSettings, std::nullopt, "analysis.deprivation_source"},
                          "'" + src + "' is not villages, commune:<field> or indicator:<table>:<num>/<den>");
  }
  // Percent detection: values up to 100 with a fair share above 1.
  double maxv = 0;
  std::size_t n = 0, above1 = 0;
  for (double v : raw)
    if (std::isfinite(v)) {
      maxv = std::max(maxv, v);
      above1 += v > 1;
      ++n;
    }
  const bool percent = n > 0 && maxv > 1 && maxv <= 100 && above1 * 4 > n;
  if (percent) d.warnings.push_back("deprivation values look like percent (max " + std::to_string(maxv) + "): divided by 100");
  for (std::size_t c = 0; c < nc; ++c) {
    double v = percent ? raw[c] / 100 : raw[c];
    if (!std::isfinite(v)) continue;
    if (v < 0 || v > 1) {
      std::ostringstream os;
      os << "rate " << v << " is outside 0-1 (flagged, not clipped)";
      d.flag[c] = os.str();
      continue;
    }
    d.rate_0_1[c] = v;
  }
  if (a.deprivation_quantile_0_1) {
    std::vector<double> v;
    for (double r : d.rate_0_1)
      if (std::isfinite(r)) v.push_back(r);
    std::sort(v.begin(), v.end());
    if (v.empty()) throw gis::InputError({p.path(), {}, std::nullopt, {}}, "no commune has a deprivation rate");
    const double q = *a.deprivation_quantile_0_1;
    const double pos = q * double(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    d.threshold_0_1 = v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
    std::ostringstream os;
    os << "national quantile " << q << " = " << d.threshold_0_1;
    d.threshold_rule = os.str();
  } else {
    d.threshold_0_1 = a.deprivation_threshold_0_1;
    std::ostringstream os;
    os << "fixed " << d.threshold_0_1;
    d.threshold_rule = os.str();
  }
  return d;
}

std::vector<GapRow> classify(const AccessInputs& in, const ServiceAccess& acc, const Deprivation& dep) {
  const std::size_t nc = in.communes.size();
  std::vector<GapRow> rows(nc);
  const auto& s = acc.settings;
  // Under-use signal where facilities carry a use column (visits, enrolment) and a capacity.
  std::vector<double> util_num(nc, 0), util_den(nc, 0);
  const int use_i = in.facilities.find("use");
  const int cap_i = in.facilities.find("capacity");
  if (use_i >= 0 && cap_i >= 0) {
    for (std::size_t i = 0; i < in.villages.size(); ++i) {
      auto c = in.village_commune[i];
      auto f = acc.nearest[i];
      if (c == kNoId || f == kNoId || acc.cost[i] > s.threshold.value) continue;
      auto use = in.facilities.columns[static_cast<std::size_t>(use_i)].number(f);
      auto cap = in.facilities.columns[static_cast<std::size_t>(cap_i)].number(f);
      if (!use || !cap || *cap <= 0) continue;
      util_num[c] += acc.weight[i] * (*use / *cap);
      util_den[c] += acc.weight[i];
    }
  }
  for (std::size_t c = 0; c < nc; ++c) {
    GapRow& r = rows[c];
    r.adm3_pcode = in.communes.column("adm3_pcode").text(c);
    r.service = s.service;
    r.coverage_0_1 = acc.coverage.share_covered_0_1[c];
    r.capacity_ratio = acc.capacity_ratio[c];
    r.deprivation_0_1 = dep.rate_0_1[c];
    r.households = acc.households[c];
    // Poor households follow the deprivation source, so counts and rates share one vintage.
    r.poor_households = dep.from_villages ? acc.poor_households[c] : dep.rate_0_1[c] * acc.households[c];
    r.basis = acc.basis[c];
    if (util_den[c] > 0) r.under_used = util_num[c] / util_den[c] < 0.5;
    if (acc.villages_in_commune[c] == 0) {
      r.reason = "no villages in the commune";
      continue;
    }
    if (!std::isfinite(r.coverage_0_1)) {
      r.reason = "no coverage figure";
      continue;
    }
    if (!std::isfinite(r.deprivation_0_1)) {
      r.reason = "no deprivation rate (" + (dep.flag[c].empty() ? std::string("missing") : dep.flag[c]) + ")";
      continue;
    }
    const bool covered = r.coverage_0_1 >= s.coverage_norm_0_1;
    // Without household counts there is no capacity ratio: a commune that is out of reach is
    // unavailable whatever the capacity, but one within reach cannot be called available.
    if (!std::isfinite(r.capacity_ratio) && covered) {
      r.reason = "capacity ratio unknown (no household counts)";
      continue;
    }
    r.available = covered && r.capacity_ratio >= s.capacity_norm;
    r.deprived = r.deprivation_0_1 >= dep.threshold_0_1;
    r.cls = r.available ? (r.deprived ? GapClass::Unaffordable : GapClass::Served)
                        : (r.deprived ? GapClass::UnavailableUnaffordable : GapClass::Unavailable);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------

DistrictPriority district_priority(const Project& p, const AccessInputs& in,
                                   const std::vector<std::vector<GapRow>>& rows, const PriorityOptions& opt) {
  DistrictPriority d;
  VectorLayer districts = p.read(names::kDistricts);
  const std::size_t nd = districts.size(), ns = rows.size();
  std::map<std::string, std::size_t> drow;
  for (std::size_t i = 0; i < nd; ++i) {
    d.adm2_pcode.push_back(districts.column("adm2_pcode").text(i));
    d.name.push_back(districts.find("name_en") >= 0 ? districts.column("name_en").text(i) : "");
    drow[d.adm2_pcode.back()] = i;
  }
  d.component.assign(ns, std::vector<double>(nd, 0.0));
  for (std::size_t s = 0; s < ns; ++s)
    for (std::size_t c = 0; c < rows[s].size(); ++c) {
      const auto& r = rows[s][c];
      if (r.cls != GapClass::Unavailable && r.cls != GapClass::Unaffordable && r.cls != GapClass::UnavailableUnaffordable)
        continue;
      auto it = drow.find(in.communes.column("adm2_pcode").text(c));
      if (it == drow.end() || !std::isfinite(r.poor_households)) continue;
      d.component[s][it->second] += r.poor_households;
    }
  // Min-max normalise each component over districts.
  std::vector<std::vector<double>> norm = d.component;
  for (auto& v : norm) {
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    const double lo = v.empty() ? 0 : *mn, hi = v.empty() ? 0 : *mx;
    for (double& x : v) x = hi > lo ? (x - lo) / (hi - lo) : 0.0;
  }
  std::vector<double> w = opt.weights;
  if (w.size() != ns) w.assign(ns, 1.0);
  auto score = [&](const std::vector<double>& wt) {
    std::vector<double> out(nd, 0.0);
    const double wsum = std::accumulate(wt.begin(), wt.end(), 0.0);
    for (std::size_t i = 0; i < nd; ++i) {
      if (opt.geometric) {
        // INFORM-style: weighted geometric mean of (1 + x), minus 1, so a zero component
        // does not zero the whole index.
        double lg = 0;
        for (std::size_t s = 0; s < ns; ++s) lg += wt[s] * std::log1p(norm[s][i]);
        out[i] = wsum > 0 ? std::expm1(lg / wsum) : 0.0;
      } else {
        double sum = 0;
        for (std::size_t s = 0; s < ns; ++s) sum += wt[s] * norm[s][i];
        out[i] = wsum > 0 ? sum / wsum : 0.0;
      }
    }
    return out;
  };
  auto ranks = [&](const std::vector<double>& sc) {
    std::vector<std::size_t> order(nd);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return sc[a] > sc[b]; });
    std::vector<int> r(nd);
    for (std::size_t k = 0; k < nd; ++k) r[order[k]] = static_cast<int>(k + 1);
    return r;
  };
  d.index = score(w);
  d.rank = ranks(d.index);
  d.rank_min = d.rank;
  d.rank_max = d.rank;
  // Sensitivity: every combination of -x / 0 / +x per weight (3^ns, capped at 3^8).
  const std::size_t k = std::min<std::size_t>(ns, 8);
  std::size_t combos = 1;
  for (std::size_t i = 0; i < k; ++i) combos *= 3;
  for (std::size_t c = 0; c < combos; ++c) {
    std::vector<double> wt = w;
    std::size_t code = c;
    for (std::size_t s = 0; s < k; ++s, code /= 3) wt[s] *= 1.0 + (static_cast<double>(code % 3) - 1.0) * opt.sensitivity_0_1;
    auto r = ranks(score(wt));
    for (std::size_t i = 0; i < nd; ++i) {
      d.rank_min[i] = std::min(d.rank_min[i], r[i]);
      d.rank_max[i] = std::max(d.rank_max[i], r[i]);
    }
  }
  return d;
}

// ---------------------------------------------------------------------------------------

namespace {

Column col(const std::string& n, FieldType t) {
  Column c;
  c.name = n;
  c.type = t;
  return c;
}
void push_num(Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); }

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

std::string deprivation_qml(const std::string& field, const std::vector<double>& values) {
  // Quantile classes (5) of the deprivation rate, light to dark red.
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  const char* reds[] = {"254,229,217", "252,174,145", "251,106,74", "222,45,38", "165,15,21"};
  std::string ranges, syms;
  double lo = v.empty() ? 0 : v.front();
  for (int k = 0; k < 5; ++k) {
    double hi = v.empty() ? 1 : v[std::min(v.size() - 1, (v.size() * static_cast<std::size_t>(k + 1)) / 5)];
    if (k == 4 && !v.empty()) hi = v.back();
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "<range render=\"true\" lower=\"%.4f\" upper=\"%.4f\" symbol=\"%d\" label=\"%.0f - %.0f %%\"/>", lo, hi,
                  k, lo * 100, hi * 100);
    ranges += buf;
    syms += fill_symbol(k, reds[k]);
    lo = hi;
  }
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.28.0\" "
         "styleCategories=\"Symbology\"><renderer-v2 type=\"graduatedSymbol\" attr=\"" +
         field + "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><ranges>" +
         ranges + "</ranges><symbols>" + syms + "</symbols><mode name=\"quantile\"/></renderer-v2></qgis>";
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
  Column dr = col("deprivation_0_1", FieldType::Real), dh = col("deprived", FieldType::Integer),
         df = col("deprivation_flag", FieldType::String);
  for (std::size_t c = 0; c < nc; ++c) {
    push_num(dr, dep.rate_0_1[c]);
    std::isfinite(dep.rate_0_1[c]) ? dh.push(static_cast<std::int64_t>(dep.rate_0_1[c] >= dep.threshold_0_1)) : dh.push_null();
    dep.flag[c].empty() ? df.push_null() : df.push(dep.flag[c]);
  }
  gc.columns.push_back(std::move(dr));
  gc.columns.push_back(std::move(dh));
  gc.columns.push_back(std::move(df));
  for (std::size_t s = 0; s < acc.size(); ++s) {
    const std::string sid = service_id(acc[s].settings.service);
    Column cl = col("class_" + sid, FieldType::String), cv = col("coverage_" + sid, FieldType::Real),
           cp = col("capacity_" + sid, FieldType::Real), lv = col("lever_" + sid, FieldType::String);
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
  Column k = col("adm3_pcode", FieldType::String), sv = col("service", FieldType::String),
         cls = col("class", FieldType::String), reason = col("reason", FieldType::String),
         cov = col("coverage_0_1", FieldType::Real), cnorm = col("coverage_norm_0_1", FieldType::Real),
         cap = col("capacity_ratio", FieldType::Real), capn = col("capacity_norm", FieldType::Real),
         dep_r = col("deprivation_0_1", FieldType::Real), dep_t = col("deprivation_threshold_0_1", FieldType::Real),
         hh = col("households", FieldType::Real), poor = col("poor_households", FieldType::Real),
         under = col("under_used", FieldType::Integer), basis = col("basis", FieldType::String),
         thr = col("threshold", FieldType::String), mode = col("access_mode", FieldType::String),
         lev = col("lever", FieldType::String);
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
      thr.push(st.threshold.str());
      mode.push(std::string(to_string(st.mode)));
      lev.push(lever(r.cls, r.service));
    }
  }
  gl.columns = {k, sv, cls, reason, cov, cnorm, cap, capn, dep_r, dep_t, hh, poor, under, basis, thr, mode, lev};

  // --- gap_summary: communes and households per class at district, province and nation
  VectorLayer& gs = out.gap_summary;
  gs.name = "gap_summary";
  Column lvl = col("level", FieldType::String), code = col("code", FieldType::String),
         ssv = col("service", FieldType::String), scl = col("class", FieldType::String),
         ncm = col("communes", FieldType::Integer), shh = col("households", FieldType::Real),
         spoor = col("poor_households", FieldType::Real);
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
  Column dpc = col("adm2_pcode", FieldType::String), dnm = col("name_en", FieldType::String),
         idx = col("priority_index", FieldType::Real), rk = col("rank", FieldType::Integer),
         rmin = col("rank_min", FieldType::Integer), rmax = col("rank_max", FieldType::Integer);
  std::vector<Column> comp;
  for (const auto& a : acc) comp.push_back(col(std::string("poor_in_gap_") + service_id(a.settings.service), FieldType::Real));
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
  Column tn = col("f_table_name", FieldType::String), gcn = col("f_geometry_column", FieldType::String),
         sn = col("styleName", FieldType::String), qml = col("styleQML", FieldType::String),
         sld = col("styleSLD", FieldType::String), def = col("useAsDefault", FieldType::Integer),
         desc = col("description", FieldType::String), cat = col("f_table_catalog", FieldType::String),
         sch = col("f_table_schema", FieldType::String), owner = col("owner", FieldType::String),
         ui = col("ui", FieldType::String), upd = col("update_time", FieldType::String);
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
  add_style("gap_communes", "deprivation", deprivation_qml("deprivation_0_1", dep.rate_0_1), acc.empty(),
            "Deprivation rate, quantile classes");
  ls.columns = {cat, sch, tn, gcn, sn, qml, sld, def, desc, owner, ui, upd};
  return out;
}

}  // namespace swsplan::layers
