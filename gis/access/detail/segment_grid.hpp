#pragma once
/// @file Internals of the road-network builder shared by its two translation units: an
/// exact coordinate key for node identity and a uniform grid over line segments for
/// nearest-segment queries. Not part of the engine's API.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "gis/access/graph.hpp"  // kNoId, kUnreachable

namespace swsplan::gis::detail {

// Exact coordinate key: noded GEOS output repeats a node's coordinates bit for bit, so
// nodes are identified by equality, not by a tolerance that could merge distinct junctions.
struct XYKey {
  std::uint64_t x, y;
  bool operator==(const XYKey&) const = default;
};
struct XYHash {
  std::size_t operator()(const XYKey& k) const noexcept {
    return std::hash<std::uint64_t>()(k.x * 0x9E3779B97F4A7C15ull ^ (k.y + 0x7F4A7C159E3779B9ull));
  }
};
inline XYKey key_of(double x, double y) {
  // +0.0 folds -0.0 onto 0.0 so the two compare equal as keys too.
  return {std::bit_cast<std::uint64_t>(x + 0.0), std::bit_cast<std::uint64_t>(y + 0.0)};
}

// Uniform grid over segments. Long segments are cut into cell-sized chunks for indexing, so
// a long diagonal road is listed only in the cells along it, not in its whole bounding box.
// Road segments are spread fairly evenly, which suits a grid better than a tree here.
class SegmentGrid {
 public:
  SegmentGrid(std::vector<double> ax, std::vector<double> ay, std::vector<double> bx, std::vector<double> by)
      : ax_(std::move(ax)), ay_(std::move(ay)), bx_(std::move(bx)), by_(std::move(by)) {
    const std::size_t n = ax_.size();
    if (n == 0) return;
    minx_ = miny_ = std::numeric_limits<double>::max();
    double maxx = -minx_, maxy = -miny_;
    for (std::size_t s = 0; s < n; ++s) {
      minx_ = std::min({minx_, ax_[s], bx_[s]});
      miny_ = std::min({miny_, ay_[s], by_[s]});
      maxx = std::max({maxx, ax_[s], bx_[s]});
      maxy = std::max({maxy, ay_[s], by_[s]});
    }
    // About one segment per cell on average (a line-shaped extent has no area: fall back
    // to its length over n).
    const double w = maxx - minx_, h = maxy - miny_;
    cell_ = std::max({std::sqrt(w * h / double(n)), std::max(w, h) / double(n), 1e-3});
    // Cap the cell count so memory stays bounded whatever the data.
    for (;;) {
      nx_ = static_cast<std::uint32_t>(std::floor(w / cell_)) + 1;
      ny_ = static_cast<std::uint32_t>(std::floor(h / cell_)) + 1;
      if (double(nx_) * ny_ <= 4.0e6) break;
      cell_ *= 2;
    }
    std::vector<std::uint32_t> count(std::size_t(nx_) * ny_ + 1, 0);
    auto each_cell = [&](std::size_t s, auto&& f) {
      const double len = std::hypot(bx_[s] - ax_[s], by_[s] - ay_[s]);
      const std::size_t chunks = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(len / cell_)));
      std::size_t last = std::numeric_limits<std::size_t>::max();
      for (std::size_t c = 0; c < chunks; ++c) {
        const double t0 = double(c) / chunks, t1 = double(c + 1) / chunks;
        const double x0 = ax_[s] + t0 * (bx_[s] - ax_[s]), x1 = ax_[s] + t1 * (bx_[s] - ax_[s]);
        const double y0 = ay_[s] + t0 * (by_[s] - ay_[s]), y1 = ay_[s] + t1 * (by_[s] - ay_[s]);
        const auto [cx0, cy0] = cell_of(std::min(x0, x1), std::min(y0, y1));
        const auto [cx1, cy1] = cell_of(std::max(x0, x1), std::max(y0, y1));
        for (std::uint32_t cy = cy0; cy <= cy1; ++cy)
          for (std::uint32_t cx = cx0; cx <= cx1; ++cx) {
            const std::size_t cell = std::size_t(cy) * nx_ + cx;
            if (cell == last) continue;  // consecutive chunks often share a cell
            last = cell;
            f(cell);
          }
      }
    };
    for (std::size_t s = 0; s < n; ++s) each_cell(s, [&](std::size_t c) { ++count[c + 1]; });
    for (std::size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
    first_ = count;
    items_.resize(first_.back());
    for (std::size_t s = 0; s < n; ++s)
      each_cell(s, [&](std::size_t c) { items_[count[c]++] = static_cast<std::uint32_t>(s); });
  }

  struct Hit {
    std::uint32_t segment = kNoId;
    double distance_m = kUnreachable;
    double t_0_1 = 0;  ///< position along the segment
  };

  /// Nearest segment within radius_m (ties: lowest segment index). The search square grows
  /// from one cell's reach by doubling: a hit within the current reach r is final (every
  /// segment closer than r meets the square of half-side r), so a large radius costs only
  /// for points far from every road, and then in proportion to their distance, not to the
  /// radius.
  Hit nearest(double x, double y, double radius_m, std::vector<std::uint32_t>& scratch) const {
    const double reach = extent_reach(x, y);
    for (double r = std::min(radius_m, cell_);; r = std::min(radius_m, 2 * r)) {
      // Once the square holds the whole grid, one last search over it at the full radius.
      if (r >= reach) return nearest_in(x, y, radius_m, scratch);
      const Hit best = nearest_in(x, y, r, scratch);
      if (best.segment != kNoId || r >= radius_m) return best;
    }
  }

  /// Segments whose cells meet the square of half-side r around (x, y), sorted, unique.
  void candidates(double x, double y, double r, std::vector<std::uint32_t>& out) const {
    out.clear();
    if (ax_.empty()) return;
    const auto [cx0, cy0] = cell_of(x - r, y - r);
    const auto [cx1, cy1] = cell_of(x + r, y + r);
    for (std::uint32_t cy = cy0; cy <= cy1; ++cy)
      for (std::uint32_t cx = cx0; cx <= cx1; ++cx) {
        const std::size_t c = std::size_t(cy) * nx_ + cx;
        out.insert(out.end(), items_.begin() + first_[c], items_.begin() + first_[c + 1]);
      }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

  /// Distance from (x, y) to segment s; t receives the closest point's position in [0, 1].
  double distance(std::uint32_t s, double x, double y, double& t) const {
    const double dx = bx_[s] - ax_[s], dy = by_[s] - ay_[s];
    const double len_sq = dx * dx + dy * dy;
    // A zero-length segment is a point: projecting onto it would divide by zero.
    t = len_sq > 0 ? std::clamp(((x - ax_[s]) * dx + (y - ay_[s]) * dy) / len_sq, 0.0, 1.0) : 0.0;
    return std::hypot(x - (ax_[s] + t * dx), y - (ay_[s] + t * dy));
  }

 private:
  // Distance beyond which a square around (x, y) holds the whole grid: growing further
  // finds nothing new.
  double extent_reach(double x, double y) const {
    const double w = double(nx_) * cell_, h = double(ny_) * cell_;
    return std::max({std::abs(x - minx_), std::abs(x - (minx_ + w)), std::abs(y - miny_), std::abs(y - (miny_ + h))});
  }

  Hit nearest_in(double x, double y, double radius_m, std::vector<std::uint32_t>& scratch) const {
    Hit best;
    candidates(x, y, radius_m, scratch);
    for (std::uint32_t s : scratch) {
      double t = 0;
      const double d = distance(s, x, y, t);
      if (d <= radius_m && (d < best.distance_m || (d == best.distance_m && s < best.segment))) best = {s, d, t};
    }
    return best;
  }

  std::pair<std::uint32_t, std::uint32_t> cell_of(double x, double y) const {
    auto clampi = [](double v, std::uint32_t n) {
      if (!(v > 0)) return 0u;
      return static_cast<std::uint32_t>(std::min<double>(v, n - 1));
    };
    return {clampi(std::floor((x - minx_) / cell_), nx_), clampi(std::floor((y - miny_) / cell_), ny_)};
  }

  std::vector<double> ax_, ay_, bx_, by_;
  double minx_ = 0, miny_ = 0, cell_ = 1;
  std::uint32_t nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> first_, items_;
};

}  // namespace swsplan::gis::detail
