// Benchmark (not a test): multi-source Dijkstra with the indexed 4-ary heap on a generated
// graph of about 10^6 arcs, against a plain std::priority_queue "lazy" Dijkstra run in the
// same process as the reference; plus GEOS noding + snapping on a generated road grid and
// the per-facility travel-time matrix.
//
// Usage: bench_network [grid_side=500] [sources=1000] [repeats=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <queue>
#include <random>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/graph.hpp"
#include "gis/access/network.hpp"

using namespace swsplan::gis;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

template <class F>
double median_ms(int repeats, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    f();
    t.push_back(ms_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// The textbook reference: no decrease-key, stale entries skipped on pop.
std::vector<double> lazy_dijkstra(const CsrGraph& g, const std::vector<std::uint32_t>& sources) {
  std::vector<double> dist(g.node_count(), kUnreachable);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  for (std::uint32_t s : sources) {
    dist[s] = 0;
    pq.push({0.0, s});
  }
  while (!pq.empty()) {
    const auto [d, u] = pq.top();
    pq.pop();
    if (d > dist[u]) continue;
    for (std::uint32_t a = g.first[u]; a < g.first[u + 1]; ++a) {
      const double nd = d + g.weight_s[a];
      if (nd < dist[g.target[a]]) {
        dist[g.target[a]] = nd;
        pq.push({nd, g.target[a]});
      }
    }
  }
  return dist;
}

// The same search with another heap arity, to check the choice of D = 4.
template <unsigned D>
std::vector<double> dary_dijkstra(const CsrGraph& g, const std::vector<std::uint32_t>& sources) {
  std::vector<double> dist(g.node_count(), kUnreachable);
  IndexedDaryHeap<D> heap(g.node_count());
  for (std::uint32_t s : sources) {
    dist[s] = 0;
    heap.push_or_decrease(s, 0.0);
  }
  while (!heap.empty()) {
    const auto [u, d] = heap.pop();
    for (std::uint32_t a = g.first[u]; a < g.first[u + 1]; ++a) {
      const double nd = d + g.weight_s[a];
      if (nd < dist[g.target[a]]) {
        dist[g.target[a]] = nd;
        heap.push_or_decrease(g.target[a], nd);
      }
    }
  }
  return dist;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t side = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 500;
  const std::uint32_t n_sources = argc > 2 ? static_cast<std::uint32_t>(std::atoi(argv[2])) : 1000;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;

  // 1. Grid graph, 4-neighbour, both directions, random travel times (a road-like graph).
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> wt(5.0, 120.0);
  const std::uint32_t n = side * side;
  std::vector<std::uint32_t> from, to;
  std::vector<double> w;
  auto arc = [&](std::uint32_t a, std::uint32_t b) {
    const double t = wt(rng);
    from.push_back(a);
    to.push_back(b);
    w.push_back(t);
    from.push_back(b);
    to.push_back(a);
    w.push_back(t);
  };
  for (std::uint32_t r = 0; r < side; ++r)
    for (std::uint32_t c = 0; c < side; ++c) {
      const std::uint32_t v = r * side + c;
      if (c + 1 < side) arc(v, v + 1);
      if (r + 1 < side) arc(v, v + side);
    }
  const auto tb = Clock::now();
  const CsrGraph g = make_csr(n, from, to, w);
  const double build_ms = ms_since(tb);
  std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
  std::vector<std::uint32_t> sources(n_sources);
  for (auto& s : sources) s = node(rng);
  const std::vector<std::uint32_t> one{sources.front()};

  std::printf("graph: %u nodes, %u arcs (CSR build %.1f ms)\n", g.node_count(), g.arc_count(), build_ms);
  const std::vector<std::uint32_t>* runs[] = {&one, &sources};
  for (const std::vector<std::uint32_t>* src : runs) {
    ShortestPaths sp;
    std::vector<double> ref;
    const double ours = median_ms(repeats, [&] { sp = multi_source_dijkstra(g, *src, {}, kUnreachable, no_progress()); });
    const double lazy = median_ms(repeats, [&] { ref = lazy_dijkstra(g, *src); });
    std::size_t mismatches = 0;
    for (std::uint32_t v = 0; v < n; ++v) mismatches += sp.time_s[v] != ref[v];
    std::printf("dijkstra %5zu source(s): indexed 4-ary heap %8.1f ms | lazy std::priority_queue %8.1f ms | ratio %.2f | mismatches %zu\n",
                src->size(), ours, lazy, ours / lazy, mismatches);
    const double d2 = median_ms(repeats, [&] { ref = dary_dijkstra<2>(g, *src); });
    const double d4 = median_ms(repeats, [&] { ref = dary_dijkstra<4>(g, *src); });
    const double d8 = median_ms(repeats, [&] { ref = dary_dijkstra<8>(g, *src); });
    std::printf("   heap arity (no source tracking): D=2 %.1f ms, D=4 %.1f ms, D=8 %.1f ms\n", d2, d4, d8);
  }

  // 2. Road pipeline on a generated line layer: a grid of long straight roads that cross
  // without shared vertices, so everything hinges on GEOS noding.
  const std::uint32_t lines_per_axis = 300;
  const double extent_m = 150000.0;
  std::vector<std::uint32_t> vf{0};
  std::vector<double> lx, ly, speed;
  std::uniform_real_distribution<double> jitter(-200.0, 200.0);
  for (std::uint32_t i = 0; i < lines_per_axis; ++i) {
    const double c = (i + 0.5) * extent_m / lines_per_axis;
    lx.insert(lx.end(), {0.0, extent_m / 2, extent_m});
    ly.insert(ly.end(), {c + jitter(rng), c + jitter(rng), c + jitter(rng)});
    vf.push_back(static_cast<std::uint32_t>(lx.size()));
    speed.push_back(i % 10 == 0 ? 60.0 : 25.0);
    lx.insert(lx.end(), {c + jitter(rng), c + jitter(rng), c + jitter(rng)});
    ly.insert(ly.end(), {0.0, extent_m / 2, extent_m});
    vf.push_back(static_cast<std::uint32_t>(lx.size()));
    speed.push_back(i % 10 == 0 ? 40.0 : 15.0);
  }
  const LineArrays lines{vf, lx, ly, speed, {}, {}};
  RoadNetwork net;
  // The progress callback splits the build time into its stages (GEOS noding vs the rest).
  const auto t_stage = Clock::now();
  Progress staged([&](double done, const std::string& stage) {
    std::printf("  %6.1f ms  %3.0f %%  %s\n", ms_since(t_stage), done * 100, stage.c_str());
  });
  const double node_ms = median_ms(1, [&] { net = build_road_network(lines, staged); });
  std::uniform_real_distribution<double> coord(0, extent_m);
  std::vector<double> dx(14000), dy(14000), fx(1100), fy(1100);
  for (auto& v : dx) v = coord(rng);
  for (auto& v : dy) v = coord(rng);
  for (auto& v : fx) v = coord(rng);
  for (auto& v : fy) v = coord(rng);
  RoutingGraph rg;
  const double snap_ms = median_ms(1, [&] {
    rg = build_routing_graph(net, PointArrays{dx, dy, {}, {}}, PointArrays{fx, fy, {}, {}}, {}, no_progress());
  });
  NetworkNearest nn;
  const double near_ms = median_ms(repeats, [&] { nn = nearest_facility_network(rg, {}, kUnreachable, no_progress()); });
  CostMatrix m;
  const double matrix_ms = median_ms(1, [&] { m = cost_matrix_network(rg, 3600.0, no_progress()); });
  const double matrix1_ms = median_ms(1, [&] { m = cost_matrix_network(rg, 3600.0, no_progress(), 1); });
  std::printf("roads: %zu lines -> %u nodes, %u edges; GEOS noding + graph %.1f ms\n", speed.size(), net.node_count(),
              net.edge_count(), node_ms);
  std::printf("snap 14000 villages + 1100 facilities, split edges, CSR: %.1f ms (%u routing nodes, %u arcs)\n", snap_ms,
              rg.toward_facility.node_count(), rg.toward_facility.arc_count());
  std::printf("nearest facility by network (multi-source): %.1f ms\n", near_ms);
  std::printf("travel-time matrix within 1 h (1100 bounded Dijkstras): %.1f ms on %u threads, %.1f ms on 1, %zu entries\n",
              matrix_ms, std::max(1u, std::thread::hardware_concurrency()), matrix1_ms, m.cost.size());
  return 0;
}
