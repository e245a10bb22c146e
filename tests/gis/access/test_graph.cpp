// Tests of gis/access/graph: CSR construction, the indexed d-ary heap, and multi-source
// Dijkstra against a Floyd-Warshall oracle on small random graphs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "gis/access/graph.hpp"
#include "gis/core/error.hpp"

using namespace swsplan::gis;

namespace {

struct RandomGraph {
  std::uint32_t n = 0;
  std::vector<std::uint32_t> from, to;
  std::vector<double> w;
};

// Sparse enough to leave some nodes unreachable; includes zero weights and parallel arcs.
RandomGraph random_graph(std::mt19937& rng, std::uint32_t n, std::uint32_t m) {
  RandomGraph g;
  g.n = n;
  std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
  std::uniform_int_distribution<int> wt(0, 20);
  for (std::uint32_t a = 0; a < m; ++a) {
    g.from.push_back(node(rng));
    g.to.push_back(node(rng));
    g.w.push_back(double(wt(rng)));  // integers: exact sums, so == comparisons are fair
  }
  return g;
}

std::vector<std::vector<double>> floyd_warshall(const RandomGraph& g) {
  std::vector<std::vector<double>> d(g.n, std::vector<double>(g.n, kUnreachable));
  for (std::uint32_t u = 0; u < g.n; ++u) d[u][u] = 0;
  for (std::size_t a = 0; a < g.from.size(); ++a) d[g.from[a]][g.to[a]] = std::min(d[g.from[a]][g.to[a]], g.w[a]);
  for (std::uint32_t k = 0; k < g.n; ++k)
    for (std::uint32_t i = 0; i < g.n; ++i)
      for (std::uint32_t j = 0; j < g.n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  return d;
}

}  // namespace

TEST_CASE("make_csr groups arcs by tail and keeps their input order", "[graph]") {
  const std::vector<std::uint32_t> from{2, 0, 2, 1}, to{0, 1, 1, 2};
  const std::vector<double> w{5, 1, 2, 3};
  const CsrGraph g = make_csr(3, from, to, w);
  CHECK(g.node_count() == 3);
  CHECK(g.arc_count() == 4);
  CHECK(g.first == std::vector<std::uint32_t>{0, 1, 2, 4});
  CHECK(g.target == std::vector<std::uint32_t>{1, 2, 0, 1});
  CHECK(g.weight_s == std::vector<double>{1, 3, 5, 2});

  const CsrGraph r = reversed(g);
  CHECK(r.first == std::vector<std::uint32_t>{0, 1, 3, 4});
  CHECK(r.target == std::vector<std::uint32_t>{2, 0, 2, 1});
}

TEST_CASE("make_csr rejects bad arcs", "[graph]") {
  const std::vector<std::uint32_t> a{0}, b{3};
  const std::vector<double> w{1};
  CHECK_THROWS_AS(make_csr(3, a, b, w), UsageError);
  const std::vector<std::uint32_t> c{1};
  const std::vector<double> neg{-1};
  CHECK_THROWS_AS(make_csr(3, a, c, neg), UsageError);
  const std::vector<double> nan{std::numeric_limits<double>::quiet_NaN()};
  CHECK_THROWS_AS(make_csr(3, a, c, nan), UsageError);
}

TEST_CASE("indexed d-ary heap pops in key order with decrease-key", "[graph]") {
  std::mt19937 rng(7);
  for (unsigned round = 0; round < 20; ++round) {
    IndexedDaryHeap<4> heap(200);
    IndexedDaryHeap<2> heap2(200);
    std::map<std::uint32_t, double> oracle;
    std::uniform_int_distribution<std::uint32_t> id(0, 199);
    std::uniform_real_distribution<double> key(0, 1000);
    for (int op = 0; op < 1000; ++op) {
      const std::uint32_t i = id(rng);
      if (op % 3 == 2 && !oracle.empty()) {
        // pop: an entry with the smallest key (ties in any order)
        auto best = std::min_element(oracle.begin(), oracle.end(),
                                     [](auto& a, auto& b) { return a.second < b.second; });
        const auto [pid, pkey] = heap.pop();
        REQUIRE(pkey == best->second);
        REQUIRE(oracle.count(pid) == 1);
        REQUIRE(oracle[pid] == pkey);
        best = oracle.find(pid);
        const auto [pid2, pkey2] = heap2.pop();
        REQUIRE(pkey2 == pkey);
        (void)pid2;
        oracle.erase(best);
      } else {
        const double k = key(rng);
        auto it = oracle.find(i);
        const bool should_change = it == oracle.end() || k < it->second;
        REQUIRE(heap.push_or_decrease(i, k) == should_change);
        heap2.push_or_decrease(i, k);
        if (should_change) oracle[i] = k;
      }
      REQUIRE(heap.size() == oracle.size());
    }
    heap.clear();
    CHECK(heap.empty());
    for (std::uint32_t i = 0; i < 200; ++i) CHECK_FALSE(heap.contains(i));
  }
}

TEST_CASE("multi-source Dijkstra matches Floyd-Warshall on small random graphs", "[graph]") {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 60; ++trial) {
    const std::uint32_t n = 2 + trial % 30;
    const RandomGraph rg = random_graph(rng, n, n * (1 + trial % 4));
    const CsrGraph g = make_csr(rg.n, rg.from, rg.to, rg.w);
    const auto fw = floyd_warshall(rg);

    std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
    std::vector<std::uint32_t> sources;
    std::vector<double> start;
    const int k = 1 + trial % 3;
    for (int s = 0; s < k; ++s) {
      sources.push_back(node(rng));
      start.push_back(double(s * 3));
    }
    const ShortestPaths sp = multi_source_dijkstra(g, sources, start, kUnreachable, no_progress());
    for (std::uint32_t v = 0; v < n; ++v) {
      double best = kUnreachable;
      for (std::size_t s = 0; s < sources.size(); ++s) best = std::min(best, start[s] + fw[sources[s]][v]);
      INFO("trial " << trial << " node " << v);
      REQUIRE(sp.time_s[v] == best);
      if (best == kUnreachable) {
        REQUIRE(sp.source[v] == kNoId);
      } else {
        // The reported source must achieve the optimum.
        const std::uint32_t s = sp.source[v];
        REQUIRE(s < sources.size());
        REQUIRE(start[s] + fw[sources[s]][v] == best);
      }
    }

    // A bound leaves farther nodes unreached and keeps nearer ones exact.
    const double bound = 15;
    const ShortestPaths sb = multi_source_dijkstra(g, sources, start, bound, no_progress());
    for (std::uint32_t v = 0; v < n; ++v) REQUIRE(sb.time_s[v] == (sp.time_s[v] <= bound ? sp.time_s[v] : kUnreachable));

    // The reusable workspace gives the same times, visiting in nondecreasing order.
    DijkstraWorkspace ws(n);
    for (int rep = 0; rep < 2; ++rep) {
      std::vector<double> seen(n, kUnreachable);
      double last = 0;
      ws.run(g, sources, start, kUnreachable, [&](std::uint32_t v, double t) {
        REQUIRE(t >= last);
        last = t;
        seen[v] = t;
      });
      for (std::uint32_t v = 0; v < n; ++v) REQUIRE(seen[v] == sp.time_s[v]);
    }
  }
}

TEST_CASE("Dijkstra on a disconnected graph leaves the other part unreached", "[graph]") {
  // 0-1-2 and 3-4, two-way
  const std::vector<std::uint32_t> from{0, 1, 1, 2, 3, 4}, to{1, 0, 2, 1, 4, 3};
  const std::vector<double> w{1, 1, 2, 2, 1, 1};
  const CsrGraph g = make_csr(5, from, to, w);
  const std::vector<std::uint32_t> src{0};
  const ShortestPaths sp = multi_source_dijkstra(g, src, {}, kUnreachable, no_progress());
  CHECK(sp.time_s == std::vector<double>{0, 1, 3, kUnreachable, kUnreachable});
  CHECK(sp.source[4] == kNoId);
  const std::vector<std::uint32_t> bad{9};
  CHECK_THROWS_AS(multi_source_dijkstra(g, bad, {}, kUnreachable, no_progress()), UsageError);
}

TEST_CASE("Dijkstra honours cancellation", "[graph]") {
  // A long path so the 64k-pop polling interval is reached.
  const std::uint32_t n = 200000;
  std::vector<std::uint32_t> from, to;
  std::vector<double> w;
  for (std::uint32_t v = 0; v + 1 < n; ++v) {
    from.push_back(v);
    to.push_back(v + 1);
    w.push_back(1);
  }
  const CsrGraph g = make_csr(n, from, to, w);
  CancelToken token;
  token.cancel();
  Progress p([](double, const std::string&) {}, &token);
  const std::vector<std::uint32_t> src{0};
  CHECK_THROWS_AS(multi_source_dijkstra(g, src, {}, kUnreachable, p), Cancelled);
}
