// Tests of gis/access/costdist: analytic values on uniform surfaces, a brute-force oracle,
// nodata and barrier rules, and agreement with GRASS r.cost on committed reference rasters
// (produced by scripts/grass_reference.sh; CI needs no GRASS).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "gis/access/costdist.hpp"
#include "gis/core/error.hpp"
#include "gis/io/raster.hpp"

using namespace swsplan::gis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Raster uniform(int width, int height, double dx, double dy, double friction) {
  Raster r;
  r.grid.width = width;
  r.grid.height = height;
  r.grid.x0 = 500000;
  r.grid.y0 = 1400000;
  r.grid.dx = dx;
  r.grid.dy = dy;
  r.values.assign(r.grid.cells(), friction);
  return r;
}

double at(const CostDistanceResult& res, int row, int col) { return res.time_s.at(row, col); }

/// Independent oracle: Bellman-Ford relaxation over the r.cost edge set until nothing changes.
std::vector<double> brute_force(const Raster& f, int r0, int c0, bool knight) {
  const int w = f.grid.width, h = f.grid.height;
  const double dx = f.grid.dx, dy = f.grid.dy;
  std::vector<double> t(f.grid.cells(), std::numeric_limits<double>::infinity());
  auto F = [&](int r, int c) { return (r < 0 || r >= h || c < 0 || c >= w) ? kNaN : f.at(r, c); };
  t[std::size_t(r0 * w + c0)] = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    for (int r = 0; r < h; ++r)
      for (int c = 0; c < w; ++c) {
        const double tc = t[std::size_t(r * w + c)];
        if (std::isinf(tc)) continue;
        for (int a = -2; a <= 2; ++a)
          for (int b = -2; b <= 2; ++b) {
            const int ar = std::abs(a), ab = std::abs(b);
            if ((ar == 0 && ab == 0) || (ar == 2 && ab != 1 && ab != 0) || (ab == 2 && ar != 1 && ar != 0)) continue;
            if ((ar == 2 && ab == 0) || (ab == 2 && ar == 0)) continue;
            const bool is_knight = ar + ab == 3;
            if (is_knight && !knight) continue;
            const int rr = r + a, cc = c + b;
            if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
            const double len = std::sqrt((a * dy) * (a * dy) + (b * dx) * (b * dx));
            double cost;
            if (!is_knight) {
              cost = (F(r, c) + F(rr, cc)) / 2 * len;
            } else {
              // the straight neighbour one step along the long axis, and the diagonal one
              const int sr = ar == 2 ? a / 2 : 0, sc = ab == 2 ? b / 2 : 0;
              const int dr = ar == 2 ? a / 2 : a, dc = ab == 2 ? b / 2 : b;
              cost = (F(r, c) + F(r + sr, c + sc) + F(r + dr, c + dc) + F(rr, cc)) / 4 * len;
            }
            if (std::isnan(cost)) continue;
            double& tt = t[std::size_t(rr * w + cc)];
            if (std::isinf(tt) || tc + cost < tt * (1 - 1e-13)) {
              tt = tc + cost;
              changed = true;
            }
          }
      }
  }
  return t;
}

struct Source {
  double x, y;
  int facility;
};

std::vector<Source> read_sources(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);  // header
  std::vector<Source> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream ss(line);
    Source s{};
    char comma;
    ss >> s.x >> comma >> s.y >> comma >> s.facility;
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("uniform surface: 1, sqrt 2 and sqrt 5 steps", "[costdist]") {
  const double f = 0.5;  // s/m
  const double d = 10;   // m
  Raster fr = uniform(9, 9, d, d, f);
  CostSources src;
  src.add(4, 4, 7);

  SECTION("8 neighbours") {
    const auto res = cost_distance(fr, src, {Neighbourhood::n8, std::numeric_limits<double>::infinity()}, no_progress());
    CHECK(at(res, 4, 4) == 0.0);
    CHECK(at(res, 4, 5) == Approx(f * d).epsilon(1e-14));
    CHECK(at(res, 3, 4) == Approx(f * d).epsilon(1e-14));
    CHECK(at(res, 5, 5) == Approx(f * d * std::sqrt(2.0)).epsilon(1e-14));
    // (1, 2) without knight's move: one diagonal and one straight step
    CHECK(at(res, 5, 6) == Approx(f * d * (1 + std::sqrt(2.0))).epsilon(1e-14));
    CHECK(at(res, 0, 0) == Approx(4 * f * d * std::sqrt(2.0)).epsilon(1e-14));
    for (auto v : res.facility) CHECK(v == 7);
  }
  SECTION("16 neighbours") {
    const auto res = cost_distance(fr, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
    CHECK(at(res, 5, 6) == Approx(f * d * std::sqrt(5.0)).epsilon(1e-14));
    CHECK(at(res, 2, 3) == Approx(f * d * std::sqrt(5.0)).epsilon(1e-14));
    CHECK(at(res, 6, 6) == Approx(2 * f * d * std::sqrt(2.0)).epsilon(1e-14));
  }
  SECTION("non-square cells use the true step lengths") {
    Raster ns = uniform(9, 9, 10, 25, f);
    const auto res = cost_distance(ns, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
    CHECK(at(res, 4, 5) == Approx(f * 10).epsilon(1e-14));
    CHECK(at(res, 3, 4) == Approx(f * 25).epsilon(1e-14));
    CHECK(at(res, 3, 3) == Approx(f * std::hypot(10.0, 25.0)).epsilon(1e-14));
    CHECK(at(res, 2, 3) == Approx(f * std::hypot(10.0, 50.0)).epsilon(1e-14));
    CHECK(at(res, 3, 6) == Approx(f * std::hypot(20.0, 25.0)).epsilon(1e-14));
  }
}

TEST_CASE("edge cost averages the friction of the cells it crosses", "[costdist]") {
  Raster fr = uniform(5, 5, 100, 100, 1.0);
  fr.at(2, 3) = 3.0;
  CostSources src;
  src.add(2, 2, 0);
  const auto res8 = cost_distance(fr, src, {}, no_progress());
  CHECK(at(res8, 2, 3) == Approx((1.0 + 3.0) / 2 * 100));
  // knight's move (-1, +2) crosses E (2,3) and NE (1,3): (1 + 3 + 1 + 1) / 4 * sqrt(5) * 100
  const auto res16 = cost_distance(fr, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
  const double knight = (1.0 + 3.0 + 1.0 + 1.0) / 4 * std::sqrt(5.0) * 100;
  const double two_steps = 100 * std::sqrt(2.0) + 100;  // NE then E, both at friction 1
  CHECK(at(res16, 1, 4) == Approx(std::min(knight, two_steps)));
}

TEST_CASE("matches a brute-force oracle on random surfaces with holes", "[costdist]") {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 6; ++trial) {
    const bool knight = trial % 2 == 1;
    Raster fr = uniform(17, 13, trial < 4 ? 30.0 : 20.0, trial < 4 ? 30.0 : 45.0, 0.0);
    for (auto& v : fr.values) v = u(rng) < 0.15 ? kNaN : 0.05 + u(rng);
    fr.at(6, 8) = 0.4;
    CostSources src;
    src.add(6, 8, 1);
    const auto res = cost_distance(fr, src, {knight ? Neighbourhood::n16 : Neighbourhood::n8,
                                             std::numeric_limits<double>::infinity()},
                                   no_progress());
    const auto oracle = brute_force(fr, 6, 8, knight);
    for (std::size_t i = 0; i < oracle.size(); ++i) {
      if (std::isinf(oracle[i])) {
        CHECK(std::isnan(res.time_s.values[i]));
        CHECK(res.facility[i] == -1);
      } else {
        CHECK(res.time_s.values[i] == Approx(oracle[i]).epsilon(1e-12));
        CHECK(res.facility[i] == 1);
      }
    }
  }
}

TEST_CASE("nodata cells are impassable, also for the knight's intermediate cells", "[costdist]") {
  SECTION("a wall with one gap") {
    Raster fr = uniform(7, 7, 10, 10, 1.0);
    for (int r = 0; r < 7; ++r) fr.at(r, 3) = kNaN;
    fr.at(6, 3) = 1.0;  // gap at the bottom
    CostSources src;
    src.add(0, 0, 0);
    const auto res = cost_distance(fr, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
    CHECK(std::isnan(at(res, 3, 3)));
    CHECK(res.facility[3 * 7 + 3] == -1);
    // must go round through (6,3): the far side is farther than straight across would be
    CHECK(at(res, 0, 6) > 10.0 * 12);
    CHECK(std::isfinite(at(res, 0, 6)));
  }
  SECTION("a diagonal line of nodata lets 8-neighbour moves slip through, as in r.cost") {
    Raster fr = uniform(4, 4, 10, 10, 1.0);
    fr.at(0, 1) = kNaN;
    fr.at(1, 0) = kNaN;
    CostSources src;
    src.add(0, 0, 0);
    const auto res = cost_distance(fr, src, {}, no_progress());
    CHECK(at(res, 1, 1) == Approx(10 * std::sqrt(2.0)));
  }
  SECTION("knight's move blocked by a nodata intermediate cell") {
    Raster fr = uniform(3, 3, 10, 10, 1.0);
    fr.at(1, 0) = kNaN;  // N of the source
    CostSources src;
    src.add(2, 0, 0);
    const auto res = cost_distance(fr, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
    // the knight's move to (0,1) would cross N (1,0): blocked; via (1,1) then (0,1) instead
    CHECK(at(res, 0, 1) == Approx(10 * std::sqrt(2.0) + 10));
  }
}

TEST_CASE("sources on nodata cells and barriers", "[costdist]") {
  Raster fr = uniform(5, 5, 10, 10, 1.0);
  fr.at(2, 2) = kNaN;
  CostSources src;
  src.add(2, 2, 3);
  SECTION("alone: the source keeps time 0 and spreads nowhere (r.cost does the same)") {
    const auto res = cost_distance(fr, src, {Neighbourhood::n16, std::numeric_limits<double>::infinity()}, no_progress());
    CHECK(at(res, 2, 2) == 0.0);
    CHECK(res.facility[2 * 5 + 2] == 3);
    int reached = 0;
    for (double v : res.time_s.values) reached += std::isfinite(v);
    CHECK(reached == 1);
  }
  SECTION("with another source: that one serves everything else") {
    src.add(0, 0, 4);
    const auto res = cost_distance(fr, src, {}, no_progress());
    CHECK(at(res, 2, 2) == 0.0);
    CHECK(res.facility[2 * 5 + 2] == 3);
    CHECK(res.facility[4 * 5 + 4] == 4);
  }
}

TEST_CASE("start costs, several sources, max time", "[costdist]") {
  Raster fr = uniform(11, 1, 10, 10, 1.0);
  CostSources src;
  src.add(0, 0, 0, 0.0);
  src.add(0, 10, 1, 40.0);
  const auto res = cost_distance(fr, src, {}, no_progress());
  CHECK(at(res, 0, 10) == 40.0);
  CHECK(at(res, 0, 6) == Approx(60.0));
  CHECK(res.facility[6] == 0);
  CHECK(at(res, 0, 7) == Approx(70.0));  // 70 s from both: an exact tie, either facility
  CHECK((res.facility[7] == 0 || res.facility[7] == 1));
  CHECK(res.facility[8] == 1);

  const auto capped = cost_distance(fr, src, {Neighbourhood::n8, 45.0}, no_progress());
  CHECK(at(capped, 0, 4) == Approx(40.0));
  CHECK(std::isnan(at(capped, 0, 5)));
  CHECK(capped.facility[5] == -1);
  CHECK(at(capped, 0, 10) == 40.0);

  SECTION("two sources on one cell: lower start cost wins, later one on a tie") {
    CostSources same;
    same.add(0, 3, 5, 10.0);
    same.add(0, 3, 6, 2.0);
    same.add(0, 3, 7, 2.0);
    const auto r2 = cost_distance(fr, same, {}, no_progress());
    CHECK(at(r2, 0, 3) == 2.0);
    CHECK(r2.facility[0] == 7);
  }
}

TEST_CASE("bad input is refused with an actionable error", "[costdist]") {
  Raster fr = uniform(4, 4, 10, 10, 1.0);
  CostSources outside;
  outside.add(4, 0, 0);
  CHECK_THROWS_AS(cost_distance(fr, outside, {}, no_progress()), UsageError);
  CHECK_THROWS_WITH(cost_distance(fr, outside, {}, no_progress()), Catch::Contains("outside"));
  CostSources negative_start;
  negative_start.add(0, 0, 0, -1.0);
  CHECK_THROWS_AS(cost_distance(fr, negative_start, {}, no_progress()), UsageError);
  CostSources ok;
  ok.add(0, 0, 0);
  fr.at(1, 1) = -0.5;
  CHECK_THROWS_WITH(cost_distance(fr, ok, {}, no_progress()), Catch::Contains("row 1, column 1"));
}

TEST_CASE("cancellation stops the search", "[costdist]") {
  Raster fr = uniform(400, 400, 10, 10, 1.0);
  CostSources src;
  src.add(200, 200, 0);
  CancelToken token;
  int reports = 0;
  Progress progress([&](double, const std::string&) {
    if (++reports == 1) token.cancel();
  }, &token);
  CHECK_THROWS_AS(cost_distance(fr, src, {}, progress), Cancelled);
}

TEST_CASE("outputs round-trip through GeoTIFF", "[costdist]") {
  Raster fr = uniform(6, 4, 100, 100, 0.2);
  fr.at(1, 1) = kNaN;
  CostSources src;
  src.add(0, 0, 12);
  const auto res = cost_distance(fr, src, {}, no_progress());
  const std::string base = std::string(SWSPLAN_BINARY_DIR) + "/test_costdist_out";
  write_cost_distance(res, base + "_time.tif", base + "_facility.tif");
  const Raster t = read_raster(base + "_time.tif");
  const Raster f = read_raster(base + "_facility.tif");
  for (std::size_t i = 0; i < res.facility.size(); ++i) {
    CHECK(std::isnan(t.values[i]) == std::isnan(res.time_s.values[i]));
    if (!std::isnan(t.values[i])) CHECK(t.values[i] == res.time_s.values[i]);
    CHECK((std::isnan(f.values[i]) ? -1 : int(f.values[i])) == res.facility[i]);
  }
  CHECK(t.grid.x0 == fr.grid.x0);
}

TEST_CASE("cell_containing follows r.cost's floor rule", "[costdist]") {
  Raster fr = uniform(4, 3, 100, 50, 1.0);
  CHECK(cell_containing(fr.grid, 500000.0, 1400000.0) == std::pair<int, int>{0, 0});
  CHECK(cell_containing(fr.grid, 500399.9, 1399850.1) == std::pair<int, int>{2, 3});
  CHECK_FALSE(cell_containing(fr.grid, 500400.0, 1399900.0));
  CHECK_FALSE(cell_containing(fr.grid, 499999.0, 1399900.0));
}

TEST_CASE("agrees with GRASS r.cost on the committed references", "[costdist][grass]") {
  const std::string dir = std::string(SWSPLAN_TEST_DATA) + "/grass/";
  for (const std::string c : {"a", "b"}) {
    for (const std::string nb : {"n8", "n16"}) {
      INFO("case " << c << ", " << nb);
      const Raster fr = read_raster(dir + "friction_" + c + ".tif");
      const Raster ref = read_raster(dir + "cost_" + c + "_" + nb + ".tif");
      const Raster ref_near = read_raster(dir + "nearest_" + c + "_" + nb + ".tif");
      REQUIRE(ref.grid.width == fr.grid.width);
      REQUIRE(ref.grid.height == fr.grid.height);
      CostSources src;
      for (const Source& s : read_sources(dir + "sources_" + c + ".csv")) {
        const auto cell = cell_containing(fr.grid, s.x, s.y);
        REQUIRE(cell);
        src.add(cell->first, cell->second, s.facility);
      }
      const auto res = cost_distance(fr, src, {nb == "n16" ? Neighbourhood::n16 : Neighbourhood::n8,
                                               std::numeric_limits<double>::infinity()},
                                     no_progress());
      double max_rel = 0;
      int reached = 0, alloc_mismatch = 0;
      for (std::size_t i = 0; i < ref.values.size(); ++i) {
        const double g = ref.values[i], o = res.time_s.values[i];
        REQUIRE(std::isnan(g) == std::isnan(o));
        if (std::isnan(g)) {
          CHECK(res.facility[i] == -1);
          continue;
        }
        ++reached;
        max_rel = std::max(max_rel, std::abs(o - g) / std::max(1.0, std::abs(g)));
        if (int(ref_near.values[i]) != res.facility[i]) ++alloc_mismatch;
      }
      CHECK(reached > int(ref.values.size()) / 2);
      CHECK(max_rel < 1e-12);
      // random continuous friction: no exact ties, so the allocation must agree everywhere
      CHECK(alloc_mismatch == 0);
      if (c == "a") {
        // facility 4 sits on a nodata cell (row 6, col 10): r.cost gives it 0 and no spread
        CHECK(std::isnan(fr.at(6, 10)));
        CHECK(ref.at(6, 10) == 0.0);
        CHECK(res.time_s.at(6, 10) == 0.0);
        CHECK(res.facility[6 * std::size_t(fr.grid.width) + 10] == 4);
      }
    }
  }
}
