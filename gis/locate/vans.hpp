#pragma once
/// @file Mobile vans (mobile Single Window offices) for the units beyond the threshold of
/// every office: how many vans a visiting cycle needs, which units each van serves
/// (geographically compact: sweep around the van's depot office, packed by days), each van's
/// visit order (nearest neighbour + 2-opt + Or-opt on a closed tour from the depot) and a
/// schedule table (van, order, unit, start day, end day).
///
/// Coordinates are projected metres; travel is straight-line distance. A visit occupies
/// whole working days; moving between units is assumed to fit within those days.
#include <cstdint>
#include <functional>
#include <vector>

#include "gis/core/progress.hpp"

namespace swsplan::gis::locate {

struct VanInput {
  std::vector<double> unit_x_m, unit_y_m;    ///< units to visit (e.g. communes), projected
  std::vector<double> depot_x_m, depot_y_m;  ///< offices vans start from (at least one)
};

struct VanOptions {
  std::uint32_t days_per_unit = 5;   ///< stay in each unit per cycle (field proposal: 4-5)
  std::vector<std::uint32_t> unit_days;  ///< optional per-unit override (same order as units)
  /// Working days in one visiting cycle: a quarter of 13 weeks x 5 days minus ~5 holidays.
  std::uint32_t working_days_per_cycle = 60;
};

struct VanVisit {
  std::uint32_t van = 0, order = 0, unit = 0;
  std::uint32_t start_day = 0, end_day = 0;  ///< 1-based working days of the cycle, inclusive
};

struct VanPlan {
  std::uint32_t van_count = 0;
  std::uint32_t lower_bound_vans = 0;      ///< ceil(total visit days / days per cycle)
  std::vector<std::uint32_t> van_depot;    ///< per van
  std::vector<std::vector<std::uint32_t>> routes;  ///< per van: units in visit order
  std::vector<double> route_length_m;      ///< per van: depot -> units -> depot
  std::vector<VanVisit> schedule;          ///< by van, then order
};

/// Plans the vans. @throws UsageError for inconsistent arrays or no depot, Infeasible when
/// a unit needs more days than a cycle has; Cancelled through `progress`.
VanPlan plan_vans(const VanInput& in, const VanOptions& opt, Progress& progress);

/// Symmetric cost between tour nodes.
using TourCost = std::function<double(std::uint32_t, std::uint32_t)>;

/// Closed tour over nodes 0..n-1 starting at `start`, by nearest neighbour (ties: lower id).
std::vector<std::uint32_t> nearest_neighbour_tour(std::uint32_t n, std::uint32_t start,
                                                  const TourCost& cost);
/// Closed-tour length.
double tour_length(const std::vector<std::uint32_t>& tour, const TourCost& cost);
/// Improves a closed tour in place by 2-opt and Or-opt (segments of 1-3) until no improving
/// move; tour[0] stays first. Never lengthens the tour. Returns the moves applied.
std::uint32_t improve_tour(std::vector<std::uint32_t>& tour, const TourCost& cost,
                           Progress& progress);

}  // namespace swsplan::gis::locate
