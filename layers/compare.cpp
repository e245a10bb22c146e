#include "layers/compare.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/access.hpp"
#include "layers/pwp.hpp"
#include "layers/services.hpp"
#include "layers/siting.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

using gis::VectorLayer;

std::string compare_layer_name(const std::string& a, const std::string& b) {
  std::string n = "compare_" + a + "_" + b;
  std::replace(n.begin(), n.end(), ':', '_');
  return n;
}

namespace {

std::string fmt(double v, int prec) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}

std::string signed_fmt(double v, int prec) {
  if (!std::isfinite(v)) return "n/a";
  return (v > 0 ? "+" : "") + fmt(v == 0 ? 0.0 : v, prec);
}

// Per-commune sums of one operand.
struct Sums {
  double hh = 0, poor = 0, cov_hh = 0, cov_poor = 0, cost = 0, cost_w = 0;
};
struct Profile {
  std::string kind, unit, service;
  std::map<std::string, Sums> commune;  // adm3_pcode -> sums
  std::string season;                   // access scenarios
  double hh_no_cost = 0;                // access scenarios: households without a travel cost
};

double pos(const gis::Column& c, std::size_t i) {
  auto v = c.number(i);
  return v && std::isfinite(*v) && *v > 0 ? *v : 0.0;
}

Profile load(const Project& project, const std::vector<ScenarioRow>& rows, const std::string& operand,
             const CompareOptions& opt) {
  std::string name = operand;
  bool before = false;
  if (auto k = operand.find(':'); k != std::string::npos) {
    if (operand.substr(k + 1) != "before")
      throw gis::UsageError("'" + operand + "': a scenario is NAME or NAME:before (a PWP scenario without its works)");
    name = operand.substr(0, k);
    before = true;
  }
  const ScenarioRow* row = nullptr;
  for (const auto& r : rows)
    if (r.name == name) row = &r;
  if (!row) throw gis::UsageError("no scenario '" + name + "' in " + project.path() + " (see `swsplan scenarios`)");
  Profile P;
  if (row->model == kAccessModel) {
    if (before)
      throw gis::UsageError("'" + operand + "': ':before' applies to PWP scenarios; " + name + " is an access scenario");
    P.kind = "access";
    const auto t = project.read(access_scenario_layer(name, "villages"));
    const bool time = t.find("time_min") >= 0;
    P.unit = time ? "min" : "km";
    if (row->settings.is_object()) {
      if (row->settings.contains("service") && row->settings["service"].is_string())
        P.service = row->settings["service"].get<std::string>();
      if (row->settings.contains("season") && row->settings["season"].is_object() &&
          row->settings["season"].contains("name") && row->settings["season"]["name"].is_string())
        P.season = row->settings["season"]["name"].get<std::string>();
    }
    if (!opt.service.empty() && !P.service.empty() && opt.service != P.service)
      throw gis::UsageError("access scenario " + name + " is for service '" + P.service + "', not '" + opt.service +
                            "'");
    const auto& pc = t.column("adm3_pcode");
    const auto& hh = t.column("households");
    const auto& poor = t.column("poor_hh");
    const auto& tm = t.column(time ? "time_min" : "distance_km");
    const auto& wi = t.column("within_threshold");
    for (std::size_t i = 0; i < t.size(); ++i) {
      auto& s = P.commune[pc.text(i)];
      const double h = pos(hh, i), p = pos(poor, i);
      s.hh += h, s.poor += p;
      if (wi.number(i).value_or(0) != 0) s.cov_hh += h, s.cov_poor += p;
      if (auto c = tm.number(i); c && std::isfinite(*c))
        s.cost += h * *c, s.cost_w += h;
      else
        P.hh_no_cost += h;
    }
    return P;
  }
  if (row->model == kPwpModel) {
    P.kind = "pwp";
    P.unit = "min";
    const auto t = project.read(pwp_layer(name, "villages"));
    const auto& sv = t.column("service");
    std::vector<std::string> stored;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (std::find(stored.begin(), stored.end(), sv.text(i)) == stored.end()) stored.push_back(sv.text(i));
    if (stored.empty()) throw gis::InputError({project.path(), t.name, std::nullopt, "service"}, "no rows");
    P.service = opt.service.empty() ? stored.front() : opt.service;
    if (std::find(stored.begin(), stored.end(), P.service) == stored.end()) {
      std::string all;
      for (const auto& s : stored) all += (all.empty() ? "" : ", ") + s;
      throw gis::UsageError("PWP scenario " + name + " has no service '" + P.service + "'; it holds: " + all);
    }
    const auto& pc = t.column("adm3_pcode");
    const auto& hh = t.column("households");
    const auto& poor = t.column("poor_hh");
    const auto& tm = t.column(before ? "time_min_before" : "time_min_after");
    const auto& wi = t.column(before ? "within_before" : "within_after");
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (sv.text(i) != P.service) continue;
      auto& s = P.commune[pc.text(i)];
      const double h = pos(hh, i), p = pos(poor, i);
      s.hh += h, s.poor += p;
      if (wi.number(i).value_or(0) != 0) s.cov_hh += h, s.cov_poor += p;
      if (auto c = tm.number(i); c && std::isfinite(*c)) s.cost += h * *c, s.cost_w += h;
    }
    return P;
  }
  if (before)
    throw gis::UsageError("'" + operand + "': ':before' applies to PWP scenarios; " + name + " is a siting scenario");
  P.kind = "siting";
  P.unit = "km";
  const auto t = project.read(scenario_layer(name, "assignment"));
  const auto villages = project.read(names::kVillages);
  const auto offices = project.read(scenario_layer(name, "offices"));
  // Nearest-office distance: straight line in the project's metric CRS from every village to
  // the nearest office of the scenario (existing and new). The assignment table's cost is
  // only known within the model's search radius, so it would bias a mean.
  const std::string metric = gis::metric_crs_for(project.read(names::kCommunes).extent());
  std::vector<double> ox(offices.size(), NAN), oy(offices.size(), NAN);
  for (std::size_t j = 0; j < offices.size(); ++j)
    if (auto xy = offices.geom.first_xy(j)) ox[j] = xy->first, oy[j] = xy->second;
  gis::Transformer(offices.crs, metric).transform(ox, oy);
  std::vector<double> vx(villages.size(), NAN), vy(villages.size(), NAN);
  for (std::size_t i = 0; i < villages.size(); ++i)
    if (auto xy = villages.geom.first_xy(i)) vx[i] = xy->first, vy[i] = xy->second;
  gis::Transformer(villages.crs, metric).transform(vx, vy);
  struct Vil {
    double hh = 0, poor = 0, near_km = NAN;
  };
  std::map<std::string, Vil> vil;  // vil_code -> households, poor, nearest office
  {
    const auto& vc = villages.column("vil_code");
    const int hi = villages.find("households"), pi = villages.find("poor_hh");
    for (std::size_t i = 0; i < villages.size(); ++i) {
      Vil v;
      v.hh = hi >= 0 ? pos(villages.columns[static_cast<std::size_t>(hi)], i) : 0.0;
      v.poor = pi >= 0 ? pos(villages.columns[static_cast<std::size_t>(pi)], i) : 0.0;
      double best = INFINITY;
      for (std::size_t j = 0; j < offices.size(); ++j)
        if (std::isfinite(ox[j])) best = std::min(best, std::hypot(vx[i] - ox[j], vy[i] - oy[j]));
      if (std::isfinite(best)) v.near_km = best / 1000.0;
      vil[vc.text(i)] = v;
    }
  }
  const auto& vc = t.column("vil_code");
  const auto& pc = t.column("adm3_pcode");
  const auto& within = t.column("within");
  const bool stored_counts = t.find("households") >= 0 && t.find("poor_hh") >= 0;
  const gis::Column* stored_hh = stored_counts ? &t.column("households") : nullptr;
  const gis::Column* stored_poor = stored_counts ? &t.column("poor_hh") : nullptr;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto& s = P.commune[pc.text(i)];
    auto it = vil.find(vc.text(i));
    Vil v = it == vil.end() ? Vil{} : it->second;
    // The run's own demand (its demand basis) where the scenario stored it; scenarios stored
    // before that fall back to the villages layer's counts.
    if (stored_counts) v.hh = pos(*stored_hh, i), v.poor = pos(*stored_poor, i);
    s.hh += v.hh, s.poor += v.poor;
    if (within.number(i).value_or(0) != 0) s.cov_hh += v.hh, s.cov_poor += v.poor;
    if (std::isfinite(v.near_km)) s.cost += v.hh * v.near_km, s.cost_w += v.hh;
  }
  return P;
}

void fill(CompareRow& r, const Sums& a, const Sums& b, bool same_unit) {
  r.households = std::max(a.hh, b.hh);
  r.poor_households = std::max(a.poor, b.poor);
  r.covered_households_a = a.cov_hh, r.covered_households_b = b.cov_hh;
  r.diff_covered_households = b.cov_hh - a.cov_hh;
  r.covered_poor_a = a.cov_poor, r.covered_poor_b = b.cov_poor;
  r.diff_covered_poor = b.cov_poor - a.cov_poor;
  r.access_a = a.cost_w > 0 ? a.cost / a.cost_w : NAN;
  r.access_b = b.cost_w > 0 ? b.cost / b.cost_w : NAN;
  r.diff_access = same_unit ? r.access_b - r.access_a : NAN;
}

void add(Sums& t, const Sums& s) {
  t.hh += s.hh, t.poor += s.poor, t.cov_hh += s.cov_hh, t.cov_poor += s.cov_poor, t.cost += s.cost,
      t.cost_w += s.cost_w;
}

struct Cols {
  gis::Column level{"level", gis::FieldType::String}, code{"code", gis::FieldType::String},
              name{"name", gis::FieldType::String}, adm2{"adm2_pcode", gis::FieldType::String},
              hh{"households", gis::FieldType::Real}, poor{"poor_households", gis::FieldType::Real},
              cha{"covered_households_a", gis::FieldType::Real},
              chb{"covered_households_b", gis::FieldType::Real},
              chd{"diff_covered_households", gis::FieldType::Real},
              cpa{"covered_poor_a", gis::FieldType::Real}, cpb{"covered_poor_b", gis::FieldType::Real},
              cpd{"diff_covered_poor", gis::FieldType::Real}, aa{"access_a", gis::FieldType::Real},
              ab{"access_b", gis::FieldType::Real}, ad{"diff_access", gis::FieldType::Real},
              au{"access_unit", gis::FieldType::String};
  void push(const CompareRow& r, const std::string& unit) {
    auto real = [](gis::Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); };
    level.push(r.level), code.push(r.code), name.push(r.name), adm2.push(r.adm2_pcode);
    real(hh, r.households), real(poor, r.poor_households);
    real(cha, r.covered_households_a), real(chb, r.covered_households_b), real(chd, r.diff_covered_households);
    real(cpa, r.covered_poor_a), real(cpb, r.covered_poor_b), real(cpd, r.diff_covered_poor);
    real(aa, r.access_a), real(ab, r.access_b), real(ad, r.diff_access);
    au.push(unit);
  }
  std::vector<gis::Column> all() const { return {level, code, name, adm2, hh, poor, cha, chb, chd, cpa, cpb, cpd, aa, ab, ad, au}; }
};

nlohmann::ordered_json row_json(const CompareRow& r) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  return {{"level", r.level},
          {"code", r.code},
          {"name", r.name},
          {"adm2_pcode", r.adm2_pcode},
          {"households", num(r.households)},
          {"poor_households", num(r.poor_households)},
          {"covered_households_a", num(r.covered_households_a)},
          {"covered_households_b", num(r.covered_households_b)},
          {"diff_covered_households", num(r.diff_covered_households)},
          {"covered_poor_a", num(r.covered_poor_a)},
          {"covered_poor_b", num(r.covered_poor_b)},
          {"diff_covered_poor", num(r.diff_covered_poor)},
          {"access_a", num(r.access_a)},
          {"access_b", num(r.access_b)},
          {"diff_access", num(r.diff_access)}};
}

}  // namespace

ScenarioDiff compare_scenarios_full(const Project& project, const std::string& a, const std::string& b,
                                    const CompareOptions& opt) {
  const auto rows = list_scenarios(project);
  const Profile A = load(project, rows, a, opt), B = load(project, rows, b, opt);
  ScenarioDiff D;
  D.a = a, D.b = b, D.kind_a = A.kind, D.kind_b = B.kind;
  const bool same_unit = A.unit == B.unit;
  D.access_unit = same_unit ? A.unit : A.unit + " vs " + B.unit;
  if (!same_unit)
    D.notes.push_back("access is in " + A.unit + " for " + a + " and in " + B.unit + " for " + b +
                      ": its difference is not computed");
  D.service = !A.service.empty() ? A.service : B.service;
  if (!A.service.empty() && !B.service.empty() && A.service != B.service)
    D.notes.push_back("the operands compare different services: " + A.service + " and " + B.service);
  if (A.kind != B.kind && (A.kind == "access" || B.kind == "access"))
    D.notes.push_back("an access scenario measures travel to the service over its own surface (" +
                      std::string(A.kind == "access" ? a : b) + "), the other operand is a " +
                      (A.kind == "access" ? B.kind : A.kind) + " scenario: read the difference with care");
  else if (A.kind != B.kind)
    D.notes.push_back("a siting scenario counts villages within reach of a Single Window office, a PWP scenario within "
                      "reach of the service '" + D.service + "': read the difference with care");

  for (const auto* P : {&A, &B}) {
    if (P->kind != "access") continue;
    const std::string& n = P == &A ? a : b;
    if (!P->season.empty() && P->season != "dry")
      D.notes.push_back(n + " is a " + P->season + "-season access scenario");
    if (P->hh_no_cost > 0)
      D.notes.push_back(n + ": " + fmt(P->hh_no_cost, 0) +
                        " households have no travel cost (cut off from every facility): they count as not covered "
                        "and are left out of the mean access cost");
  }
  const auto communes = project.read(names::kCommunes);
  const auto& cp = communes.column("adm3_pcode");
  const int cn = communes.find("name_en"), c2 = communes.find("adm2_pcode");
  std::map<std::string, std::string> dname;
  if (project.has(names::kDistricts)) {
    auto d = project.read(names::kDistricts);
    if (d.find("adm2_pcode") >= 0 && d.find("name_en") >= 0)
      for (std::size_t r = 0; r < d.size(); ++r) dname[d.column("adm2_pcode").text(r)] = d.column("name_en").text(r);
  }
  std::map<std::string, std::pair<Sums, Sums>> dist;
  Sums ta, tb;
  const Sums zero;
  for (std::size_t c = 0; c < communes.size(); ++c) {
    CompareRow r;
    r.level = "commune";
    r.code = cp.text(c);
    r.name = cn >= 0 ? communes.columns[static_cast<std::size_t>(cn)].text(c) : std::string();
    r.adm2_pcode = c2 >= 0 ? communes.columns[static_cast<std::size_t>(c2)].text(c) : r.code.substr(0, 6);
    auto ia = A.commune.find(r.code);
    auto ib = B.commune.find(r.code);
    if (ia == A.commune.end() && ib == B.commune.end()) continue;  // outside both scenarios (e.g. other provinces)
    const Sums& sa = ia == A.commune.end() ? zero : ia->second;
    const Sums& sb = ib == B.commune.end() ? zero : ib->second;
    fill(r, sa, sb, same_unit);
    auto& d = dist[r.adm2_pcode];
    add(d.first, sa), add(d.second, sb), add(ta, sa), add(tb, sb);
    D.communes.push_back(std::move(r));
  }
  for (auto& [code, s] : dist) {
    CompareRow r;
    r.level = "district";
    r.code = code;
    r.adm2_pcode = code;
    r.name = dname.count(code) ? dname[code] : std::string();
    fill(r, s.first, s.second, same_unit);
    D.districts.push_back(std::move(r));
  }
  D.total.level = "total";
  D.total.name = "all";
  fill(D.total, ta, tb, same_unit);

  // Difference layer: polygons of the communes in scope with the commune rows' fields.
  std::vector<std::size_t> in_scope;
  for (std::size_t c = 0; c < communes.size(); ++c)
    if (A.commune.count(cp.text(c)) || B.commune.count(cp.text(c))) in_scope.push_back(c);
  VectorLayer L = gis::select_rows(communes, in_scope);
  L.name = compare_layer_name(a, b);
  L.columns.clear();
  Cols k;
  for (const auto& r : D.communes) k.push(r, D.access_unit);
  L.columns = k.all();
  L.columns.erase(L.columns.begin());  // every row is a commune: no level column
  D.difference_layer = std::move(L);
  return D;
}

VectorLayer ScenarioDiff::table() const {
  VectorLayer t;
  t.name = compare_layer_name(a, b) + "_table";
  Cols k;
  auto row = [&](const CompareRow& r) {
    t.fids.push_back(static_cast<std::int64_t>(t.fids.size() + 1));
    t.geom.add_empty_feature();
    k.push(r, access_unit);
  };
  for (const auto& r : communes) row(r);
  for (const auto& r : districts) row(r);
  row(total);
  t.columns = k.all();
  return t;
}

nlohmann::ordered_json ScenarioDiff::to_json() const {
  nlohmann::ordered_json j;
  j["a"] = a;
  j["b"] = b;
  j["kind_a"] = kind_a;
  j["kind_b"] = kind_b;
  j["service"] = service;
  j["access_unit"] = access_unit;
  j["difference"] = "b - a";
  j["difference_layer"] = difference_layer.name;
  j["total"] = row_json(total);
  auto& ds = j["districts"] = nlohmann::ordered_json::array();
  for (const auto& r : districts) ds.push_back(row_json(r));
  auto& cs = j["communes"] = nlohmann::ordered_json::array();
  for (const auto& r : communes) cs.push_back(row_json(r));
  j["notes"] = notes;
  return j;
}

std::string ScenarioDiff::to_text() const {
  std::ostringstream o;
  o << "Scenario " << b << " compared with " << a << " (differences are " << b << " - " << a << ")";
  if (!service.empty()) o << ", service " << service;
  o << "\n";
  o << "  " << std::left << std::setw(9) << "district" << std::setw(20) << "name" << std::right << std::setw(10)
    << "poor" << std::setw(11) << "cov.poor A" << std::setw(11) << "cov.poor B" << std::setw(10) << "diff"
    << std::setw(11) << "access A" << std::setw(11) << "access B" << std::setw(9) << "diff" << "  (" << access_unit
    << ")\n";
  auto line = [&](const CompareRow& r) {
    o << "  " << std::left << std::setw(9) << (r.code.empty() ? std::string("total") : r.code) << std::setw(20)
      << r.name.substr(0, 19) << std::right << std::setw(10) << fmt(r.poor_households, 0) << std::setw(11)
      << fmt(r.covered_poor_a, 0) << std::setw(11) << fmt(r.covered_poor_b, 0) << std::setw(10)
      << signed_fmt(r.diff_covered_poor, 0) << std::setw(11) << fmt(r.access_a, 1) << std::setw(11)
      << fmt(r.access_b, 1) << std::setw(9) << signed_fmt(r.diff_access, 1) << "\n";
  };
  for (const auto& r : districts) line(r);
  line(total);
  o << "  covered households: " << fmt(total.covered_households_a, 0) << " -> " << fmt(total.covered_households_b, 0)
    << " (" << signed_fmt(total.diff_covered_households, 0) << ")\n";
  for (const auto& n : notes) o << "  note: " << n << "\n";
  return o.str();
}

ScenarioDiff run_and_store_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                   const CompareOptions& options, gis::Progress& progress) {
  progress.report(0.05, "comparing " + a + " with " + b);
  StoreOptions so;
  so.verb = "compare";
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto d = compare_scenarios_full(project, a, b, options);
    progress.report(0.8, "storing " + d.difference_layer.name);
    w.put(d.difference_layer, d.difference_layer.name);
    return d;
  });
}

}  // namespace swsplan::layers
