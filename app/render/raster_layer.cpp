#include "app/render/raster_layer.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "app/render/map_renderer.hpp"
#include "app/render/prepared_layer.hpp"
#include "gis/core/error.hpp"
#include "layers/services.hpp"

namespace swsplan::gui {

namespace {
// Legend words built at run time; listed here so lupdate puts them in the .ts file.
[[maybe_unused]] const char* const kRasterLegendStrings[] = {
    QT_TRANSLATE_NOOP("Legend", "Travel time"),    QT_TRANSLATE_NOOP("Legend", "0-30 min"),
    QT_TRANSLATE_NOOP("Legend", "30-60 min"),      QT_TRANSLATE_NOOP("Legend", "60-120 min"),
    QT_TRANSLATE_NOOP("Legend", "over 120 min"),   QT_TRANSLATE_NOOP("Legend", "Nearest facility"),
    QT_TRANSLATE_NOOP("Legend", "more facilities"), QT_TRANSLATE_NOOP("Legend", "more values"),
};

constexpr int kCoarsestSide = 256;     ///< the pyramid stops once a level fits in this many cells
constexpr std::size_t kMaxCategories = 64;  ///< more distinct integers than this: continuous
constexpr std::size_t kLegendCategories = 20;
constexpr std::size_t kSampleSize = 50000;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// The service id just before `tail` in a file stem written by `swsplan access -m raster`
/// (<project>[_<scenario>]_<service>_time_s), or "".
std::string service_before(const std::string& stem, const std::string& tail) {
  const std::string head = stem.substr(0, stem.size() - tail.size());
  std::string best;
  for (auto s : layers::all_services()) {
    const std::string id = layers::service_id(s);
    if (ends_with(head, "_" + id) || head == id)
      if (id.size() > best.size()) best = id;
  }
  return best;
}

RasterLevel halve(const RasterLevel& a, bool categories) {
  RasterLevel b;
  b.width = (a.width + 1) / 2;
  b.height = (a.height + 1) / 2;
  b.x0 = a.x0;
  b.y0 = a.y0;
  b.dx = a.dx * 2;
  b.dy = a.dy * 2;
  b.values.assign(std::size_t(b.width) * std::size_t(b.height), std::numeric_limits<float>::quiet_NaN());
  for (int r = 0; r < b.height; ++r)
    for (int c = 0; c < b.width; ++c) {
      float v[4];
      int n = 0;
      for (int dr = 0; dr < 2; ++dr)
        for (int dc = 0; dc < 2; ++dc) {
          const int rr = 2 * r + dr, cc = 2 * c + dc;
          if (rr >= a.height || cc >= a.width) continue;
          const float x = a.values[std::size_t(rr) * std::size_t(a.width) + std::size_t(cc)];
          if (!std::isnan(x)) v[n++] = x;
        }
      if (n == 0) continue;
      float out = v[0];
      if (categories) {  // the most frequent code (ties: the first, top-left)
        int best = 0;
        for (int i = 0; i < n; ++i) {
          int k = 0;
          for (int j = 0; j < n; ++j) k += v[j] == v[i];
          if (k > best) best = k, out = v[i];
        }
      } else {  // mean of the valid cells
        double s = 0;
        for (int i = 0; i < n; ++i) s += v[i];
        out = float(s / n);
      }
      b.values[std::size_t(r) * std::size_t(b.width) + std::size_t(c)] = out;
    }
  return b;
}

Symbol cell_symbol(const QColor& c) {
  Symbol s;
  s.fill = c;
  s.stroke = QColor(0, 0, 0, 0);
  s.stroke_mm = 0;
  return s;
}

const std::vector<QColor>& category_colors() {
  // ColorBrewer Paired (12), reordered so neighbouring codes differ in hue.
  static const std::vector<QColor> c = {QColor("#1f78b4"), QColor("#33a02c"), QColor("#e31a1c"), QColor("#ff7f00"),
                                        QColor("#6a3d9a"), QColor("#b15928"), QColor("#a6cee3"), QColor("#b2df8a"),
                                        QColor("#fb9a99"), QColor("#fdbf6f"), QColor("#cab2d6"), QColor("#ffff99")};
  return c;
}

const std::vector<QColor>& viridis5() {
  static const std::vector<QColor> c = {QColor("#440154"), QColor("#3b528b"), QColor("#21918c"), QColor("#5ec962"),
                                        QColor("#fde725")};
  return c;
}

QString number_text(double v) {
  if (std::abs(v) >= 100 || v == std::floor(v)) return QString::number(v, 'f', 0);
  return QString::number(v, 'g', 3);
}

QRgb premultiplied(const QColor& c) { return qPremultiply(c.rgba()); }

}  // namespace

gis::Extent PreparedRaster::extent() const {
  if (levels.empty()) return {1, 1, 0, 0};
  const auto& l = levels.front();
  return {l.x0, l.y0 - l.height * l.dy, l.x0 + l.width * l.dx, l.y0};
}

const RasterLevel& PreparedRaster::level_for(double mpp) const {
  std::size_t k = 0;
  while (k + 1 < levels.size() && std::max(levels[k + 1].dx, levels[k + 1].dy) <= mpp) ++k;
  return levels[k];
}

std::optional<double> PreparedRaster::value_at(double x, double y) const {
  if (levels.empty()) return std::nullopt;
  const auto& l = levels.front();
  const double c = std::floor((x - l.x0) / l.dx), r = std::floor((l.y0 - y) / l.dy);
  if (c < 0 || r < 0 || c >= l.width || r >= l.height) return std::nullopt;
  const float v = l.values[std::size_t(r) * std::size_t(l.width) + std::size_t(c)];
  if (std::isnan(v)) return std::nullopt;
  return double(v);
}

std::size_t PreparedRaster::bytes() const {
  std::size_t n = 0;
  for (const auto& l : levels) n += l.values.size() * sizeof(float);
  return n + (categories.size() + sample.size()) * sizeof(double);
}

std::shared_ptr<const PreparedRaster> prepare_raster(const gis::Raster& r, const std::string& source, bool integer,
                                                     const gis::CancelToken* cancel) {
  QElapsedTimer t;
  t.start();
  auto out = std::make_shared<PreparedRaster>();
  out->source = source;
  RasterLevel base;
  base.width = r.grid.width;
  base.height = r.grid.height;
  base.x0 = r.grid.x0;
  base.y0 = r.grid.y0;
  base.dx = r.grid.dx;
  base.dy = r.grid.dy;
  base.values.resize(r.values.size());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::set<double> distinct;
  bool too_many = !integer;
  double last = std::numeric_limits<double>::quiet_NaN();
  std::size_t valid = 0;
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    const double v = r.values[i];
    base.values[i] = float(v);
    if (std::isnan(v)) continue;
    ++valid;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    if (!too_many && v != last) {  // runs of one code are the rule: look the set up on a change only
      distinct.insert(v);
      last = v;
      if (distinct.size() > 100000) too_many = true;
    }
  }
  out->valid_cells = valid;
  out->min = valid ? lo : 0;
  out->max = valid ? hi : 0;
  const std::string stem = std::filesystem::path(source).stem().string();
  if (ends_with(stem, "_time_s")) {
    out->kind = RasterKind::TravelTime;
    out->service = service_before(stem, "_time_s");
  } else if (ends_with(stem, "_facility") && !too_many) {
    out->kind = RasterKind::Categories;
    out->service = service_before(stem, "_facility");
  } else if (integer && !too_many && distinct.size() <= kMaxCategories) {
    out->kind = RasterKind::Categories;
  }
  if (out->kind == RasterKind::Categories) out->categories.assign(distinct.begin(), distinct.end());
  const std::size_t stride = std::max<std::size_t>(1, valid / kSampleSize);
  for (std::size_t i = 0, k = 0; i < base.values.size(); ++i)
    if (!std::isnan(base.values[i]) && (k++ % stride) == 0) out->sample.push_back(base.values[i]);
  out->levels.push_back(std::move(base));
  const bool cats = out->kind == RasterKind::Categories;
  while (std::max(out->levels.back().width, out->levels.back().height) > kCoarsestSide) {
    if (cancel && cancel->cancelled()) throw gis::Cancelled();
    out->levels.push_back(halve(out->levels.back(), cats));
  }
  out->build_ms = double(t.nsecsElapsed()) / 1e6;
  return out;
}

const std::vector<QColor>& travel_time_colors() {
  static const std::vector<QColor> c = {QColor("#1a9850"), QColor("#d9ef8b"), QColor("#fc8d59"), QColor("#d73027")};
  return c;
}

LayerStyle raster_style(const PreparedRaster& r) {
  LayerStyle s;
  s.symbol = cell_symbol(QColor(0, 0, 0, 0));  // cells of no class: transparent
  const QString service = r.service.empty() ? QString() : service_label(r.service);
  if (r.kind == RasterKind::TravelTime) {
    s.kind = StyleKind::Graduated;
    s.title = service.isEmpty() ? QStringLiteral("Travel time") : QStringLiteral("Travel time: ") + service;
    const double inf = std::numeric_limits<double>::infinity();
    const double bounds[][2] = {{0, 1800}, {1800, 3600}, {3600, 7200}, {7200, inf}};
    const char* labels[] = {"0-30 min", "30-60 min", "60-120 min", "over 120 min"};
    for (int i = 0; i < 4; ++i) {
      StyleClass c;
      c.lower = i == 0 ? -inf : bounds[i][0];
      c.upper = bounds[i][1];
      c.symbol = cell_symbol(travel_time_colors()[std::size_t(i)]);
      c.label = labels[i];
      s.classes.push_back(c);
    }
    s.class_count = 4;
  } else if (r.kind == RasterKind::Categories) {
    s.kind = StyleKind::Categorized;
    s.title = service.isEmpty() ? QString() : QStringLiteral("Nearest facility: ") + service;
    const auto& pal = category_colors();
    for (std::size_t i = 0; i < r.categories.size() && i < kLegendCategories; ++i) {
      StyleClass c;
      c.value = number_text(r.categories[i]).toStdString();
      c.symbol = cell_symbol(pal[i % pal.size()]);
      c.label = QString::fromStdString(c.value);
      s.classes.push_back(c);
    }
    if (r.categories.size() > kLegendCategories) {
      // The other codes keep cycling through the palette (paint_raster); the legend says so.
      s.show_fallback_in_legend = true;
      s.fallback_label = r.service.empty() ? "more values" : "more facilities";
      s.symbol = cell_symbol(QColor(0, 0, 0, 0));
    }
  } else {
    s.kind = StyleKind::Graduated;
    s.method = ClassMethod::Quantile;
    auto breaks = class_breaks(r.sample, ClassMethod::Quantile, 5);
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    if (breaks.size() < 2) breaks = {r.min, r.max};
    const std::size_t k = breaks.size() - 1;
    for (std::size_t i = 0; i < k; ++i) {
      StyleClass c;
      c.lower = breaks[i];
      c.upper = breaks[i + 1];
      // Spread the ramp over the classes there are (fewer than 5 when values repeat).
      const std::size_t ci = k == 1 ? 2 : i * (viridis5().size() - 1) / (k - 1);
      c.symbol = cell_symbol(viridis5()[ci]);
      c.label = number_text(c.lower) + QString::fromUtf8(" – ") + number_text(c.upper);
      s.classes.push_back(c);
    }
    s.class_count = int(k);
  }
  return s;
}

std::shared_ptr<const PreparedLayer> raster_map_layer(const std::string& name, const std::string& map_crs,
                                                      std::shared_ptr<const PreparedRaster> raster) {
  auto l = std::make_shared<PreparedLayer>();
  l->name = name;
  l->map_crs = map_crs;
  l->data.name = name;
  l->data.source = raster->source;
  l->data.crs = map_crs;
  l->data.geom.kind = gis::GeometryKind::None;
  l->extent = raster->extent();
  l->raster = std::move(raster);
  return l;
}

std::size_t paint_raster(QPainter& p, const MapView& view, const PreparedRaster& r, const LayerStyle& st,
                         const gis::CancelToken* cancel) {
  if (r.levels.empty() || view.size.isEmpty()) return 0;
  const RasterLevel& L = r.level_for(view.mpp);
  const int W = view.size.width(), H = view.size.height();
  // Colour of a value: graduated classes by range, categories by their code (codes beyond the
  // legend's classes cycle through the palette in code order).
  std::vector<QRgb> cat_rgb;
  if (st.kind == StyleKind::Categorized) {
    const auto& pal = category_colors();
    cat_rgb.resize(r.categories.size());
    for (std::size_t i = 0; i < r.categories.size(); ++i) {
      QColor c = pal[i % pal.size()];
      const std::string key = number_text(r.categories[i]).toStdString();
      for (const auto& cl : st.classes)
        if (cl.value == key) c = cl.symbol.fill;
      cat_rgb[i] = premultiplied(c);
    }
  }
  std::vector<QRgb> cls_rgb;
  for (const auto& c : st.classes) cls_rgb.push_back(premultiplied(c.symbol.fill));
  auto colour = [&](float v) -> QRgb {
    if (st.kind == StyleKind::Categorized) {
      auto it = std::lower_bound(r.categories.begin(), r.categories.end(), double(v));
      if (it == r.categories.end() || *it != double(v)) return 0;
      return cat_rgb[std::size_t(it - r.categories.begin())];
    }
    for (std::size_t i = 0; i < st.classes.size(); ++i)
      if (v >= st.classes[i].lower && v <= st.classes[i].upper) return cls_rgb[i];
    return 0;
  };
  std::vector<int> cols(std::size_t(W), -1);
  int xa = W, xb = -1;
  for (int x = 0; x < W; ++x) {
    const double X = view.center_x + (x + 0.5 - W / 2.0) * view.mpp;
    const double c = std::floor((X - L.x0) / L.dx);
    if (c < 0 || c >= L.width) continue;
    cols[std::size_t(x)] = int(c);
    xa = std::min(xa, x);
    xb = std::max(xb, x);
  }
  if (xb < xa) return 0;
  QImage img(view.size, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::transparent);
  std::size_t coloured = 0;
  for (int y = 0; y < H; ++y) {
    if ((y & 63) == 0 && cancel && cancel->cancelled()) return coloured;
    const double Y = view.center_y - (y + 0.5 - H / 2.0) * view.mpp;
    const double rr = std::floor((L.y0 - Y) / L.dy);
    if (rr < 0 || rr >= L.height) continue;
    const float* row = L.values.data() + std::size_t(rr) * std::size_t(L.width);
    auto* out = reinterpret_cast<QRgb*>(img.scanLine(y));
    float last = std::numeric_limits<float>::quiet_NaN();
    QRgb last_rgb = 0;
    for (int x = xa; x <= xb; ++x) {
      const float v = row[cols[std::size_t(x)]];
      if (std::isnan(v)) continue;
      if (v != last) last = v, last_rgb = colour(v);
      if (last_rgb) out[x] = last_rgb, ++coloured;
    }
  }
  p.save();
  p.setOpacity(st.opacity);
  p.drawImage(QPointF(0, 0), img);
  p.restore();
  return coloured;
}

}  // namespace swsplan::gui
