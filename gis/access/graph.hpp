#pragma once
/// @file Compressed sparse row (CSR) graphs, an indexed d-ary heap with decrease-key, and
/// multi-source Dijkstra. This is the hot loop of every network travel-time analysis, so it
/// works on flat arrays with 32-bit node ids and keeps no per-node heap objects.
///
/// Weights are travel times in seconds (`weight_s`); the algorithms only need them to be
/// finite and >= 0, so a caller may store metres there as well.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"

namespace swsplan::gis {

/// "No node / no facility / not reached" marker for 32-bit ids.
inline constexpr std::uint32_t kNoId = std::numeric_limits<std::uint32_t>::max();
/// Travel time or distance of something that cannot be reached.
inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

/// A directed graph in CSR form: the arcs leaving node `u` are `first[u] .. first[u+1]-1`,
/// arc `a` goes to `target[a]` and costs `weight_s[a]` seconds.
struct CsrGraph {
  std::vector<std::uint32_t> first;   ///< node_count()+1 offsets into target/weight_s
  std::vector<std::uint32_t> target;  ///< head node of each arc
  std::vector<double> weight_s;       ///< cost of each arc, seconds, finite and >= 0

  std::uint32_t node_count() const noexcept {
    return first.empty() ? 0u : static_cast<std::uint32_t>(first.size() - 1);
  }
  std::uint32_t arc_count() const noexcept { return static_cast<std::uint32_t>(target.size()); }
};

/// Builds a CSR graph from an arc list (counting sort; arcs of one node keep their input
/// order, so the result is deterministic).
/// @param node_count number of nodes; ids must be < node_count
/// @param from, to, weight_s one entry per arc; weight in seconds
/// @throws UsageError if the spans differ in length, an id is out of range, a weight is
///         negative or not finite, or there are 2^32-1 or more arcs.
CsrGraph make_csr(std::uint32_t node_count, std::span<const std::uint32_t> from,
                  std::span<const std::uint32_t> to, std::span<const double> weight_s);

/// The same graph with every arc reversed (u->v becomes v->u, same weight).
CsrGraph reversed(const CsrGraph& g);

/// A min-heap of (key, id) with ids in [0, capacity) and O(log_D n) decrease-key through a
/// position index. D = 4 keeps the tree shallow while a node's children share a cache line.
/// Pop order among equal keys depends only on the sequence of operations, so results are
/// deterministic for a given input (no tie-break on ids: it costs ~10 % in the hot loop).
template <unsigned D = 4>
class IndexedDaryHeap {
  static_assert(D >= 2, "a heap needs at least two children per node");

 public:
  explicit IndexedDaryHeap(std::uint32_t capacity = 0) : pos_(capacity, kNoId) {}

  /// Grows the id range to [0, capacity); existing entries stay.
  void reserve_ids(std::uint32_t capacity) {
    if (capacity > pos_.size()) pos_.resize(capacity, kNoId);
  }
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  bool contains(std::uint32_t id) const noexcept { return pos_[id] != kNoId; }
  /// Key of an id currently in the heap.
  double key(std::uint32_t id) const noexcept { return heap_[pos_[id]].key; }

  /// Inserts `id` with `key`, or lowers its key if it is in the heap with a larger one.
  /// @return true if the heap changed.
  bool push_or_decrease(std::uint32_t id, double key) {
    std::uint32_t p = pos_[id];
    if (p == kNoId) {
      p = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back({key, id});
      pos_[id] = p;
      sift_up(p);
      return true;
    }
    if (!(key < heap_[p].key)) return false;
    heap_[p].key = key;
    sift_up(p);
    return true;
  }

  /// Removes and returns the entry with the smallest key. Precondition: !empty().
  std::pair<std::uint32_t, double> pop() {
    const Entry top = heap_.front();
    pos_[top.id] = kNoId;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      pos_[last.id] = 0;
      sift_down(0);
    }
    return {top.id, top.key};
  }

  /// Empties the heap in O(size), not O(capacity): bounded searches reuse one heap.
  void clear() noexcept {
    for (const Entry& e : heap_) pos_[e.id] = kNoId;
    heap_.clear();
  }

 private:
  struct Entry {
    double key;
    std::uint32_t id;
  };
  static bool less(const Entry& a, const Entry& b) noexcept { return a.key < b.key; }
  void place(std::uint32_t p, const Entry& e) noexcept {
    heap_[p] = e;
    pos_[e.id] = p;
  }
  void sift_up(std::uint32_t p) noexcept {
    const Entry e = heap_[p];
    while (p > 0) {
      const std::uint32_t parent = (p - 1) / D;
      if (!less(e, heap_[parent])) break;
      place(p, heap_[parent]);
      p = parent;
    }
    place(p, e);
  }
  void sift_down(std::uint32_t p) noexcept {
    const Entry e = heap_[p];
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t c0 = static_cast<std::size_t>(p) * D + 1;
      if (c0 >= n) break;
      std::size_t best = c0;
      const std::size_t cend = c0 + D < n ? c0 + D : n;
      for (std::size_t c = c0 + 1; c < cend; ++c)
        if (less(heap_[c], heap_[best])) best = c;
      if (!less(heap_[best], e)) break;
      place(p, heap_[best]);
      p = static_cast<std::uint32_t>(best);
    }
    place(p, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> pos_;  ///< index in heap_ of each id, kNoId when absent
};

/// Result of a multi-source shortest-path search.
struct ShortestPaths {
  std::vector<double> time_s;         ///< per node: cost from the nearest source, kUnreachable if not reached
  std::vector<std::uint32_t> source;  ///< per node: index into the sources span, kNoId if not reached
};

/// Multi-source Dijkstra: for every node, the cheapest cost from any source and which source.
/// Each source may start with an offset (e.g. the walking time from a facility to the road).
/// A node whose cost exceeds `max_time_s` is left unreached. Ties between sources at equal
/// cost go to the one popped first (deterministic for a given input).
/// @param sources node ids (repeats allowed; the smallest start wins)
/// @param start_s per source start cost in seconds, or empty for all zero
/// @param max_time_s search bound in seconds (kUnreachable for none)
/// @throws UsageError if a source id is out of range or start_s has the wrong length;
///         Cancelled through `progress`.
ShortestPaths multi_source_dijkstra(const CsrGraph& g, std::span<const std::uint32_t> sources,
                                    std::span<const double> start_s, double max_time_s,
                                    Progress& progress);

/// Reusable state for many bounded searches on one graph (e.g. one per facility when
/// building a demand x facility matrix): resetting touches only the nodes the previous
/// search reached, so a local search costs O(local), not O(node_count).
class DijkstraWorkspace {
 public:
  explicit DijkstraWorkspace(std::uint32_t node_count);

  /// Runs a bounded multi-source search and calls `visit(node, time_s)` for every node
  /// settled with time <= max_time_s, in nondecreasing time order.
  /// Precondition: ids < node_count of the workspace (not checked in the hot path).
  template <class Visit>
  void run(const CsrGraph& g, std::span<const std::uint32_t> sources,
           std::span<const double> start_s, double max_time_s, Visit&& visit) {
    reset();
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const double t = start_s.empty() ? 0.0 : start_s[i];
      if (t > max_time_s) continue;
      relax(sources[i], t);
    }
    while (!heap_.empty()) {
      const auto [u, tu] = heap_.pop();
      visit(u, tu);
      for (std::uint32_t a = g.first[u], end = g.first[u + 1]; a < end; ++a) {
        const double tv = tu + g.weight_s[a];
        if (tv <= max_time_s) relax(g.target[a], tv);
      }
    }
  }

 private:
  void reset() noexcept;
  void relax(std::uint32_t v, double t) {
    if (t < time_s_[v]) {
      if (time_s_[v] == kUnreachable) touched_.push_back(v);
      time_s_[v] = t;
      heap_.push_or_decrease(v, t);
    }
  }

  std::vector<double> time_s_;
  std::vector<std::uint32_t> touched_;
  IndexedDaryHeap<4> heap_;
};

}  // namespace swsplan::gis
