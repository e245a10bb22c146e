#pragma once
/// @file Costing of a plan (issue 7, ILO Rapid Assessment Protocol idea: the cost of extending
/// programmes): unit costs stored in the project (swsplan_settings, key "costing", JSON) with
/// documented defaults and sources (docs/methods.md, "Costing"), and a cost table for a saved
/// siting scenario, a PWP road scenario or the current gap analysis alone: line items, one-off
/// and yearly totals, and cost per poor household reached.
///
/// The arithmetic lives in cost_from_inputs() (pure, hand-checkable); cost_scenario() only
/// gathers its inputs from the project's tables.
#include <nlohmann/json.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

/// Key of the costing settings in swsplan_settings.
inline constexpr const char* kCostingKey = "costing";

/// Unit costs in USD (2024 prices). Every field is a key of the "costing" JSON object with the
/// same name (e.g. costing.office_setup_usd); sources per key in costing_sources().
struct CostingSettings {
  // Single Window offices (new offices only: the cost table is incremental to today).
  double office_setup_usd = 25000;              ///< one-off per new office (building fit-out, IT, furniture)
  double office_running_usd_per_year = 18000;   ///< per new office per year (staff, rent, utilities)
  // Mobile vans.
  double van_purchase_usd = 40000;              ///< one-off per van
  double van_running_usd_per_year = 6000;       ///< per van per year (driver, fuel, maintenance, insurance)
  double van_usd_per_visit_day = 30;            ///< per van-day spent in a commune (per diem, consumables)
  double working_days_per_year = 240;           ///< turns van cycles into visit days per year
  // Cash transfers for the poor people of communes classed unaffordable.
  double poverty_line_usd_per_person_month = 18.3;
  double poorest_quintile_usd_per_person_month = 5.0;
  double transfer_share_of_gap_0_1 = 0.2;       ///< share of the per-person poverty gap paid
  // Health Equity Fund for the poor people of health-unaffordable communes.
  double hef_usd_per_person_year = 3.85;        ///< default: middle of the range
  double hef_low_usd_per_person_year = 3.2;
  double hef_high_usd_per_person_year = 4.5;
  // Public works (PWP) labour.
  double pwp_usd_per_person_day = 8.5;          ///< all-in cost of one person-day
  double pwp_wage_usd_per_person_day = 2.5;     ///< of which the wage paid to the worker
  double pwp_labour_days_per_km_new = 3000;     ///< person-days per km of new earth/laterite road
  double pwp_labour_days_per_km_upgrade = 1500; ///< person-days per km of upgrade (class/surface change)

  /// Yearly transfer per poor person: share x (poverty line - poorest quintile) x 12.
  double transfer_usd_per_person_year() const {
    return transfer_share_of_gap_0_1 * (poverty_line_usd_per_person_month - poorest_quintile_usd_per_person_month) * 12.0;
  }

  nlohmann::ordered_json to_json() const;
  /// Stored values over the defaults. @throws InputError naming "costing.<key>" for an unknown
  /// key, a wrong type (e.g. a string) or a value out of range (negative; wage above the
  /// all-in day cost; HEF default outside its range; poorest quintile above the poverty line).
  static CostingSettings from_json(const nlohmann::json& j);
};

/// Key -> where the default comes from, or "assumption to review: ...". Every key of
/// CostingSettings::to_json() has an entry.
const std::vector<std::pair<std::string, std::string>>& costing_sources();

/// The project's costing settings (defaults when none are stored). @throws InputError.
CostingSettings costing_settings(const Project& project);

/// One line of a cost table, printable as is.
struct CostLine {
  std::string item;          ///< stable id: office_setup, office_running, van_purchase, van_running,
                             ///< van_visit_days, cash_transfer, hef, pwp_labour
  std::string label;         ///< e.g. "New offices: set-up"
  std::string period;        ///< "one_off" or "per_year"
  double quantity = 0;       ///< e.g. 3
  std::string quantity_unit; ///< e.g. "offices", "vans", "van-days/year", "people", "person-days"
  double unit_cost_usd = 0;  ///< USD per quantity unit
  double total_usd = 0;      ///< quantity x unit_cost_usd
  double low_usd = 0, high_usd = 0;  ///< range (HEF); equal to total_usd otherwise
  std::string basis;         ///< formula and source, e.g. "0.2 x (18.3 - 5) x 12 = 31.92 USD/person/year"
};

/// What a cost table is computed from (all counts, no money).
struct CostInputs {
  std::string scenario;            ///< siting or PWP scenario name; empty = gap analysis only
  std::string kind;                ///< "siting", "pwp" or "gap"
  double new_offices = 0;
  double vans = 0;
  double van_visit_days_per_cycle = 0;  ///< sum of visit lengths of the van schedule
  double van_cycle_days = 60;
  double poor_households_unaffordable = 0;         ///< communes unaffordable for >= 1 service (counted once)
  double poor_households_health_unaffordable = 0;  ///< communes unaffordable for health_centre
  double persons_per_household = 4.2;
  double pwp_km_new = 0, pwp_km_upgrade = 0;
  /// Poor households newly reached by the scenario (not reached today): the denominator of
  /// the cost per poor household. Siting: within reach of an office or in a van commune now,
  /// minus those within reach of an existing office before; PWP: gaining access to >= 1
  /// service; gap: poor households of the communes receiving transfers or HEF.
  double poor_households_reached = 0;
  /// All poor households within reach with the scenario, including those reached today
  /// (siting only; NaN otherwise).
  double poor_households_reached_total = NAN;
  std::string reached_basis;       ///< how "reached" was counted
  std::vector<std::string> notes;
};

/// A cost table: line items and totals, self-describing (units in names, basis per line).
struct CostTable {
  std::string scenario, kind;
  std::vector<CostLine> lines;
  double one_off_usd = 0, per_year_usd = 0;
  double first_year_usd = 0;                    ///< one_off + per_year
  double poor_households_reached = 0;           ///< newly reached (see CostInputs)
  double poor_households_reached_total = NAN;   ///< with those reached today (siting), else NaN
  std::string reached_basis;
  double usd_per_poor_household_first_year = 0;  ///< per poor household newly reached; NaN when nobody is
  double usd_per_poor_household_per_year = 0;    ///< NaN when nobody is reached
  std::vector<std::string> notes;
  CostingSettings settings;                     ///< unit costs used
  CostInputs inputs;                            ///< counts used

  /// Attribute table `cost_<scenario>` (or cost_gap). Column item_kind says what a row is, so
  /// USD amounts and ratios are never mixed in one column:
  /// - "line": one per line item (total_usd, low_usd, high_usd in USD);
  /// - "total": total_one_off, total_per_year, total_first_year (USD columns);
  /// - "count": poor_households_newly_reached and, for siting, poor_households_reached_total
  ///   (quantity, in poor households; USD columns null);
  /// - "ratio": usd_per_poor_household_first_year, usd_per_poor_household_per_year (value in
  ///   usd_per_poor_household with its low/high range; total_usd, low_usd, high_usd null;
  ///   quantity = poor households newly reached);
  /// - "meta": kind (label = "siting", "pwp" or "gap") and one "note" row per note (label).
  /// Columns: item, item_kind, label, period, quantity, quantity_unit, unit_cost_usd,
  /// total_usd, low_usd, high_usd, usd_per_poor_household, usd_per_poor_household_low,
  /// usd_per_poor_household_high, basis. Summing total_usd over item_kind "line" gives the
  /// first-year total.
  gis::VectorLayer table() const;
  nlohmann::ordered_json to_json() const;
  std::string to_text() const;  ///< aligned text table for the terminal
};

/// Pure arithmetic: lines from counts and unit costs. Lines with quantity 0 are kept (they
/// show the unit cost). Offices and vans: kind "siting" only; cash transfers and HEF: every
/// kind but "pwp" (road works are costed on their own); PWP labour: kind "pwp" or pwp km > 0.
CostTable cost_from_inputs(const CostInputs& inputs, const CostingSettings& settings);

/// Name of the cost table in the project: "cost_<scenario>" or "cost_gap".
std::string cost_table_name(const std::string& scenario);

/// The stored table `cost_<scenario>` (written by `swsplan cost`) read back: lines, totals,
/// poor households reached, ratios, basis and notes as stored (settings and inputs are left
/// at their defaults). @throws UsageError when the table is absent (telling to run `swsplan
/// cost P --scenario NAME`), InputError for a damaged table.
CostTable load_cost_table(const Project& project, const std::string& scenario);

/// Gathers the inputs from the project and computes the table.
/// - siting scenario: new offices and vans from its layers; poor households reached (total) =
///   poor households of villages within the threshold of an office or in a van commune;
///   newly reached = that minus the scenario's covered_poor_before (existing offices);
/// - PWP scenario ("pwp" in swsplan_scenarios): km by work type; reached = poor households
///   gaining access to at least one service;
/// - scenario empty: the gap analysis alone; reached = poor households of the communes
///   receiving transfers or HEF.
/// Cash transfers and HEF come from table gap_classes when present (else 0, with a note); for
/// a siting scenario only the communes of its demand (its assignment table) count.
/// `with_pwp`: a PWP scenario whose labour is added to a siting scenario's table.
/// @throws UsageError for an unknown scenario; InputError for bad settings or tables.
CostTable cost_scenario(const Project& project, const std::string& scenario, const std::string& with_pwp = {});

/// cost_scenario() on the project at `project_path` with its table (cost_<scenario>, or
/// cost_gap) stored through the door (layers/store.hpp), as `swsplan cost` does.
CostTable run_and_store_cost(const std::string& project_path, const std::string& scenario,
                             const std::string& with_pwp = {});

}  // namespace swsplan::layers
