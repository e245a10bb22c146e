#include "app/render/map_renderer.hpp"

#include "app/render/raster_layer.hpp"

#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QFutureWatcher>
#include <QPaintDevice>
#include <QPainter>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdio>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace swsplan::gui {

// ---------------------------------------------------------------- MapView

gis::Extent MapView::extent() const {
  const double hw = size.width() * mpp / 2.0, hh = size.height() * mpp / 2.0;
  return {center_x - hw, center_y - hh, center_x + hw, center_y + hh};
}

bool MapView::same_geometry(const MapView& o) const {
  return crs == o.crs && center_x == o.center_x && center_y == o.center_y && mpp == o.mpp && size == o.size &&
         dpi == o.dpi && labels == o.labels;
}

void MapView::zoom_to(const gis::Extent& e, double margin_0_1) {
  if (!e.valid() || size.isEmpty()) return;
  center_x = 0.5 * (e.xmin + e.xmax);
  center_y = 0.5 * (e.ymin + e.ymax);
  const double w = std::max(e.xmax - e.xmin, 1.0), h = std::max(e.ymax - e.ymin, 1.0);
  const double f = 1.0 + 2.0 * margin_0_1;
  mpp = std::max(w * f / size.width(), h * f / size.height());
}

gis::Extent MapView::full_extent(bool visible_only) const {
  gis::Extent all{1, 1, 0, 0};
  for (const auto& l : layers) {
    if (!l.data || !l.data->extent.valid() || (visible_only && !l.visible)) continue;
    const auto& e = l.data->extent;
    if (!all.valid()) all = e;
    else all = {std::min(all.xmin, e.xmin), std::min(all.ymin, e.ymin), std::max(all.xmax, e.xmax), std::max(all.ymax, e.ymax)};
  }
  return all;
}

const MapLayer* MapView::find(const std::string& name) const {
  for (const auto& l : layers)
    if (l.name() == name) return &l;
  return nullptr;
}
MapLayer* MapView::find(const std::string& name) {
  for (auto& l : layers)
    if (l.name() == name) return &l;
  return nullptr;
}

// ---------------------------------------------------------------- drawing primitives

QFont map_font(double point_size, bool bold) {
  QFont f;
  f.setFamilies({"Noto Sans", "DejaVu Sans", "Noto Sans Khmer", "Khmer OS System", "Khmer OS"});
  f.setPointSizeF(point_size);
  f.setBold(bold);
  f.setStyleStrategy(QFont::PreferAntialias);
  return f;
}

namespace {
void quiet_qt_handler(QtMsgType type, const QMessageLogContext&, const QString& msg) {
  if (type == QtDebugMsg || type == QtInfoMsg) return;
  const QString m = msg.trimmed();
  if (m.startsWith(QLatin1String("OpenType support missing")) || m.startsWith(QLatin1String("QStandardPaths:"))) return;
  std::fprintf(stderr, "%s\n", msg.toLocal8Bit().constData());
}
}  // namespace

void quiet_qt_notes() { qInstallMessageHandler(quiet_qt_handler); }

QPainterPath feature_path(const PreparedLayer& layer, std::size_t f, const MapView& view, double min_px,
                          std::size_t* vertices) {
  const auto& g = layer.data.geom;
  QPainterPath path;
  path.setFillRule(Qt::OddEvenFill);
  const bool poly = g.kind == gis::GeometryKind::Polygon;
  const double inv = 1.0 / view.mpp, cx = view.size.width() / 2.0, cy = view.size.height() / 2.0;
  std::size_t n = 0;
  for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
    for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
      const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
      if (e - b < 2) continue;
      double lx = (g.xs[b] - view.center_x) * inv + cx, ly = (view.center_y - g.ys[b]) * inv + cy;
      path.moveTo(lx, ly);
      ++n;
      for (auto i = b + 1; i < e; ++i) {
        const double x = (g.xs[i] - view.center_x) * inv + cx, y = (view.center_y - g.ys[i]) * inv + cy;
        // Skip vertices closer than min_px to the last kept one; always keep a ring's last.
        if (std::abs(x - lx) + std::abs(y - ly) < min_px && i + 1 < e) continue;
        path.lineTo(x, y);
        lx = x, ly = y;
        ++n;
      }
      if (poly) path.closeSubpath();
    }
  if (vertices) *vertices += n;
  return path;
}

namespace {
QPen make_pen(const QColor& c, double width_px, Qt::PenStyle st) {
  if (c.alpha() == 0 || width_px <= 0) return QPen(Qt::NoPen);
  QPen pen(c, std::max(width_px, 0.5), st, Qt::RoundCap, Qt::RoundJoin);
  return pen;
}
QBrush make_brush(const Symbol& s) {
  if (s.fill.alpha() == 0) return QBrush(Qt::NoBrush);
  return QBrush(s.fill);
}
/// The hatch of a polygon symbol over its fill (no outline: the fill's pen drew it).
void draw_hatch(QPainter& p, const Symbol& s, const QPainterPath& path) {
  if (s.hatch.alpha() == 0) return;
  p.save();
  p.setPen(Qt::NoPen);
  p.setBrush(QBrush(s.hatch, s.hatch_pattern));
  p.drawPath(path);
  p.restore();
}
QPolygonF regular(QPointF c, double r, int n, double rot_deg, double inner = 0) {
  QPolygonF poly;
  const int m = inner > 0 ? 2 * n : n;
  for (int i = 0; i < m; ++i) {
    const double a = (rot_deg + 360.0 * i / m) * M_PI / 180.0;
    const double rr = (inner > 0 && (i % 2)) ? inner : r;
    poly << QPointF(c.x() + rr * std::cos(a), c.y() + rr * std::sin(a));
  }
  return poly;
}

bool matches_overlay(const LayerStyle& st, const gis::Column& col, std::size_t i) {
  if (col.is_null(i)) return false;
  if (!st.overlay_value.empty()) return col.text(i) == st.overlay_value;
  const std::string t = col.text(i);
  return t == "1" || t == "true" || t == "yes" || t == "TRUE" || t == "Yes";
}
}  // namespace

void draw_marker(QPainter& p, const Symbol& s, QPointF c, double ppm) {
  const double r = s.size_mm * ppm / 2.0;
  p.setPen(make_pen(s.stroke, s.stroke_mm * ppm, Qt::SolidLine));
  p.setBrush(make_brush(s));
  switch (s.shape) {
    case MarkerShape::Circle: p.drawEllipse(c, r, r); break;
    case MarkerShape::Square: p.drawRect(QRectF(c.x() - r * 0.85, c.y() - r * 0.85, 1.7 * r, 1.7 * r)); break;
    case MarkerShape::Triangle: p.drawPolygon(regular(c + QPointF(0, r * 0.15), r, 3, -90)); break;
    case MarkerShape::Diamond: p.drawPolygon(regular(c, r, 4, -90)); break;
    case MarkerShape::Hexagon: p.drawPolygon(regular(c, r, 6, 0)); break;
    case MarkerShape::Star: p.drawPolygon(regular(c, r, 5, -90, r * 0.45)); break;
    case MarkerShape::Cross: {
      const double a = r * 0.38;
      QPolygonF poly;
      poly << QPointF(-a, -r) << QPointF(a, -r) << QPointF(a, -a) << QPointF(r, -a) << QPointF(r, a) << QPointF(a, a)
           << QPointF(a, r) << QPointF(-a, r) << QPointF(-a, a) << QPointF(-r, a) << QPointF(-r, -a) << QPointF(-a, -a);
      p.drawPolygon(poly.translated(c));
      break;
    }
  }
}

void draw_swatch(QPainter& p, const Symbol& s, gis::GeometryKind kind, const QRectF& r, double ppm) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  if (kind == gis::GeometryKind::Point) {
    draw_marker(p, s, r.center(), ppm);
  } else if (kind == gis::GeometryKind::Line) {
    const QPointF a(r.left() + 1, r.center().y()), b(r.right() - 1, r.center().y());
    if (s.casing.alpha() && s.casing_mm > 0) {
      p.setPen(make_pen(QColor(90, 90, 90), s.casing_mm * ppm + 1.0, Qt::SolidLine));
      p.drawLine(a, b);
      p.setPen(make_pen(s.casing, s.casing_mm * ppm, Qt::SolidLine));
      p.drawLine(a, b);
    }
    p.setPen(make_pen(s.stroke, s.stroke_mm * ppm, s.stroke_style));
    p.drawLine(a, b);
  } else {
    p.setPen(make_pen(s.stroke.alpha() ? s.stroke : QColor(120, 120, 120), std::max(s.stroke_mm * ppm, 1.0), s.stroke_style));
    p.setBrush(make_brush(s));
    p.drawRect(r.adjusted(1, 1, -1, -1));
    QPainterPath box;
    box.addRect(r.adjusted(1, 1, -1, -1));
    draw_hatch(p, s, box);
  }
  p.restore();
}

void paint_layer(QPainter& p, const MapView& view, const MapLayer& layer, const gis::CancelToken* cancel,
                 LayerImage& out, int priority) {
  out.layer = layer.name();
  out.revision = layer.revision;
  if (!layer.visible || !layer.data) return;
  const PreparedLayer& L = *layer.data;
  const LayerStyle& st = layer.style;
  if (st.max_mpp > 0 && view.mpp > st.max_mpp) return;
  if (L.raster) {
    out.drawn = paint_raster(p, view, *L.raster, st, cancel);
    return;
  }
  const double ppm = view.dpi / 25.4;
  const double pad = 12 * view.mpp;  // symbols reach beyond a feature's bbox
  auto e = view.extent();
  e = {e.xmin - pad, e.ymin - pad, e.xmax + pad, e.ymax + pad};
  const auto ids = L.query(e);
  const auto cls = classify_features(st, L.data);
  const gis::Column* overlay_col = nullptr;
  if (!st.overlay_field.empty() && L.data.find(st.overlay_field) >= 0) overlay_col = &L.data.column(st.overlay_field);
  auto sym = [&](std::uint32_t f) -> const Symbol& { return cls[f] >= 0 ? st.classes[std::size_t(cls[f])].symbol : st.symbol; };
  auto stopped = [&] { return cancel && cancel->cancelled(); };
  p.setRenderHint(QPainter::Antialiasing);
  p.setOpacity(st.opacity);
  const auto kind = L.kind();
  const double min_px = 0.75;

  if (kind == gis::GeometryKind::Polygon) {
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if ((k & 63) == 0 && stopped()) return;
      const auto f = ids[k];
      const Symbol& s = sym(f);
      auto path = feature_path(L, f, view, min_px, &out.vertices);
      p.setPen(make_pen(s.stroke, s.stroke_mm * ppm, s.stroke_style));
      p.setBrush(make_brush(s));
      p.drawPath(path);
      draw_hatch(p, s, path);
      if (overlay_col && matches_overlay(st, *overlay_col, f)) {
        p.setPen(make_pen(st.overlay.stroke, st.overlay.stroke_mm * ppm, st.overlay.stroke_style));
        p.setBrush(make_brush(st.overlay));
        p.drawPath(path);
      }
      ++out.drawn;
    }
  } else if (kind == gis::GeometryKind::Line) {
    // Lesser classes below greater ones (classes are listed most important first), casings
    // below all strokes so junctions join cleanly.
    std::vector<std::pair<int, std::uint32_t>> order;
    order.reserve(ids.size());
    for (auto f : ids) order.push_back({cls[f] < 0 ? -1000000 : -cls[f], f});
    std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<QPainterPath> paths(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      if ((k & 63) == 0 && stopped()) return;
      paths[k] = feature_path(L, order[k].second, view, min_px, &out.vertices);
    }
    p.setBrush(Qt::NoBrush);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Symbol& s = sym(order[k].second);
      if (s.casing.alpha() == 0 || s.casing_mm <= 0) continue;
      p.setPen(make_pen(QColor(110, 110, 110), s.casing_mm * ppm + 1.0, Qt::SolidLine));
      p.drawPath(paths[k]);
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Symbol& s = sym(order[k].second);
      if (s.casing.alpha() == 0 || s.casing_mm <= 0) continue;
      p.setPen(make_pen(s.casing, s.casing_mm * ppm, Qt::SolidLine));
      p.drawPath(paths[k]);
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
      if ((k & 255) == 0 && stopped()) return;
      const Symbol& s = sym(order[k].second);
      p.setPen(make_pen(s.stroke, s.stroke_mm * ppm, s.stroke_style));
      p.drawPath(paths[k]);
      ++out.drawn;
    }
    if (overlay_col) {
      p.setPen(make_pen(st.overlay.stroke, st.overlay.stroke_mm * ppm, st.overlay.stroke_style));
      for (std::size_t k = 0; k < order.size(); ++k)
        if (matches_overlay(st, *overlay_col, order[k].second)) p.drawPath(paths[k]);
    }
  } else if (kind == gis::GeometryKind::Point) {
    // Raster targets stamp a pre-drawn sprite per class (fast for 10^4 villages); vector
    // targets (PDF) draw each marker as shapes.
    const bool raster = p.device() && p.device()->devType() == QInternal::Image;
    std::map<int, QImage> sprites;
    auto sprite = [&](int c, const Symbol& s) -> const QImage& {
      auto it = sprites.find(c);
      if (it != sprites.end()) return it->second;
      const int d = int(std::ceil(s.size_mm * ppm + s.stroke_mm * ppm + 4));
      QImage img(d, d, QImage::Format_ARGB32_Premultiplied);
      img.fill(Qt::transparent);
      QPainter sp(&img);
      sp.setRenderHint(QPainter::Antialiasing);
      draw_marker(sp, s, QPointF(d / 2.0, d / 2.0), ppm);
      sp.end();
      return sprites.emplace(c, std::move(img)).first->second;
    };
    const auto& g = L.data.geom;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if ((k & 255) == 0 && stopped()) return;
      const auto f = ids[k];
      const bool ov = overlay_col && matches_overlay(st, *overlay_col, f);
      const Symbol& s = ov ? st.overlay : sym(f);
      const int key = ov ? -2 : cls[f];
      for (auto pt = g.feature_offsets[f]; pt < g.feature_offsets[f + 1]; ++pt) {
        const auto r = g.part_offsets[pt];
        if (r == g.part_offsets[pt + 1]) continue;
        const auto i = g.ring_offsets[r];
        const QPointF c = view.to_px(g.xs[i], g.ys[i]);
        if (raster) {
          const QImage& img = sprite(key, s);
          p.drawImage(QPointF(std::round(c.x() - img.width() / 2.0), std::round(c.y() - img.height() / 2.0)), img);
        } else {
          draw_marker(p, s, c, ppm);
        }
        ++out.vertices;
      }
      ++out.drawn;
    }
  }

  // Label candidates.
  if (view.labels && !st.label_field.empty() && (st.label_max_mpp <= 0 || view.mpp <= st.label_max_mpp)) {
    const int ci = L.data.find(st.label_field);
    const int ck = st.label_field_km.empty() ? -1 : L.data.find(st.label_field_km);
    if (ci >= 0) {
      const auto& ce = L.data.columns[std::size_t(ci)];
      const QRectF inside(0, 0, view.size.width(), view.size.height());
      const bool points = kind == gis::GeometryKind::Point;
      for (auto f : ids) {
        if (!std::isfinite(L.label_x[f])) continue;
        const QPointF a = view.to_px(L.label_x[f], L.label_y[f]);
        if (!inside.contains(a)) continue;
        QString text = QString::fromStdString(ce.text(f));
        if (ck >= 0) {
          const auto km = L.data.columns[std::size_t(ck)].text(f);
          if (!km.empty()) text = QString::fromStdString(km) + (text.isEmpty() ? "" : "\n" + text);
        }
        if (text.isEmpty()) continue;
        LabelCandidate c;
        c.text = text;
        c.anchor = a;
        c.priority = priority;
        if (points) {
          c.offset_px = sym(f).size_mm * ppm / 2.0 + 2;
          c.font_pt = 7;
        } else if (L.name == "provinces") {
          c.font_pt = 9.5;
          c.bold = true;
        } else {
          c.font_pt = kind == gis::GeometryKind::Line ? 6.5 : 7.5;
        }
        out.labels.push_back(std::move(c));
      }
    }
  }
}

LayerImage render_layer(const MapView& view, const MapLayer& layer, const gis::CancelToken* cancel, int priority) {
  QElapsedTimer t;
  t.start();
  LayerImage out;
  out.image = QImage(view.size, QImage::Format_ARGB32_Premultiplied);
  out.image.setDotsPerMeterX(int(std::lround(view.dpi / 0.0254)));
  out.image.setDotsPerMeterY(int(std::lround(view.dpi / 0.0254)));
  out.image.fill(Qt::transparent);
  try {
    QPainter p(&out.image);
    paint_layer(p, view, layer, cancel, out, priority);
  } catch (const std::exception& e) {
    out.layer = layer.name();
    out.error = QString::fromStdString(layer.name() + ": " + e.what());
  }
  out.ms = double(t.nsecsElapsed()) / 1e6;
  return out;
}

std::size_t draw_labels(QPainter& p, const MapView& view, std::vector<LabelCandidate> labels) {
  std::stable_sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.priority > b.priority; });
  std::vector<QRectF> placed;
  const QRectF bounds(0, 0, view.size.width(), view.size.height());
  // A coarse bucket grid keeps the collision test near O(1) per label.
  const double cell = 64;
  const int gx = std::max(1, int(bounds.width() / cell) + 1), gy = std::max(1, int(bounds.height() / cell) + 1);
  std::vector<std::vector<std::size_t>> grid(std::size_t(gx) * gy);
  std::size_t drawn = 0;
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.setOpacity(1.0);
  for (const auto& c : labels) {
    // In pixels of the view's resolution: QPainterPath::addText sizes a point-size font for the
    // screen, so on a 300 dpi PDF page the labels came out a third of their size.
    QFont font = map_font(c.font_pt, c.bold);
    font.setPixelSize(std::max(1, int(std::lround(c.font_pt * view.dpi / 72.0))));
    const QFontMetricsF fm(font, p.device());
    const QStringList lines = c.text.split('\n');
    double w = 0;
    for (const auto& l : lines) w = std::max(w, fm.horizontalAdvance(l));
    const double lh = fm.height(), h = lh * lines.size();
    // Candidate positions, as QGIS tries them: a point label right of its symbol, then left,
    // above and below; an area label centred, then shifted by half its size around the
    // anchor. The first that fits the view without touching a placed label wins.
    const double ax = c.anchor.x(), ay = c.anchor.y(), o = c.offset_px;
    const std::array<QPointF, 5> point_spots{QPointF(ax + o, ay - h / 2), QPointF(ax - o - w, ay - h / 2),
                                             QPointF(ax - w / 2, ay - o - h), QPointF(ax - w / 2, ay + o),
                                             QPointF(ax + o, ay - h)};
    const std::array<QPointF, 5> area_spots{QPointF(ax - w / 2, ay - h / 2), QPointF(ax - w / 2, ay - 1.5 * h),
                                            QPointF(ax - w / 2, ay + 0.5 * h), QPointF(ax - w, ay - h / 2),
                                            QPointF(ax, ay - h / 2)};
    const auto& spots = o > 0 ? point_spots : area_spots;
    QRectF r, test;
    int x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    bool found = false;
    for (const auto& at : spots) {
      r = QRectF(at, QSizeF(w, h));
      if (!bounds.contains(r)) continue;
      test = r.adjusted(-2, -1, 2, 1);
      x0 = std::clamp(int(test.left() / cell), 0, gx - 1), x1 = std::clamp(int(test.right() / cell), 0, gx - 1);
      y0 = std::clamp(int(test.top() / cell), 0, gy - 1), y1 = std::clamp(int(test.bottom() / cell), 0, gy - 1);
      bool clash = false;
      for (int y = y0; y <= y1 && !clash; ++y)
        for (int x = x0; x <= x1 && !clash; ++x)
          for (auto k : grid[std::size_t(y) * gx + x])
            if (placed[k].intersects(test)) {
              clash = true;
              break;
            }
      if (!clash) {
        found = true;
        break;
      }
    }
    if (!found) continue;
    placed.push_back(test);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) grid[std::size_t(y) * gx + x].push_back(placed.size() - 1);
    QPainterPath path;
    for (int i = 0; i < lines.size(); ++i) {
      const double lw = fm.horizontalAdvance(lines[i]);
      const double x = c.offset_px > 0 ? r.left() : r.center().x() - lw / 2;
      path.addText(QPointF(x, r.top() + i * lh + fm.ascent()), font, lines[i]);
    }
    p.strokePath(path, QPen(QColor(255, 255, 255, 230), std::max(2.0, view.dpi / 40.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.fillPath(path, QColor(30, 30, 30));
    ++drawn;
  }
  p.restore();
  return drawn;
}

QImage compose(const MapView& view, const std::vector<LayerImage>& layers) {
  QImage img(view.size, QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(int(std::lround(view.dpi / 0.0254)));
  img.setDotsPerMeterY(int(std::lround(view.dpi / 0.0254)));
  img.fill(view.background);
  QPainter p(&img);
  std::vector<LabelCandidate> labels;
  for (const auto& l : layers) {
    if (!l.image.isNull()) p.drawImage(0, 0, l.image);
    labels.insert(labels.end(), l.labels.begin(), l.labels.end());
  }
  if (view.labels) draw_labels(p, view, std::move(labels));
  return img;
}

QImage render_map(const MapView& view, const gis::CancelToken* cancel, RenderStats* stats) {
  QElapsedTimer t;
  t.start();
  std::vector<QFuture<LayerImage>> futures;
  for (std::size_t i = 0; i < view.layers.size(); ++i) {
    if (!view.layers[i].visible || !view.layers[i].data) continue;
    futures.push_back(QtConcurrent::run([&view, i, cancel] { return render_layer(view, view.layers[i], cancel, int(i)); }));
  }
  std::vector<LayerImage> images;
  for (auto& f : futures) images.push_back(f.result());
  QElapsedTimer tc;
  tc.start();
  QImage out = compose(view, images);
  if (stats) {
    stats->compose_ms = double(tc.nsecsElapsed()) / 1e6;
    stats->total_ms = double(t.nsecsElapsed()) / 1e6;
    for (auto& im : images) im.image = QImage();
    stats->layers = std::move(images);
  }
  return out;
}

void render_map_to(QPainter& p, const MapView& view) {
  p.save();
  p.fillRect(QRectF(0, 0, view.size.width(), view.size.height()), view.background);
  p.setClipRect(QRectF(0, 0, view.size.width(), view.size.height()));
  std::vector<LabelCandidate> labels;
  for (std::size_t i = 0; i < view.layers.size(); ++i) {
    LayerImage li;
    p.save();
    paint_layer(p, view, view.layers[i], nullptr, li, int(i));
    p.restore();
    labels.insert(labels.end(), li.labels.begin(), li.labels.end());
  }
  if (view.labels) draw_labels(p, view, std::move(labels));
  p.restore();
}

// ---------------------------------------------------------------- MapRenderJob

struct MapRenderJob::Running {
  std::shared_ptr<gis::CancelToken> token = std::make_shared<gis::CancelToken>();
  std::shared_ptr<const MapView> view;
  std::vector<LayerImage> parts;
  QElapsedTimer timer;
  int rendered = 0, reused = 0;
};

MapRenderJob::MapRenderJob(QObject* parent) : QObject(parent) {}
MapRenderJob::~MapRenderJob() { cancel(); }

void MapRenderJob::cancel() {
  if (run_) run_->token->cancel();
  ++generation_;
  pending_ = 0;
}

void MapRenderJob::clear_cache() { cache_.clear(); }

void MapRenderJob::start(const MapView& view) {
  cancel();
  const std::uint64_t gen = generation_;
  run_ = std::make_unique<Running>();
  run_->timer.start();
  run_->view = std::make_shared<const MapView>(view);
  run_->parts.resize(view.layers.size());
  const bool same = cache_view_.same_geometry(view);
  for (std::size_t i = 0; i < view.layers.size(); ++i) {
    const auto& l = view.layers[i];
    if (!l.visible || !l.data) continue;
    auto it = cache_.find(l.name());
    if (same && it != cache_.end() && it->second.revision == l.revision && cache_view_.find(l.name()) &&
        cache_view_.find(l.name())->data == l.data) {
      run_->parts[i] = it->second;
      ++run_->reused;
      continue;
    }
    ++pending_;
    ++run_->rendered;
    auto* w = new QFutureWatcher<LayerImage>(this);
    connect(w, &QFutureWatcher<LayerImage>::finished, this, [this, w, gen, i] {
      layer_done(gen, i, w->result());
      w->deleteLater();
    });
    auto v = run_->view;
    auto token = run_->token;
    w->setFuture(QtConcurrent::run([v, token, i] { return render_layer(*v, v->layers[i], token.get(), int(i)); }));
  }
  if (pending_ == 0) {
    QTimer::singleShot(0, this, [this, gen] {
      if (gen != generation_ || !run_) return;
      pending_ = 1;
      layer_done(gen, std::size_t(-1), LayerImage{});
    });
  }
}

void MapRenderJob::layer_done(std::uint64_t gen, std::size_t slot, LayerImage img) {
  if (gen != generation_ || !run_) return;  // a newer view superseded this job
  if (slot < run_->parts.size()) run_->parts[slot] = std::move(img);
  if (--pending_ > 0) return;
  const QImage out = compose(*run_->view, run_->parts);
  cache_.clear();
  cache_view_ = *run_->view;
  for (auto& s : run_->parts)
    if (!s.layer.empty() && s.error.isEmpty()) cache_[s.layer] = s;
  const double ms = double(run_->timer.nsecsElapsed()) / 1e6;
  const int rendered = run_->rendered, reused = run_->reused;
  emit finished(out, ms, rendered, reused);
}

}  // namespace swsplan::gui
