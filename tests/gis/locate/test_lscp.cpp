#include <catch2/catch.hpp>

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
