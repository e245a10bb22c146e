#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "gis/locate/instance.hpp"
#include "gis/locate/vans.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {
std::vector<double> pseudo(std::uint32_t n, std::uint64_t seed, double scale) {
  std::vector<double> v(n);
  for (auto& x : v) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    x = static_cast<double>(seed >> 11) * 0x1.0p-53 * scale;
  }
  return v;
}
}  // namespace

TEST_CASE("2-opt/Or-opt route is never longer than nearest neighbour", "[vans]") {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const std::uint32_t n = 5 + static_cast<std::uint32_t>(seed % 25);
    const auto x = pseudo(n, seed, 50000), y = pseudo(n, seed + 1000, 50000);
    TourCost cost = [&](std::uint32_t a, std::uint32_t b) { return std::hypot(x[a] - x[b], y[a] - y[b]); };
    auto tour = nearest_neighbour_tour(n, 0, cost);
    const double nn = tour_length(tour, cost);
    improve_tour(tour, cost, no_progress());
    CHECK(tour_length(tour, cost) <= nn + 1e-9);
    CHECK(tour.front() == 0);
    auto sorted = tour;
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t k = 0; k < n; ++k) CHECK(sorted[k] == k);
  }
}

TEST_CASE("2-opt removes a crossing", "[vans]") {
  // Square visited in a crossing order 0,2,1,3: 2-opt must give the perimeter.
  const std::vector<double> x = {0, 1, 1, 0}, y = {0, 1, 0, 1};
  TourCost cost = [&](std::uint32_t a, std::uint32_t b) { return std::hypot(x[a] - x[b], y[a] - y[b]); };
  std::vector<std::uint32_t> tour = {0, 1, 2, 3};  // 0->(1,1)->(1,0)->(0,1): crossing
  improve_tour(tour, cost, no_progress());
  CHECK(tour_length(tour, cost) == Approx(4.0));
}

TEST_CASE("vans: count, compact routes and schedule table", "[vans]") {
  VanInput in;
  in.unit_x_m = pseudo(40, 3, 80000);
  in.unit_y_m = pseudo(40, 4, 80000);
  in.depot_x_m = {40000};
  in.depot_y_m = {40000};
  VanOptions opt;  // 5 days per unit, 60 working days: 12 units per van
  const auto plan = plan_vans(in, opt, no_progress());
  CHECK(plan.lower_bound_vans == 4);  // 200 days / 60
  CHECK(plan.van_count >= 4);
  CHECK(plan.van_count <= 5);
  CHECK(plan.schedule.size() == 40);
  std::vector<int> seen(40, 0);
  for (const auto& v : plan.schedule) {
    ++seen[v.unit];
    CHECK(v.end_day - v.start_day + 1 == 5);
    CHECK(v.end_day <= 60);
    CHECK(v.order >= 1);
  }
  for (int s : seen) CHECK(s == 1);
  for (std::uint32_t van = 0; van < plan.van_count; ++van) {
    std::uint32_t days = 0, prev_end = 0;
    for (const auto& v : plan.schedule)
      if (v.van == van) {
        CHECK(v.start_day == prev_end + 1);
        prev_end = v.end_day;
        days += 5;
      }
    CHECK(days <= 60);
  }
}

TEST_CASE("vans: configurable days and clear errors", "[vans]") {
  VanInput in;
  in.unit_x_m = {0, 1000, 2000};
  in.unit_y_m = {0, 0, 0};
  in.depot_x_m = {500};
  in.depot_y_m = {500};
  VanOptions opt;
  opt.unit_days = {4, 5, 4};
  opt.working_days_per_cycle = 9;
  const auto plan = plan_vans(in, opt, no_progress());
  CHECK(plan.lower_bound_vans == 2);
  CHECK(plan.van_count == 2);
  opt.unit_days = {4, 12, 4};
  CHECK_THROWS_AS(plan_vans(in, opt, no_progress()), Infeasible);
  in.depot_x_m.clear();
  in.depot_y_m.clear();
  CHECK_THROWS_AS(plan_vans(in, {}, no_progress()), UsageError);
}
