#include <catch2/catch.hpp>

#include <cmath>

#include "gis/locate/exact.hpp"
#include "gis/locate/lscp.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {
Instance fixture() {
  const std::vector<double> cover = {
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

TEST_CASE("LSCP covers all demand with the known minimum", "[lscp]") {
  Options o;
  o.cover_cost = 1.0;
  const auto s = solve_lscp(fixture(), o, no_progress());
  CHECK(s.objective == 3);
  CHECK(s.unassigned_weight == 0);
  for (auto a : s.assignment) CHECK(a != kNone);
  CHECK(s.bound <= 3);
  const auto e = solve_exact(fixture(), Model::lscp, o, no_progress());
  CHECK(e.objective == 3);
}

TEST_CASE("LSCP lists uncoverable demand ids", "[lscp]") {
  auto inst = fixture();
  inst.demand_weight.push_back(5.0);  // demand 6: candidate 0 only at cost 9
  inst.pair_candidate.push_back(0);
  inst.pair_cost.push_back(9.0);
  inst.first.push_back(static_cast<std::uint32_t>(inst.pair_candidate.size()));
  Options o;
  o.cover_cost = 1.0;
  try {
    solve_lscp(inst, o, no_progress());
    FAIL("expected Infeasible");
  } catch (const Infeasible& e) {
    CHECK(e.ids() == std::vector<std::uint32_t>{6});
    CHECK(std::string(e.what()).find("demand ids 6") != std::string::npos);
  }
  o.allow_uncoverable = true;
  const auto s = solve_lscp(inst, o, no_progress());
  CHECK(s.unreachable == std::vector<std::uint32_t>{6});
  CHECK(s.objective == 3);
}

TEST_CASE("LSCP: Lagrangian bound <= CBC optimum <= heuristic on random instances", "[lscp]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SyntheticSpec spec;
    spec.demand_count = 60;
    spec.candidate_count = 60;
    spec.candidates_at_demand = true;  // every demand can host a site: always coverable
    spec.seed = seed;
    auto si = make_synthetic_instance(spec);
    if (seed % 2 == 0) si.instance.fixed_sites = {1};
    Options o;
    o.cover_cost = 20000;
    const auto h = solve_lscp(si.instance, o, no_progress());
    const auto e = solve_exact(si.instance, Model::lscp, o, no_progress());
    INFO("seed " << seed);
    REQUIRE(e.proven_optimal);
    CHECK(h.bound <= e.objective);
    CHECK(e.objective <= h.objective);
    CHECK(h.unassigned_weight == 0);
  }
}

TEST_CASE("LSCP: uncoverable demand is reported and the bound stays tight for the rest",
          "[lscp]") {
  // Candidates apart from the demand points and a short threshold: some settlements are out
  // of reach of every candidate. The model drops them, so heuristic, bound and CBC optimum
  // agree on what can be covered.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    SyntheticSpec spec;
    spec.demand_count = 400;
    spec.candidate_count = 120;
    spec.seed = seed;
    const auto si = make_synthetic_instance(spec);
    Options o;
    o.cover_cost = 6000;
    o.allow_uncoverable = true;
    INFO("seed " << seed);
    const auto e = solve_exact(si.instance, Model::lscp, o, no_progress());
    REQUIRE(e.proven_optimal);
    o.milp_prover = false;
    const auto h = solve_lscp(si.instance, o, no_progress());
    CHECK_FALSE(h.unreachable.empty());
    CHECK(h.unreachable == e.unreachable);
    CHECK(h.bound <= e.objective);
    CHECK(h.objective >= e.objective);
    CHECK(h.bound >= 0.9 * e.objective);  // the relaxation of the coverable rows is tight
    o.milp_prover = true;
    const auto p = solve_lscp(si.instance, o, no_progress());
    CHECK(p.objective == e.objective);
    CHECK(p.proven_optimal);
    CHECK(p.gap_0_1 == 0.0);
    // Every coverable demand point is covered by an open site.
    std::vector<char> unreachable(si.instance.demand_count(), 0);
    for (auto i : p.unreachable) unreachable[i] = 1;
    for (std::uint32_t i = 0; i < si.instance.demand_count(); ++i)
      if (!unreachable[i]) CHECK(p.assignment[i] != kNone);
  }
}

TEST_CASE("LSCP with a minimum spacing: sites stay apart, CBC proves the count", "[lscp]") {
  SyntheticSpec spec;
  spec.demand_count = 200;
  spec.candidate_count = 200;
  spec.candidates_at_demand = true;
  spec.seed = 3;
  const auto si = make_synthetic_instance(spec);
  Options o;
  o.cover_cost = 15000;
  o.min_spacing_m = 4000;
  const auto s = solve_lscp(si.instance, o, no_progress());
  const auto e = solve_exact(si.instance, Model::lscp, o, no_progress());
  REQUIRE(e.proven_optimal);
  CHECK(s.objective == e.objective);
  CHECK(s.proven_optimal);
  const auto& x = si.instance.candidate_x_m;
  const auto& y = si.instance.candidate_y_m;
  for (auto a : s.sites)
    for (auto b : s.sites)
      if (a < b) CHECK(std::hypot(x[a] - x[b], y[a] - y[b]) >= 4000);
}
