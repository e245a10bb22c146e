#include "gis/access/graph.hpp"

#include <cmath>
#include <string>

#include "gis/core/error.hpp"

namespace swsplan::gis {

CsrGraph make_csr(std::uint32_t node_count, std::span<const std::uint32_t> from,
                  std::span<const std::uint32_t> to, std::span<const double> weight_s) {
  if (from.size() != to.size() || from.size() != weight_s.size())
    throw UsageError("make_csr: from, to and weight_s must have the same length (" +
                     std::to_string(from.size()) + ", " + std::to_string(to.size()) + ", " +
                     std::to_string(weight_s.size()) + ")");
  if (from.size() >= kNoId) throw UsageError("make_csr: too many arcs for 32-bit arc ids");
  const std::size_t m = from.size();
  CsrGraph g;
  g.first.assign(static_cast<std::size_t>(node_count) + 1, 0);
  for (std::size_t a = 0; a < m; ++a) {
    if (from[a] >= node_count || to[a] >= node_count)
      throw UsageError("make_csr: arc " + std::to_string(a) + " refers to node " +
                       std::to_string(from[a] >= node_count ? from[a] : to[a]) +
                       " but the graph has " + std::to_string(node_count) + " nodes");
    if (!(weight_s[a] >= 0.0) || !std::isfinite(weight_s[a]))
      throw UsageError("make_csr: arc " + std::to_string(a) +
                       " has a negative or non-finite weight; Dijkstra needs finite costs >= 0");
    ++g.first[from[a] + 1];
  }
  for (std::uint32_t u = 0; u < node_count; ++u) g.first[u + 1] += g.first[u];
  g.target.resize(m);
  g.weight_s.resize(m);
  std::vector<std::uint32_t> fill(g.first.begin(), g.first.end() - 1);
  for (std::size_t a = 0; a < m; ++a) {
    const std::uint32_t slot = fill[from[a]]++;
    g.target[slot] = to[a];
    g.weight_s[slot] = weight_s[a];
  }
  return g;
}

CsrGraph reversed(const CsrGraph& g) {
  const std::uint32_t n = g.node_count();
  std::vector<std::uint32_t> from(g.arc_count());
  for (std::uint32_t u = 0; u < n; ++u)
    for (std::uint32_t a = g.first[u]; a < g.first[u + 1]; ++a) from[a] = u;
  return make_csr(n, g.target, from, g.weight_s);
}

ShortestPaths multi_source_dijkstra(const CsrGraph& g, std::span<const std::uint32_t> sources,
                                    std::span<const double> start_s, double max_time_s,
                                    Progress& progress) {
  const std::uint32_t n = g.node_count();
  if (!start_s.empty() && start_s.size() != sources.size())
    throw UsageError("multi_source_dijkstra: start_s must be empty or one value per source");
  ShortestPaths out;
  out.time_s.assign(n, kUnreachable);
  out.source.assign(n, kNoId);
  IndexedDaryHeap<4> heap(n);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::uint32_t s = sources[i];
    if (s >= n)
      throw UsageError("multi_source_dijkstra: source " + std::to_string(i) + " is node " +
                       std::to_string(s) + " but the graph has " + std::to_string(n) + " nodes");
    const double t = start_s.empty() ? 0.0 : start_s[i];
    if (!(t >= 0.0)) throw UsageError("multi_source_dijkstra: start times must be >= 0");
    if (t > max_time_s || !(t < out.time_s[s])) continue;
    out.time_s[s] = t;
    out.source[s] = static_cast<std::uint32_t>(i);
    heap.push_or_decrease(s, t);
  }
  std::uint32_t settled = 0;
  while (!heap.empty()) {
    // Cancellation is polled every 64k pops: cheap enough to be invisible in the profile.
    if ((++settled & 0xFFFFu) == 0) progress.check();
    const auto [u, tu] = heap.pop();
    const std::uint32_t src = out.source[u];
    for (std::uint32_t a = g.first[u], end = g.first[u + 1]; a < end; ++a) {
      const std::uint32_t v = g.target[a];
      const double tv = tu + g.weight_s[a];
      if (tv < out.time_s[v] && tv <= max_time_s) {
        out.time_s[v] = tv;
        out.source[v] = src;
        heap.push_or_decrease(v, tv);
      }
    }
  }
  return out;
}

DijkstraWorkspace::DijkstraWorkspace(std::uint32_t node_count)
    : time_s_(node_count, kUnreachable), heap_(node_count) {}

void DijkstraWorkspace::reset() noexcept {
  for (std::uint32_t v : touched_) time_s_[v] = kUnreachable;
  touched_.clear();
  heap_.clear();
}

}  // namespace swsplan::gis
