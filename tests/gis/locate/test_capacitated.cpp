#include <catch2/catch.hpp>

#include <algorithm>

#include "gis/locate/capacitated.hpp"
#include "gis/locate/exact.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {
SyntheticInstance instance(std::uint64_t seed, double cap, std::uint32_t demand = 30) {
  SyntheticSpec spec;
  spec.demand_count = demand;
  spec.candidate_count = 10;
  spec.max_cost_m = 60000;
  spec.seed = seed;
  auto si = make_synthetic_instance(spec);
  si.instance.capacity.assign(10, cap);
  return si;
}

void check_capacity(const Instance& inst, const Solution& s) {
  std::vector<double> load(inst.candidate_count, 0.0);
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i)
    if (s.assignment[i] != kNone) {
      CHECK(std::binary_search(s.sites.begin(), s.sites.end(), s.assignment[i]));
      load[s.assignment[i]] += inst.demand_weight[i];
    }
  for (std::uint32_t j = 0; j < inst.candidate_count; ++j) CHECK(load[j] <= inst.capacity[j] + 1e-6);
}
}  // namespace

TEST_CASE("capacitated p-median: bound <= CBC optimum <= heuristic, capacities hold",
          "[capacitated]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto si = instance(seed, 700.0);  // ~30 x 50 = 1500 weight, 3 sites x 700
    if (seed % 2 == 0) si.instance.fixed_sites = {4};
    Options o;
    o.p = 3;
    const auto h = solve_capacitated(si.instance, Model::capacitated_pmedian, o, no_progress());
    const auto e = solve_exact(si.instance, Model::capacitated_pmedian, o, no_progress());
    INFO("seed " << seed << " bound " << h.bound << " opt " << e.objective << " heur " << h.objective);
    REQUIRE(e.proven_optimal);
    CHECK(h.bound <= e.objective * (1 + 1e-7) + 1e-6);
    CHECK(e.objective <= h.objective * (1 + 1e-7) + 1e-6);
    check_capacity(si.instance, h);
    check_capacity(si.instance, e);
    for (auto f : si.instance.fixed_sites)
      CHECK(std::binary_search(h.sites.begin(), h.sites.end(), f));
  }
}

TEST_CASE("capacitated MCLP: heuristic <= CBC optimum <= bound, capacities hold",
          "[capacitated]") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto si = instance(seed, 400.0, 18);
    Options o;
    o.p = 3;
    o.cover_cost = 25000;
    const auto h = solve_capacitated(si.instance, Model::capacitated_mclp, o, no_progress());
    const auto e = solve_exact(si.instance, Model::capacitated_mclp, o, no_progress());
    INFO("seed " << seed << " heur " << h.objective << " opt " << e.objective << " bound " << h.bound);
    REQUIRE(e.proven_optimal);
    CHECK(h.objective <= e.objective + 1e-6);
    CHECK(e.objective <= h.bound + 1e-6);
    check_capacity(si.instance, h);
    check_capacity(si.instance, e);
  }
}

TEST_CASE("capacity below demand is refused with a clear message", "[capacitated]") {
  auto si = instance(1, 100.0);
  Options o;
  o.p = 3;
  CHECK_THROWS_AS(solve_capacitated(si.instance, Model::capacitated_pmedian, o, no_progress()),
                  Infeasible);
  CHECK_THROWS_WITH(solve_exact(si.instance, Model::capacitated_pmedian, o, no_progress()),
                    Catch::Contains("exceeds the capacity"));
  si.instance.capacity.clear();
  CHECK_THROWS_AS(solve_capacitated(si.instance, Model::capacitated_mclp, o, no_progress()),
                  UsageError);
  CHECK_THROWS_AS(solve_capacitated(si.instance, Model::pmedian, o, no_progress()), UsageError);
}
