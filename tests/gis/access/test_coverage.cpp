// Tests of gis/access/coverage: cost matrices, coverage per group and roll-up, capacity
// catchments and E2SFCA on hand-computed cases, catchment polygons.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/core/error.hpp"
#include "gis/geom/geos.hpp"

using namespace swsplan::gis;

TEST_CASE("make_cost_matrix sorts rows and keeps the cheapest duplicate", "[coverage]") {
  const std::vector<std::uint32_t> d{1, 0, 1, 1}, f{2, 1, 0, 2};
  const std::vector<double> c{30, 10, 20, 25};
  const CostMatrix m = make_cost_matrix(3, 3, CostUnit::seconds, d, f, c);
  CHECK(m.first == std::vector<std::uint32_t>{0, 1, 3, 3});
  CHECK(m.facility == std::vector<std::uint32_t>{1, 0, 2});
  CHECK(m.cost == std::vector<double>{10, 20, 25});
  CHECK(nearest_cost(m) == std::vector<double>{10, 20, kUnreachable});
  const std::vector<double> bad{-1, 0, 0, 0};
  CHECK_THROWS_AS(make_cost_matrix(3, 3, CostUnit::seconds, d, f, bad), UsageError);
}

TEST_CASE("straight-line matrix lists facilities within the radius", "[coverage]") {
  const std::vector<double> fx{0, 1000, 5000}, fy{0, 0, 0};
  const FacilityIndex idx(PointArrays{fx, fy, {}, {}});
  const std::vector<double> dx{500, 4000}, dy{0, 0};
  const CostMatrix m = cost_matrix_straight_line(PointArrays{dx, dy, {}, {}}, idx, 1000.0, 0.0, no_progress());
  CHECK(m.unit == CostUnit::metres);
  CHECK(m.facility_count == 3);
  CHECK(m.first == std::vector<std::uint32_t>{0, 2, 3});
  CHECK(m.facility == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(m.cost == std::vector<double>{500, 500, 1000});
  // As walking time at 3.6 km/h (1 m/s).
  const CostMatrix t = cost_matrix_straight_line(PointArrays{dx, dy, {}, {}}, idx, 1000.0, 3.6, no_progress());
  CHECK(t.unit == CostUnit::seconds);
  CHECK(t.cost[2] == Approx(1000.0));
}

TEST_CASE("coverage per commune and roll-up to districts", "[coverage]") {
  // 5 villages in 3 communes; communes 0, 1 in district 0, commune 2 in district 1.
  const std::vector<double> cost{100, 5000, 200, kUnreachable, 300};
  const std::vector<double> hh{100, 50, 80, 20, 0};
  const std::vector<double> poor{10, 30, 0, 20, 0};
  const std::vector<std::uint32_t> commune{0, 0, 1, 1, 2};
  const GroupCoverage c = coverage_by_group(cost, 1000.0, hh, poor, commune, 3);
  CHECK(c.households == std::vector<double>{150, 100, 0});
  CHECK(c.covered_households == std::vector<double>{100, 80, 0});
  CHECK(c.share_covered_0_1[0] == Approx(100.0 / 150.0));
  CHECK(c.share_covered_0_1[1] == Approx(0.8));
  CHECK(std::isnan(c.share_covered_0_1[2]));  // no households: unknown, not 0 %
  CHECK(c.share_poor_covered_0_1[0] == Approx(0.25));
  CHECK(c.share_poor_covered_0_1[1] == Approx(0.0));
  CHECK(std::isnan(c.share_poor_covered_0_1[2]));

  const std::vector<std::uint32_t> district{0, 0, 1};
  const GroupCoverage d = roll_up(c, district, 2);
  CHECK(d.households == std::vector<double>{250, 0});
  CHECK(d.share_covered_0_1[0] == Approx(180.0 / 250.0));
  CHECK(d.share_poor_covered_0_1[0] == Approx(10.0 / 60.0));
  const std::vector<std::uint32_t> bad{0, 0, 7};
  CHECK_THROWS_AS(roll_up(c, bad, 2), UsageError);
}

TEST_CASE("E2SFCA on a hand-computed 2x2 case", "[coverage][e2sfca]") {
  // Villages P = 100, 200; facilities S = 10, 5 (e.g. staff). Travel times (s):
  //          f0     f1
  //   v0    300    900      weights 1     0.68
  //   v1   1500    500      weights 0.22  1
  // R0 = 10 / (100*1 + 200*0.22) = 10 / 144 = 0.0694444
  // R1 =  5 / (100*0.68 + 200*1) = 5 / 268  = 0.0186567
  // A0 = R0*1 + R1*0.68 = 0.0694444 + 0.0126866 = 0.0821311
  // A1 = R0*0.22 + R1*1 = 0.0152778 + 0.0186567 = 0.0339345
  const std::vector<std::uint32_t> d{0, 0, 1, 1}, f{0, 1, 0, 1};
  const std::vector<double> c{300, 900, 1500, 500};
  const CostMatrix m = make_cost_matrix(2, 2, CostUnit::seconds, d, f, c);
  const std::vector<double> pop{100, 200}, supply{10, 5};
  const E2sfcaResult r = e2sfca(m, pop, supply, {}, no_progress());
  CHECK(r.facility_ratio[0] == Approx(0.0694444).epsilon(1e-5));
  CHECK(r.facility_ratio[1] == Approx(0.0186567).epsilon(1e-5));
  CHECK(r.accessibility[0] == Approx(0.0821311).epsilon(1e-5));
  CHECK(r.accessibility[1] == Approx(0.0339345).epsilon(1e-5));
  // Supply is conserved: sum_i P_i A_i = sum_j S_j when every facility has demand.
  CHECK(pop[0] * r.accessibility[0] + pop[1] * r.accessibility[1] == Approx(15.0));

  E2sfcaOptions g;
  g.decay = DecayKind::gaussian;
  g.gaussian_max_cost = 1800;
  CHECK(decay_weight(0, g) == Approx(1.0));
  CHECK(decay_weight(1800, g) == 0.0);
  CHECK(decay_weight(900, g) > decay_weight(1200, g));
  const E2sfcaResult rg = e2sfca(m, pop, supply, g, no_progress());
  CHECK(pop[0] * rg.accessibility[0] + pop[1] * rg.accessibility[1] == Approx(15.0));

  E2sfcaOptions bad;
  bad.bands = {{600, 1}, {300, 0.5}};
  CHECK_THROWS_AS(e2sfca(m, pop, supply, bad, no_progress()), UsageError);
}

TEST_CASE("capacity catchments on a hand-computed case", "[coverage][catchment]") {
  // Villages v0 = 100, v1 = 100, v2 = 80 people. Facility A (0) capacity 150, B (1) 100.
  //         A      B
  //   v0   60    500
  //   v1  120    100
  //   v2    -     50
  const std::vector<std::uint32_t> d{0, 0, 1, 1, 2}, f{0, 1, 0, 1, 1};
  const std::vector<double> c{60, 500, 120, 100, 50};
  const CostMatrix m = make_cost_matrix(3, 2, CostUnit::seconds, d, f, c);
  const std::vector<double> demand{100, 100, 80}, cap{150, 100};

  SECTION("ordered by a facility column, descending (AccessMod tableOrder)") {
    CatchmentOptions o;
    o.max_cost = 600;
    o.order_value = cap;
    const Catchments r = capacity_catchments(m, demand, cap, o, no_progress());
    // A first: v0 (100) then 50 of v1. B: v2 (80) then 20 of v1's remaining 50.
    CHECK(r.order == std::vector<std::uint32_t>{0, 1});
    CHECK(r.covered_demand == std::vector<double>{150, 100});
    CHECK(r.capacity_left == std::vector<double>{0, 0});
    CHECK(r.residual_demand == std::vector<double>{0, 30, 0});
    CHECK(r.catchment_max_cost == std::vector<double>{120, 100});
    CHECK(r.served_first == std::vector<std::uint32_t>{0, 2, 4});
    CHECK(r.served_demand == std::vector<std::uint32_t>{0, 1, 2, 1});
    CHECK(r.served_amount == std::vector<double>{100, 50, 80, 20});
  }
  SECTION("ordered by demand within the bound (AccessMod travelTime pre-analysis)") {
    CatchmentOptions o;
    o.max_cost = 600;
    const Catchments r = capacity_catchments(m, demand, cap, o, no_progress());
    // Within 600 s: A reaches 200 people, B 280, so B goes first.
    CHECK(r.order_value == std::vector<double>{200, 280});
    CHECK(r.order == std::vector<std::uint32_t>{1, 0});
    // B: v2 (80), v1 20. A: v0 100, v1 50 of the remaining 80.
    CHECK(r.residual_demand == std::vector<double>{0, 30, 0});
    CHECK(r.served_amount == std::vector<double>{100, 50, 80, 20});
  }
  SECTION("a tight maximum time leaves demand uncovered and capacity unused") {
    CatchmentOptions o;
    o.max_cost = 70;
    o.order_value = cap;
    const Catchments r = capacity_catchments(m, demand, cap, o, no_progress());
    CHECK(r.covered_demand == std::vector<double>{100, 80});
    CHECK(r.capacity_left == std::vector<double>{50, 20});
    CHECK(r.residual_demand == std::vector<double>{0, 100, 0});
  }
  SECTION("infinite capacity takes everything within reach") {
    const std::vector<double> inf{kUnreachable, kUnreachable};
    CatchmentOptions o;
    o.max_cost = 600;
    const Catchments r = capacity_catchments(m, demand, inf, o, no_progress());
    CHECK(r.residual_demand == std::vector<double>{0, 0, 0});
  }
  SECTION("catchment polygons contain the facility and the villages served") {
    CatchmentOptions o;
    o.max_cost = 600;
    o.order_value = cap;
    const Catchments r = capacity_catchments(m, demand, cap, o, no_progress());
    const std::vector<double> vx{0, 1000, 2000}, vy{0, 500, 0}, fx{100, 1900}, fy{100, 100};
    const auto wkb = catchment_polygons_wkb(r, PointArrays{vx, vy, {}, {}}, PointArrays{fx, fy, {}, {}}, {}, no_progress());
    REQUIRE(wkb.size() == 2);
    GEOSContextHandle_t h = geos::ctx();
    GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
    for (std::size_t j = 0; j < 2; ++j) {
      REQUIRE(!wkb[j].empty());
      geos::GeomPtr g(GEOSWKBReader_read_r(h, reader, wkb[j].data(), wkb[j].size()));
      REQUIRE(g);
      CHECK(GEOSGeomTypeId_r(h, g.get()) == GEOS_POLYGON);
      geos::GeomPtr fp(GEOSGeom_createPointFromXY_r(h, fx[j], fy[j]));
      CHECK(GEOSContains_r(h, g.get(), fp.get()) == 1);
      for (std::uint32_t k = r.served_first[j]; k < r.served_first[j + 1]; ++k) {
        const std::uint32_t i = r.served_demand[k];
        geos::GeomPtr p(GEOSGeom_createPointFromXY_r(h, vx[i], vy[i]));
        CHECK(GEOSContains_r(h, g.get(), p.get()) == 1);
      }
    }
    GEOSWKBReader_destroy_r(h, reader);
  }
}

TEST_CASE("coverage rejects inconsistent input", "[coverage]") {
  const std::vector<double> cost{1}, hh{-5}, poor{0};
  const std::vector<std::uint32_t> g{0};
  CHECK_THROWS_AS(coverage_by_group(cost, 10, hh, poor, g, 1), UsageError);
  const std::vector<double> hh2{5};
  const std::vector<std::uint32_t> g2{3};
  CHECK_THROWS_AS(coverage_by_group(cost, 10, hh2, poor, g2, 1), UsageError);
}

TEST_CASE("nearest-facility service areas from an assignment", "[coverage][catchment]") {
  const std::vector<std::uint32_t> fac{1, kNoId, 1, 0};
  const std::vector<double> cost{10, kUnreachable, 30, 5}, hh{4, 6, 8, 2};
  const Catchments c = catchments_from_assignment(fac, cost, hh, 2);
  CHECK(c.served_first == std::vector<std::uint32_t>{0, 1, 3});
  CHECK(c.served_demand == std::vector<std::uint32_t>{3, 0, 2});
  CHECK(c.covered_demand == std::vector<double>{2, 12});
  CHECK(c.catchment_max_cost == std::vector<double>{5, 30});
  CHECK(c.residual_demand == std::vector<double>{0, 6, 0, 0});
  const std::vector<double> vx{0, 50, 100, 900}, vy{0, 0, 50, 900}, fx{1000, 50}, fy{1000, 50};
  const auto wkb = catchment_polygons_wkb(c, PointArrays{vx, vy, {}, {}}, PointArrays{fx, fy, {}, {}}, {}, no_progress());
  CHECK(wkb.size() == 2);
  const std::vector<std::uint32_t> bad{5, 0, 0, 0};
  CHECK_THROWS_AS(catchments_from_assignment(bad, cost, hh, 2), UsageError);
}
