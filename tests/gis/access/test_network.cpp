// Tests of gis/access/network: noding, bridges, zero-length segments, snapping onto segment
// interiors, one-way roads, disconnected components, multi-source vs per-facility search,
// door-to-door trips (straight walks), the reason of every point without a time, and the
// national OpenStreetMap main roads.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/vector.hpp"

using namespace swsplan::gis;

namespace {

// Builder for a line layer in plain arrays.
struct Lines {
  std::vector<std::uint32_t> first{0};
  std::vector<double> x, y, speed;
  std::vector<std::int8_t> oneway;
  std::vector<std::uint8_t> bridge;
  void add(std::vector<std::pair<double, double>> pts, double speed_kmh, std::int8_t ow = 0, bool is_bridge = false) {
    for (auto [px, py] : pts) {
      x.push_back(px);
      y.push_back(py);
    }
    first.push_back(static_cast<std::uint32_t>(x.size()));
    speed.push_back(speed_kmh);
    oneway.push_back(ow);
    bridge.push_back(is_bridge ? 1 : 0);
  }
  LineArrays arrays() const { return {first, x, y, speed, oneway, bridge}; }
};

struct Points {
  std::vector<double> x, y;
  PointArrays arrays() const { return {x, y, {}, {}}; }
};

constexpr double kmh36 = 36.0;  // 10 m/s: times read as metres / 10

// Approx cannot compare infinities (inf - inf is NaN).
bool same_time(double a, double b) {
  if (a == kUnreachable || b == kUnreachable) return a == b;
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// Trips over the roads only (no straight walk to a facility): tests of the road graph itself.
SnapOptions road_only() {
  SnapOptions o;
  o.direct_walk_max_m = 0;
  return o;
}

}  // namespace

TEST_CASE("crossing lines are noded into a junction", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  l.add({{50, -50}, {50, 50}}, kmh36);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  CHECK(net.node_count() == 5);
  CHECK(net.edge_count() == 4);
  double total = 0;
  for (double len : net.edge_length_m) total += len;
  CHECK(total == Approx(200.0));

  // From the end of one road to the end of the other: via the junction, 50 + 50 m.
  Points d, f;
  d.x = {0};
  d.y = {0};
  f.x = {50};
  f.y = {50};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  CHECK(nn.facility[0] == 0);
  CHECK(nn.time_s[0] == Approx(10.0));
  CHECK(g.report.component_count == 1);
}

TEST_CASE("a bridge does not connect to the road it crosses", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  l.add({{50, -50}, {50, 50}}, kmh36, 0, /*bridge=*/true);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  CHECK(net.node_count() == 4);
  CHECK(net.edge_count() == 2);
  Points d, f;
  d.x = {0};
  d.y = {0};
  f.x = {50};
  f.y = {50};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), road_only(), no_progress());
  CHECK(g.report.component_count == 2);
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  CHECK(nn.time_s[0] == kUnreachable);
  CHECK(nn.facility[0] == kNoId);
  CHECK(nn.demand_on_component_without_facility == std::vector<std::uint32_t>{0});
  REQUIRE(nn.no_time.size() == 1);
  CHECK(nn.no_time[0].reason == NoTimeReason::road_piece_without_facility);
  // Door to door, the village walks the 70.7 m straight to the facility (5 km/h).
  const RoutingGraph gd = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  const NetworkNearest nd = nearest_facility_network(gd, {}, kUnreachable, no_progress());
  CHECK(nd.time_s[0] == Approx(std::hypot(50.0, 50.0) / (5.0 / 3.6)));
  CHECK(nd.walked_direct[0] == 1);
  CHECK(nd.no_time.empty());
}

TEST_CASE("a road ending on a bridge end point joins it", "[network]") {
  Lines l;
  // The road passes through (50, 0) as a plain vertex; the bridge starts exactly there.
  l.add({{0, 0}, {50, 0}, {100, 0}}, kmh36);
  l.add({{50, 0}, {50, 80}}, kmh36, 0, true);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  CHECK(net.edge_count() == 3);
  Points d, f;
  d.x = {0};
  d.y = {0};
  f.x = {50};
  f.y = {80};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  CHECK(g.report.component_count == 1);
  CHECK(nearest_facility_network(g, {}, kUnreachable, no_progress()).time_s[0] == Approx(13.0));
}

TEST_CASE("zero-length segments and lines do not break the graph", "[network]") {
  Lines l;
  l.add({{0, 0}, {0, 0}, {50, 0}, {50, 0}, {100, 0}}, kmh36);  // repeated vertices
  l.add({{30, 30}, {30, 30}}, kmh36);                           // a zero-length line
  l.add({{100, 0}, {100, 0}}, kmh36);                           // zero length on a node
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  CHECK(net.zero_length_lines == std::vector<std::uint32_t>{1, 2});
  CHECK(net.edge_count() == 1);
  for (double len : net.edge_length_m) CHECK(len > 0);

  Points d, f;
  d.x = {0, 30};
  d.y = {0, 30};
  f.x = {100};
  f.y = {0};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  CHECK(nn.time_s[0] == Approx(10.0));
  // The second village walks 30 m to the road (21.6 s at 5 km/h), then rides 70 m.
  CHECK(nn.time_s[1] == Approx(30.0 / (5.0 / 3.6) + 7.0));
}

TEST_CASE("points snap to the nearest point of a segment, splitting its cost", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {20, 90, 500};  // the third is 500 m away from the road
  d.y = {10, -5, 500};
  f.x = {60};
  f.y = {0};
  SnapOptions opt;
  opt.tolerance_m = 100;
  opt.walk_speed_kmh = 3.6;  // 1 m/s
  opt.direct_walk_max_m = 100;
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), opt, no_progress());
  CHECK(g.demand_snap_m[0] == Approx(10.0));
  CHECK(g.demand_snap_m[1] == Approx(5.0));
  CHECK(g.report.unsnapped_demand == std::vector<std::uint32_t>{2});
  CHECK(g.split_node_count == 3);
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  // Village 0: walk 10 s, ride 40 m (4 s) along the same edge to the facility's snap point.
  CHECK(nn.time_s[0] == Approx(14.0));
  // Village 1: walk 5 s, ride 30 m back (3 s).
  CHECK(nn.time_s[1] == Approx(8.0));
  CHECK(nn.time_s[2] == kUnreachable);
  CHECK(nn.unsnapped_demand == std::vector<std::uint32_t>{2});
  REQUIRE(nn.no_time.size() == 1);
  CHECK(nn.no_time[0].demand == 2);
  CHECK(nn.no_time[0].reason == NoTimeReason::beyond_walk);
  CHECK(nn.no_time[0].snap_m == kUnreachable);
}

TEST_CASE("one-way roads are followed in the direction of travel to the facility", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36, /*oneway=*/1);  // only eastwards
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {0, 100};
  d.y = {0, 0};
  f.x = {50};
  f.y = {0};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), road_only(), no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  CHECK(nn.time_s[0] == Approx(5.0));
  CHECK(nn.time_s[1] == kUnreachable);  // would have to drive against the one-way
  REQUIRE(nn.no_time.size() == 1);
  CHECK(nn.no_time[0].demand == 1);
  CHECK(nn.no_time[0].reason == NoTimeReason::one_way_only);
  // The same line digitised the other way with oneway = -1 behaves the same.
  Lines r;
  r.add({{100, 0}, {0, 0}}, kmh36, -1);
  const RoutingGraph g2 = build_routing_graph(build_road_network(r.arrays(), no_progress()), d.arrays(), f.arrays(),
                                              road_only(), no_progress());
  const NetworkNearest n2 = nearest_facility_network(g2, {}, kUnreachable, no_progress());
  CHECK(n2.time_s[0] == Approx(5.0));
  CHECK(n2.time_s[1] == kUnreachable);
}

TEST_CASE("disconnected components are reported", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  l.add({{100, 0}, {200, 0}}, kmh36);
  l.add({{0, 1000}, {100, 1000}}, kmh36);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {0, 0};
  d.y = {0, 1000};
  f.x = {200, 5000};  // the second facility is off the network
  f.y = {0, 5000};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), road_only(), no_progress());
  CHECK(g.report.component_count == 2);
  CHECK(g.report.component_node_count == std::vector<std::uint32_t>{3, 2});
  CHECK(g.report.demand_component == std::vector<std::uint32_t>{0, 1});
  CHECK(g.report.facility_component == std::vector<std::uint32_t>{0, kNoId});
  CHECK(g.report.unsnapped_facilities == std::vector<std::uint32_t>{1});
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  CHECK(nn.time_s[0] == Approx(20.0));
  CHECK(nn.time_s[1] == kUnreachable);
  CHECK(nn.demand_on_component_without_facility == std::vector<std::uint32_t>{1});
}

TEST_CASE("bad road input names the line and field", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  l.add({{0, 0}, {0, 100}}, 0.0);
  try {
    build_road_network(l.arrays(), no_progress());
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.where().feature == 1);
    CHECK(e.where().field == "speed_kmh");
  }
  CHECK(default_speed_kmh(RoadClass::national) > default_speed_kmh(RoadClass::provincial));
  CHECK(default_speed_kmh(RoadClass::path) == 5.0);
}

TEST_CASE("multi-source nearest equals the minimum over per-facility searches on a random grid", "[network]") {
  // A 12 x 12 street grid with random speeds, some one-way streets, villages and facilities
  // scattered off the streets. Oracle: the cheapest entry of the per-facility matrix.
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> speed(5, 60), coord(0, 1100);
  std::uniform_int_distribution<int> ow(-3, 3);
  Lines l;
  for (int i = 0; i < 12; ++i) {
    const double c = i * 100.0;
    auto w = [&] { return static_cast<std::int8_t>(std::clamp(ow(rng), -1, 1) * (ow(rng) == 0)); };
    l.add({{0, c}, {550, c}, {1100, c}}, speed(rng), w());
    l.add({{c, 0}, {c, 1100}}, speed(rng), w());
  }
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  CHECK(net.node_count() >= 144);
  Points d, f;
  for (int i = 0; i < 80; ++i) {
    d.x.push_back(coord(rng));
    d.y.push_back(coord(rng));
  }
  for (int j = 0; j < 6; ++j) {
    f.x.push_back(coord(rng));
    f.y.push_back(coord(rng));
  }
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  const CostMatrix m = cost_matrix_network(g, kUnreachable, no_progress());
  REQUIRE(m.demand_count() == 80);
  for (std::uint32_t i = 0; i < 80; ++i) {
    double best = kUnreachable;
    std::uint32_t best_j = kNoId;
    for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k)
      if (m.cost[k] < best) {
        best = m.cost[k];
        best_j = m.facility[k];
      }
    INFO("village " << i);
    REQUIRE(same_time(nn.time_s[i], best));
    // The facility named must be one that achieves the optimum.
    if (best != kUnreachable) {
      bool achieves = false;
      for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k)
        achieves |= m.facility[k] == nn.facility[i] && same_time(m.cost[k], best);
      REQUIRE(achieves);
    }
    (void)best_j;
  }
  // The parallel matrix does not depend on the thread count.
  const CostMatrix m1 = cost_matrix_network(g, kUnreachable, no_progress(), 1);
  const CostMatrix m3 = cost_matrix_network(g, kUnreachable, no_progress(), 3);
  CHECK(m1.first == m3.first);
  CHECK(m1.facility == m3.facility);
  CHECK(m1.cost == m3.cost);
  CHECK(m1.cost == m.cost);
  // A bounded matrix keeps exactly the entries within the bound.
  const CostMatrix mb = cost_matrix_network(g, 120.0, no_progress());
  std::size_t expect = 0;
  for (double c : m.cost) expect += c <= 120.0;
  CHECK(mb.cost.size() == expect);

  // A subset of facilities (one service type).
  const std::vector<std::uint32_t> subset{1, 4};
  const NetworkNearest ns = nearest_facility_network(g, subset, kUnreachable, no_progress());
  for (std::uint32_t i = 0; i < 80; ++i) {
    double best = kUnreachable;
    for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k)
      if (m.facility[k] == 1 || m.facility[k] == 4) best = std::min(best, m.cost[k]);
    REQUIRE(same_time(ns.time_s[i], best));
    if (best != kUnreachable) REQUIRE((ns.facility[i] == 1 || ns.facility[i] == 4));
  }
}

TEST_CASE("overlapping roads take the faster one's speed", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  l.add({{50, 0}, {150, 0}}, 2 * kmh36);  // overlaps 50..100, twice as fast
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {0};
  d.y = {0};
  f.x = {150};
  f.y = {0};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  // 50 m at 10 m/s, then 100 m at 20 m/s.
  CHECK(nearest_facility_network(g, {}, kUnreachable, no_progress()).time_s[0] == Approx(10.0));
}

TEST_CASE("the network matrix can be cancelled", "[network]") {
  Lines l;
  l.add({{0, 0}, {100, 0}}, kmh36);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {0};
  d.y = {0};
  f.x = {100, 50};
  f.y = {0, 0};
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), {}, no_progress());
  CancelToken token;
  token.cancel();
  Progress p([](double, const std::string&) {}, &token);
  CHECK_THROWS_AS(cost_matrix_network(g, kUnreachable, p, 2), Cancelled);
}

TEST_CASE("door to door: the best of walking straight and walking + driving + walking", "[network][door]") {
  // One road along y = 0, 20 km at 36 km/h (10 m/s). Health centre A sits 9 km off the road;
  // B on the road at x = 15 km.
  Lines l;
  l.add({{0, 0}, {20000, 0}}, kmh36);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  d.x = {5000, 14000, 5000};
  d.y = {11000, 500, 30000};
  f.x = {5000, 15000};
  f.y = {9000, 0};
  SnapOptions opt;
  opt.walk_speed_kmh = 5.0;
  opt.tolerance_m = 20000;
  opt.direct_walk_max_m = 20000;
  const double walk = 5.0 / 3.6;
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), opt, no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  // Village 0 is 11 km from the road and 2 km from A: it walks straight (1,440 s), instead
  // of 11 km to the road, 0 km driving, 9 km back up to A (14,400 s).
  CHECK(nn.facility[0] == 0);
  CHECK(nn.time_s[0] == Approx(2000 / walk));
  CHECK(nn.walked_direct[0] == 1);
  // Village 1 walks 500 m to the road and drives 1 km to B (360 + 100 s); walking straight
  // to B (1,118 m) would take 805 s.
  CHECK(nn.facility[1] == 1);
  CHECK(nn.time_s[1] == Approx(500 / walk + 100));
  CHECK(nn.walked_direct[1] == 0);
  // Village 2 is 30 km from the road and 21 km from A: beyond both limits, and says so.
  CHECK(nn.time_s[2] == kUnreachable);
  REQUIRE(nn.no_time.size() == 1);
  CHECK(nn.no_time[0].demand == 2);
  CHECK(nn.no_time[0].reason == NoTimeReason::beyond_walk);
  CHECK(std::string(to_string(nn.no_time[0].reason)).find("no road") != std::string::npos);

  // The matrix holds the door-to-door best of every pair: village 0 to B drives (11 km on
  // foot = 7,920 s, then 10 km = 1,000 s) rather than walking 14.9 km straight (10,704 s).
  const CostMatrix m = cost_matrix_network(g, kUnreachable, no_progress());
  REQUIRE(m.first[1] - m.first[0] == 2);
  CHECK(m.cost[m.first[0]] == Approx(2000 / walk));
  CHECK(m.cost[m.first[0] + 1] == Approx(11000 / walk + 1000));
  CHECK(m.first[3] == m.first[2]);  // village 2 reaches nothing

  // A search bound below a village's best trip gives the bound as the reason.
  const NetworkNearest nb = nearest_facility_network(g, {}, 1000.0, no_progress());
  REQUIRE(nb.no_time.size() == 2);
  CHECK(nb.no_time[0].demand == 0);
  CHECK(nb.no_time[0].reason == NoTimeReason::beyond_max_time);
  CHECK(nb.time_s[1] == Approx(460.0));

  // Wider limits: village 2 walks 21 km straight to A (15,120 s), faster than 30 km to the
  // road and driving to B (21,600 + 1,000 s).
  opt.tolerance_m = 40000;
  opt.direct_walk_max_m = 40000;
  const RoutingGraph g2 = build_routing_graph(net, d.arrays(), f.arrays(), opt, no_progress());
  const NetworkNearest n2 = nearest_facility_network(g2, {}, kUnreachable, no_progress());
  CHECK(n2.no_time.empty());
  CHECK(n2.facility[2] == 0);
  CHECK(n2.time_s[2] == Approx(21000 / walk));
  // With road trips only, village 0 walks 11 km to the road and drives to B (7,920 + 1,000 s):
  // six times its straight walk to A.
  opt.direct_walk_max_m = 0;
  const RoutingGraph g3 = build_routing_graph(net, d.arrays(), f.arrays(), opt, no_progress());
  const NetworkNearest n3 = nearest_facility_network(g3, {}, kUnreachable, no_progress());
  CHECK(n3.facility[0] == 1);
  CHECK(n3.time_s[0] == Approx(11000 / walk + 1000));
}

TEST_CASE("snapping far from the roads finds the nearest segment (brute force)", "[network]") {
  // Short roads clustered in one corner, points up to 60 km away: the growing search must
  // return exactly the nearest segment's distance.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> near(0, 3000), far(0, 60000);
  Lines l;
  for (int i = 0; i < 40; ++i) {
    const double x = near(rng), y = near(rng);
    l.add({{x, y}, {x + near(rng) / 10 + 1, y + near(rng) / 10}}, kmh36);
  }
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());
  Points d, f;
  for (int i = 0; i < 200; ++i) {
    d.x.push_back(far(rng));
    d.y.push_back(far(rng));
  }
  f.x = {1500};
  f.y = {1500};
  SnapOptions opt;
  opt.tolerance_m = 1e6;
  const RoutingGraph g = build_routing_graph(net, d.arrays(), f.arrays(), opt, no_progress());
  for (std::size_t i = 0; i < d.x.size(); ++i) {
    double best = kUnreachable;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e)
      for (std::uint32_t k = net.edge_vertex_first[e] + 1; k < net.edge_vertex_first[e + 1]; ++k) {
        const double ax = net.vertex_x_m[k - 1], ay = net.vertex_y_m[k - 1];
        const double dx = net.vertex_x_m[k] - ax, dy = net.vertex_y_m[k] - ay;
        const double t = std::clamp(((d.x[i] - ax) * dx + (d.y[i] - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        best = std::min(best, std::hypot(d.x[i] - (ax + t * dx), d.y[i] - (ay + t * dy)));
      }
    INFO("point " << i);
    REQUIRE(g.demand_snap_m[i] == Approx(best).margin(1e-6));
  }
}

namespace {
// A layer of the real test bed, projected to UTM 48N.
VectorLayer read_projected(const std::string& file, const std::string& layer) {
  ReadOptions o;
  o.layer = layer;
  return reproject(read_vector(std::string(SWSPLAN_SHARED_DATA) + "/" + file, o), "EPSG:32648");
}
}  // namespace

TEST_CASE("national OSM main roads: every village gets a door-to-door time to a health centre", "[network][national]") {
  const VectorLayer roads = read_projected("khm_roads_osm.gpkg", "roads_main_osm");
  const VectorLayer villages = read_projected("khm.gpkg", "villages");
  const VectorLayer hf = read_projected("khm.gpkg", "health_facilities");
  Lines l;
  const Column& fclass = roads.column("fclass");
  const Column& oneway = roads.column("oneway");
  const Column& bridge = roads.column("bridge");
  for (std::size_t f = 0; f < roads.size(); ++f) {
    const std::string c = fclass.text(f);
    const double v = default_speed_kmh(c.rfind("secondary", 0) == 0 ? RoadClass::provincial : RoadClass::national);
    const std::string ow = oneway.text(f);
    for (auto p = roads.geom.feature_offsets[f]; p < roads.geom.feature_offsets[f + 1]; ++p) {
      const auto r = roads.geom.part_offsets[p];
      std::vector<std::pair<double, double>> pts;
      for (auto i = roads.geom.ring_offsets[r]; i < roads.geom.ring_offsets[r + 1]; ++i)
        pts.push_back({roads.geom.xs[i], roads.geom.ys[i]});
      l.add(pts, v, static_cast<std::int8_t>(ow == "F" ? 1 : ow == "T" ? -1 : 0), bridge.text(f) == "T");
    }
  }
  Points d, hc;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    const auto xy = villages.geom.first_xy(i);
    REQUIRE(xy);
    d.x.push_back(xy->first);
    d.y.push_back(xy->second);
  }
  const Column& type = hf.column("facility_type");
  for (std::size_t i = 0; i < hf.size(); ++i)
    if (type.text(i) == "health_centre") {
      const auto xy = hf.geom.first_xy(i);
      hc.x.push_back(xy->first);
      hc.y.push_back(xy->second);
    }
  REQUIRE(d.x.size() == 14073);
  REQUIRE(hc.x.size() == 956);
  const RoadNetwork net = build_road_network(l.arrays(), no_progress());

  // Road trips only, with a 10 km walk to the road: the villages far from a main road get
  // no time at all, though many have a health centre close by.
  SnapOptions old;
  old.tolerance_m = 10000;
  old.direct_walk_max_m = 0;
  const NetworkNearest road = nearest_facility_network(build_routing_graph(net, d.arrays(), hc.arrays(), old, no_progress()),
                                                       {}, kUnreachable, no_progress());
  CHECK(road.no_time.size() > 2000);

  // Door to door with the same walking limits: every village gets a time or a reason, and
  // a village beyond 10 km of every road but within 2 km of a health centre is within 30 min.
  SnapOptions door;
  door.walk_speed_kmh = 4.0;
  door.tolerance_m = 10000;
  door.direct_walk_max_m = 10000;
  const RoutingGraph g = build_routing_graph(net, d.arrays(), hc.arrays(), door, no_progress());
  const NetworkNearest nn = nearest_facility_network(g, {}, kUnreachable, no_progress());
  std::size_t walked = 0;
  for (std::size_t i = 0; i < d.x.size(); ++i) walked += nn.walked_direct[i];
  CHECK(walked > 0);
  CHECK(nn.no_time.size() < road.no_time.size());
  for (const NoTime& t : nn.no_time) {
    CHECK(t.reason != NoTimeReason::beyond_max_time);
    CHECK(nn.time_s[t.demand] == kUnreachable);
  }
  const FacilityIndex index(hc.arrays());
  for (std::uint32_t i : road.unsnapped_demand) {
    const NearestHit h = index.nearest(QueryPoint{d.x[i], d.y[i]});
    if (h.distance_m <= 2000) CHECK(nn.time_s[i] <= 1800.0);
  }

  // With the walking limits of swsplan's defaults (docs/methods.md: 50 km to the road or
  // straight to a facility) no village is left without a time.
  door.tolerance_m = 50000;
  door.direct_walk_max_m = 50000;
  const NetworkNearest all = nearest_facility_network(build_routing_graph(net, d.arrays(), hc.arrays(), door, no_progress()),
                                                      {}, kUnreachable, no_progress());
  for (const NoTime& t : all.no_time) UNSCOPED_INFO("village " << t.demand << ": " << to_string(t.reason));
  CHECK(all.no_time.empty());
}
