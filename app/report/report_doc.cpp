#include "app/report/report_doc.hpp"

#include <QFontMetricsF>
#include <QImage>
#include <algorithm>
#include <cmath>

#include "app/render/map_decorations.hpp"
#include "app/render/style.hpp"
#include "app/report/report_data.hpp"

namespace swsplan::report::detail {

QFont rfont(double pt, bool bold) {
  QFont f = gui::map_font(pt, bold);
  f.setStyleStrategy(QFont::StyleStrategy(f.styleStrategy() | QFont::PreferNoShaping));
  return f;
}

QString class_label(const std::string& cls) {
  if (cls == "served") return gui::legend_tr("served");
  if (cls == "unaffordable") return gui::legend_tr("unaffordable (demand side)");
  if (cls == "unavailable") return gui::legend_tr("unavailable (supply side)");
  if (cls == "unavailable_unaffordable") return gui::legend_tr("unavailable and unaffordable");
  return gui::legend_tr("not classified");
}

QString service_name(layers::Service s) { return gui::legend_tr(QString::fromUtf8(layers::service_label(s))); }

QString lever_text(const std::string& cls, const std::string& lever, const std::string& lang) {
  if (lang != "km") return q(lever);
  if (cls == "served") return tr("none needed");
  if (cls == "unaffordable") return tr("demand side");
  if (cls == "unavailable") return tr("supply side");
  if (cls == "unavailable_unaffordable") return tr("both sides (first priority)");
  return tr("collect the missing data");
}

gui::MapView draw_map(QPainter& p, gui::MapView view, const gis::Extent& extent, const QRectF& frame, const QRectF& legend) {
  view.dpi = kDpi;
  view.size = QSize(int(frame.width()), int(frame.height()));
  view.zoom_to(extent, 0.04);
  p.save();
  p.translate(frame.topLeft());
  p.setClipRect(QRectF(0, 0, frame.width(), frame.height()));
  gui::render_map_to(p, view);
  p.restore();
  p.setPen(QPen(QColor(60, 60, 60), 0.3 * kPpm));
  p.setBrush(Qt::NoBrush);
  p.drawRect(frame);
  gui::draw_scale_bar(p, view, QPointF(frame.left() + 4 * kPpm, frame.bottom() - 4 * kPpm), kPpm);
  gui::draw_north_arrow(p, QPointF(frame.right() - 7 * kPpm, frame.top() + 9 * kPpm), 10 * kPpm);
  if (legend.isValid()) {
    p.save();
    p.setClipRect(legend);
    gui::draw_legend(p, view, legend, kPpm);
    p.restore();
  }
  return view;
}

double legend_height(const gui::MapView& v, double width) {
  QImage img(8, 8, QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(int(std::lround(kDpi / 0.0254)));
  img.setDotsPerMeterY(int(std::lround(kDpi / 0.0254)));
  QPainter pp(&img);
  return gui::draw_legend(pp, v, QRectF(0, 0, width, 1e7), kPpm);
}

double legend_band(QPainter& p, const gui::MapView& view, const QRectF& area, int cols, bool draw) {
  const double colw = (area.width() - (cols - 1) * 4 * kPpm) / cols, gap = 1.5 * kPpm;
  std::vector<std::pair<gui::MapLayer, double>> items;  // top first
  for (auto it = view.layers.rbegin(); it != view.layers.rend(); ++it) {
    gui::MapView one = view;
    one.layers = {*it};
    const double h = legend_height(one, colw);
    if (h <= 0) continue;
    items.emplace_back(*it, h);
  }
  // Split the items, in order, into `cols` runs with the smallest tallest run (n is small:
  // try every pair of cut points for three columns, or a single cut for two).
  const std::size_t n = items.size();
  std::vector<double> pre(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) pre[i + 1] = pre[i] + items[i].second + gap;
  std::size_t best_a = n, best_b = n;
  double best = INFINITY;
  for (std::size_t a = 0; a <= n; ++a)
    for (std::size_t b = a; b <= n; ++b) {
      if (cols < 3 && b != n) continue;
      const double m = std::max({pre[a], pre[b] - pre[a], pre[n] - pre[b]});
      if (m < best - 1e-9) best = m, best_a = a, best_b = b;
    }
  std::vector<std::vector<gui::MapLayer>> col(static_cast<std::size_t>(cols));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = i < best_a ? 0 : (i < best_b ? 1 : 2);
    col[std::min(c, col.size() - 1)].insert(col[std::min(c, col.size() - 1)].begin(), items[i].first);  // bottom first
  }
  double height = 0;
  for (std::size_t k = 0; k < col.size(); ++k) {
    if (col[k].empty()) continue;
    gui::MapView v = view;
    v.layers = col[k];
    const QRectF r(area.left() + double(k) * (colw + 4 * kPpm), area.top(), colw, area.height());
    height = std::max(height, draw ? gui::draw_legend(p, v, r, kPpm) : legend_height(v, colw));
  }
  return height;
}

gis::Extent grow(gis::Extent e, double share) {
  const double dx = (e.xmax - e.xmin) * share, dy = (e.ymax - e.ymin) * share;
  return {e.xmin - dx, e.ymin - dy, e.xmax + dx, e.ymax + dy};
}

gis::Extent scope_extent(const gui::LoadedProject& lp, const gui::MapView& view, const std::set<std::string>& codes) {
  gis::Extent e{1, 1, 0, 0};
  for (const auto& l : lp.layers) {
    if (l.name() != "communes" || !l.data || l.data->data.find("adm3_pcode") < 0) continue;
    const auto& code = l.data->data.column("adm3_pcode");
    for (std::size_t i = 0; i < l.data->size(); ++i) {
      if (!codes.count(code.text(i))) continue;
      const auto& b = l.data->bbox(i);
      if (!b.valid()) continue;
      e = e.valid() ? gis::Extent{std::min(e.xmin, b.xmin), std::min(e.ymin, b.ymin), std::max(e.xmax, b.xmax),
                                  std::max(e.ymax, b.ymax)}
                    : b;
    }
  }
  return e.valid() ? grow(e, 0.08) : view.full_extent();
}

QString footer_text(const std::string& project_name, const std::string& path, bool synthetic, const std::string& at) {
  QString f = tr("swsplan report") + " - " + q(project_name) + " (" + q(std::filesystem::path(path).filename().string()) + ")";
  if (!at.empty()) f += " - " + tr("gap analysis of %1").arg(q(at));
  if (synthetic) f += " - " + gui::legend_tr("Synthetic demo data, not real.");
  return f;
}

QString cost_text(double v, bool time) {
  if (std::isinf(v)) return tr("unreachable");
  if (!std::isfinite(v)) return "n/a";
  return time ? tr("%1 min").arg(q(fmt_num(v, 0))) : tr("%1 km").arg(q(fmt_num(v, 1)));
}

}  // namespace swsplan::report::detail
