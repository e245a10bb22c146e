#include "app/report/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "gis/access/graph.hpp"
#include "gis/core/error.hpp"
#include "layers/access.hpp"
#include "layers/access_store.hpp"
#include "layers/codes.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

namespace swsplan::report {

using gis::VectorLayer;

std::string fmt_pct(double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f %%", v * 100);
  return b;
}

std::string fmt_num(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, std::fabs(v));
  std::string s = b, frac;
  if (auto dot = s.find('.'); dot != std::string::npos) {
    frac = s.substr(dot);
    s = s.substr(0, dot);
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out + frac;
}

std::vector<std::pair<layers::Service, layers::GapClass>> CommuneData::classes() const {
  std::vector<std::pair<layers::Service, layers::GapClass>> v;
  for (const auto& s : services)
    if (auto c = layers::parse_gap_class(s.cls)) v.emplace_back(s.service, *c);
  return v;
}

namespace {

void require_analysis(const layers::Project& p, const std::string& table) {
  if (!p.has(table))
    throw gis::InputError({p.path(), table, std::nullopt, {}},
                          "the project has no gap analysis results (table '" + table + "'): run `swsplan analyze " +
                              p.path() + "` first");
}

double num(const VectorLayer& l, const std::string& f, std::size_t i) {
  int c = l.find(f);
  if (c < 0) return NAN;
  auto v = l.columns[static_cast<std::size_t>(c)].number(i);
  return v ? *v : NAN;
}
std::string txt(const VectorLayer& l, const std::string& f, std::size_t i) {
  int c = l.find(f);
  return c < 0 ? std::string() : l.columns[static_cast<std::size_t>(c)].text(i);
}

std::map<std::string, std::string> names_by_code(const layers::Project& p, const char* layer, const char* key) {
  std::map<std::string, std::string> m;
  if (!p.has(layer)) return m;
  VectorLayer l = p.read(layer);
  if (l.find(key) < 0) return m;
  for (std::size_t i = 0; i < l.size(); ++i) m[txt(l, key, i)] = txt(l, "name_en", i);
  return m;
}

void project_meta(const layers::Project& p, std::string& name, bool& synthetic) {
  name = std::filesystem::path(p.path()).stem().string();
  synthetic = false;
  if (!p.has(layers::names::kProjectMeta)) return;
  VectorLayer m = p.read(layers::names::kProjectMeta);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const std::string k = txt(m, "key", i), v = txt(m, "value", i);
    if (k == "name" && !v.empty()) name = v;
    if (k == "synthetic" && (v == "yes" || v == "1" || v == "true")) synthetic = true;
  }
}

/// Deprivation source, analysis time and the source of households and poor households from
/// the provenance analyze wrote.
void analysis_provenance(const layers::Project& p, std::string& source, std::string& at, std::string* demand = nullptr) {
  static const std::string kDemand = "; households and poor households: ";
  for (const auto& pr : p.provenance())
    if (pr.layer == "gap_communes") {
      source = pr.notes.rfind("deprivation: ", 0) == 0 ? pr.notes.substr(13) : pr.notes;
      if (auto k = source.find(kDemand); k != std::string::npos) {
        std::string basis = source.substr(k + kDemand.size());
        // After the demand basis analyze appends "; <service>: access: ..." per service (where
        // each search came from). They belong to the provenance, not to a page's source line;
        // the basis itself may hold "; " ("via WFP PRISM; 2022"), so cut at the first access note.
        if (auto a = basis.find(": access: "); a != std::string::npos)
          if (auto cut = basis.rfind("; ", a); cut != std::string::npos) basis.resize(cut);
        if (demand) *demand = basis;
        source.resize(k);
      }
      at = pr.imported_at;
    }
}

/// The year(s) of the ID-Poor figures: from the provenance of the layer the deprivation
/// came from (year= in the notes, or a year in the source file name), else the field name
/// (idp22_... -> 2022).
std::string vintage(const layers::Project& p, const std::string& dep_source) {
  std::string layer = "villages", field;
  const auto settings = layers::analysis_settings(p);
  const std::string& src = settings.deprivation_source;
  if (src.rfind("commune:", 0) == 0) {
    layer = "communes";
    field = src.substr(8);
  } else if (src.rfind("indicator:", 0) == 0) {
    auto rest = src.substr(10);
    layer = rest.substr(0, rest.find(':'));
    if (layer.rfind(layers::names::kIndicatorPrefix, 0) != 0) layer = layers::names::kIndicatorPrefix + layer;
  }
  static const std::regex year(R"((?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$))");
  std::set<std::string> years;
  std::string files;
  for (const auto& pr : p.provenance()) {
    if (pr.layer != layer) continue;
    for (const std::string* t : {&pr.notes, &pr.source})
      for (std::sregex_iterator it(t->begin(), t->end(), year), end; it != end; ++it) years.insert((*it)[1]);
    files += (files.empty() ? "" : "; ") + std::filesystem::path(gis::split_source(pr.source).first).filename().string();
  }
  static const std::regex short_year(R"(idp(?:oor)?_?([0-9]{2})(?:[^0-9]|$))", std::regex::icase);
  std::smatch m;
  if (years.empty() && std::regex_search(field, m, short_year)) years.insert("20" + m[1].str());
  std::string y;
  for (const auto& s : years) y += (y.empty() ? "" : ", ") + s;
  const bool idpoor = settings.deprivation_source == "villages" || settings.deprivation_source.rfind("commune:", 0) == 0;
  std::string out = idpoor ? "ID-Poor " + (y.empty() ? std::string("(year not recorded)") : y)
                           : (y.empty() ? std::string("year not recorded") : y);
  out += " - " + (dep_source.empty() ? src : dep_source);
  if (!files.empty()) out += " - layer '" + layer + "' from " + files;
  return out;
}

}  // namespace

ProfileData load_profiles(const layers::Project& p, const std::vector<std::string>& pcodes_in, const std::string& district,
                          const std::string& province) {
  require_analysis(p, "gap_classes");
  require_analysis(p, "gap_communes");
  ProfileData d;
  project_meta(p, d.project_name, d.synthetic);
  analysis_provenance(p, d.deprivation_source, d.analysed_at);
  d.idpoor_vintage = vintage(p, d.deprivation_source);
  {
    // Same rule as the `swsplan analyze` summary ("poor hh" or "deprived hh").
    const auto a = layers::analysis_settings(p);
    d.deprivation_lower_is_worse = a.deprivation_lower_is_worse;
    d.counts_poor_households = !a.deprivation_lower_is_worse && (a.deprivation_source == "villages" ||
                                                                 a.deprivation_source.rfind("commune:", 0) == 0);
  }

  const VectorLayer communes = p.read(layers::names::kCommunes);
  const auto& code = communes.column("adm3_pcode");
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < communes.size(); ++i) row_of[code.text(i)] = i;

  // Which communes: the codes given, or all of a district / province (in code order).
  std::vector<std::string> want;
  for (const auto& c : pcodes_in) {
    auto pc = layers::to_pcode(c, layers::AdminLevel::Commune);
    if (!pc || !row_of.count(*pc)) throw gis::UsageError("commune '" + c + "' is not in " + p.path());
    want.push_back(*pc);
  }
  auto add_prefix = [&](const std::string& text, layers::AdminLevel level, const char* what) {
    auto pc = layers::to_pcode(text, level);
    if (!pc) throw gis::UsageError("'" + text + "' is not a " + what + " code");
    std::size_t before = want.size();
    for (const auto& [c, r] : row_of)
      if (c.rfind(*pc, 0) == 0) want.push_back(c);
    if (want.size() == before) throw gis::UsageError(std::string(what) + " '" + text + "' has no commune in " + p.path());
  };
  if (!district.empty()) add_prefix(district, layers::AdminLevel::District, "district");
  if (!province.empty()) add_prefix(province, layers::AdminLevel::Province, "province");
  if (want.empty()) throw gis::UsageError("no commune selected: give a commune code, --district or --province");

  const auto dnames = names_by_code(p, layers::names::kDistricts, "adm2_pcode");
  const auto pnames = names_by_code(p, layers::names::kProvinces, "adm1_pcode");
  const VectorLayer gc = p.read("gap_communes");
  std::map<std::string, std::size_t> gc_row;
  for (std::size_t i = 0; i < gc.size(); ++i) gc_row[txt(gc, "adm3_pcode", i)] = i;
  const VectorLayer cls = p.read("gap_classes");
  std::map<std::string, std::vector<std::size_t>> cls_rows;
  for (std::size_t i = 0; i < cls.size(); ++i) cls_rows[txt(cls, "adm3_pcode", i)].push_back(i);

  // Services analysed, with the mode and threshold analyze used.
  std::vector<layers::ServiceSettings> settings;
  for (std::size_t i = 0; i < cls.size(); ++i) {
    auto sv = layers::parse_service(txt(cls, "service", i));
    if (!sv) continue;
    if (std::any_of(settings.begin(), settings.end(), [&](const auto& s) { return s.service == *sv; })) continue;
    auto st = layers::service_settings(p, *sv);
    if (auto m = layers::parse_access_mode(txt(cls, "access_mode", i))) st.mode = *m;
    if (auto t = txt(cls, "threshold", i); !t.empty()) st.threshold = layers::Threshold::parse(t);
    settings.push_back(st);
  }
  // Nearest facility and travel per commune: the stored search of `swsplan access` while it
  // matches the project (the one analyze read), else the same search analyze ran.
  auto inputs = layers::load_access_inputs(p);
  const auto analysis = layers::analysis_settings(p);
  std::map<layers::Service, layers::ServiceAccess> acc;
  for (const auto& st : settings) {
    auto kept = layers::read_stored_access(p, inputs, st, analysis);
    acc.emplace(st.service, kept.access ? std::move(*kept.access) : layers::compute_access(inputs, st, analysis));
  }
  const int fname = inputs.facilities.find("name") >= 0 ? inputs.facilities.find("name") : inputs.facilities.find("facility_id");
  const auto& icode = inputs.communes.column("adm3_pcode");
  std::map<std::string, std::size_t> in_row;
  for (std::size_t i = 0; i < inputs.communes.size(); ++i) in_row[icode.text(i)] = i;
  std::map<std::size_t, std::vector<std::size_t>> villages_of;
  for (std::size_t v = 0; v < inputs.village_commune.size(); ++v)
    if (inputs.village_commune[v] != gis::kNoId) villages_of[inputs.village_commune[v]].push_back(v);

  for (const auto& pc : want) {
    CommuneData c;
    c.adm3_pcode = pc;
    c.row = row_of[pc];
    c.name_en = txt(communes, "name_en", c.row);
    c.name_km = txt(communes, "name_km", c.row);
    c.adm2_pcode = txt(communes, "adm2_pcode", c.row);
    if (c.adm2_pcode.empty()) c.adm2_pcode = pc.substr(0, 6);
    c.adm1_pcode = txt(communes, "adm1_pcode", c.row);
    if (c.adm1_pcode.empty()) c.adm1_pcode = pc.substr(0, 4);
    if (auto it = dnames.find(c.adm2_pcode); it != dnames.end()) c.adm2_name = it->second;
    if (auto it = pnames.find(c.adm1_pcode); it != pnames.end()) c.adm1_name = it->second;
    if (auto it = gc_row.find(pc); it != gc_row.end()) {
      c.deprivation_0_1 = num(gc, "deprivation_0_1", it->second);
      c.deprivation_flag = txt(gc, "deprivation_flag", it->second);
      if (gc.find("deprived") >= 0)
        if (auto v = gc.column("deprived").number(it->second)) c.deprived = *v != 0;
    }
    for (std::size_t i : cls_rows[pc]) {
      ServiceLine s;
      s.service_id = txt(cls, "service", i);
      auto sv = layers::parse_service(s.service_id);
      if (!sv) continue;
      s.service = *sv;
      s.cls = txt(cls, "class", i);
      s.reason = txt(cls, "reason", i);
      s.lever = txt(cls, "lever", i);
      s.threshold = txt(cls, "threshold", i);
      s.mode = txt(cls, "access_mode", i);
      s.coverage_0_1 = num(cls, "coverage_0_1", i);
      s.coverage_norm_0_1 = num(cls, "coverage_norm_0_1", i);
      s.capacity_ratio = num(cls, "capacity_ratio", i);
      s.capacity_norm = num(cls, "capacity_norm", i);
      s.deprivation_0_1 = num(cls, "deprivation_0_1", i);
      s.deprivation_threshold_0_1 = num(cls, "deprivation_threshold_0_1", i);
      s.households = num(cls, "households", i);
      s.poor_households = num(cls, "poor_households", i);
      if (d.demand_source.empty()) d.demand_source = txt(cls, "demand_source", i);
      if (!std::isfinite(c.households)) c.households = s.households;
      if (!std::isfinite(c.poor_households)) c.poor_households = s.poor_households;
      auto a = acc.find(s.service);
      auto ir = in_row.find(pc);
      if (a != acc.end() && ir != in_row.end()) {
        const auto& sa = a->second;
        s.cost_is_time = sa.cost_is_time;
        std::map<std::uint32_t, double> weight_by_facility;
        double wsum = 0, csum = 0, cmax = -1;
        bool unreachable = false;
        for (std::size_t v : villages_of[ir->second]) {
          const double w = std::isfinite(sa.weight[v]) && sa.weight[v] > 0 ? sa.weight[v] : 1.0;
          if (sa.nearest[v] != gis::kNoId) weight_by_facility[sa.nearest[v]] += w;
          if (!std::isfinite(sa.cost[v])) {
            unreachable = true;
            continue;
          }
          wsum += w;
          csum += w * sa.cost[v];
          cmax = std::max(cmax, sa.cost[v]);
        }
        const double unit = sa.cost_is_time ? 60.0 : 1000.0;
        if (wsum > 0) s.mean_cost = csum / wsum / unit;
        if (cmax >= 0) s.max_cost = unreachable ? INFINITY : cmax / unit;
        std::uint32_t best = gis::kNoId;
        double bw = -1;
        for (const auto& [f, w] : weight_by_facility)
          if (w > bw) bw = w, best = f;
        if (best != gis::kNoId && fname >= 0) s.nearest_facility = inputs.facilities.columns[static_cast<std::size_t>(fname)].text(best);
      }
      c.services.push_back(std::move(s));
    }
    d.communes.push_back(std::move(c));
  }
  return d;
}

BriefData load_brief(const layers::Project& p, const std::string& province) {
  require_analysis(p, "district_priority");
  BriefData b;
  project_meta(p, b.project_name, b.synthetic);
  analysis_provenance(p, b.deprivation_source, b.analysed_at, &b.demand_source);
  {
    const auto a = layers::analysis_settings(p);
    b.counts_poor_households = !a.deprivation_lower_is_worse && (a.deprivation_source == "villages" ||
                                                                 a.deprivation_source.rfind("commune:", 0) == 0);
  }
  const VectorLayer dp = p.read("district_priority");
  b.total_districts = dp.size();
  for (const auto& c : dp.columns)
    if (c.name.rfind("poor_in_gap_", 0) == 0) b.services.push_back(c.name.substr(12));
  for (const auto& sv : b.services) {
    const auto& c = dp.column("poor_in_gap_" + sv);
    double mn = INFINITY, mx = -INFINITY;
    for (std::size_t i = 0; i < dp.size(); ++i)
      if (auto v = c.number(i)) mn = std::min(mn, *v), mx = std::max(mx, *v);
    b.comp_min.push_back(mn);
    b.comp_max.push_back(mx);
  }
  std::string prov;
  if (!province.empty()) {
    auto pc = layers::to_pcode(province, layers::AdminLevel::Province);
    if (!pc) throw gis::UsageError("'" + province + "' is not a province code");
    prov = *pc;
  }
  std::map<std::string, std::string> province_name;  // a donor reads districts by province
  if (p.has("provinces")) {
    const VectorLayer pv = p.read("provinces");
    if (pv.find("adm1_pcode") >= 0 && pv.find("name_en") >= 0)
      for (std::size_t i = 0; i < pv.size(); ++i) province_name[txt(pv, "adm1_pcode", i)] = txt(pv, "name_en", i);
  }
  for (std::size_t i = 0; i < dp.size(); ++i) {
    DistrictRow r;
    r.adm2_pcode = txt(dp, "adm2_pcode", i);
    if (!prov.empty() && r.adm2_pcode.rfind(prov, 0) != 0) continue;
    r.adm1_pcode = r.adm2_pcode.substr(0, 4);
    if (auto it = province_name.find(r.adm1_pcode); it != province_name.end()) r.adm1_name = it->second;
    r.name = txt(dp, "name_en", i);
    r.index = num(dp, "priority_index", i);
    r.rank = static_cast<int>(num(dp, "rank", i));
    r.rank_min = static_cast<int>(num(dp, "rank_min", i));
    r.rank_max = static_cast<int>(num(dp, "rank_max", i));
    for (const auto& s : b.services) r.component.push_back(num(dp, "poor_in_gap_" + s, i));
    b.districts.push_back(std::move(r));
  }
  if (!prov.empty() && b.districts.empty()) throw gis::UsageError("province '" + province + "' has no district in " + p.path());
  std::sort(b.districts.begin(), b.districts.end(), [](const auto& x, const auto& y) {
    return x.rank != y.rank ? x.rank < y.rank : x.adm2_pcode < y.adm2_pcode;
  });
  return b;
}

}  // namespace swsplan::report
