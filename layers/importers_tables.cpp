// Importers of tables joined by code: indicator tables and the commune code crosswalk.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_map>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/detail/import_util.hpp"
#include "layers/importers.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::InputError;
using gis::VectorLayer;
using namespace detail;

std::map<std::string, std::string> read_crosswalk(const SourceSpec& src) {
  src.check_options({"from", "to"});
  VectorLayer t = src.read();
  const int from_i = require_field(t, src, "from", {"commune_code_src", "from", "old_code"}, "old commune code");
  const int to_i = require_field(t, src, "to", {"adm3_pcode_2018", "to", "adm3_pcode", "new_code"}, "new commune pcode");
  std::map<std::string, std::string> m;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& fc = t.columns[static_cast<std::size_t>(from_i)];
    const auto& tc = t.columns[static_cast<std::size_t>(to_i)];
    auto a = to_pcode(fc.text(i), AdminLevel::Commune);
    auto b = to_pcode(tc.text(i), AdminLevel::Commune);
    if (!a) throw InputError({t.source, t.name, t.fids[i], fc.name}, "'" + fc.text(i) + "' is not a commune code");
    if (!b) throw InputError({t.source, t.name, t.fids[i], tc.name}, "'" + tc.text(i) + "' is not a commune code");
    auto [it, inserted] = m.emplace(*a, *b);
    if (!inserted && it->second != *b)
      throw InputError({t.source, t.name, t.fids[i], fc.name}, "code " + *a + " maps to both " + it->second + " and " + *b);
  }
  return m;
}

std::vector<std::string> normalise_share(VectorLayer& layer, const std::string& field, bool flag) {
  std::vector<std::string> warnings;
  Column& c = layer.column(field);
  std::vector<double> v(layer.size());
  double maxv = -INFINITY;
  std::size_t above1 = 0, n = 0;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    auto x = c.number(i);
    if (c.is_null(i)) {
      v[i] = NAN;
      continue;
    }
    if (!x) throw InputError({layer.source, layer.name, layer.fids[i], c.name}, "'" + c.text(i) + "' is not a number");
    v[i] = *x;
    if (std::isfinite(*x)) {
      maxv = std::max(maxv, *x);
      above1 += *x > 1.0;
      ++n;
    }
  }
  // Percent when values run up to 100 and a fair part exceeds 1 (a fraction column has at most
  // a few outliers above 1).
  const bool percent = n > 0 && maxv <= 100.0 && maxv > 1.0 && above1 * 4 > n;
  if (percent) warnings.push_back(layer.source + ": field '" + field + "' looks like percent (max " +
                                  std::to_string(maxv) + "); converted to fractions 0-1");
  Column out(c.name, FieldType::Real);
  Column flags(c.name + "_flag", FieldType::String);
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (c.is_null(i)) {
      out.push_null();
      flags.push_null();
      continue;
    }
    double x = percent ? v[i] / 100.0 : v[i];
    std::string why;
    if (std::isnan(x))
      why = "NaN";
    else if (x < 0)
      why = "negative (" + c.text(i) + ")";
    else if (x > 1.0 + 1e-9)
      why = "above 1 (" + c.text(i) + ")";
    if (!why.empty()) {
      if (!flag)
        throw InputError({layer.source, layer.name, layer.fids[i], c.name},
                         "share is " + why + "; shares must be fractions 0-1 or percent 0-100. Fix the value, or pass "
                         "flag_out_of_range=yes to keep the row with the value emptied and flagged");
      ++flagged;
      out.push_null();
      flags.push(why);
    } else {
      out.push(x);
      flags.push_null();
    }
  }
  c = std::move(out);
  if (flagged) {
    warnings.push_back(layer.source + ": " + std::to_string(flagged) + " value(s) of '" + field +
                       "' out of range: emptied and flagged in " + field + "_flag");
    layer.columns.push_back(std::move(flags));
  }
  return warnings;
}

ImportResult import_indicator(const SourceSpec& src, const VectorLayer* targets,
                              const std::map<std::string, std::string>* crosswalk, gis::Progress& progress) {
  src.check_options({"level", "key", "name", "year", "share", "flag_out_of_range", "duplicates", "crosswalk"});
  if (src.get("crosswalk", "yes") == "no") crosswalk = nullptr;
  ImportResult res;
  VectorLayer in = src.read();
  const std::string lvl = src.get("level", "commune");
  AdminLevel level;
  if (lvl == "village")
    level = AdminLevel::Village;
  else if (lvl == "commune")
    level = AdminLevel::Commune;
  else if (lvl == "district")
    level = AdminLevel::District;
  else if (lvl == "province")
    level = AdminLevel::Province;
  else
    throw gis::UsageError("level must be village, commune, district or province, not '" + lvl + "'");
  const std::string key_out = pcode_field(level);
  std::vector<std::string> cands;
  if (level == AdminLevel::Village)
    cands = {"vil_code", "village_code", "vcode", "code"};
  else {
    const std::string adm = "adm" + std::to_string(static_cast<int>(level));
    cands = {adm + "_pcode", "pcode", adm + "_ncdd", "ncdd_code", std::string(level_name(level)) + "_code", "com_code", "code"};
  }
  const int key_i = require_field(in, src, "key", cands, std::string(level_name(level)) + " code");
  const Column& key = in.columns[static_cast<std::size_t>(key_i)];
  std::string name = src.get("name", std::filesystem::path(src.path).stem().string());
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  if (name.rfind(names::kIndicatorPrefix, 0) != 0) name = names::kIndicatorPrefix + name;

  std::set<std::string> target_keys;
  if (targets) {
    const Column& tk = targets->column(key_out);
    for (std::size_t i = 0; i < targets->size(); ++i) target_keys.insert(tk.text(i));
  }
  VectorLayer out;
  out.name = name;
  out.source = in.source;
  Column kc(key_out, FieldType::String);
  JoinReport rep;
  rep.name = name + " -> " + (level == AdminLevel::Village ? "villages" : std::string(level_name(level)) + "s");
  rep.key = key.name + " as " + key_out;
  rep.left_rows = in.size();
  rep.right_rows = targets ? targets->size() : 0;
  std::map<std::string, std::vector<std::size_t>> rows_by_key;
  std::map<std::string, std::set<std::string>> crosswalked_from;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (key.is_null(i)) throw InputError({in.source, in.name, in.fids[i], key.name}, "the key is empty");
    auto k = level == AdminLevel::Village ? to_village_code(key.text(i)) : to_pcode(key.text(i), level);
    if (!k)
      throw InputError({in.source, in.name, in.fids[i], key.name},
                       "'" + key.text(i) + "' is not a " + level_name(level) + " code");
    std::string kk = *k;
    bool via_cw = false;
    if (targets && !target_keys.count(kk) && crosswalk && level == AdminLevel::Commune) {
      if (auto it = crosswalk->find(kk); it != crosswalk->end() && target_keys.count(it->second)) {
        kk = it->second;
        via_cw = true;
        crosswalked_from[kk].insert(*k);
      }
    }
    if (targets) {
      if (target_keys.count(kk)) {
        ++rep.matched;
        rep.matched_via_crosswalk += via_cw;
      } else {
        rep.unmatched.push_back(key.text(i));
      }
    }
    rows_by_key[kk].push_back(i);
    kc.push(kk);
  }
  const std::string dup_mode = src.get("duplicates", "error");
  for (const auto& [k, rows] : rows_by_key) {
    if (rows.size() < 2) continue;
    std::string d = k;
    if (auto cw = crosswalked_from.find(k); cw != crosswalked_from.end()) {
      d += " (also reached from";
      for (const auto& o : cw->second) d += " " + o;
      d += " through the crosswalk; pass crosswalk=no for tables already in 2018 codes)";
    }
    rep.duplicates.push_back(d);
  }
  if (!rep.duplicates.empty()) {
    if (dup_mode == "error")
      throw InputError({in.source, in.name, in.fids[rows_by_key[rep.duplicates.front()][1]], key.name},
                       std::to_string(rep.duplicates.size()) + " key(s) occur more than once (" + list_some(rep.duplicates) +
                           "); the join would be ambiguous. Fix the table, or pass duplicates=first to keep the first row");
    if (dup_mode != "first") throw gis::UsageError("duplicates must be error or first, not '" + dup_mode + "'");
  }
  if (targets) {
    std::set<std::string> reached;
    for (const auto& [k, rows] : rows_by_key)
      if (target_keys.count(k)) reached.insert(k);
    rep.targets_without_data = target_keys.size() - reached.size();
  }
  // Keep rows in input order; with duplicates=first, later repeats are dropped.
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < in.size(); ++i)
    if (rows_by_key[kc.strings[i]].front() == i) keep.push_back(i);
  VectorLayer full;
  full.name = name;
  full.source = in.source;
  full.columns.push_back(kc);
  copy_other_fields(in, full, {});
  for (auto& c : full.columns) {
    Column sel(c.name, c.type);
    for (auto i : keep) {
      if (c.is_null(i))
        sel.push_null();
      else if (c.type == FieldType::Integer)
        sel.push(c.ints[i]);
      else if (c.type == FieldType::Real)
        sel.push(c.reals[i]);
      else
        sel.push(std::string(c.strings[i]));
    }
    c = std::move(sel);
  }
  for (auto i : keep) {
    full.fids.push_back(in.fids[i]);
    full.geom.add_empty_feature();
  }
  const bool flag = src.get("flag_out_of_range") == "yes";
  full.name = in.name;  // messages name the source layer
  if (!src.get("share").empty()) {
    std::stringstream ss(src.get("share"));
    std::string f;
    while (std::getline(ss, f, ';')) {
      if (full.find(f) < 0) (void)in.column(f);  // throws naming the missing field
      auto w = normalise_share(full, full.columns[static_cast<std::size_t>(full.find(f))].name, flag);
      res.warnings.insert(res.warnings.end(), w.begin(), w.end());
    }
  }
  full.name = name;
  if (!targets) rep.notes.push_back("no target layer in the project: keys were not checked");
  res.reports.push_back(rep);
  res.provenance = provenance_for(src, in, name);
  if (!src.get("year").empty()) res.provenance.notes = "year " + src.get("year");
  progress.report(1.0, "indicator " + name);
  res.layer = std::move(full);
  return res;
}

}  // namespace swsplan::layers
