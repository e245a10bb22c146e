#include "layers/demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "gis/access/graph.hpp"  // kNoId
#include "gis/core/error.hpp"
#include "gis/geom/geometry.hpp"

namespace swsplan::layers {

using gis::VectorLayer;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kNoId = gis::kNoId;

// A numeric field per row (NaN where empty or not a number); empty vector if absent.
std::vector<double> field_values(const VectorLayer& l, const std::string& field) {
  std::vector<double> v;
  const int i = l.find(field);
  if (i < 0) return v;
  const auto& c = l.columns[static_cast<std::size_t>(i)];
  v.resize(l.size(), kNaN);
  for (std::size_t r = 0; r < l.size(); ++r)
    if (auto x = c.number(r); x && std::isfinite(*x)) v[r] = *x;
  return v;
}

bool known(double v) { return std::isfinite(v) && v >= 0; }

// Values of a table keyed by adm3_pcode (commune rows) or vil_code, mapped onto `layer` rows.
std::vector<double> table_values_for(const VectorLayer& table, const std::string& key, const std::string& field,
                                     const VectorLayer& layer) {
  std::map<std::string, double> by_key;
  const auto& kc = table.column(key);
  const auto vals = field_values(table, table.column(field).name);
  for (std::size_t r = 0; r < table.size(); ++r) by_key.emplace(kc.text(r), vals[r]);
  std::vector<double> out(layer.size(), kNaN);
  const auto& lk = layer.column(key);
  for (std::size_t r = 0; r < layer.size(); ++r)
    if (auto it = by_key.find(lk.text(r)); it != by_key.end()) out[r] = it->second;
  return out;
}

// Spreads commune totals over the commune's villages: in proportion to a village weight
// where the commune's villages have one (a village without one counts as the commune's
// average village), in equal shares where none has. Sums per commune equal the totals.
void spread(const std::vector<double>& total, const std::vector<double>& weight,
            const std::vector<std::vector<std::uint32_t>>& villages_of, std::vector<double>& out,
            std::vector<std::uint8_t>* equal) {
  for (std::size_t c = 0; c < total.size(); ++c) {
    const auto& vs = villages_of[c];
    if (vs.empty() || !known(total[c])) continue;
    double sum = 0;
    std::size_t n_known = 0;
    for (auto v : vs)
      if (!weight.empty() && known(weight[v])) sum += weight[v], ++n_known;
    if (n_known == 0 || sum <= 0) {
      for (auto v : vs) {
        out[v] = total[c] / double(vs.size());
        if (equal) (*equal)[v] = 1;
      }
      continue;
    }
    const double mean = sum / double(n_known);
    const double full = sum + mean * double(vs.size() - n_known);
    for (auto v : vs) out[v] = total[c] * (known(weight[v]) ? weight[v] : mean) / full;
  }
}

}  // namespace

std::string DemandBasis::label() const {
  std::string what = id == "idpoor_2022"             ? "ID-Poor 2022 commune totals"
                     : id == "commune_database_2011" ? "Commune Database 2011 families"
                     : id == "villages"              ? "village counts"
                                                     : "commune or village counts of " + id.substr(6);
  return what + " (" + source + "; " + year + ")";
}

std::string DemandBasis::short_label() const {
  if (id == "idpoor_2022") return "ID-Poor 2022";
  if (id == "commune_database_2011") return "Commune Database 2011";
  if (id == "villages") return source + " " + year;
  return id.substr(6) + " (" + year + ")";
}

bool is_demand_basis_setting(const std::string& s) {
  return s.empty() || s == "auto" || s == "idpoor_2022" || s == "villages" || s == "commune_database_2011" ||
         s.rfind("table:", 0) == 0;
}

DemandBasis demand_basis(const Project& p, const VectorLayer& communes, const VectorLayer& villages,
                         std::span<const std::uint32_t> village_commune, const std::string& setting_in) {
  const std::string setting = setting_in.empty() ? "auto" : setting_in;
  if (!is_demand_basis_setting(setting))
    throw gis::UsageError("analysis.demand_basis '" + setting +
                          "' is not understood: use auto, idpoor_2022, villages, commune_database_2011 or "
                          "table:<table>:<households field>:<poor field>");
  const std::size_t nv = villages.size(), nc = communes.size();
  if (village_commune.size() != nv) throw gis::UsageError("demand_basis: one commune row per village is needed");
  const bool idp_fields = communes.find("idp22_total_hh") >= 0 && communes.find("idp22_poor_hh") >= 0;
  const bool idp_table = p.has("ind_idpoor_2022");

  DemandBasis b;
  b.id = setting == "auto" ? (idp_fields || idp_table ? "idpoor_2022" : "villages") : setting;
  b.village_households.assign(nv, kNaN);
  b.village_poor.assign(nv, kNaN);
  b.village_equal_share.assign(nv, 0);
  b.commune_households.assign(nc, kNaN);
  b.commune_poor.assign(nc, kNaN);

  const std::vector<double> v_hh = field_values(villages, "households"), v_poor = field_values(villages, "poor_hh");
  std::vector<std::vector<std::uint32_t>> villages_of(nc);
  for (std::size_t v = 0; v < nv; ++v)
    if (village_commune[v] != kNoId && village_commune[v] < nc) villages_of[village_commune[v]].push_back(static_cast<std::uint32_t>(v));
  const auto& pcode = communes.column("adm3_pcode");
  std::string missing_reason, missing_poor_reason;

  if (b.id == "villages") {
    b.level = "village";
    b.source = "the villages layer's households and poor_hh";
    b.year = "year not stated";
    if (villages.find("idpoor_round") >= 0) {
      // The ID-Poor village rounds, by the year of the round (round 4 was 2010, round 5
      // 2011; a field may hold either form).
      std::set<long long> rounds;
      for (double r : field_values(villages, "idpoor_round"))
        if (std::isfinite(r)) rounds.insert(std::llround(r));
      std::string y;
      for (auto r : rounds)
        y += (y.empty() ? "" : "/") + (r >= 1990 ? std::to_string(r)
                                       : r == 4  ? std::string("2010")
                                       : r == 5  ? std::string("2011")
                                                 : "round " + std::to_string(r));
      b.source = "ID-Poor village rounds (Ministry of Planning)";
      if (!y.empty()) b.year = y;
    }
    for (std::size_t v = 0; v < nv; ++v) {
      if (village_commune[v] == kNoId) continue;
      if (!v_hh.empty() && known(v_hh[v])) b.village_households[v] = v_hh[v];
      if (!v_poor.empty() && known(v_poor[v])) b.village_poor[v] = v_poor[v];
    }
    for (std::size_t c = 0; c < nc; ++c)
      for (auto v : villages_of[c]) {
        auto add = [](double& s, double x) {
          if (std::isfinite(x)) s = (std::isfinite(s) ? s : 0.0) + x;
        };
        add(b.commune_households[c], b.village_households[v]);
        add(b.commune_poor[c], b.village_poor[v]);
      }
    missing_reason = "no village of the commune has a household count in the villages layer";
    missing_poor_reason = "no village of the commune has a poor-household count in the villages layer";
  } else {
    b.level = "commune";
    std::vector<double> hh, poor;
    if (b.id == "idpoor_2022") {
      b.source = "ID-Poor, Ministry of Planning, via WFP PRISM";
      b.year = "2022";
      if (idp_fields) {
        hh = field_values(communes, "idp22_total_hh");
        poor = field_values(communes, "idp22_poor_hh");
      } else if (idp_table) {
        const VectorLayer t = p.read("ind_idpoor_2022");
        hh = table_values_for(t, "adm3_pcode", "Total_HHs", communes);
        poor = table_values_for(t, "adm3_pcode", "Total_Poor_12_HHs", communes);
      } else {
        throw gis::UsageError("analysis.demand_basis=idpoor_2022 needs ID-Poor 2022 commune totals: communes fields "
                              "idp22_total_hh and idp22_poor_hh, or the table ind_idpoor_2022 (import "
                              "idpoor_communes_2022_wfp_prism.csv with --indicator ...&name=idpoor_2022)");
      }
      missing_reason = "ID-Poor 2022 has no value for this commune (its code is not in the 2022 table)";
      missing_poor_reason = missing_reason;
    } else if (b.id == "commune_database_2011") {
      if (communes.find("cdb11_families") < 0)
        throw gis::UsageError("analysis.demand_basis=commune_database_2011 needs the communes field cdb11_families");
      b.source = "NCDD Commune Database";
      b.year = "2011";
      hh = field_values(communes, "cdb11_families");
      poor.assign(nc, kNaN);
      missing_reason = "the Commune Database 2011 has no family count for this commune";
      missing_poor_reason = "the Commune Database 2011 counts no poor households";
    } else {  // table:<table>:<households>:<poor>
      std::vector<std::string> part;
      std::stringstream ss(b.id.substr(6));
      for (std::string x; std::getline(ss, x, ':');) part.push_back(x);
      if (part.size() < 2 || part[0].empty() || part[1].empty())
        throw gis::UsageError("analysis.demand_basis '" + b.id + "' must be table:<table>:<households field>:<poor field>");
      if (!p.has(part[0])) throw gis::UsageError("analysis.demand_basis names table '" + part[0] + "', which the project lacks");
      const VectorLayer t = p.read(part[0]);
      const bool by_village = t.find("vil_code") >= 0 && t.find("adm3_pcode") < 0;
      b.source = "table " + part[0];
      b.year = "year not stated";
      for (const auto& pr : p.provenance())
        if (pr.layer == part[0] && pr.notes.rfind("year ", 0) == 0) b.year = pr.notes.substr(5);
      if (by_village) {
        b.level = "village";
        const auto th = table_values_for(t, "vil_code", part[1], villages);
        const auto tp = part.size() > 2 && !part[2].empty() ? table_values_for(t, "vil_code", part[2], villages)
                                                            : std::vector<double>(nv, kNaN);
        for (std::size_t v = 0; v < nv; ++v) {
          if (village_commune[v] == kNoId) continue;
          if (known(th[v])) b.village_households[v] = th[v];
          if (known(tp[v])) b.village_poor[v] = tp[v];
          const auto c = village_commune[v];
          if (std::isfinite(b.village_households[v]))
            b.commune_households[c] = (std::isfinite(b.commune_households[c]) ? b.commune_households[c] : 0.0) + th[v];
          if (std::isfinite(b.village_poor[v]))
            b.commune_poor[c] = (std::isfinite(b.commune_poor[c]) ? b.commune_poor[c] : 0.0) + tp[v];
        }
        missing_reason = "no village of the commune has a household count in table " + part[0];
        missing_poor_reason = "no village of the commune has a poor-household count in table " + part[0];
      } else {
        hh = table_values_for(t, "adm3_pcode", part[1], communes);
        poor = part.size() > 2 && !part[2].empty() ? table_values_for(t, "adm3_pcode", part[2], communes)
                                                   : std::vector<double>(nc, kNaN);
        missing_reason = "table " + part[0] + " has no household count for this commune";
        missing_poor_reason = "table " + part[0] + " has no poor-household count for this commune";
      }
    }
    if (b.level == "commune") {
      for (std::size_t c = 0; c < nc; ++c) {
        if (known(hh[c])) b.commune_households[c] = hh[c];
        if (known(poor[c])) b.commune_poor[c] = poor[c];
      }
      b.spread =
          "commune totals spread over the commune's villages in proportion to the villages' own household counts "
          "(a village without one counts as its commune's average village), in equal shares where none of the "
          "commune's villages has a count; poor households follow at the commune's rate";
      spread(b.commune_households, v_hh, villages_of, b.village_households, &b.village_equal_share);
      // Poor households follow the households just spread (the commune's rate in each of
      // its villages): a village's old poverty share against a newer commune rate could
      // give it more poor households than households.
      const std::vector<double>& poor_weight = b.village_households;
      spread(b.commune_poor, poor_weight, villages_of, b.village_poor, nullptr);
    }
  }

  for (std::size_t c = 0; c < nc; ++c) {
    std::string why;
    if (!std::isfinite(b.commune_households[c]))
      why = missing_reason;
    else if (!std::isfinite(b.commune_poor[c]))
      why = missing_poor_reason;
    else if (villages_of[c].empty())
      why = "no village point lies in this commune: its " + std::to_string(std::llround(b.commune_households[c])) +
            " households and " + std::to_string(std::llround(b.commune_poor[c])) + " poor households are not placed";
    if (!why.empty()) b.communes_without_value.push_back({pcode.text(c), why});
  }
  std::sort(b.communes_without_value.begin(), b.communes_without_value.end(),
            [](const DemandBasis::Missing& a, const DemandBasis::Missing& c) { return a.pcode < c.pcode; });
  return b;
}

std::size_t add_commune_points(const DemandBasis& b, const VectorLayer& communes, VectorLayer& villages,
                               std::vector<std::uint32_t>& village_commune) {
  if (b.level != "commune") return 0;
  std::vector<char> has_village(communes.size(), 0);
  for (auto c : village_commune)
    if (c != kNoId && c < communes.size()) has_village[c] = 1;
  std::vector<std::size_t> todo;
  for (std::size_t c = 0; c < communes.size(); ++c)
    if (!has_village[c] && std::isfinite(b.commune_households[c])) todo.push_back(c);
  if (todo.empty()) return 0;
  std::vector<double> px, py;
  gis::point_on_surface(communes, px, py);
  const auto& pcode = communes.column("adm3_pcode");
  std::int64_t next_fid = villages.fids.empty() ? 1 : *std::max_element(villages.fids.begin(), villages.fids.end()) + 1;
  std::size_t added = 0;
  for (auto c : todo) {
    if (!std::isfinite(px[c]) || !std::isfinite(py[c])) continue;
    villages.fids.push_back(next_fid++);
    villages.geom.add_point(px[c], py[c]);
    for (auto& col : villages.columns) {
      const std::string& n = col.name;
      if (n == "vil_code")
        col.push(pcode.text(c) + "-point");
      else if (n == "adm3_pcode")
        col.push(pcode.text(c));
      else if (n == "village_en" || n == "name_en")
        col.push(std::string("(no village point in this commune: a point inside it carries its households)"));
      else if (n == "adm1_pcode" && col.type == gis::FieldType::String)
        col.push(pcode.text(c).substr(0, 4));  // KH07 of KH070315
      else if (n == "adm2_pcode" && col.type == gis::FieldType::String)
        col.push(pcode.text(c).substr(0, 6));
      else
        col.push_null();
    }
    village_commune.push_back(static_cast<std::uint32_t>(c));
    ++added;
  }
  return added;
}

DemandBasis demand_basis_with_points(const Project& p, const VectorLayer& communes, VectorLayer& villages,
                                     std::vector<std::uint32_t>& village_commune, const std::string& setting,
                                     std::size_t* points_added) {
  DemandBasis b = demand_basis(p, communes, villages, village_commune, setting);
  const std::size_t added = add_commune_points(b, communes, villages, village_commune);
  if (points_added) *points_added = added;
  if (added == 0) return b;
  return demand_basis(p, communes, villages, village_commune, setting);
}

std::optional<std::string> mixed_vintages(const Project& p, const DemandBasis& basis, const std::string& dep) {
  // The deprivation rate's vintage: the basis itself for "villages", else the field's or
  // table's own year where the project records one.
  std::string dep_year;
  if (dep.empty() || dep == "villages") {
    dep_year = basis.year;
  } else if (dep.rfind("commune:idp22_", 0) == 0) {
    dep_year = "2022";
  } else if (dep.rfind("commune:cdb11_", 0) == 0) {
    dep_year = "2011";
  } else if (dep.rfind("indicator:", 0) == 0) {
    const std::string table = dep.substr(10, dep.find(':', 10) == std::string::npos ? std::string::npos : dep.find(':', 10) - 10);
    for (const auto& pr : p.provenance())
      if (pr.layer == table && pr.notes.rfind("year ", 0) == 0) dep_year = pr.notes.substr(5);
  }
  if (dep_year.empty() || dep_year == basis.year) return std::nullopt;
  return "Figures mix vintages: households and poor households " + basis.short_label() + " (" + basis.year +
         "), deprivation rate " + dep + " (" + dep_year + ")";
}

}  // namespace swsplan::layers
