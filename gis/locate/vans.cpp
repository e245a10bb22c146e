#include "gis/locate/vans.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>

#include "gis/locate/instance.hpp"

namespace swsplan::gis::locate {

std::vector<std::uint32_t> nearest_neighbour_tour(std::uint32_t n, std::uint32_t start,
                                                  const TourCost& cost) {
  std::vector<std::uint32_t> tour;
  if (n == 0) return tour;
  std::vector<char> used(n, 0);
  tour.push_back(start);
  used[start] = 1;
  for (std::uint32_t step = 1; step < n; ++step) {
    const auto cur = tour.back();
    std::uint32_t best = kNone;
    double bd = 0.0;
    for (std::uint32_t v = 0; v < n; ++v) {
      if (used[v]) continue;
      const double d = cost(cur, v);
      if (best == kNone || d < bd) {
        best = v;
        bd = d;
      }
    }
    used[best] = 1;
    tour.push_back(best);
  }
  return tour;
}

double tour_length(const std::vector<std::uint32_t>& tour, const TourCost& cost) {
  double len = 0.0;
  for (std::size_t k = 0; k + 1 < tour.size(); ++k) len += cost(tour[k], tour[k + 1]);
  if (tour.size() > 1) len += cost(tour.back(), tour.front());
  return len;
}

std::uint32_t improve_tour(std::vector<std::uint32_t>& tour, const TourCost& cost,
                           Progress& progress) {
  const std::size_t n = tour.size();
  if (n < 4) return 0;
  std::uint32_t moves = 0;
  const double eps = 1e-9;
  auto at = [&](std::size_t k) { return tour[k % n]; };
  bool improved = true;
  while (improved) {
    improved = false;
    progress.check();
    // 2-opt: reverse tour[i+1 .. j]; position 0 never moves.
    for (std::size_t i = 0; i + 2 < n && !improved; ++i)
      for (std::size_t j = i + 2; j < n && !improved; ++j) {
        if (i == 0 && j == n - 1) continue;
        const double delta = cost(at(i), at(j)) + cost(at(i + 1), at(j + 1)) -
                             cost(at(i), at(i + 1)) - cost(at(j), at(j + 1));
        if (delta < -eps) {
          std::reverse(tour.begin() + static_cast<std::ptrdiff_t>(i + 1),
                       tour.begin() + static_cast<std::ptrdiff_t>(j + 1));
          ++moves;
          improved = true;
        }
      }
    // Or-opt: move a segment of 1-3 nodes (never position 0) elsewhere, either direction.
    for (std::size_t len = 1; len <= 3 && !improved; ++len)
      for (std::size_t s = 1; s + len <= n && !improved; ++s) {
        const std::size_t e = s + len - 1;  // segment tour[s..e]
        const auto prev = tour[s - 1], next = at(e + 1);
        const auto first = tour[s], last = tour[e];
        const double remove_gain = cost(prev, first) + cost(last, next) - cost(prev, next);
        for (std::size_t k = 0; k < n && !improved; ++k) {
          if (k + 1 >= s && k <= e) continue;  // edge (k, k+1) must lie outside the segment
          const auto a = tour[k], b = at(k + 1);
          if (a == prev && b == first) continue;
          for (int rev = 0; rev < 2 && !improved; ++rev) {
            const auto u = rev ? last : first, v = rev ? first : last;
            const double add = cost(a, u) + cost(v, b) - cost(a, b);
            if (add - remove_gain < -eps) {
              std::vector<std::uint32_t> seg(tour.begin() + static_cast<std::ptrdiff_t>(s),
                                             tour.begin() + static_cast<std::ptrdiff_t>(e + 1));
              if (rev) std::reverse(seg.begin(), seg.end());
              std::vector<std::uint32_t> rest;
              rest.reserve(n);
              for (std::size_t q = 0; q < n; ++q)
                if (q < s || q > e) rest.push_back(tour[q]);
              auto pos = std::find(rest.begin(), rest.end(), a) - rest.begin() + 1;
              rest.insert(rest.begin() + pos, seg.begin(), seg.end());
              tour = std::move(rest);
              ++moves;
              improved = true;
            }
          }
        }
      }
  }
  return moves;
}

VanPlan plan_vans(const VanInput& in, const VanOptions& opt, Progress& progress) {
  const auto n = static_cast<std::uint32_t>(in.unit_x_m.size());
  if (in.unit_y_m.size() != n) throw UsageError("mobile vans: unit x and y arrays differ in length");
  if (in.depot_x_m.size() != in.depot_y_m.size() || in.depot_x_m.empty())
    throw UsageError("mobile vans: at least one depot (office) with x and y is needed");
  if (!opt.unit_days.empty() && opt.unit_days.size() != n)
    throw UsageError("mobile vans: unit_days must give one value per unit");
  if (opt.working_days_per_cycle == 0) throw UsageError("mobile vans: working days per cycle must be > 0");
  std::vector<std::uint32_t> days(n, opt.days_per_unit);
  if (!opt.unit_days.empty()) days = opt.unit_days;
  std::vector<std::uint32_t> too_long;
  for (std::uint32_t u = 0; u < n; ++u)
    if (days[u] > opt.working_days_per_cycle || days[u] == 0) too_long.push_back(u);
  if (!too_long.empty())
    throw Infeasible("mobile vans: " + std::to_string(too_long.size()) +
                         " units need 0 days or more days than a cycle has (" +
                         std::to_string(opt.working_days_per_cycle) + "), e.g. unit " +
                         std::to_string(too_long.front()),
                     too_long);
  VanPlan plan;
  const auto nd = static_cast<std::uint32_t>(in.depot_x_m.size());
  std::uint64_t total_days = 0;
  for (auto d : days) total_days += d;
  plan.lower_bound_vans = static_cast<std::uint32_t>(
      (total_days + opt.working_days_per_cycle - 1) / opt.working_days_per_cycle);

  // Nearest depot per unit (ties: lower depot id).
  std::vector<std::vector<std::uint32_t>> by_depot(nd);
  for (std::uint32_t u = 0; u < n; ++u) {
    std::uint32_t best = 0;
    double bd = std::hypot(in.unit_x_m[u] - in.depot_x_m[0], in.unit_y_m[u] - in.depot_y_m[0]);
    for (std::uint32_t d = 1; d < nd; ++d) {
      const double x = std::hypot(in.unit_x_m[u] - in.depot_x_m[d], in.unit_y_m[u] - in.depot_y_m[d]);
      if (x < bd) {
        bd = x;
        best = d;
      }
    }
    by_depot[best].push_back(u);
  }
  for (std::uint32_t d = 0; d < nd; ++d) {
    auto& units = by_depot[d];
    if (units.empty()) continue;
    progress.check();
    // Sweep: sort by angle around the depot, start after the widest angular gap so that
    // no van's sector straddles the emptiest direction.
    std::vector<double> ang(n, 0.0);
    for (auto u : units) ang[u] = std::atan2(in.unit_y_m[u] - in.depot_y_m[d], in.unit_x_m[u] - in.depot_x_m[d]);
    std::sort(units.begin(), units.end(), [&](std::uint32_t a, std::uint32_t b) {
      return ang[a] < ang[b] || (ang[a] == ang[b] && a < b);
    });
    std::size_t start = 0;
    double widest = -1.0;
    for (std::size_t k = 0; k < units.size(); ++k) {
      const double prev = k == 0 ? ang[units.back()] - 2 * std::numbers::pi : ang[units[k - 1]];
      const double gap = ang[units[k]] - prev;
      if (gap > widest) {
        widest = gap;
        start = k;
      }
    }
    std::rotate(units.begin(), units.begin() + static_cast<std::ptrdiff_t>(start), units.end());
    // Pack consecutive units into vans; balance by aiming at equal shares of the days.
    std::uint64_t depot_days = 0;
    for (auto u : units) depot_days += days[u];
    const auto k_vans = static_cast<std::uint32_t>(
        (depot_days + opt.working_days_per_cycle - 1) / opt.working_days_per_cycle);
    const double share = static_cast<double>(depot_days) / k_vans;
    std::vector<std::vector<std::uint32_t>> groups(1);
    std::uint64_t load = 0, cum = 0;
    for (auto u : units) {
      const bool over_cap = load + days[u] > opt.working_days_per_cycle;
      const bool past_share = groups.size() < k_vans && static_cast<double>(cum) >= share * static_cast<double>(groups.size());
      if (!groups.back().empty() && (over_cap || past_share)) {
        groups.emplace_back();
        load = 0;
      }
      groups.back().push_back(u);
      load += days[u];
      cum += days[u];
    }
    for (auto& g : groups) {
      // Tour over node 0 = depot, nodes 1.. = the van's units.
      auto xy = [&](std::uint32_t node, double& x, double& y) {
        if (node == 0) {
          x = in.depot_x_m[d];
          y = in.depot_y_m[d];
        } else {
          x = in.unit_x_m[g[node - 1]];
          y = in.unit_y_m[g[node - 1]];
        }
      };
      TourCost cost = [&](std::uint32_t a, std::uint32_t b) {
        double ax, ay, bx, by;
        xy(a, ax, ay);
        xy(b, bx, by);
        return std::hypot(ax - bx, ay - by);
      };
      auto tour = nearest_neighbour_tour(static_cast<std::uint32_t>(g.size() + 1), 0, cost);
      improve_tour(tour, cost, progress);
      const auto van = static_cast<std::uint32_t>(plan.routes.size());
      std::vector<std::uint32_t> route;
      std::uint32_t day = 1;
      for (std::size_t k = 1; k < tour.size(); ++k) {
        const auto u = g[tour[k] - 1];
        route.push_back(u);
        plan.schedule.push_back({van, static_cast<std::uint32_t>(k), u, day, day + days[u] - 1});
        day += days[u];
      }
      plan.route_length_m.push_back(tour_length(tour, cost));
      plan.routes.push_back(std::move(route));
      plan.van_depot.push_back(d);
    }
  }
  plan.van_count = static_cast<std::uint32_t>(plan.routes.size());
  progress.report(1.0, "mobile vans: done");
  return plan;
}

}  // namespace swsplan::gis::locate
