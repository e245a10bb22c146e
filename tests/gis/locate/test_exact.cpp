#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "gis/locate/exact.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

TEST_CASE("LP relaxation bounds the MILP optimum from the right side", "[exact]") {
  SyntheticSpec spec;
  spec.demand_count = 40;
  spec.candidate_count = 12;
  spec.seed = 9;
  const auto si = make_synthetic_instance(spec);
  Options o;
  o.p = 3;
  o.cover_cost = 12000;
  const double lp_max = lp_relaxation_bound(si.instance, Model::mclp, o, no_progress());
  const auto mclp = solve_exact(si.instance, Model::mclp, o, no_progress());
  CHECK(mclp.objective <= lp_max + 1e-6);
  CHECK(mclp.proven_optimal);
  CHECK(mclp.gap_0_1 == 0.0);
  const double lp_min = lp_relaxation_bound(si.instance, Model::pmedian, o, no_progress());
  const auto pmed = solve_exact(si.instance, Model::pmedian, o, no_progress());
  CHECK(lp_min <= pmed.objective * (1 + 1e-9));
  CHECK(pmed.sites.size() == 3);
}

TEST_CASE("exact models honour fixed sites and the spacing", "[exact]") {
  SyntheticSpec spec;
  spec.demand_count = 50;
  spec.candidate_count = 20;
  spec.seed = 4;
  auto si = make_synthetic_instance(spec);
  si.instance.fixed_sites = {5};
  Options o;
  o.p = 3;
  o.min_spacing_m = 20000;
  const auto s = solve_exact(si.instance, Model::pmedian, o, no_progress());
  CHECK(std::find(s.sites.begin(), s.sites.end(), 5u) != s.sites.end());
  const auto& x = si.instance.candidate_x_m;
  const auto& y = si.instance.candidate_y_m;
  for (auto a : s.sites)
    for (auto b : s.sites)
      if (a < b) CHECK(std::hypot(x[a] - x[b], y[a] - y[b]) >= 20000);
}

TEST_CASE("exact MILP: an impossible spacing is reported as infeasible", "[exact]") {
  Instance inst = Instance::from_dense({1, 1}, 3, {1, 1, 1, 1, 1, 1}, 5.0);
  inst.candidate_x_m = {0, 10, 20};
  inst.candidate_y_m = {0, 0, 0};
  Options o;
  o.p = 2;
  o.min_spacing_m = 15;  // 0 and 20 fit, so p = 2 is feasible...
  CHECK(solve_exact(inst, Model::pmedian, o, no_progress()).sites ==
        std::vector<std::uint32_t>{0, 2});
  o.min_spacing_m = 25;  // ...but no two candidates are 25 apart
  CHECK_THROWS_AS(solve_exact(inst, Model::pmedian, o, no_progress()), Infeasible);
}
