#include <catch2/catch.hpp>

#include "gis/locate/instance.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

TEST_CASE("Instance::from_dense keeps pairs within the maximum cost", "[instance]") {
  const auto inst = Instance::from_dense({1, 2}, 3, {1, 5, 2, 9, 9, 9}, 4.0);
  CHECK(inst.first == std::vector<std::uint32_t>{0, 2, 2});
  CHECK(inst.pair_candidate == std::vector<std::uint32_t>{0, 2});
  CHECK_NOTHROW(inst.validate());
  const auto t = transpose(inst, 1.5);
  CHECK(t.first == std::vector<std::uint32_t>{0, 1, 1, 1});
}

TEST_CASE("Instance::validate names the offending element", "[instance]") {
  auto inst = Instance::from_dense({1, 2}, 3, {1, 5, 2, 1, 1, 1}, 4.0);
  inst.demand_weight[1] = -1;
  CHECK_THROWS_WITH(inst.validate(), Catch::Contains("demand 1 has weight"));
  inst.demand_weight[1] = 1;
  inst.pair_candidate[0] = 7;
  CHECK_THROWS_WITH(inst.validate(), Catch::Contains("names candidate 7"));
  inst.pair_candidate[0] = 2;
  CHECK_THROWS_WITH(inst.validate(), Catch::Contains("lists candidate 2 twice"));
  inst.pair_candidate[0] = 0;
  inst.fixed_sites = {3};
  CHECK_THROWS_WITH(inst.validate(), Catch::Contains("fixed site 3"));
}

TEST_CASE("spacing conflicts from coordinates", "[instance]") {
  Instance inst = Instance::from_dense({1}, 3, {1, 1, 1}, 4.0);
  inst.candidate_x_m = {0, 500, 5000};
  inst.candidate_y_m = {0, 0, 0};
  const auto g = spacing_conflicts(inst, 1000);
  CHECK(g.first == std::vector<std::uint32_t>{0, 1, 2, 2});
  CHECK(g.conflict == std::vector<std::uint32_t>{1, 0});
  inst.fixed_sites = {0, 1};
  CHECK_THROWS_AS(spacing_conflicts(inst, 1000), Infeasible);
  Instance bare = Instance::from_dense({1}, 3, {1, 1, 1}, 4.0);
  CHECK_THROWS_AS(spacing_conflicts(bare, 1000), UsageError);
}

TEST_CASE("synthetic instances are deterministic", "[instance]") {
  SyntheticSpec s;
  s.demand_count = 500;
  s.candidate_count = 40;
  const auto a = make_synthetic_instance(s), b = make_synthetic_instance(s);
  CHECK(a.instance.pair_cost == b.instance.pair_cost);
  CHECK(a.instance.demand_weight == b.instance.demand_weight);
  CHECK_NOTHROW(a.instance.validate());
  CHECK(a.instance.pair_count() > 0);
}
