#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

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
  const double lp_max = lp_relaxation_bound(si.instance, Model::mclp, o, no_progress()).value();
  const auto mclp = solve_exact(si.instance, Model::mclp, o, no_progress());
  CHECK(mclp.objective <= lp_max + 1e-6);
  CHECK(mclp.proven_optimal);
  CHECK(mclp.gap_0_1 == 0.0);
  const double lp_min = lp_relaxation_bound(si.instance, Model::pmedian, o, no_progress()).value();
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

TEST_CASE("exact MILP: a cancel reaches CBC inside branch and bound", "[exact][cancel]") {
  // A capacitated p-median CBC cannot finish in seconds: with a short time limit it stops
  // unproven (or without any solution); with an hour's limit and a cancel after 0.2 s it must stop with Cancelled.
  SyntheticSpec spec;
  spec.demand_count = 300;
  spec.candidate_count = 60;
  spec.max_cost_m = 40000;
  spec.seed = 11;
  auto si = make_synthetic_instance(spec);
  double total = 0.0;
  for (auto w : si.instance.demand_weight) total += w;
  si.instance.capacity.assign(60, total / 9.0);
  Options o;
  o.p = 10;
  o.time_limit_s = 2.0;
  bool finished = false;
  try {
    finished = solve_exact(si.instance, Model::capacitated_pmedian, o, no_progress()).proven_optimal;
  } catch (const Infeasible&) {
    throw;
  } catch (const Error&) {
    // "no solution within the time limit": unfinished as well
  }
  REQUIRE_FALSE(finished);

  CancelToken token;
  Progress progress([](double, const std::string&) {}, &token);
  o.time_limit_s = 3600.0;
  std::thread canceller([&token] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    token.cancel();
  });
  CHECK_THROWS_AS(solve_exact(si.instance, Model::capacitated_pmedian, o, progress), Cancelled);
  canceller.join();
}

namespace {
/// A capacitated p-median whose LP relaxation Clp needs many seconds for (about 360,000 pairs).
SyntheticInstance slow_lp_instance() {
  SyntheticSpec spec;
  spec.demand_count = 1800;
  spec.candidate_count = 200;
  spec.max_cost_m = 1e9;  // every pair in the matrix
  spec.seed = 5;
  auto si = make_synthetic_instance(spec);
  double total = 0.0;
  for (auto w : si.instance.demand_weight) total += w;
  si.instance.capacity.assign(spec.candidate_count, total / 30.0);
  return si;
}
}  // namespace

TEST_CASE("LP relaxation: a cancel or the time limit stops the simplex", "[exact][cancel]") {
  const auto si = slow_lp_instance();
  Options o;
  o.p = 40;
  o.time_limit_s = 3600.0;
  CancelToken token;
  Progress progress([](double, const std::string&) {}, &token);
  std::thread canceller([&token] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    token.cancel();
  });
  CHECK_THROWS_AS(lp_relaxation_bound(si.instance, Model::capacitated_pmedian, o, progress), Cancelled);
  canceller.join();
  // At the time limit there is no proven LP optimum: no bound, rather than an error.
  o.time_limit_s = 0.2;
  CHECK_FALSE(lp_relaxation_bound(si.instance, Model::capacitated_pmedian, o, no_progress()).has_value());
}

TEST_CASE("Measure: the LP relaxation of the slow capacitated instance, unwatched", "[.measure]") {
  const auto si = slow_lp_instance();
  Options o;
  o.p = 40;
  o.time_limit_s = 3600.0;
  const auto t0 = std::chrono::steady_clock::now();
  const auto lp = lp_relaxation_bound(si.instance, Model::capacitated_pmedian, o, no_progress());
  WARN("LP " << lp.value_or(-1) << " in "
             << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s");
}
