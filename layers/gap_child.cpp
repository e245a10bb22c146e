// Child deprivation per commune (DESIGN.md section 3) and its table by admin level.
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
using detail::fmt;
using detail::looks_like_percent;
using detail::push_num;

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
  Column lvl("level", FieldType::String), code("code", FieldType::String),
         mean("deprivations", FieldType::Real), unk("units_unknown", FieldType::Integer),
         basis("weight_basis", FieldType::String), flag("flag", FieldType::String);
  std::vector<Column> units, weights, ushare, wshare;
  for (const char* b : band) {
    units.emplace_back(std::string("units_") + b, FieldType::Integer);
    weights.emplace_back(std::string("weight_") + b, FieldType::Real);
    ushare.emplace_back(std::string("units_share_") + b + "_0_1", FieldType::Real);
    wshare.emplace_back(std::string("weight_share_") + b + "_0_1", FieldType::Real);
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

}  // namespace swsplan::layers
