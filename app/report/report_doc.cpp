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
  if (cls == "served") return QCoreApplication::translate("swsplan::report", "none needed");
  if (cls == "unaffordable") return QCoreApplication::translate("swsplan::report", "demand side");
  if (cls == "unavailable") return QCoreApplication::translate("swsplan::report", "supply side");
  if (cls == "unavailable_unaffordable") return QCoreApplication::translate("swsplan::report", "both sides (first priority)");
  return QCoreApplication::translate("swsplan::report", "collect the missing data");
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
  QString f = QCoreApplication::translate("swsplan::report", "swsplan report") + " - " + q(project_name) + " (" + q(std::filesystem::path(path).filename().string()) + ")";
  if (!at.empty()) f += " - " + QCoreApplication::translate("swsplan::report", "gap analysis of %1").arg(q(at));
  if (synthetic) f += " - " + gui::legend_tr("Synthetic demo data, not real.");
  return f;
}

QString cost_text(double v, bool time) {
  if (std::isinf(v)) return QCoreApplication::translate("swsplan::report", "unreachable");
  if (!std::isfinite(v)) return "n/a";
  return time ? QCoreApplication::translate("swsplan::report", "%1 min").arg(q(fmt_num(v, 0))) : QCoreApplication::translate("swsplan::report", "%1 km").arg(q(fmt_num(v, 1)));
}

}  // namespace swsplan::report::detail
