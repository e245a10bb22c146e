#include <catch2/catch.hpp>

#include <algorithm>

#include "gis/locate/exact.hpp"
#include "gis/locate/mclp.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {
// Six demand points, four candidates; "covered" pairs cost 0.5, others 5.
// c0 {0,1,2}=60, c1 {2,3}=70, c2 {3,4}=90, c3 {4,5}=110; best pair {1,3} = 180.
Instance fixture() {
  const std::vector<double> cover = {
      // c0 c1 c2 c3
      0.5, 5, 5, 5,  //
      0.5, 5, 5, 5,  //
      0.5, .5, 5, 5,  //
      5, .5, .5, 5,  //
      5, 5, .5, .5,  //
      5, 5, 5, .5,
  };
  return Instance::from_dense({10, 20, 30, 40, 50, 60}, 4, cover, 10.0);
}
}  // namespace

TEST_CASE("MCLP finds the known optimum of a small fixture", "[mclp]") {
  Options o;
  o.p = 2;
  o.cover_cost = 1.0;
  const auto s = solve_mclp(fixture(), o, no_progress());
  CHECK(s.sites == std::vector<std::uint32_t>{1, 3});
  CHECK(s.objective == Approx(180));
  CHECK(s.bound >= s.objective);
  CHECK(s.bound == Approx(180));  // integral weights: the rounded Lagrangian bound closes
  CHECK(s.proven_optimal);
  CHECK(s.assignment[0] == kNone);
  CHECK(s.assignment[5] == 3);
  CHECK(s.unassigned_weight == Approx(30));
}

TEST_CASE("MCLP keeps fixed sites and counts their cover", "[mclp]") {
  auto inst = fixture();
  inst.fixed_sites = {0};
  Options o;
  o.p = 1;
  o.cover_cost = 1.0;
  const auto s = solve_mclp(inst, o, no_progress());
  CHECK(s.sites == std::vector<std::uint32_t>{0, 3});  // 60 + 110
  CHECK(s.objective == Approx(170));
  const auto e = solve_exact(inst, Model::mclp, o, no_progress());
  CHECK(e.objective == Approx(170));
}

TEST_CASE("MCLP: heuristic <= CBC optimum <= Lagrangian bound on random instances", "[mclp]") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticSpec spec;
    spec.demand_count = 60;
    spec.candidate_count = 15;
    spec.max_cost_m = 40000;
    spec.seed = seed;
    auto si = make_synthetic_instance(spec);
    if (seed % 3 == 0) si.instance.fixed_sites = {2, 7};
    Options o;
    o.p = 2 + static_cast<std::uint32_t>(seed % 3);
    o.cover_cost = 15000;
    o.milp_prover = false;  // the heuristic and its Lagrangian bound alone
    const auto h = solve_mclp(si.instance, o, no_progress());
    const auto e = solve_exact(si.instance, Model::mclp, o, no_progress());
    INFO("seed " << seed << " heuristic " << h.objective << " optimum " << e.objective
                 << " bound " << h.bound);
    REQUIRE(e.proven_optimal);
    CHECK(h.objective <= e.objective + 1e-6);
    CHECK(e.objective <= h.bound + 1e-6);
    CHECK(h.sites.size() == o.p + si.instance.fixed_sites.size());
    for (auto f : si.instance.fixed_sites)
      CHECK(std::binary_search(h.sites.begin(), h.sites.end(), f));
    CHECK(h.gap_0_1 == Approx(relative_gap(h.objective, h.bound)));
  }
}

TEST_CASE("MCLP is deterministic", "[mclp]") {
  SyntheticSpec spec;
  spec.demand_count = 300;
  spec.candidate_count = 60;
  auto si = make_synthetic_instance(spec);
  Options o;
  o.p = 6;
  o.cover_cost = 10000;
  const auto a = solve_mclp(si.instance, o, no_progress());
  const auto b = solve_mclp(si.instance, o, no_progress());
  CHECK(a.sites == b.sites);
  CHECK(a.assignment == b.assignment);
  CHECK(a.objective == b.objective);
  CHECK(a.bound == b.bound);
}

TEST_CASE("MCLP respects the minimum spacing", "[mclp]") {
  SyntheticSpec spec;
  spec.demand_count = 200;
  spec.candidate_count = 50;
  spec.seed = 5;
  auto si = make_synthetic_instance(spec);
  si.instance.fixed_sites = {0};
  Options o;
  o.p = 5;
  o.cover_cost = 12000;
  o.min_spacing_m = 15000;
  const auto s = solve_mclp(si.instance, o, no_progress());
  const auto& x = si.instance.candidate_x_m;
  const auto& y = si.instance.candidate_y_m;
  for (auto a : s.sites)
    for (auto b : s.sites)
      if (a < b) CHECK(std::hypot(x[a] - x[b], y[a] - y[b]) >= 15000);
  const auto e = solve_exact(si.instance, Model::mclp, o, no_progress());
  CHECK(s.objective <= e.objective + 1e-6);
  CHECK(e.objective <= s.bound + 1e-6);
}

TEST_CASE("MCLP infeasible requests give clear errors", "[mclp]") {
  Options o;
  o.cover_cost = 1.0;
  o.p = 5;
  CHECK_THROWS_AS(solve_mclp(fixture(), o, no_progress()), Infeasible);
  CHECK_THROWS_WITH(solve_mclp(fixture(), o, no_progress()),
                    Catch::Contains("5 new offices requested but only 4"));
  o.p = 1;
  o.cover_cost = 0.1;  // nothing within reach
  o.unreachable_is_error = true;
  try {
    solve_mclp(fixture(), o, no_progress());
    FAIL("expected Infeasible");
  } catch (const Infeasible& e) {
    CHECK(e.ids().size() == 6);
    CHECK(std::string(e.what()).find("demand ids 0, 1, 2") != std::string::npos);
  }
  o.unreachable_is_error = false;
  const auto s = solve_mclp(fixture(), o, no_progress());
  CHECK(s.unreachable.size() == 6);
  CHECK(s.objective == 0);
}

TEST_CASE("MCLP: the CBC check proves a known optimum (gap 0)", "[mclp]") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticSpec spec;
    spec.demand_count = 300;
    spec.candidate_count = 60;
    spec.max_cost_m = 40000;
    spec.seed = seed;
    const auto si = make_synthetic_instance(spec);
    Options o;
    o.p = 3 + static_cast<std::uint32_t>(seed % 5);
    o.cover_cost = 12000;
    const auto e = solve_exact(si.instance, Model::mclp, o, no_progress());
    REQUIRE(e.proven_optimal);
    const auto h = solve_mclp(si.instance, o, no_progress());
    INFO("seed " << seed << " objective " << h.objective << " optimum " << e.objective << " bound "
                 << h.bound << " method " << h.method);
    CHECK(h.objective == e.objective);
    CHECK(h.proven_optimal);
    CHECK(h.gap_0_1 == 0.0);
    CHECK(h.bound == h.objective);
  }
}
