// Unit: app/render/prepared_layer.* (bbox grid culling, label points, hit testing).
#include <catch2/catch.hpp>
#include <limits>
#include <random>

#include "app/render/prepared_layer.hpp"
#include "gui/gui_support.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("bbox grid query equals brute force", "[gui][index]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1000), w(0, 40);
  std::vector<gis::Extent> boxes;
  for (int i = 0; i < 3000; ++i) {
    const double x = u(rng), y = u(rng);
    boxes.push_back({x, y, x + w(rng), y + w(rng)});
  }
  boxes[17] = gis::Extent{1, 1, 0, 0};  // empty geometry
  const BBoxGrid grid(boxes);
  for (int q = 0; q < 200; ++q) {
    const double x = u(rng) - 100, y = u(rng) - 100, s = u(rng) / 3;
    const gis::Extent e{x, y, x + s, y + s};
    std::vector<std::uint32_t> expect;
    for (std::uint32_t i = 0; i < boxes.size(); ++i)
      if (boxes[i].valid() && boxes[i].xmin <= e.xmax && e.xmin <= boxes[i].xmax && boxes[i].ymin <= e.ymax && e.ymin <= boxes[i].ymax)
        expect.push_back(i);
    REQUIRE(grid.query(e) == expect);
  }
  CHECK(grid.query({-1e9, -1e9, 1e9, 1e9}).size() == boxes.size() - 1);
}

TEST_CASE("bbox grid of one point: a view zoomed far out finds it (cells beyond the int range)", "[gui][index]") {
  // One point: the grid's cells are tiny, so a national-scale query is ~1e13 cells away
  // (undefined as an int cast; UBSan reported it for a layer with one user candidate site).
  const BBoxGrid grid(std::vector<gis::Extent>{{500000.0, 1400000.0, 500000.0, 1400000.0}});
  CHECK(grid.query({-1e9, -1e9, 1e9, 1e9}) == std::vector<std::uint32_t>{0});
  CHECK(grid.query({100000.0, 1000000.0, 900000.0, 1800000.0}) == std::vector<std::uint32_t>{0});
  CHECK(grid.query({600000.0, 1500000.0, 9e12, 9e12}).empty());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(grid.query({nan, nan, nan, nan}).empty());
}

TEST_CASE("sample communes: label points lie inside, hit test finds the commune", "[gui][index]") {
  const auto raw = layers::Project::open(test::sample_project()).read("communes");
  const auto p = prepare_layer(raw, "EPSG:32648");
  REQUIRE(p->size() == raw.size());
  REQUIRE(p->map_crs == "EPSG:32648");
  CHECK(p->extent.xmin > 100000);  // metres, not degrees
  for (std::size_t f = 0; f < p->size(); ++f) {
    INFO("commune " << raw.columns[0].text(f));
    REQUIRE(polygon_contains(p->data.geom, f, p->label_x[f], p->label_y[f]));
    const auto hits = p->hit(p->label_x[f], p->label_y[f], 1.0);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0] == f);
  }
}
