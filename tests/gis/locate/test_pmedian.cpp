#include <catch2/catch.hpp>

#include <algorithm>

#include "gis/locate/exact.hpp"
#include "gis/locate/pmedian.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {
// Points on a line at 0,1,2,10,11,12 (unit weight); candidates at the same points.
Instance line_fixture() {
  const std::vector<double> pos = {0, 1, 2, 10, 11, 12};
  std::vector<double> cost;
  for (double a : pos)
    for (double b : pos) cost.push_back(std::abs(a - b));
  return Instance::from_dense(std::vector<double>(6, 1.0), 6, cost, 100.0);
}
}  // namespace

TEST_CASE("p-median finds the known optimum of a line", "[pmedian]") {
  Options o;
  o.p = 2;
  const auto s = solve_pmedian(line_fixture(), o, no_progress());
  CHECK(s.sites == std::vector<std::uint32_t>{1, 4});
  CHECK(s.objective == Approx(4.0));
  CHECK(s.bound <= s.objective + 1e-9);
  CHECK(s.bound == Approx(4.0).epsilon(1e-6));
  CHECK(s.assignment == std::vector<std::uint32_t>{1, 1, 1, 4, 4, 4});
}

TEST_CASE("p-median keeps a fixed site even when it is a poor one", "[pmedian]") {
  auto inst = line_fixture();
  inst.fixed_sites = {0};
  Options o;
  o.p = 1;
  const auto s = solve_pmedian(inst, o, no_progress());
  CHECK(s.sites == std::vector<std::uint32_t>{0, 4});
  CHECK(s.objective == Approx(5.0));
  const auto e = solve_exact(inst, Model::pmedian, o, no_progress());
  CHECK(e.objective == Approx(5.0));
}

TEST_CASE("p-median: Lagrangian bound <= CBC optimum <= heuristic on random instances",
          "[pmedian]") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticSpec spec;
    spec.demand_count = 50;
    spec.candidate_count = 14;
    spec.max_cost_m = 35000;  // sparse: some demand may lose reach of open sites
    spec.seed = seed;
    auto si = make_synthetic_instance(spec);
    if (seed % 4 == 0) si.instance.fixed_sites = {3};
    Options o;
    o.p = 2 + static_cast<std::uint32_t>(seed % 4);
    const auto h = solve_pmedian(si.instance, o, no_progress());
    const auto e = solve_exact(si.instance, Model::pmedian, o, no_progress());
    INFO("seed " << seed << " bound " << h.bound << " optimum " << e.objective << " heuristic "
                 << h.objective);
    REQUIRE(e.proven_optimal);
    CHECK(h.bound <= e.objective * (1 + 1e-9) + 1e-6);
    CHECK(e.objective <= h.objective * (1 + 1e-9) + 1e-6);
    CHECK(h.sites.size() == o.p + si.instance.fixed_sites.size());
    for (auto f : si.instance.fixed_sites)
      CHECK(std::binary_search(h.sites.begin(), h.sites.end(), f));
  }
}

TEST_CASE("p-median reports unreachable demand or refuses it", "[pmedian]") {
  auto inst = line_fixture();
  // Demand 6 with no pair at all.
  inst.demand_weight.push_back(3.0);
  inst.first.push_back(inst.first.back());
  Options o;
  o.p = 2;
  o.out_of_reach_cost = 50.0;
  const auto s = solve_pmedian(inst, o, no_progress());
  CHECK(s.unreachable == std::vector<std::uint32_t>{6});
  CHECK(s.assignment[6] == kNone);
  CHECK(s.objective == Approx(4.0 + 3.0 * 50.0));
  CHECK(s.unassigned_weight == Approx(3.0));
  o.unreachable_is_error = true;
  CHECK_THROWS_AS(solve_pmedian(inst, o, no_progress()), Infeasible);
  CHECK_THROWS_WITH(solve_pmedian(inst, o, no_progress()), Catch::Contains("demand ids 6"));
}

TEST_CASE("p-median: p larger than the candidates is refused", "[pmedian]") {
  auto inst = line_fixture();
  inst.fixed_sites = {0, 5};
  Options o;
  o.p = 5;
  CHECK_THROWS_WITH(solve_pmedian(inst, o, no_progress()),
                    Catch::Contains("only 4 candidate sites") && Catch::Contains("2 already offices"));
}

TEST_CASE("p-median is deterministic and cancellable", "[pmedian]") {
  SyntheticSpec spec;
  spec.demand_count = 400;
  spec.candidate_count = 60;
  spec.seed = 3;
  const auto si = make_synthetic_instance(spec);
  Options o;
  o.p = 7;
  const auto a = solve_pmedian(si.instance, o, no_progress());
  const auto b = solve_pmedian(si.instance, o, no_progress());
  CHECK(a.sites == b.sites);
  CHECK(a.assignment == b.assignment);
  CHECK(a.objective == b.objective);
  CHECK(a.bound == b.bound);
  CHECK(a.iterations == b.iterations);
  CancelToken token;
  token.cancel();
  Progress cancelled([](double, const std::string&) {}, &token);
  CHECK_THROWS_AS(solve_pmedian(si.instance, o, cancelled), Cancelled);
}
