#include "app/gui/map_canvas.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "gis/crs/crs.hpp"

namespace swsplan::gui {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  view_.size = size();
  debounce_.setSingleShot(true);
  debounce_.setInterval(120);
  connect(&debounce_, &QTimer::timeout, this, &MapCanvas::refresh);
  connect(&job_, &MapRenderJob::finished, this, &MapCanvas::on_rendered);
}

MapCanvas::~MapCanvas() = default;

void MapCanvas::set_layers(std::vector<MapLayer> layers, const std::string& crs) {
  job_.cancel();
  job_.clear_cache();
  for (auto& l : layers) l.revision = revision_counter_++;
  view_.layers = std::move(layers);
  view_.crs = crs;
  to_lonlat_.reset();
  try {
    to_lonlat_ = std::make_unique<gis::Transformer>(crs, "EPSG:4326");
  } catch (const std::exception&) {
    // Status bar then shows map coordinates only.
  }
  selection_.clear();
  selection_layer_.clear();
  measure_.clear();
  image_ = QImage();
  zoom_full();
}

void MapCanvas::set_layer_visible(const std::string& name, bool visible) {
  if (auto* l = view_.find(name); l && l->visible != visible) {
    l->visible = visible;
    schedule_render();
  }
}

void MapCanvas::set_layer_style(const std::string& name, const LayerStyle& style) {
  if (auto* l = view_.find(name)) {
    l->style = style;
    l->revision = revision_counter_++;
    schedule_render();
  }
}

void MapCanvas::replace_layer(MapLayer layer) {
  layer.revision = revision_counter_++;
  if (auto* l = view_.find(layer.name())) *l = std::move(layer);
  else view_.layers.push_back(std::move(layer));
  schedule_render();
}

bool MapCanvas::remove_layer(const std::string& name) {
  auto& ls = view_.layers;
  const auto it = std::find_if(ls.begin(), ls.end(), [&](const MapLayer& l) { return l.name() == name; });
  if (it == ls.end()) return false;
  ls.erase(it);
  if (selection_layer_ == name) selection_layer_.clear(), selection_.clear();
  if (active_layer_ == name) active_layer_.clear();
  schedule_render();
  return true;
}

void MapCanvas::set_order_top_first(const std::vector<std::string>& names) {
  std::vector<MapLayer> out;
  for (auto it = names.rbegin(); it != names.rend(); ++it)
    if (auto* l = view_.find(*it)) out.push_back(*l);
  for (const auto& l : view_.layers)
    if (std::find(names.begin(), names.end(), l.name()) == names.end()) out.push_back(l);
  view_.layers = std::move(out);
  schedule_render();
}

void MapCanvas::set_tool(Tool t) {
  if (t != tool_ || (t != Tool::Measure && t != Tool::MeasureArea)) measure_.clear(), measure_done_ = false;
  tool_ = t;
  press_px_.reset();
  if (t != Tool::DrawLine && !draw_.empty()) {
    draw_.clear();
    emit drawing_changed(0);
  }
  setCursor(t == Tool::Pan ? Qt::OpenHandCursor : t == Tool::Identify ? Qt::WhatsThisCursor : Qt::CrossCursor);
  update();
}

void MapCanvas::zoom_full() { zoom_to_extent(view_.full_extent(true)); }

void MapCanvas::zoom_to_layer(const std::string& name) {
  if (const auto* l = view_.find(name); l && l->data) zoom_to_extent(l->data->extent);
}

void MapCanvas::zoom_to_extent(const gis::Extent& e) {
  if (!e.valid()) return;
  view_.size = size();
  view_.zoom_to(e, 0.03);
  emit view_changed(view_.scale_denominator());
  schedule_render();
}

void MapCanvas::zoom_by(double factor, QPointF anchor) {
  const auto [ax, ay] = view_.to_map(anchor);
  view_.mpp = std::clamp(view_.mpp / factor, 0.05, 50000.0);
  // Keep (ax, ay) under the anchor.
  const auto [nx, ny] = view_.to_map(anchor);
  view_.center_x += ax - nx;
  view_.center_y += ay - ny;
  emit view_changed(view_.scale_denominator());
  update();
  schedule_render();
}

void MapCanvas::pan_by_px(QPointF d) {
  view_.center_x -= d.x() * view_.mpp;
  view_.center_y += d.y() * view_.mpp;
  update();
  schedule_render();
}

void MapCanvas::schedule_render() {
  job_.cancel();  // the running job draws a view that is already stale
  debounce_.start();
  update();
}

void MapCanvas::refresh() {
  debounce_.stop();
  view_.size = size();
  if (view_.size.isEmpty()) return;
  started_view_ = view_;
  job_.start(view_);
}

void MapCanvas::on_rendered(const QImage& img, double ms, int rendered_layers, int reused) {
  image_ = img;
  // The image was drawn for the view at start(); if the user moved since, another render is
  // already scheduled and the image is shown transformed until then.
  image_view_ = started_view_;
  update();
  emit rendered(ms, rendered_layers, reused);
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), view_.background);
  if (!image_.isNull()) {
    // Where the cached image's ground extent falls in the current view: panning shifts it,
    // zooming scales it; the exact image replaces it when the job finishes.
    const auto e = image_view_.extent();
    const QPointF tl = view_.to_px(e.xmin, e.ymax), br = view_.to_px(e.xmax, e.ymin);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(QRectF(tl, br), image_);
  }
  p.setRenderHint(QPainter::Antialiasing);
  // Selection highlight.
  if (const auto* l = view_.find(selection_layer_); l && l->data && l->visible) {
    const auto& L = *l->data;
    p.setPen(QPen(QColor(255, 220, 0), 2.5));
    p.setBrush(QColor(255, 230, 0, 70));
    for (auto f : selection_) {
      if (f >= L.size()) continue;
      if (L.kind() == gis::GeometryKind::Point) {
        if (auto xy = L.data.geom.first_xy(f)) p.drawEllipse(view_.to_px(xy->first, xy->second), 6, 6);
      } else {
        auto path = feature_path(L, f, view_, 0.75);
        if (L.kind() == gis::GeometryKind::Line) p.setBrush(Qt::NoBrush);
        p.drawPath(path);
      }
    }
  }
  // Rubber band.
  if (press_px_ && last_px_ && (tool_ == Tool::ZoomIn || tool_ == Tool::SelectRect)) {
    p.setPen(QPen(QColor(30, 90, 200), 1.5, Qt::DashLine));
    p.setBrush(QColor(30, 90, 200, 40));
    p.drawRect(QRectF(*press_px_, *last_px_).normalized());
  }
  // Road being drawn: vertices so far, then a rubber band to the cursor.
  if (!draw_.empty()) {
    QPolygonF poly;
    for (auto [x, y] : draw_) poly << view_.to_px(x, y);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(255, 255, 255, 200), 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(poly);
    p.setPen(QPen(QColor(120, 40, 160), 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(poly);
    p.setPen(QPen(QColor(120, 40, 160), 1.5, Qt::DashLine));
    p.drawLine(poly.back(), cursor_px_);
    p.setPen(QPen(Qt::white, 1));
    p.setBrush(QColor(120, 40, 160));
    for (const auto& v : poly) p.drawEllipse(v, 3.5, 3.5);
  }
  // Measure line.
  if (!measure_.empty()) {
    QPolygonF poly;
    for (auto [x, y] : measure_) poly << view_.to_px(x, y);
    if (!measure_done_) poly << cursor_px_;
    p.setPen(QPen(QColor(200, 30, 30), 2));
    if (tool_ == Tool::MeasureArea) {
      p.setBrush(QColor(200, 30, 30, 50));
      p.drawPolygon(poly);
    } else {
      p.drawPolyline(poly);
    }
    p.setBrush(QColor(200, 30, 30));
    for (auto [x, y] : measure_) p.drawEllipse(view_.to_px(x, y), 3, 3);
  }
}

void MapCanvas::resizeEvent(QResizeEvent* e) {
  view_.size = e->size();
  schedule_render();
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  press_px_ = last_px_ = e->position();
  if (tool_ == Tool::Pan) setCursor(Qt::ClosedHandCursor);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  cursor_px_ = e->position();
  const auto [x, y] = view_.to_map(cursor_px_);
  double lon = std::nan(""), lat = std::nan("");
  if (to_lonlat_) {
    double xs[1] = {x}, ys[1] = {y};
    to_lonlat_->transform(xs, ys);
    lon = xs[0], lat = ys[0];
  }
  emit cursor_moved(lon, lat, x, y);
  if (press_px_ && tool_ == Tool::Pan) {
    pan_by_px(e->position() - *last_px_);
  }
  if (press_px_) last_px_ = e->position();
  const bool measuring = tool_ == Tool::Measure || tool_ == Tool::MeasureArea;
  if (measuring && !measure_.empty() && !measure_done_) emit_measure(false);
  if (press_px_ || measuring || !draw_.empty()) update();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !press_px_) return;
  const QPointF a = *press_px_, b = e->position();
  press_px_.reset();
  const bool drag = (a - b).manhattanLength() > 4;
  switch (tool_) {
    case Tool::Pan: setCursor(Qt::OpenHandCursor); break;
    case Tool::ZoomIn:
      if (drag) {
        const auto [x0, y0] = view_.to_map(a);
        const auto [x1, y1] = view_.to_map(b);
        zoom_to_extent({std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)});
      } else {
        zoom_by(2.0, b);
      }
      break;
    case Tool::ZoomOut: zoom_by(0.5, b); break;
    case Tool::Identify: {
      const auto [x, y] = view_.to_map(b);
      const auto hits = identify(x, y);
      if (const auto* h = preferred_hit(hits)) set_selection(h->layer, {h->feature});
      emit identified(hits);
      break;
    }
    case Tool::Place: {
      if (drag) break;
      const auto [x, y] = view_.to_map(b);
      emit map_clicked(x, y, 6 * view_.mpp);
      break;
    }
    case Tool::DrawLine: {
      if (drag) break;
      const auto xy = view_.to_map(b);
      if (!draw_.empty() && draw_.back() == xy) break;
      draw_.push_back(xy);
      emit drawing_changed(int(draw_.size()));
      break;
    }
    case Tool::Measure:
    case Tool::MeasureArea: {
      if (drag) break;
      if (measure_done_) measure_.clear(), measure_done_ = false;
      const auto xy = view_.to_map(b);
      if (measure_.empty() || measure_.back() != xy) measure_.push_back(xy);  // a double-click's second press
      emit_measure(false);
      break;
    }
    case Tool::SelectRect: {
      const auto* l = view_.find(active_layer_);
      if (!l || !l->data) break;
      const auto [x0, y0] = view_.to_map(a);
      const auto [x1, y1] = view_.to_map(drag ? b : a + QPointF(1, 1));
      const gis::Extent q{std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)};
      std::vector<std::uint32_t> ids;
      if (drag) {
        for (auto f : l->data->query(q)) {
          if (l->data->kind() == gis::GeometryKind::Point) {
            const auto xy = l->data->data.geom.first_xy(f);
            if (!xy || xy->first < q.xmin || xy->first > q.xmax || xy->second < q.ymin || xy->second > q.ymax) continue;
          }
          ids.push_back(f);
        }
      } else {
        ids = l->data->hit(x0, y0, 4 * view_.mpp);
        if (ids.size() > 1) ids.resize(1);
      }
      set_selection(active_layer_, ids);
      emit selection_changed(active_layer_, selection_);
      break;
    }
  }
  update();
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  if (tool_ == Tool::DrawLine) {
    // The first click of the double-click already added the vertex under the cursor.
    if (e->button() == Qt::LeftButton) finish_drawing();
  } else if ((tool_ == Tool::Measure || tool_ == Tool::MeasureArea) && !measure_.empty()) {
    measure_done_ = true;
    emit_measure(true);
    update();
  } else if (tool_ == Tool::Pan) {
    zoom_by(2.0, e->position());
  }
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps != 0) zoom_by(std::pow(1.25, steps), e->position());
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
  const double d = 80;
  switch (e->key()) {
    case Qt::Key_Left: pan_by_px({d, 0}); break;
    case Qt::Key_Right: pan_by_px({-d, 0}); break;
    case Qt::Key_Up: pan_by_px({0, d}); break;
    case Qt::Key_Down: pan_by_px({0, -d}); break;
    case Qt::Key_Plus: case Qt::Key_Equal: zoom_by(2, rect().center()); break;
    case Qt::Key_Minus: zoom_by(0.5, rect().center()); break;
    case Qt::Key_Escape:
      measure_.clear();
      press_px_.reset();
      if (!draw_.empty()) {
        draw_.clear();
        emit drawing_changed(0);
      }
      update();
      break;
    case Qt::Key_Return: case Qt::Key_Enter:
      if (tool_ == Tool::DrawLine) finish_drawing();
      else QWidget::keyPressEvent(e);
      break;
    default: QWidget::keyPressEvent(e);
  }
}

std::vector<IdentifyHit> MapCanvas::identify(double x, double y) const {
  std::vector<IdentifyHit> out;
  for (auto it = view_.layers.rbegin(); it != view_.layers.rend(); ++it) {
    if (!it->visible || !it->data) continue;
    if (it->style.max_mpp > 0 && view_.mpp > it->style.max_mpp) continue;
    for (auto f : it->data->hit(x, y, 5 * view_.mpp)) {
      out.push_back({it->name(), f});
      if (it->data->kind() != gis::GeometryKind::Polygon) break;  // nearest-ish point/line is enough
    }
  }
  return out;
}

const IdentifyHit* MapCanvas::preferred_hit(const std::vector<IdentifyHit>& hits) const {
  // The active layer's feature if it was hit (an outline-only province drawn on top should
  // not win over the commune the user works on), else the topmost.
  for (const auto& h : hits)
    if (h.layer == active_layer_) return &h;
  return hits.empty() ? nullptr : &hits.front();
}

void MapCanvas::set_selection(const std::string& layer, std::vector<std::uint32_t> features) {
  selection_layer_ = layer;
  selection_ = std::move(features);
  update();
}

void MapCanvas::finish_drawing() {
  std::vector<std::pair<double, double>> v;
  for (const auto& p : draw_)
    if (v.empty() || v.back() != p) v.push_back(p);
  draw_.clear();
  update();
  emit drawing_changed(0);
  if (v.size() >= 2) emit line_drawn(v);
}

std::vector<std::pair<double, double>> MapCanvas::measure_points() const {
  auto v = measure_;
  if (!measure_done_ && !v.empty()) v.push_back(view_.to_map(cursor_px_));
  return v;
}

void MapCanvas::emit_measure(bool finished) {
  if (tool_ == Tool::MeasureArea) {
    const auto v = measure_points();
    emit measured_area(polygon_area_m2(v), ring_perimeter_m(v), finished);
  } else {
    emit measured(measure_length(), finished);
  }
}

double polygon_area_m2(const std::vector<std::pair<double, double>>& ring) {
  // Shoelace formula, relative to the first corner (no loss of digits at UTM magnitudes).
  if (ring.size() < 3) return 0;
  const auto [x0, y0] = ring.front();
  double twice = 0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i)
    twice += (ring[i].first - x0) * (ring[i + 1].second - y0) - (ring[i + 1].first - x0) * (ring[i].second - y0);
  return std::abs(twice) / 2;
}

double ring_perimeter_m(const std::vector<std::pair<double, double>>& ring) {
  double len = 0;
  for (std::size_t i = 0; i < ring.size() && ring.size() > 1; ++i) {
    const auto& a = ring[i];
    const auto& b = ring[(i + 1) % ring.size()];
    len += std::hypot(b.first - a.first, b.second - a.second);
  }
  return ring.size() == 2 ? len / 2 : len;
}

double MapCanvas::measure_length() const {
  double len = 0;
  for (std::size_t i = 1; i < measure_.size(); ++i)
    len += std::hypot(measure_[i].first - measure_[i - 1].first, measure_[i].second - measure_[i - 1].second);
  if (!measure_done_ && !measure_.empty()) {
    const auto [x, y] = view_.to_map(cursor_px_);
    len += std::hypot(x - measure_.back().first, y - measure_.back().second);
  }
  return len;
}

}  // namespace swsplan::gui
