#include "app/render/prepared_layer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/crs/crs.hpp"

namespace swsplan::gui {

namespace {
/// Grid column/row of a coordinate already divided by the cell size, clamped to 0..n-1 in
/// double first: a view zoomed far out over a layer of one point gives cells beyond the int
/// range (converting those is undefined), and NaN lands in cell 0.
int grid_cell(double cells, int n) {
  if (!(cells > 0)) return 0;
  return cells >= n - 1 ? n - 1 : int(cells);
}
bool intersects(const gis::Extent& a, const gis::Extent& b) {
  return a.xmin <= b.xmax && b.xmin <= a.xmax && a.ymin <= b.ymax && b.ymin <= a.ymax;
}

double seg_dist2(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double qx = ax + t * dx - px, qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/// A point inside the largest shell: the middle of the widest inside interval of the
/// horizontal line through the shell's vertical centre (centroids fall outside concave
/// communes; this does not).
std::pair<double, double> polygon_label_point(const gis::Geometries& g, std::size_t f) {
  double best_area = -1;
  std::uint32_t best_ring = 0;
  for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
    const auto r = g.part_offsets[p];
    if (r == g.part_offsets[p + 1]) continue;
    double a = 0;
    for (auto i = g.ring_offsets[r], j = g.ring_offsets[r + 1] - 1; i < g.ring_offsets[r + 1]; j = i++)
      a += g.xs[j] * g.ys[i] - g.xs[i] * g.ys[j];
    if (std::abs(a) > best_area) {
      best_area = std::abs(a);
      best_ring = r;
    }
  }
  if (best_area < 0) return {std::nan(""), std::nan("")};
  const auto b = g.ring_offsets[best_ring], e = g.ring_offsets[best_ring + 1];
  double ymin = std::numeric_limits<double>::max(), ymax = -ymin;
  for (auto i = b; i < e; ++i) ymin = std::min(ymin, g.ys[i]), ymax = std::max(ymax, g.ys[i]);
  // Try a few scanlines around the middle; keep the widest interval.
  double bx = g.xs[b], by = g.ys[b], best_w = -1;
  for (double frac : {0.5, 0.4, 0.6, 0.3, 0.7}) {
    const double y = ymin + frac * (ymax - ymin);
    std::vector<double> xs;
    for (auto i = b, j = e - 1; i < e; j = i++) {
      const double y1 = g.ys[j], y2 = g.ys[i];
      if ((y1 > y) != (y2 > y)) xs.push_back(g.xs[j] + (y - y1) * (g.xs[i] - g.xs[j]) / (y2 - y1));
    }
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      if (xs[k + 1] - xs[k] > best_w) {
        best_w = xs[k + 1] - xs[k];
        bx = 0.5 * (xs[k] + xs[k + 1]);
        by = y;
      }
    }
    if (best_w > 0 && frac == 0.5) break;
  }
  return {bx, by};
}

std::pair<double, double> line_label_point(const gis::Geometries& g, std::size_t f) {
  // The middle vertex of the longest part.
  std::uint32_t best = 0, best_n = 0;
  for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p) {
    const auto r = g.part_offsets[p];
    if (r == g.part_offsets[p + 1]) continue;
    const auto n = g.ring_offsets[r + 1] - g.ring_offsets[r];
    if (n > best_n) best_n = n, best = g.ring_offsets[r];
  }
  if (best_n == 0) return {std::nan(""), std::nan("")};
  return {g.xs[best + best_n / 2], g.ys[best + best_n / 2]};
}
}  // namespace

BBoxGrid::BBoxGrid(std::vector<gis::Extent> boxes) : boxes_(std::move(boxes)) {
  gis::Extent e{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
  std::size_t n = 0;
  for (const auto& b : boxes_) {
    if (!b.valid()) continue;
    e.xmin = std::min(e.xmin, b.xmin), e.ymin = std::min(e.ymin, b.ymin);
    e.xmax = std::max(e.xmax, b.xmax), e.ymax = std::max(e.ymax, b.ymax);
    ++n;
  }
  if (n == 0) return;
  extent_ = e;
  // About two features per cell on average, at most 512 x 512 cells.
  const double w = std::max(e.xmax - e.xmin, 1e-9), h = std::max(e.ymax - e.ymin, 1e-9);
  const double cells = std::clamp(double(n) / 2.0, 1.0, 512.0 * 512.0);
  nx_ = std::clamp(int(std::sqrt(cells * w / h)), 1, 512);
  ny_ = std::clamp(int(cells / nx_), 1, 512);
  cw_ = w / nx_ * (1 + 1e-12);
  ch_ = h / ny_ * (1 + 1e-12);
  auto cell_range = [&](const gis::Extent& b, int& x0, int& x1, int& y0, int& y1) {
    x0 = grid_cell((b.xmin - e.xmin) / cw_, nx_);
    x1 = grid_cell((b.xmax - e.xmin) / cw_, nx_);
    y0 = grid_cell((b.ymin - e.ymin) / ch_, ny_);
    y1 = grid_cell((b.ymax - e.ymin) / ch_, ny_);
  };
  std::vector<std::uint32_t> counts(std::size_t(nx_) * ny_ + 1, 0);
  for (const auto& b : boxes_) {
    if (!b.valid()) continue;
    int x0, x1, y0, y1;
    cell_range(b, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) ++counts[std::size_t(y) * nx_ + x + 1];
  }
  for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
  first_ = counts;
  items_.resize(first_.back());
  for (std::uint32_t i = 0; i < boxes_.size(); ++i) {
    const auto& b = boxes_[i];
    if (!b.valid()) continue;
    int x0, x1, y0, y1;
    cell_range(b, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) items_[counts[std::size_t(y) * nx_ + x]++] = i;
  }
}

std::vector<std::uint32_t> BBoxGrid::query(const gis::Extent& q) const {
  std::vector<std::uint32_t> out;
  if (nx_ == 0 || !intersects(q, extent_)) return out;
  const int x0 = grid_cell((q.xmin - extent_.xmin) / cw_, nx_);
  const int x1 = grid_cell((q.xmax - extent_.xmin) / cw_, nx_);
  const int y0 = grid_cell((q.ymin - extent_.ymin) / ch_, ny_);
  const int y1 = grid_cell((q.ymax - extent_.ymin) / ch_, ny_);
  const bool whole = x0 == 0 && y0 == 0 && x1 == nx_ - 1 && y1 == ny_ - 1 && q.xmin <= extent_.xmin &&
                     q.ymin <= extent_.ymin && q.xmax >= extent_.xmax && q.ymax >= extent_.ymax;
  if (whole) {
    for (std::uint32_t i = 0; i < boxes_.size(); ++i)
      if (boxes_[i].valid()) out.push_back(i);
    return out;
  }
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const std::size_t c = std::size_t(y) * nx_ + x;
      for (auto k = first_[c]; k < first_[c + 1]; ++k)
        if (intersects(boxes_[items_[k]], q)) out.push_back(items_[k]);
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool polygon_contains(const gis::Geometries& g, std::size_t f, double x, double y) {
  bool inside = false;
  for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
    for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
      const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
      if (e == b) continue;
      for (auto i = b, j = e - 1; i < e; j = i++) {
        if ((g.ys[i] > y) != (g.ys[j] > y) &&
            x < (g.xs[j] - g.xs[i]) * (y - g.ys[i]) / (g.ys[j] - g.ys[i]) + g.xs[i])
          inside = !inside;
      }
    }
  return inside;
}

std::vector<std::uint32_t> PreparedLayer::hit(double x, double y, double tolerance_m) const {
  const gis::Extent q{x - tolerance_m, y - tolerance_m, x + tolerance_m, y + tolerance_m};
  std::vector<std::uint32_t> out;
  const auto& g = data.geom;
  const double t2 = tolerance_m * tolerance_m;
  for (auto f : query(q)) {
    bool ok = false;
    if (g.kind == gis::GeometryKind::Polygon) {
      ok = polygon_contains(g, f, x, y);
    } else {
      for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1] && !ok; ++p)
        for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1] && !ok; ++r) {
          const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
          if (e - b == 1) {
            const double dx = g.xs[b] - x, dy = g.ys[b] - y;
            ok = dx * dx + dy * dy <= t2;
          }
          for (auto i = b + 1; i < e && !ok; ++i) ok = seg_dist2(x, y, g.xs[i - 1], g.ys[i - 1], g.xs[i], g.ys[i]) <= t2;
        }
    }
    if (ok) out.push_back(f);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::shared_ptr<const PreparedLayer> prepare_layer(const gis::VectorLayer& layer, const std::string& map_crs) {
  auto p = std::make_shared<PreparedLayer>();
  p->name = layer.name;
  p->map_crs = map_crs;
  p->data = (layer.crs.empty() || layer.crs == map_crs || layer.geom.kind == gis::GeometryKind::None)
                ? layer
                : gis::reproject(layer, map_crs);
  p->data.crs = map_crs;
  const auto& g = p->data.geom;
  const std::size_t n = g.features();
  std::vector<gis::Extent> boxes(n, gis::Extent{1, 1, 0, 0});
  p->label_x.assign(n, std::nan(""));
  p->label_y.assign(n, std::nan(""));
  gis::Extent all{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                  -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
  for (std::size_t f = 0; f < n; ++f) {
    const auto r0 = g.part_offsets[g.feature_offsets[f]], r1 = g.part_offsets[g.feature_offsets[f + 1]];
    const auto c0 = g.ring_offsets[r0], c1 = g.ring_offsets[r1];
    gis::Extent b{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                  -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
    for (auto i = c0; i < c1; ++i) {
      if (!std::isfinite(g.xs[i]) || !std::isfinite(g.ys[i])) continue;
      b.xmin = std::min(b.xmin, g.xs[i]), b.xmax = std::max(b.xmax, g.xs[i]);
      b.ymin = std::min(b.ymin, g.ys[i]), b.ymax = std::max(b.ymax, g.ys[i]);
    }
    if (!b.valid()) continue;
    boxes[f] = b;
    all.xmin = std::min(all.xmin, b.xmin), all.xmax = std::max(all.xmax, b.xmax);
    all.ymin = std::min(all.ymin, b.ymin), all.ymax = std::max(all.ymax, b.ymax);
    std::pair<double, double> lp;
    if (g.kind == gis::GeometryKind::Polygon) lp = polygon_label_point(g, f);
    else if (g.kind == gis::GeometryKind::Line) lp = line_label_point(g, f);
    else lp = {g.xs[c0], g.ys[c0]};
    p->label_x[f] = lp.first;
    p->label_y[f] = lp.second;
  }
  if (all.valid()) p->extent = all;
  p->index = BBoxGrid(std::move(boxes));
  return p;
}

}  // namespace swsplan::gui
