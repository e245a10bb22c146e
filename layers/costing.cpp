#include "layers/costing.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "gis/core/error.hpp"
#include "layers/access.hpp"
#include "layers/scenarios.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"
#include "layers/siting.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

namespace {

// Key -> member, in documentation order.
const std::vector<std::pair<const char*, double CostingSettings::*>>& members() {
  static const std::vector<std::pair<const char*, double CostingSettings::*>> m = {
      {"office_setup_usd", &CostingSettings::office_setup_usd},
      {"office_running_usd_per_year", &CostingSettings::office_running_usd_per_year},
      {"van_purchase_usd", &CostingSettings::van_purchase_usd},
      {"van_running_usd_per_year", &CostingSettings::van_running_usd_per_year},
      {"van_usd_per_visit_day", &CostingSettings::van_usd_per_visit_day},
      {"working_days_per_year", &CostingSettings::working_days_per_year},
      {"poverty_line_usd_per_person_month", &CostingSettings::poverty_line_usd_per_person_month},
      {"poorest_quintile_usd_per_person_month", &CostingSettings::poorest_quintile_usd_per_person_month},
      {"transfer_share_of_gap_0_1", &CostingSettings::transfer_share_of_gap_0_1},
      {"hef_usd_per_person_year", &CostingSettings::hef_usd_per_person_year},
      {"hef_low_usd_per_person_year", &CostingSettings::hef_low_usd_per_person_year},
      {"hef_high_usd_per_person_year", &CostingSettings::hef_high_usd_per_person_year},
      {"pwp_usd_per_person_day", &CostingSettings::pwp_usd_per_person_day},
      {"pwp_wage_usd_per_person_day", &CostingSettings::pwp_wage_usd_per_person_day},
      {"pwp_labour_days_per_km_new", &CostingSettings::pwp_labour_days_per_km_new},
      {"pwp_labour_days_per_km_upgrade", &CostingSettings::pwp_labour_days_per_km_upgrade},
  };
  return m;
}

gis::InputError bad(const std::string& key, const std::string& why) {
  return gis::InputError({{}, "swsplan_settings", std::nullopt, std::string(kCostingKey) + "." + key}, why);
}

std::string fmt(double v, int prec) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(prec) << v;
  return o.str();
}

// Shortest text that round-trips well enough for a formula ("18.3", "0.2", "25000").
std::string g(double v) {
  std::ostringstream o;
  o << std::setprecision(10) << v;
  return o.str();
}

}  // namespace

nlohmann::ordered_json CostingSettings::to_json() const {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, m] : members()) j[k] = this->*m;
  return j;
}

CostingSettings CostingSettings::from_json(const nlohmann::json& j) {
  CostingSettings s;
  if (j.is_null()) return s;
  if (!j.is_object()) throw gis::InputError({{}, "swsplan_settings", std::nullopt, kCostingKey}, "must be a JSON object");
  for (const auto& [k, v] : j.items()) {
    auto it = std::find_if(members().begin(), members().end(), [&](const auto& p) { return k == p.first; });
    if (it == members().end()) {
      std::string all;
      for (const auto& p : members()) all += (all.empty() ? "" : ", ") + std::string(p.first);
      throw bad(k, "unknown setting; known: " + all);
    }
    if (!v.is_number()) throw bad(k, "wrong type: '" + v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "', expected a number");
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < 0)
      throw bad(k, "must be a number >= 0, not " + v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    s.*(it->second) = x;
  }
  if (!(s.working_days_per_year > 0 && s.working_days_per_year <= 366))
    throw bad("working_days_per_year", "must be within (0, 366]");
  if (s.transfer_share_of_gap_0_1 > 1) throw bad("transfer_share_of_gap_0_1", "must be within 0-1");
  if (s.poorest_quintile_usd_per_person_month > s.poverty_line_usd_per_person_month)
    throw bad("poorest_quintile_usd_per_person_month", "must not exceed poverty_line_usd_per_person_month (" +
                                                           g(s.poverty_line_usd_per_person_month) + ")");
  if (s.pwp_wage_usd_per_person_day > s.pwp_usd_per_person_day)
    throw bad("pwp_wage_usd_per_person_day",
              "the wage is part of the all-in day cost: must not exceed pwp_usd_per_person_day (" +
                  g(s.pwp_usd_per_person_day) + ")");
  if (s.hef_low_usd_per_person_year > s.hef_high_usd_per_person_year)
    throw bad("hef_low_usd_per_person_year", "must not exceed hef_high_usd_per_person_year");
  if (s.hef_usd_per_person_year < s.hef_low_usd_per_person_year ||
      s.hef_usd_per_person_year > s.hef_high_usd_per_person_year)
    throw bad("hef_usd_per_person_year", "must lie within the range hef_low_usd_per_person_year - "
                                         "hef_high_usd_per_person_year (" +
                                             g(s.hef_low_usd_per_person_year) + " - " +
                                             g(s.hef_high_usd_per_person_year) + ")");
  return s;
}

const std::vector<std::pair<std::string, std::string>>& costing_sources() {
  static const std::vector<std::pair<std::string, std::string>> s = {
      {"office_setup_usd", "assumption to review: fit-out of a room in a district or commune hall, computers, "
                           "furniture, connectivity"},
      {"office_running_usd_per_year", "assumption to review: 3-4 staff at civil-service pay plus utilities"},
      {"van_purchase_usd", "assumption to review: an equipped minivan, import price"},
      {"van_running_usd_per_year", "assumption to review: driver, fuel, maintenance, insurance"},
      {"van_usd_per_visit_day", "assumption to review: per diems and consumables of a team on a commune visit"},
      {"working_days_per_year", "assumption to review: 5 days x 48 weeks"},
      {"poverty_line_usd_per_person_month", "issue 7 figure quoted by planners (original publication not yet "
                                            "cited): assumption to review"},
      {"poorest_quintile_usd_per_person_month", "issue 7 figure quoted by planners (consumption of the poorest "
                                                "quintile; original publication not yet cited): assumption to review"},
      {"transfer_share_of_gap_0_1", "issue 7 default (ILO Rapid Assessment Protocol style: a transfer closing part "
                                    "of the poverty gap): assumption to review"},
      {"hef_usd_per_person_year", "issue 7 range 3.2-4.5 USD per person per year (Health Equity Fund); default = "
                                  "middle of the range; original publication not yet cited"},
      {"hef_low_usd_per_person_year", "issue 7 range, lower end"},
      {"hef_high_usd_per_person_year", "issue 7 range, upper end"},
      {"pwp_usd_per_person_day", "issue 7 figure: 8.5 USD per person-day all-in (wage, tools, materials, "
                                 "supervision); original publication not yet cited"},
      {"pwp_wage_usd_per_person_day", "issue 7 figure: 2.5 USD wage per person-day, part of the all-in cost"},
      {"pwp_labour_days_per_km_new", "assumption to review: order of magnitude of labour-based construction of "
                                     "a rural earth/laterite road (thousands of person-days per km)"},
      {"pwp_labour_days_per_km_upgrade", "assumption to review: half of a new road (regravelling, drainage, "
                                         "widening of an existing track)"},
  };
  return s;
}

CostingSettings costing_settings(const Project& project) {
  return CostingSettings::from_json(project.setting(kCostingKey));
}

std::string cost_table_name(const std::string& scenario) {
  return scenario.empty() ? std::string("cost_gap") : "cost_" + scenario;
}

CostTable cost_from_inputs(const CostInputs& in, const CostingSettings& s) {
  CostTable T;
  T.scenario = in.scenario;
  T.kind = in.kind;
  T.settings = s;
  T.inputs = in;
  T.notes = in.notes;
  auto add = [&](std::string item, std::string label, std::string period, double q, std::string qu, double unit,
                 std::string basis) {
    CostLine l;
    l.item = std::move(item);
    l.label = std::move(label);
    l.period = std::move(period);
    l.quantity = q;
    l.quantity_unit = std::move(qu);
    l.unit_cost_usd = unit;
    l.total_usd = q * unit;
    l.low_usd = l.high_usd = l.total_usd;
    l.basis = std::move(basis);
    T.lines.push_back(std::move(l));
    return &T.lines.back();
  };
  if (in.kind == "siting") {
    add("office_setup", "New offices: set-up", "one_off", in.new_offices, "offices", s.office_setup_usd,
        "new offices x office_setup_usd");
    add("office_running", "New offices: running", "per_year", in.new_offices, "offices", s.office_running_usd_per_year,
        "new offices x office_running_usd_per_year");
    add("van_purchase", "Mobile vans: purchase", "one_off", in.vans, "vans", s.van_purchase_usd,
        "vans x van_purchase_usd");
    add("van_running", "Mobile vans: running", "per_year", in.vans, "vans", s.van_running_usd_per_year,
        "vans x van_running_usd_per_year");
    const double cycles = in.van_cycle_days > 0 ? s.working_days_per_year / in.van_cycle_days : 0.0;
    const double days = in.van_visit_days_per_cycle * cycles;
    add("van_visit_days", "Mobile vans: days in communes", "per_year", days, "van-days/year", s.van_usd_per_visit_day,
        g(in.van_visit_days_per_cycle) + " visit days per cycle x (" + g(s.working_days_per_year) + " working days / " +
            g(in.van_cycle_days) + " cycle days) x van_usd_per_visit_day");
  }
  const double pph = in.persons_per_household;
  const double per_person = s.transfer_usd_per_person_year();
  // Demand-side lines belong to siting scenarios and the gap analysis, not to road works
  // (they would swamp a road's cost per household reached).
  if (in.kind != "pwp") {
  add("cash_transfer", "Cash transfers (unaffordable communes)", "per_year", in.poor_households_unaffordable * pph,
      "people", per_person,
      "poor households of communes classed unaffordable for >= 1 service (" + fmt(in.poor_households_unaffordable, 0) +
          ") x " + g(pph) + " persons per household; per person " + g(s.transfer_share_of_gap_0_1) + " x (" +
          g(s.poverty_line_usd_per_person_month) + " - " + g(s.poorest_quintile_usd_per_person_month) + ") x 12 = " +
          fmt(per_person, 2) + " USD/year");
  auto* hef = add("hef", "Health Equity Fund (health-unaffordable communes)", "per_year",
                  in.poor_households_health_unaffordable * pph, "people", s.hef_usd_per_person_year,
                  "poor households of communes classed unaffordable for health_centre (" +
                      fmt(in.poor_households_health_unaffordable, 0) + ") x " + g(pph) + " persons per household x " +
                      g(s.hef_usd_per_person_year) + " USD/person/year (range " + g(s.hef_low_usd_per_person_year) +
                      "-" + g(s.hef_high_usd_per_person_year) + ")");
  hef->low_usd = hef->quantity * s.hef_low_usd_per_person_year;
  hef->high_usd = hef->quantity * s.hef_high_usd_per_person_year;
  }
  if (in.kind == "pwp" || in.pwp_km_new > 0 || in.pwp_km_upgrade > 0) {
    const double days = in.pwp_km_new * s.pwp_labour_days_per_km_new + in.pwp_km_upgrade * s.pwp_labour_days_per_km_upgrade;
    add("pwp_labour", "PWP road works: labour", "one_off", days, "person-days", s.pwp_usd_per_person_day,
        fmt(in.pwp_km_new, 3) + " km new x " + g(s.pwp_labour_days_per_km_new) + " + " + fmt(in.pwp_km_upgrade, 3) +
            " km upgrade x " + g(s.pwp_labour_days_per_km_upgrade) + " person-days/km; of the " +
            g(s.pwp_usd_per_person_day) + " USD/day, " + g(s.pwp_wage_usd_per_person_day) + " is wage (" +
            fmt(days * s.pwp_wage_usd_per_person_day, 0) + " USD in wages)");
  }
  for (const auto& l : T.lines) (l.period == "one_off" ? T.one_off_usd : T.per_year_usd) += l.total_usd;
  T.first_year_usd = T.one_off_usd + T.per_year_usd;
  T.poor_households_reached = in.poor_households_reached;
  T.poor_households_reached_total = in.poor_households_reached_total;
  T.reached_basis = in.reached_basis;
  T.usd_per_poor_household_first_year = in.poor_households_reached > 0 ? T.first_year_usd / in.poor_households_reached : NAN;
  T.usd_per_poor_household_per_year = in.poor_households_reached > 0 ? T.per_year_usd / in.poor_households_reached : NAN;
  return T;
}

gis::VectorLayer CostTable::table() const {
  gis::VectorLayer t;
  t.name = cost_table_name(scenario);
  gis::Column item("item", gis::FieldType::String), ikind("item_kind", gis::FieldType::String),
              label("label", gis::FieldType::String), period("period", gis::FieldType::String),
              q("quantity", gis::FieldType::Real), qu("quantity_unit", gis::FieldType::String),
              unit("unit_cost_usd", gis::FieldType::Real), total("total_usd", gis::FieldType::Real),
              low("low_usd", gis::FieldType::Real), high("high_usd", gis::FieldType::Real),
              ratio("usd_per_poor_household", gis::FieldType::Real),
              rlow("usd_per_poor_household_low", gis::FieldType::Real),
              rhigh("usd_per_poor_household_high", gis::FieldType::Real), basis("basis", gis::FieldType::String);
  auto real = [](gis::Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); };
  // USD amounts go to total/low/high, ratios to usd_per_poor_household*: never one column.
  auto row = [&](const std::string& kind, const CostLine& l, double r, double rl, double rh) {
    t.fids.push_back(static_cast<std::int64_t>(t.fids.size() + 1));
    t.geom.add_empty_feature();
    item.push(l.item);
    ikind.push(kind);
    label.push(l.label);
    period.push(l.period);
    real(q, l.quantity);
    qu.push(l.quantity_unit);
    real(unit, l.unit_cost_usd);
    real(total, l.total_usd);
    real(low, l.low_usd);
    real(high, l.high_usd);
    real(ratio, r);
    real(rlow, rl);
    real(rhigh, rh);
    basis.push(l.basis);
  };
  for (const auto& l : lines) row("line", l, NAN, NAN, NAN);
  double lo1 = 0, hi1 = 0, loy = 0, hiy = 0;
  for (const auto& l : lines) (l.period == "one_off" ? lo1 : loy) += l.low_usd, (l.period == "one_off" ? hi1 : hiy) += l.high_usd;
  auto other = [&](const char* kind, const char* id, const std::string& lab, const char* per, double v, double lo,
                   double hi, double qv, const std::string& qunit, const std::string& b, double r = NAN, double rl = NAN,
                   double rh = NAN) {
    CostLine l;
    l.item = id;
    l.label = lab;
    l.period = per;
    l.quantity = qv;
    l.quantity_unit = qunit;
    l.unit_cost_usd = NAN;
    l.total_usd = v;
    l.low_usd = lo;
    l.high_usd = hi;
    l.basis = b;
    row(kind, l, r, rl, rh);
  };
  other("total", "total_one_off", "Total one-off", "one_off", one_off_usd, lo1, hi1, NAN, "", "sum of one-off lines");
  other("total", "total_per_year", "Total per year", "per_year", per_year_usd, loy, hiy, NAN, "", "sum of yearly lines");
  other("total", "total_first_year", "Total first year", "first_year", first_year_usd, lo1 + loy, hi1 + hiy, NAN, "",
        "one-off + one year");
  const double r = poor_households_reached;
  other("count", "poor_households_newly_reached", "Poor households newly reached", "", NAN, NAN, NAN, r,
        "poor households", reached_basis);
  if (std::isfinite(poor_households_reached_total))
    other("count", "poor_households_reached_total", "Poor households within reach (with those reached today)", "", NAN,
          NAN, NAN, poor_households_reached_total, "poor households",
          "all poor households within reach with the scenario, including those existing offices reach today");
  other("ratio", "usd_per_poor_household_first_year", "USD per poor household newly reached (first year)", "first_year",
        NAN, NAN, NAN, r, "poor households newly reached", reached_basis, usd_per_poor_household_first_year,
        r > 0 ? (lo1 + loy) / r : NAN, r > 0 ? (hi1 + hiy) / r : NAN);
  other("ratio", "usd_per_poor_household_per_year", "USD per poor household newly reached (per year)", "per_year", NAN,
        NAN, NAN, r, "poor households newly reached", reached_basis, usd_per_poor_household_per_year,
        r > 0 ? loy / r : NAN, r > 0 ? hiy / r : NAN);
  other("meta", "kind", kind, "", NAN, NAN, NAN, NAN, "", "siting, pwp or gap");
  for (const auto& n : notes) other("meta", "note", n, "", NAN, NAN, NAN, NAN, "", "");
  t.columns = {item, ikind, label, period, q, qu, unit, total, low, high, ratio, rlow, rhigh, basis};
  return t;
}

CostTable load_cost_table(const Project& project, const std::string& scenario) {
  const std::string name = cost_table_name(scenario);
  if (!project.has(name))
    throw gis::UsageError("no cost table " + name + " in " + project.path() + ": run `swsplan cost " + project.path() +
                          (scenario.empty() ? std::string() : " --scenario " + scenario) + "` first");
  const auto t = project.read(name);
  for (const char* c : {"item", "item_kind", "label", "period", "quantity", "quantity_unit", "unit_cost_usd", "total_usd",
                        "low_usd", "high_usd", "usd_per_poor_household", "basis"})
    if (t.find(c) < 0)
      throw gis::InputError({project.path(), name, std::nullopt, c},
                            "missing column (a cost table from an older version? run `swsplan cost` again)");
  CostTable T;
  T.scenario = scenario;
  T.kind = scenario.empty() ? "gap" : "";
  auto num = [&](const char* c, std::size_t i) { return t.column(c).number(i).value_or(NAN); };
  bool has_ratio = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto kind = t.column("item_kind").text(i), item = t.column("item").text(i);
    if (kind == "line") {
      CostLine l;
      l.item = item;
      l.label = t.column("label").text(i);
      l.period = t.column("period").text(i);
      l.quantity = num("quantity", i);
      l.quantity_unit = t.column("quantity_unit").text(i);
      l.unit_cost_usd = num("unit_cost_usd", i);
      l.total_usd = num("total_usd", i);
      l.low_usd = num("low_usd", i);
      l.high_usd = num("high_usd", i);
      l.basis = t.column("basis").text(i);
      T.lines.push_back(std::move(l));
    } else if (kind == "total") {
      (item == "total_one_off" ? T.one_off_usd : item == "total_per_year" ? T.per_year_usd : T.first_year_usd) =
          num("total_usd", i);
    } else if (kind == "count") {
      (item == "poor_households_reached_total" ? T.poor_households_reached_total : T.poor_households_reached) =
          num("quantity", i);
      if (item != "poor_households_reached_total") T.reached_basis = t.column("basis").text(i);
    } else if (kind == "ratio") {
      has_ratio = true;
      (item == "usd_per_poor_household_per_year" ? T.usd_per_poor_household_per_year
                                                  : T.usd_per_poor_household_first_year) = num("usd_per_poor_household", i);
    } else if (kind == "meta") {
      if (item == "kind") T.kind = t.column("label").text(i);
      else if (item == "note") T.notes.push_back(t.column("label").text(i));
    } else {
      throw gis::InputError({project.path(), name, t.fids[i], "item_kind"}, "unknown item_kind '" + kind + "'");
    }
  }
  if (!has_ratio) throw gis::InputError({project.path(), name, std::nullopt, "item_kind"}, "no ratio rows: damaged table");
  return T;
}

nlohmann::ordered_json CostTable::to_json() const {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  nlohmann::ordered_json j;
  j["scenario"] = scenario;
  j["kind"] = kind;
  j["table"] = cost_table_name(scenario);
  auto& ls = j["lines"] = nlohmann::ordered_json::array();
  for (const auto& l : lines)
    ls.push_back({{"item", l.item},
                  {"label", l.label},
                  {"period", l.period},
                  {"quantity", num(l.quantity)},
                  {"quantity_unit", l.quantity_unit},
                  {"unit_cost_usd", num(l.unit_cost_usd)},
                  {"total_usd", num(l.total_usd)},
                  {"low_usd", num(l.low_usd)},
                  {"high_usd", num(l.high_usd)},
                  {"basis", l.basis}});
  j["one_off_usd"] = one_off_usd;
  j["per_year_usd"] = per_year_usd;
  j["first_year_usd"] = first_year_usd;
  j["poor_households_reached"] = poor_households_reached;
  j["poor_households_reached_total"] = num(poor_households_reached_total);
  j["reached_basis"] = reached_basis;
  j["usd_per_poor_household_first_year"] = num(usd_per_poor_household_first_year);
  j["usd_per_poor_household_per_year"] = num(usd_per_poor_household_per_year);
  j["settings"] = settings.to_json();
  j["notes"] = notes;
  return j;
}

std::string CostTable::to_text() const {
  std::ostringstream o;
  o << "Cost of " << (scenario.empty() ? std::string("the gap analysis (transfers and HEF)") : kind + " scenario " + scenario)
    << " (USD)\n";
  o << "  " << std::left << std::setw(52) << "item" << std::setw(9) << "period" << std::right << std::setw(14)
    << "quantity" << "  " << std::left << std::setw(15) << "unit" << std::right << std::setw(10) << "USD/unit"
    << std::setw(14) << "total USD" << "\n";
  for (const auto& l : lines) {
    o << "  " << std::left << std::setw(52) << l.label << std::setw(9) << (l.period == "one_off" ? "one-off" : "yearly")
      << std::right << std::setw(14) << fmt(l.quantity, l.quantity == std::floor(l.quantity) ? 0 : 1) << "  "
      << std::left << std::setw(15) << l.quantity_unit << std::right << std::setw(10) << fmt(l.unit_cost_usd, 2)
      << std::setw(14) << fmt(l.total_usd, 0);
    if (l.low_usd != l.high_usd) o << "  (" << fmt(l.low_usd, 0) << " - " << fmt(l.high_usd, 0) << ")";
    o << "\n";
  }
  o << "  " << std::left << std::setw(52) << "Total one-off" << std::right << std::setw(71) << fmt(one_off_usd, 0) << "\n";
  o << "  " << std::left << std::setw(52) << "Total per year" << std::right << std::setw(71) << fmt(per_year_usd, 0)
    << "\n";
  o << "  " << std::left << std::setw(52) << "Total first year" << std::right << std::setw(71) << fmt(first_year_usd, 0)
    << "\n";
  o << "  Poor households newly reached: " << fmt(poor_households_reached, 0) << " (" << reached_basis << ")\n";
  if (std::isfinite(poor_households_reached_total))
    o << "  Poor households within reach, with those reached today: " << fmt(poor_households_reached_total, 0) << "\n";
  o << "  USD per poor household newly reached: " << fmt(usd_per_poor_household_first_year, 2) << " first year, "
    << fmt(usd_per_poor_household_per_year, 2) << " per year\n";
  for (const auto& l : lines) o << "    " << l.item << ": " << l.basis << "\n";
  for (const auto& n : notes) o << "  note: " << n << "\n";
  return o.str();
}

namespace {

// Poor households per commune from gap_classes, and which communes are unaffordable.
struct GapFigures {
  bool present = false;
  std::set<std::string> unaffordable_any, unaffordable_health;
  std::map<std::string, double> poor;  // adm3_pcode -> poor households
};

// `scope`: communes to count (empty = all).
GapFigures gap_figures(const Project& p, const std::set<std::string>& scope) {
  GapFigures f;
  if (!p.has(kGapClassesTable)) return f;
  f.present = true;
  const auto t = p.read(kGapClassesTable);
  const auto& pc = t.column("adm3_pcode");
  const auto& sv = t.column("service");
  const auto& cl = t.column("class");
  const auto& poor = t.column("poor_households");
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto code = pc.text(i);
    if (!scope.empty() && !scope.count(code)) continue;
    if (auto v = poor.number(i); v && std::isfinite(*v)) f.poor[code] = std::max(f.poor[code], *v);
    const auto c = cl.text(i);
    if (c == "unaffordable" || c == "unavailable_unaffordable") {
      f.unaffordable_any.insert(code);
      if (sv.text(i) == service_id(Service::HealthCentre)) f.unaffordable_health.insert(code);
    }
  }
  return f;
}

double sum_poor(const GapFigures& f, const std::set<std::string>& codes) {
  double s = 0;
  for (const auto& c : codes)
    if (auto it = f.poor.find(c); it != f.poor.end()) s += it->second;
  return s;
}

const ScenarioRow* find_row(const std::vector<ScenarioRow>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return &r;
  return nullptr;
}

void add_pwp(const Project& project, const std::string& name, CostInputs& in) {
  const auto works = project.read(pwp_layer(name, "works"));
  const auto& w = works.column("work");
  const auto& km = works.column("length_km");
  for (std::size_t i = 0; i < works.size(); ++i) {
    const double k = km.number(i).value_or(0.0);
    (w.text(i) == "upgrade" ? in.pwp_km_upgrade : in.pwp_km_new) += k;
  }
}

}  // namespace

CostTable cost_scenario(const Project& project, const std::string& scenario, const std::string& with_pwp) {
  CostInputs in;
  in.scenario = scenario;
  in.persons_per_household = analysis_settings(project).persons_per_household;
  const auto settings = costing_settings(project);
  const auto rows = list_scenarios(project);
  if (const auto* row = find_row(rows, scenario); row && row->model == kAccessModel)
    throw gis::UsageError("scenario '" + scenario + "' of " + project.path() +
                          " is an access run (model access): it has no offices or road works to cost; "
                          "cost a siting or PWP scenario, or compare access runs with `swsplan compare`");
  // A siting scenario's transfers and HEF cover the communes of its own demand (one province
  // when it was restricted to one), not the whole project.
  std::set<std::string> scope;
  if (const auto* row = find_row(rows, scenario); row && row->model != kPwpModel) {
    const auto asg = project.read(scenario_layer(scenario, "assignment"));
    for (std::size_t i = 0; i < asg.size(); ++i) scope.insert(asg.column("adm3_pcode").text(i));
    if (row->settings.is_object() && row->settings.contains("province") && row->settings["province"].is_string() &&
        !row->settings["province"].get<std::string>().empty())
      in.notes.push_back("transfers and HEF: communes of province " + row->settings["province"].get<std::string>() +
                         " only (the scenario's scope)");
  }
  const auto gap = gap_figures(project, scope);
  if (!gap.present)
    in.notes.push_back(std::string("no gap analysis (table ") + kGapClassesTable +
                       "): cash transfers and HEF are 0; run `swsplan analyze` first");
  in.poor_households_unaffordable = sum_poor(gap, gap.unaffordable_any);
  in.poor_households_health_unaffordable = sum_poor(gap, gap.unaffordable_health);

  if (scenario.empty()) {
    in.kind = "gap";
    std::set<std::string> all = gap.unaffordable_any;
    in.poor_households_reached = sum_poor(gap, all);
    in.reached_basis = "poor households of communes receiving cash transfers or HEF";
  } else {
    const auto* row = find_row(rows, scenario);
    if (!row) throw gis::UsageError("no scenario '" + scenario + "' in " + project.path() + " (see `swsplan scenarios`)");
    if (row->model == kPwpModel) {
      in.kind = "pwp";
      add_pwp(project, scenario, in);
      double reached = 0;
      if (row->settings.is_object() && row->settings.contains("poor_gained_any") &&
          row->settings["poor_gained_any"].is_number())
        reached = row->settings["poor_gained_any"].get<double>();
      in.poor_households_reached = reached;
      in.reached_basis = "poor households coming within the threshold of at least one service by the road works";
    } else {
      in.kind = "siting";
      const auto offices = project.read(scenario_layer(scenario, "offices"));
      const auto& st = offices.column("status");
      for (std::size_t i = 0; i < offices.size(); ++i) in.new_offices += st.text(i) == "new" ? 1 : 0;
      const std::string vans_name = scenario_layer(scenario, "vans");
      std::set<std::string> van_communes;
      if (project.has(vans_name)) {
        const auto vans = project.read(vans_name);
        std::set<std::int64_t> ids;
        for (std::size_t i = 0; i < vans.size(); ++i) {
          ids.insert(static_cast<std::int64_t>(vans.column("van").number(i).value_or(0)));
          van_communes.insert(vans.column("adm3_pcode").text(i));
          const double a = vans.column("start_day").number(i).value_or(0), b = vans.column("end_day").number(i).value_or(0);
          in.van_visit_days_per_cycle += b >= a ? b - a + 1 : 0;
        }
        in.vans = static_cast<double>(ids.size());
      }
      if (row->settings.is_object() && row->settings.contains("van_cycle_days") &&
          row->settings["van_cycle_days"].is_number())
        in.van_cycle_days = row->settings["van_cycle_days"].get<double>();
      // Reached: poor households of villages within the threshold of an office, or in a van commune.
      // The run's own poor households (its demand basis) where the scenario stored them;
      // scenarios stored before that fall back to the villages layer's counts.
      const auto asg = project.read(scenario_layer(scenario, "assignment"));
      const bool stored = asg.find("poor_hh") >= 0;
      const auto villages = stored ? asg : project.read(names::kVillages);
      std::map<std::string, double> vpoor;
      const auto& vc = villages.column("vil_code");
      const int pi = villages.find("poor_hh");
      for (std::size_t i = 0; i < villages.size(); ++i)
        if (pi >= 0)
          if (auto v = villages.columns[static_cast<std::size_t>(pi)].number(i); v && *v > 0) vpoor[vc.text(i)] = *v;
      const auto& ac = asg.column("vil_code");
      const auto& ap = asg.column("adm3_pcode");
      const auto& aw = asg.column("within");
      double reached = 0;
      for (std::size_t i = 0; i < asg.size(); ++i)
        if (aw.number(i).value_or(0) != 0 || van_communes.count(ap.text(i)))
          if (auto it = vpoor.find(ac.text(i)); it != vpoor.end()) reached += it->second;
      // The table is the increment over today: the ratio counts the poor households the
      // scenario newly reaches, not those existing offices already reach.
      in.poor_households_reached_total = reached;
      in.poor_households_reached = std::max(0.0, reached - row->covered_poor_before);
      in.reached_basis = "poor households of villages within the threshold of an office or in a van commune (" +
                         g(reached) + ") minus those within the threshold of an existing office today (" +
                         g(row->covered_poor_before) + ")";
      if (row->settings.is_object() && row->settings.contains("demand_source") &&
          row->settings["demand_source"].is_string())
        in.reached_basis += "; poor households: " + row->settings["demand_source"].get<std::string>();
    }
  }
  if (!with_pwp.empty()) {
    const auto* prow = find_row(rows, with_pwp);
    if (!prow || prow->model != kPwpModel)
      throw gis::UsageError("--with-pwp: '" + with_pwp + "' is not a PWP scenario of " + project.path());
    if (in.kind == "pwp") throw gis::UsageError("--with-pwp adds road works to a siting scenario, not to a PWP scenario");
    add_pwp(project, with_pwp, in);
    in.notes.push_back("PWP labour of scenario " + with_pwp + " added; households it reaches are not counted again");
  }
  return cost_from_inputs(in, settings);
}

CostTable run_and_store_cost(const std::string& project_path, const std::string& scenario,
                             const std::string& with_pwp) {
  StoreOptions so;
  so.verb = "cost";
  return run_and_store(project_path, so, [&](const Project& project, ProjectWriter& w) {
    auto t = cost_scenario(project, scenario, with_pwp);
    const auto table = t.table();
    w.put(table, table.name);
    return t;
  });
}

}  // namespace swsplan::layers
