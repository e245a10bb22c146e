#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "gis/locate/exact.hpp"
#include "gis/locate/scaling.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {

// Demand 0..3 weigh 10, 20, 30, 40. Candidate 0 reaches demand 0 (cost 1) and 1 (cost 2),
// candidate 1 reaches 1 and 2 (cost 1 each), candidate 2 reaches 3 (cost 1).
Instance fixture() {
  const double x = 99;
  return Instance::from_dense({10, 20, 30, 40}, 3,
                              {1, x, x,  //
                               2, 1, x,  //
                               x, 1, x,  //
                               x, x, 1},
                              5.0);
}

std::vector<std::uint32_t> order(const ScalingResult& r) {
  std::vector<std::uint32_t> o;
  for (const auto& s : r.steps) o.push_back(s.site);
  return o;
}

double covered_by(const Instance& inst, const std::vector<char>& open, double cover_cost) {
  double s = 0.0;
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i)
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
      if (open[inst.pair_candidate[k]] && inst.pair_cost[k] <= cover_cost) {
        s += inst.demand_weight[i];
        break;
      }
  return s;
}

}  // namespace

TEST_CASE("scaling-up by hand: order, cumulative coverage and the target", "[scaling]") {
  ScalingSpec spec;
  spec.cover_cost = 5;
  const auto r = scale_up(fixture(), spec, no_progress());
  CHECK(order(r) == std::vector<std::uint32_t>{1, 2, 0});  // gains 50, 40, 10
  REQUIRE(r.steps.size() == 3);
  CHECK(r.steps[0].added_weight == 50);
  CHECK(r.steps[1].covered_weight == 90);
  CHECK(r.steps[2].coverage_0_1 == 1.0);
  CHECK(r.stop_reason == "target coverage reached");
  spec.target_coverage_0_1 = 0.85;
  const auto t = scale_up(fixture(), spec, no_progress());
  CHECK(order(t) == std::vector<std::uint32_t>{1, 2});
  spec.target_coverage_0_1 = 1.0;
  spec.max_new_sites = 1;
  CHECK(scale_up(fixture(), spec, no_progress()).stop_reason == "number of new sites reached");
}

TEST_CASE("scaling-up by hand: capacities split demand nearest first", "[scaling]") {
  auto inst = fixture();
  inst.capacity = {25, 25, 25};
  ScalingSpec spec;
  spec.cover_cost = 5;
  const auto r = scale_up(inst, spec, no_progress());
  // All gains 25: candidate 0 first (smaller id) takes demand 0 (10) and 15 of demand 1;
  // candidate 1 the other 5 of demand 1 and 20 of demand 2; candidate 2 25 of demand 3.
  CHECK(order(r) == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(r.steps.back().covered_weight == 75);
  CHECK(r.covered_weight == std::vector<double>{10, 20, 20, 25});
  CHECK(r.stop_reason == "no site adds coverage");
}

TEST_CASE("scaling-up by hand: a budget skips the sites it cannot pay", "[scaling]") {
  ScalingSpec spec;
  spec.cover_cost = 5;
  spec.site_cost = {3, 5, 4};
  spec.budget = 8;
  const auto r = scale_up(fixture(), spec, no_progress());
  CHECK(order(r) == std::vector<std::uint32_t>{1, 0});
  CHECK(r.steps.back().spent == 8);
  CHECK(r.stop_reason == "budget");
  auto inst = fixture();
  inst.fixed_sites = {2};
  spec.budget = 100;
  const auto f = scale_up(inst, spec, no_progress());
  CHECK(f.initial_covered_weight == 40);
  CHECK(order(f) == std::vector<std::uint32_t>{1, 0});
}

TEST_CASE("scaling-up: each step is the best site (brute force), within (1-1/e) of the MCLP optimum",
          "[scaling]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SyntheticSpec s;
    s.demand_count = 40;
    s.candidate_count = 9;
    s.seed = seed;
    const auto si = make_synthetic_instance(s);
    ScalingSpec spec;
    spec.cover_cost = 15000;
    const auto r = scale_up(si.instance, spec, no_progress());
    INFO("seed " << seed);
    std::vector<char> open(9, 0);
    double covered = 0.0;
    for (const auto& step : r.steps) {
      double best = 0.0;
      for (std::uint32_t j = 0; j < 9; ++j) {
        if (open[j]) continue;
        open[j] = 1;
        best = std::max(best, covered_by(si.instance, open, spec.cover_cost) - covered);
        open[j] = 0;
      }
      CHECK(step.added_weight == Approx(best));
      open[step.site] = 1;
      covered = covered_by(si.instance, open, spec.cover_cost);
      CHECK(step.covered_weight == Approx(covered));
      // MCLP optimum with as many sites, by enumeration of every subset of that size.
      const auto k = static_cast<std::uint32_t>(&step - r.steps.data()) + 1;
      double opt = 0.0;
      for (std::uint32_t mask = 0; mask < 512; ++mask) {
        if (static_cast<std::uint32_t>(__builtin_popcount(mask)) != k) continue;
        std::vector<char> o(9, 0);
        for (std::uint32_t j = 0; j < 9; ++j) o[j] = (mask >> j) & 1;
        opt = std::max(opt, covered_by(si.instance, o, spec.cover_cost));
      }
      CHECK(covered <= opt + 1e-9);
      CHECK(covered >= (1.0 - 1.0 / std::exp(1.0)) * opt - 1e-9);
      Options mo;
      mo.p = k;
      mo.cover_cost = spec.cover_cost;
      CHECK(solve_exact(si.instance, Model::mclp, mo, no_progress()).objective == Approx(opt));
    }
  }
}
