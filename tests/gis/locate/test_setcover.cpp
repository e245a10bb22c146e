#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>

#include "gis/locate/setcover.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {

bool covers(const SetCover& sc, const std::vector<std::uint32_t>& pick) {
  std::vector<char> hit(sc.row_count, 0);
  for (auto j : pick)
    for (auto r : sc.columns[j]) hit[r] = 1;
  return std::all_of(hit.begin(), hit.end(), [](char c) { return c != 0; });
}

/// Fewest columns covering every row, by enumeration (small instances only).
std::size_t brute_force_optimum(const SetCover& sc) {
  const auto C = static_cast<std::uint32_t>(sc.columns.size());
  std::size_t best = C + 1;
  for (std::uint32_t mask = 0; mask < (1u << C); ++mask) {
    std::vector<std::uint32_t> pick;
    for (std::uint32_t j = 0; j < C; ++j)
      if (mask & (1u << j)) pick.push_back(j);
    if (pick.size() < best && covers(sc, pick)) best = pick.size();
  }
  return best;
}

/// Random cover: every row lies in 1..4 of the `cols` columns (splitmix64, deterministic).
SetCover random_cover(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed) {
  std::uint64_t s = seed;
  auto next = [&] {
    s += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  SetCover sc;
  sc.row_count = rows;
  sc.columns.resize(cols);
  for (std::uint32_t r = 0; r < rows; ++r) {
    const auto k = 1 + next() % 4;
    for (std::uint64_t t = 0; t < k; ++t) {
      auto& col = sc.columns[next() % cols];
      if (col.empty() || col.back() != r) col.push_back(r);
    }
  }
  return sc;
}

}  // namespace

TEST_CASE("set cover reductions: essential and dominated columns by hand", "[setcover]") {
  // Rows 0..4. A = {0,1}, B = {1}, C = {2,3}, D = {3,4}, E = {4}.
  // Row 0 needs A and row 2 needs C (essential); that leaves row 4 in D and E, identical
  // there: E is dominated (the smaller id stays) and D becomes essential.
  SetCover sc;
  sc.row_count = 5;
  sc.columns = {{0, 1}, {1}, {2, 3}, {3, 4}, {4}};
  const auto red = reduce_set_cover(sc, no_progress());
  CHECK(red.essential == std::vector<std::uint32_t>{0, 2, 3});
  CHECK(red.core.row_count == 0);
  CHECK(red.core.columns.empty());
  CHECK(red.columns_dominated == 1);
}

TEST_CASE("set cover reductions: a dominated row goes, the optimum stays", "[setcover]") {
  // A = {0, 1, 3}, B = {0, 1, 2}, C = {1, 2, 3}: no column dominates another and no row has
  // a single column. Row 1 lies in all three, so covering row 0 covers it: row 1 goes.
  // Optimum 2 (any two columns).
  SetCover sc;
  sc.row_count = 4;
  sc.columns = {{0, 1, 3}, {0, 1, 2}, {1, 2, 3}};
  const auto red = reduce_set_cover(sc, no_progress());
  CHECK(red.rows_dominated == 1);
  CHECK(red.essential.empty());
  CHECK(red.core.row_count == 3);
  const auto lag = lagrangian_set_cover(red.core, 200, no_progress());
  CHECK(red.essential.size() + lag.chosen.size() == 2);
  CHECK(red.essential.size() + lag.lower_bound == 2);
}

TEST_CASE("set cover: a row no column covers is an error naming it", "[setcover]") {
  SetCover sc;
  sc.row_count = 3;
  sc.columns = {{0}, {2}};
  CHECK_THROWS_WITH(reduce_set_cover(sc, no_progress()), Catch::Contains("row 1"));
}

TEST_CASE("set cover: reductions keep the optimum, bound <= optimum <= cover, CBC = brute force",
          "[setcover]") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto sc = random_cover(14, 12, seed);
    INFO("seed " << seed);
    const auto opt = brute_force_optimum(sc);
    const auto red = reduce_set_cover(sc, no_progress());
    CHECK(red.essential.size() + brute_force_optimum(red.core) == opt);
    const auto lag = lagrangian_set_cover(red.core, 300, no_progress());
    CHECK(covers(red.core, lag.chosen));
    CHECK(red.essential.size() + lag.lower_bound <= opt);
    CHECK(red.essential.size() + lag.chosen.size() >= opt);
    const auto ex = solve_set_cover_exact(sc, {}, 30, no_progress());
    REQUIRE(ex.proven_optimal);
    CHECK(covers(sc, ex.chosen));
    CHECK(ex.chosen.size() == opt);
  }
}
