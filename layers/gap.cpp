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
using detail::looks_like_percent;

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

Deprivation compute_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a) {
  Deprivation d;
  const std::size_t nc = in.communes.size();
  d.rate_0_1.assign(nc, NAN);
  d.flag.assign(nc, "");
  const std::string& src = a.deprivation_source;
  d.lower_is_worse = a.deprivation_lower_is_worse;
  d.is_basis_rate = !d.lower_is_worse && in.basis.id == "idpoor_2022" && src == "commune:idp22_poor_share";
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
    d.source = "poor households / households of the demand basis, " + in.basis.label();
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
    // Poor households follow the deprivation source, so counts and rates share one vintage:
    // the demand basis's own poor households when the source is the basis's poverty rate
    // (exact, not the rounded share times households), else the households of the basis on
    // the deprived side of the source (with lower_is_worse, 1 - rate), and the row says so.
    const bool dep_is_basis = dep.from_villages || dep.is_basis_rate;
    r.poor_households =
        dep_is_basis ? acc.poor_households[c] : dep.bad_share(dep.rate_0_1[c]) * acc.households[c];
    r.basis = acc.basis[c];
    if (!dep_is_basis && std::isfinite(r.poor_households)) r.basis += "; poor households = deprivation rate x households";
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

}  // namespace swsplan::layers
