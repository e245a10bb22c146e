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

namespace {

// Percent is detected per column: more than a quarter of the known values above 1 (a 0-1
// share or a 0/1 flag never has that). Values outside 0-1 after conversion are flagged.
bool looks_like_percent(const std::vector<double>& values, double& maxv) {
  std::size_t n = 0, above1 = 0;
  maxv = 0;
  for (double v : values)
    if (std::isfinite(v)) {
      maxv = std::max(maxv, v);
      above1 += v > 1;
      ++n;
    }
  return n > 0 && above1 * 4 > n;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

Deprivation compute_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a) {
  Deprivation d;
  const std::size_t nc = in.communes.size();
  d.rate_0_1.assign(nc, NAN);
  d.flag.assign(nc, "");
  const std::string& src = a.deprivation_source;
  d.lower_is_worse = a.deprivation_lower_is_worse;
  d.child = compute_child_deprivation(p, in, a);
  std::vector<double> raw(nc, NAN);
  if (src == "child_deprivation") {
    if (!d.child.present)
      throw gis::InputError({p.path(), names::kSettings, std::nullopt, "analysis.deprivation_source"},
                            "child_deprivation needs analysis.child_deprivation_table");
    d.from_villages = false;
    d.source = "child deprivation (" + d.child.table + ", " + d.child.level + "s): share of " + d.child.weight +
               " in units with 2+ of " + std::to_string(d.child.dimensions.size()) + " dimensions deprived";
    for (std::size_t c = 0; c < nc; ++c) {
      // A commune with any unit unknown gets no rate: the unknown units could change it.
      if (d.child.units_unknown[c] > 0 || !d.child.flag[c].empty())
        d.flag[c] = d.child.flag[c].empty() ? "a unit lacks a child-deprivation value" : d.child.flag[c];
      else
        raw[c] = d.child.share(c, 2);
      if (!std::isfinite(raw[c]) && d.flag[c].empty()) d.flag[c] = "no " + d.child.weight + " in " + d.child.table;
    }
  } else if (src == "villages") {
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
                          "'" + src +
                              "' is not villages, commune:<field>, indicator:<table>:<field>, "
                              "indicator:<table>:<num>/<den> or child_deprivation");
  }
  // Percent detection: more than a quarter of the values above 1.
  double maxv = 0;
  const bool percent = looks_like_percent(raw, maxv);
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
    if (d.lower_is_worse) os << ", lower is worse";
    d.threshold_rule = os.str();
  } else {
    d.threshold_0_1 = a.deprivation_threshold_0_1;
    std::ostringstream os;
    os << "fixed " << d.threshold_0_1;
    if (d.lower_is_worse) os << ", lower is worse";
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
    // With lower_is_worse the households counted are those on the bad side (1 - rate).
    r.poor_households =
        dep.from_villages ? acc.poor_households[c] : dep.bad_share(dep.rate_0_1[c]) * acc.households[c];
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
    r.deprived = dep.is_deprived(r.deprivation_0_1);
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

const std::vector<std::string>& child_dimensions() {
  static const std::vector<std::string> d = {"health",  "nutrition", "education",  "sanitation",
                                             "shelter", "water",     "information"};
  return d;
}

double ChildDeprivation::share(std::size_t c, int k) const {
  const double tot = weight_by[0][c] + weight_by[1][c] + weight_by[2][c];
  return tot > 0 ? weight_by[k][c] / tot : NAN;
}

ChildDeprivation compute_child_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a) {
  ChildDeprivation cd;
  if (a.child_deprivation_table.empty()) return cd;
  cd.present = true;
  cd.cutoff_0_1 = a.child_deprivation_cutoff_0_1;
  const std::size_t nc = in.communes.size();
  cd.count.assign(nc, NAN);
  for (int k = 0; k < 3; ++k) {
    cd.units[k].assign(nc, 0);
    cd.weight_by[k].assign(nc, 0.0);
  }
  cd.units_unknown.assign(nc, 0);
  cd.flag.assign(nc, "");
  cd.table = a.child_deprivation_table;
  if (cd.table.rfind(names::kIndicatorPrefix, 0) != 0) cd.table = names::kIndicatorPrefix + cd.table;
  auto setting_error = [&](const std::string& key, const std::string& why) {
    return gis::InputError({p.path(), names::kSettings, std::nullopt, "analysis." + key}, why);
  };
  if (!p.has(cd.table))
    throw setting_error("child_deprivation_table", "the project has no table " + cd.table +
                                                       " (import it with swsplan import --indicator ...&name=" +
                                                       cd.table.substr(std::string(names::kIndicatorPrefix).size()) + ")");
  const VectorLayer t = p.read(cd.table);
  const bool village = t.find("vil_code") >= 0;
  if (!village && t.find("adm3_pcode") < 0)
    throw gis::InputError({p.path(), cd.table, std::nullopt, {}}, "needs a key column vil_code or adm3_pcode");
  cd.level = village ? "village" : "commune";

  // Dimension -> field, in the canonical order of the dimensions.
  std::map<std::string, std::string> chosen;
  if (a.child_deprivation_fields.empty()) {
    for (const auto& dim : child_dimensions())
      if (t.find(dim) >= 0) chosen[dim] = dim;
    if (chosen.empty())
      throw setting_error("child_deprivation_fields", "table " + cd.table +
                                                          " has no column named after a dimension (health, nutrition, "
                                                          "education, sanitation, shelter, water, information): map them, "
                                                          "e.g. health=hlth_dep;water=no_safe_water");
  } else {
    std::istringstream is(a.child_deprivation_fields);
    std::string item;
    while (std::getline(is, item, ';')) {
      if (item.empty()) continue;
      const auto eq = item.find('=');
      const std::string dim = item.substr(0, eq), field = eq == std::string::npos ? dim : item.substr(eq + 1);
      const auto& dims = child_dimensions();
      if (std::find(dims.begin(), dims.end(), dim) == dims.end())
        throw setting_error("child_deprivation_fields",
                            "'" + dim + "' is not a dimension (health, nutrition, education, sanitation, shelter, water, "
                                        "information)");
      if (!chosen.emplace(dim, field).second)
        throw setting_error("child_deprivation_fields", "dimension '" + dim + "' is mapped twice");
      (void)t.column(field);  // names the table and the missing field
    }
  }
  for (const auto& dim : child_dimensions())
    if (auto it = chosen.find(dim); it != chosen.end()) {
      cd.dimensions.push_back(dim);
      cd.fields.push_back(it->second);
    }
  const Column* wcol = nullptr;
  if (!a.child_deprivation_weight.empty()) wcol = &t.column(a.child_deprivation_weight);
  cd.weight = wcol ? a.child_deprivation_weight : "households";

  // Values per dimension, percent normalised per column; missing or out of range -> reason.
  const std::size_t nr = t.size(), nd = cd.fields.size();
  std::vector<std::vector<double>> val(nd, std::vector<double>(nr, NAN));
  std::vector<std::string> why(nr);
  for (std::size_t d = 0; d < nd; ++d) {
    const Column& c = t.column(cd.fields[d]);
    for (std::size_t i = 0; i < nr; ++i)
      if (auto v = c.number(i)) val[d][i] = *v;
    double maxv = 0;
    const bool pct = looks_like_percent(val[d], maxv);
    if (pct) cd.warnings.push_back(cd.fields[d] + ": values look like percent (max " + fmt(maxv) + "): divided by 100");
    std::size_t flagged = 0;
    for (std::size_t i = 0; i < nr; ++i) {
      double& v = val[d][i];
      if (!std::isfinite(v)) {
        if (why[i].empty()) why[i] = "no value of " + cd.fields[d];
        continue;
      }
      if (pct) v /= 100;
      if (v < 0 || v > 1) {
        ++flagged;
        if (why[i].empty()) why[i] = cd.fields[d] + " = " + fmt(v) + " is outside 0-1 (flagged, not clipped)";
        v = NAN;
      }
    }
    if (flagged) cd.warnings.push_back(cd.fields[d] + ": " + std::to_string(flagged) + " values outside 0-1 flagged");
  }

  // Units -> communes and weights.
  std::map<std::string, std::size_t> commune_row, village_row;
  const Column& cpc = in.communes.column("adm3_pcode");
  for (std::size_t c = 0; c < nc; ++c) commune_row.emplace(cpc.text(c), c);
  std::vector<double> commune_hh(nc, NAN);
  for (std::size_t v = 0; v < in.villages.size(); ++v) {
    const auto c = in.village_commune[v];
    if (c == kNoId || !std::isfinite(in.households[v])) continue;
    commune_hh[c] = (std::isfinite(commune_hh[c]) ? commune_hh[c] : 0.0) + in.households[v];
  }
  if (village) {
    const Column& vc = in.villages.column("vil_code");
    for (std::size_t v = 0; v < in.villages.size(); ++v) village_row.emplace(vc.text(v), v);
  }
  const Column& key = t.column(village ? "vil_code" : "adm3_pcode");
  std::map<std::string, std::size_t> seen;
  std::vector<double> sum_wk(nc, 0.0), sum_w(nc, 0.0);
  std::vector<std::size_t> units_seen(nc, 0);
  std::size_t unmatched = 0;
  std::string first_unmatched;
  for (std::size_t i = 0; i < nr; ++i) {
    const std::string code = key.text(i);
    if (auto [it, fresh] = seen.emplace(code, i); !fresh)
      throw gis::InputError({p.path(), cd.table, t.fids.empty() ? std::nullopt : std::optional<std::int64_t>(t.fids[i]),
                             village ? "vil_code" : "adm3_pcode"},
                            "duplicate unit " + code + " (also row " + std::to_string(it->second + 1) +
                                "): each unit must appear once");
    std::size_t c = kNoId;
    double w = NAN;
    if (village) {
      auto it = village_row.find(code);
      if (it != village_row.end()) {
        c = in.village_commune[it->second];
        w = in.households[it->second];
      }
    } else if (auto it = commune_row.find(code); it != commune_row.end()) {
      c = it->second;
      w = commune_hh[c];
    }
    if (c == kNoId) {
      if (unmatched++ == 0) first_unmatched = code;
      continue;
    }
    if (wcol) w = wcol->number(i).value_or(NAN);
    ++units_seen[c];
    const std::string unit = village ? "village " + code + ": " : std::string();
    if (!why[i].empty()) {
      ++cd.units_unknown[c];
      if (cd.flag[c].empty()) cd.flag[c] = unit + why[i];
      continue;
    }
    int k = 0;
    for (std::size_t d = 0; d < nd; ++d) k += val[d][i] >= cd.cutoff_0_1;
    const int band = std::min(k, 2);
    ++cd.units[band][c];
    if (std::isfinite(w) && w >= 0) {
      cd.weight_by[band][c] += w;
      sum_wk[c] += w * k;
      sum_w[c] += w;
    } else if (cd.flag[c].empty()) {
      cd.flag[c] = unit + "no " + cd.weight + " to weight it";
    }
    if (!village) cd.count[c] = k;
  }
  if (unmatched)
    cd.warnings.push_back(std::to_string(unmatched) + " rows of " + cd.table + " match no " + cd.level +
                          " of the project (first: " + first_unmatched + ")");
  // A commune whose table covers only some of its villages gets no rate from that subset.
  std::vector<std::size_t> villages_of(nc, 0);
  for (std::size_t v = 0; v < in.villages.size(); ++v)
    if (in.village_commune[v] != kNoId) ++villages_of[in.village_commune[v]];
  for (std::size_t c = 0; c < nc; ++c) {
    if (village && sum_w[c] > 0) cd.count[c] = sum_wk[c] / sum_w[c];
    if (units_seen[c] == 0)
      cd.flag[c] = village ? "no village of the commune in " + cd.table : "commune not in " + cd.table;
    else if (village && units_seen[c] < villages_of[c] && cd.flag[c].empty())
      cd.flag[c] = "only " + std::to_string(units_seen[c]) + " of " + std::to_string(villages_of[c]) +
                   " villages of the commune in " + cd.table;
  }
  return cd;
}

VectorLayer child_deprivation_table(const AccessInputs& in, const ChildDeprivation& cd) {
  VectorLayer out;
  out.name = "child_deprivation";
  const char* band[3] = {"0", "1", "2plus"};
  Column lvl = col("level", FieldType::String), code = col("code", FieldType::String),
         mean = col("deprivations", FieldType::Real), unk = col("units_unknown", FieldType::Integer),
         basis = col("weight_basis", FieldType::String), flag = col("flag", FieldType::String);
  std::vector<Column> units, weights, ushare, wshare;
  for (const char* b : band) {
    units.push_back(col(std::string("units_") + b, FieldType::Integer));
    weights.push_back(col(std::string("weight_") + b, FieldType::Real));
    ushare.push_back(col(std::string("units_share_") + b + "_0_1", FieldType::Real));
    wshare.push_back(col(std::string("weight_share_") + b + "_0_1", FieldType::Real));
  }
  struct Sums {
    std::int64_t u[3] = {0, 0, 0}, unknown = 0;
    double w[3] = {0, 0, 0};
  };
  // Level 0 commune, 1 district, 2 province, 3 nation; higher levels are sums of communes.
  std::map<std::pair<int, std::string>, Sums> agg;
  std::map<std::string, std::size_t> commune_of;
  const Column& cpc = in.communes.column("adm3_pcode");
  for (std::size_t c = 0; c < in.communes.size(); ++c) {
    const std::string pc = cpc.text(c);
    commune_of[pc] = c;
    const std::string keys[4] = {pc, pc.substr(0, 6), pc.substr(0, 4), "KH"};
    for (int l = 0; l < 4; ++l) {
      Sums& s = agg[{l, keys[l]}];
      for (int k = 0; k < 3; ++k) {
        s.u[k] += cd.units[k][c];
        s.w[k] += cd.weight_by[k][c];
      }
      s.unknown += cd.units_unknown[c];
    }
  }
  const char* lname[4] = {"commune", "district", "province", "nation"};
  std::int64_t fid = 0;
  for (const auto& [k, s] : agg) {
    out.fids.push_back(++fid);
    out.geom.add_empty_feature();
    lvl.push(std::string(lname[k.first]));
    code.push(k.second);
    const std::int64_t un = s.u[0] + s.u[1] + s.u[2];
    const double wt = s.w[0] + s.w[1] + s.w[2];
    for (int b = 0; b < 3; ++b) {
      units[static_cast<std::size_t>(b)].push(s.u[b]);
      weights[static_cast<std::size_t>(b)].push(s.w[b]);
      un > 0 ? ushare[static_cast<std::size_t>(b)].push(double(s.u[b]) / double(un))
             : ushare[static_cast<std::size_t>(b)].push_null();
      wt > 0 ? wshare[static_cast<std::size_t>(b)].push(s.w[b] / wt) : wshare[static_cast<std::size_t>(b)].push_null();
    }
    unk.push(s.unknown);
    basis.push(cd.weight);
    if (k.first == 0) {
      const std::size_t c = commune_of[k.second];
      push_num(mean, cd.count[c]);
      cd.flag[c].empty() ? flag.push_null() : flag.push(cd.flag[c]);
    } else {
      mean.push_null();
      flag.push_null();
    }
  }
  out.columns = {lvl, code, mean};
  for (int b = 0; b < 3; ++b) out.columns.push_back(std::move(units[static_cast<std::size_t>(b)]));
  out.columns.push_back(unk);
  for (int b = 0; b < 3; ++b) out.columns.push_back(std::move(ushare[static_cast<std::size_t>(b)]));
  for (int b = 0; b < 3; ++b) out.columns.push_back(std::move(weights[static_cast<std::size_t>(b)]));
  for (int b = 0; b < 3; ++b) out.columns.push_back(std::move(wshare[static_cast<std::size_t>(b)]));
  out.columns.push_back(basis);
  out.columns.push_back(flag);
  return out;
}

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
    std::isfinite(dep.rate_0_1[c]) ? dh.push(static_cast<std::int64_t>(dep.is_deprived(dep.rate_0_1[c]))) : dh.push_null();
    dep.flag[c].empty() ? df.push_null() : df.push(dep.flag[c]);
  }
  gc.columns.push_back(std::move(dr));
  gc.columns.push_back(std::move(dh));
  gc.columns.push_back(std::move(df));
  if (dep.child.present) {
    const auto& cd = dep.child;
    Column cn = col("child_deprivations", FieldType::Real), s0 = col("child_dep_0_0_1", FieldType::Real),
           s1 = col("child_dep_1_0_1", FieldType::Real), s2 = col("child_dep_2plus_0_1", FieldType::Real),
           cf = col("child_dep_flag", FieldType::String);
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
  add_style("gap_communes", "deprivation", deprivation_qml("deprivation_0_1", dep.rate_0_1, dep.lower_is_worse), acc.empty(),
            "Deprivation rate, quantile classes");
  add_style("district_priority", "priority index", priority_qml("priority_index"), true,
            "District priority index (0-1), equal intervals");
  ls.columns = {cat, sch, tn, gcn, sn, qml, sld, def, desc, owner, ui, upd};
  return out;
}

}  // namespace swsplan::layers
