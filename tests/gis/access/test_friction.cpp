// Tests of gis/access/friction: class speeds per mode, road burning (faster wins, supercover),
// barriers with crossing points, Tobler on DEM slope, speed -> friction.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "gis/access/costdist.hpp"
#include "gis/access/friction.hpp"
#include "gis/core/error.hpp"

using namespace swsplan::gis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Raster land_cover(int w, int h, double code) {
  Raster r;
  r.grid = {w, h, 0.0, double(h) * 10.0, 10.0, 10.0, ""};
  r.values.assign(r.grid.cells(), code);
  return r;
}

LandCoverSpeeds table() {
  LandCoverSpeeds t;
  t.add(1, 4.0, 10.0, 20.0);  // cropland
  t.add(2, 2.0, 0.0, 0.0);    // forest: bikes and motorbikes cannot pass
  t.add(9, 0.0, 0.0, 0.0);    // water
  return t;
}

std::set<std::uint32_t> cells_of(const GridSpec& g, double x0, double y0, double x1, double y1) {
  std::vector<std::uint32_t> v;
  supercover_cells(g, x0, y0, x1, y1, v);
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("land cover classes give per-mode speeds and friction 3.6 / speed", "[friction]") {
  Raster lc = land_cover(3, 2, 1);
  lc.at(0, 1) = 2;
  lc.at(1, 2) = 9;
  lc.at(1, 0) = kNaN;
  FrictionInputs in;
  in.land_cover = &lc;
  in.speeds = table();
  in.mode = TravelMode::bicycle;
  const Raster s = build_speed_kmh(in, no_progress());
  CHECK(s.at(0, 0) == 10.0);
  CHECK(std::isnan(s.at(0, 1)));  // forest, speed 0 for bicycles
  CHECK(std::isnan(s.at(1, 2)));  // water
  CHECK(std::isnan(s.at(1, 0)));  // nodata land cover
  in.mode = TravelMode::walk;
  const Raster f = build_friction_s_per_m(in, no_progress());
  CHECK(f.at(0, 0) == Approx(3.6 / 4.0));  // 4 km/h = 0.9 s/m
  CHECK(f.at(0, 1) == Approx(1.8));
  CHECK(std::isnan(f.at(1, 2)));
}

TEST_CASE("an unknown class is an input error naming the class and the cell", "[friction]") {
  Raster lc = land_cover(3, 3, 1);
  lc.at(2, 1) = 7;
  FrictionInputs in;
  in.land_cover = &lc;
  in.speeds = table();
  CHECK_THROWS_AS(build_speed_kmh(in, no_progress()), InputError);
  CHECK_THROWS_WITH(build_speed_kmh(in, no_progress()), Catch::Contains("class 7 at row 2, column 1"));
}

TEST_CASE("supercover line walk touches every crossed cell, 4-connected", "[friction]") {
  Raster lc = land_cover(10, 10, 1);  // 10 m cells, x 0..100, y 0..100
  const GridSpec& g = lc.grid;
  SECTION("horizontal within one row") {
    CHECK(cells_of(g, 5, 95, 45, 95) == std::set<std::uint32_t>{0, 1, 2, 3, 4});
  }
  SECTION("exact diagonal through corners takes both corner neighbours") {
    // (0,100) -> (30,70): cells (0,0),(1,1),(2,2) plus the corner-sharing (0,1),(1,0),(1,2),(2,1)
    CHECK(cells_of(g, 0, 100, 30, 70) == std::set<std::uint32_t>{0, 1, 10, 11, 12, 21, 22});
  }
  SECTION("a shallow line is 4-connected and matches the cells it crosses") {
    const auto cells = cells_of(g, 1, 99, 99, 71);  // drops 2.8 rows over 9.8 columns
    for (std::uint32_t c : cells) {
      if (c == 0) continue;
      const int r = int(c / 10), col = int(c % 10);
      const bool has4 = cells.count(std::uint32_t((r - 1) * 10 + col)) || cells.count(std::uint32_t(r * 10 + col - 1));
      CHECK(has4);
    }
    CHECK(cells.count(0));
    CHECK(cells.count(2 * 10 + 9));
    // brute force: a cell is crossed if the segment passes through its interior
    for (int r = 0; r < 10; ++r)
      for (int col = 0; col < 10; ++col) {
        bool crosses = false;
        for (int k = 0; k <= 10000 && !crosses; ++k) {
          const double t = k / 10000.0, x = 1 + 98 * t, y = 99 - 28 * t;
          crosses = x > col * 10 && x < col * 10 + 10 && y < 100 - r * 10 && y > 90 - r * 10;
        }
        if (crosses) CHECK(cells.count(std::uint32_t(r * 10 + col)));
      }
  }
  SECTION("clipped to the grid") {
    CHECK(cells_of(g, -50, 95, 15, 95) == std::set<std::uint32_t>{0, 1});
    CHECK(cells_of(g, -50, 150, -10, 160).empty());
  }
}

TEST_CASE("roads burn in at their speed, faster of road and land cover wins", "[friction]") {
  Raster lc = land_cover(10, 3, 2);  // forest
  lc.at(1, 9) = 9;                   // water under the road's end
  FrictionInputs in;
  in.land_cover = &lc;
  in.speeds = table();
  in.mode = TravelMode::walk;
  in.roads.add({{0.0, 15.0}, {100.0, 15.0}});  // along row 1
  in.road_speed_kmh = {5.0};
  in.roads.add({{0.0, 25.0}, {20.0, 25.0}});  // row 0, slower than forest walking
  in.road_speed_kmh.push_back(1.0);
  const Raster s = build_speed_kmh(in, no_progress());
  for (int c = 0; c < 10; ++c) CHECK(s.at(1, c) == 5.0);
  CHECK(s.at(0, 0) == 2.0);  // forest faster than the 1 km/h track
  CHECK(s.at(2, 0) == 2.0);
  in.road_speed_kmh.pop_back();
  CHECK_THROWS_AS(build_speed_kmh(in, no_progress()), UsageError);
}

TEST_CASE("barriers are impassable except at crossing points", "[friction]") {
  Raster lc = land_cover(9, 9, 1);  // 90 m square
  FrictionInputs in;
  in.land_cover = &lc;
  in.speeds = table();
  in.mode = TravelMode::walk;
  // A diagonal river from the north-west to the south-east corner.
  in.barriers.add({{0.0, 90.0}, {90.0, 0.0}});
  const Raster closed = build_friction_s_per_m(in, no_progress());
  CostSources src;
  src.add(0, 8, 0);  // north-east of the river
  const auto res = cost_distance(closed, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
  // Supercover barrier: no 8- or 16-neighbour move gets to the south-west side.
  CHECK(std::isnan(res.time_s.at(8, 0)));
  CHECK(std::isnan(res.time_s.at(5, 2)));

  // A ford at the centre cell opens it.
  in.crossing_xs = {45.0};
  in.crossing_ys = {45.0};
  const Raster open = build_friction_s_per_m(in, no_progress());
  CHECK(std::isfinite(open.at(4, 4)));
  const auto res2 = cost_distance(open, src, {Neighbourhood::n8, std::numeric_limits<double>::infinity()}, no_progress());
  CHECK(std::isfinite(res2.time_s.at(8, 0)));

  SECTION("barrier mask") {
    in.barriers = {};
    in.crossing_xs.clear();
    in.crossing_ys.clear();
    in.barrier_mask.assign(lc.grid.cells(), 0);
    in.barrier_mask[3] = 1;
    const Raster m = build_speed_kmh(in, no_progress());
    CHECK(std::isnan(m.values[3]));
    CHECK(m.values[4] == 4.0);
  }
}

TEST_CASE("Tobler slows walking on slopes, isotropically", "[friction]") {
  CHECK(tobler_factor(0.0) == 1.0);
  CHECK(tobler_factor(0.1) == Approx(std::exp(-0.35)));
  CHECK(tobler_factor(-0.1) == tobler_factor(0.1));
  // Tobler: 6 exp(-3.5 |0.1 + 0.05|) / 6 exp(-3.5 * 0.05) on the uphill branch
  CHECK(tobler_factor(0.1) == Approx(std::exp(-3.5 * 0.15) / std::exp(-3.5 * 0.05)));

  Raster lc = land_cover(5, 5, 1);
  Raster dem = lc;
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 5; ++c) dem.at(r, c) = 2.0 * c;  // rises 2 m per 10 m eastwards: slope 0.2
  const Raster slope = slope_rise_over_run(dem);
  CHECK(slope.at(2, 2) == Approx(0.2));
  FrictionInputs in;
  in.land_cover = &lc;
  in.speeds = table();
  in.dem = &dem;
  in.mode = TravelMode::walk;
  const Raster s = build_speed_kmh(in, no_progress());
  CHECK(s.at(2, 2) == Approx(4.0 * std::exp(-0.7)));
  in.mode = TravelMode::motorbike;  // slope only affects walking
  CHECK(build_speed_kmh(in, no_progress()).at(2, 2) == 20.0);

  Raster other = dem;
  other.grid.dx = 20.0;
  in.dem = &other;
  in.mode = TravelMode::walk;
  CHECK_THROWS_AS(build_speed_kmh(in, no_progress()), InputError);
}
