#include "app/render/map_decorations.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace swsplan::gui {

QString legend_tr(const QString& english) {
  return QCoreApplication::translate("Legend", english.toUtf8().constData());
}

namespace {
// Strings built from data at run time; listed here so lupdate puts them in the .ts files.
[[maybe_unused]] const char* const kLegendStrings[] = {
    QT_TRANSLATE_NOOP("Legend", "Provinces"), QT_TRANSLATE_NOOP("Legend", "Districts"),
    QT_TRANSLATE_NOOP("Legend", "Communes"), QT_TRANSLATE_NOOP("Legend", "Villages"),
    QT_TRANSLATE_NOOP("Legend", "Facilities"), QT_TRANSLATE_NOOP("Legend", "Offices"),
    QT_TRANSLATE_NOOP("Legend", "Roads"), QT_TRANSLATE_NOOP("Legend", "Water"),
    QT_TRANSLATE_NOOP("Legend", "PWP assets"), QT_TRANSLATE_NOOP("Legend", "Service gaps"),
    QT_TRANSLATE_NOOP("Legend", "served"), QT_TRANSLATE_NOOP("Legend", "unaffordable (demand side)"),
    QT_TRANSLATE_NOOP("Legend", "unavailable (supply side)"), QT_TRANSLATE_NOOP("Legend", "unavailable and unaffordable"),
    QT_TRANSLATE_NOOP("Legend", "not classified"), QT_TRANSLATE_NOOP("Legend", "no data"),
    QT_TRANSLATE_NOOP("Legend", "other"), QT_TRANSLATE_NOOP("Legend", "Health centre"),
    QT_TRANSLATE_NOOP("Legend", "Health post"), QT_TRANSLATE_NOOP("Legend", "Referral hospital"),
    QT_TRANSLATE_NOOP("Legend", "Primary school"), QT_TRANSLATE_NOOP("Legend", "Lower-secondary school"),
    QT_TRANSLATE_NOOP("Legend", "Upper-secondary school"), QT_TRANSLATE_NOOP("Legend", "TVET centre"),
    QT_TRANSLATE_NOOP("Legend", "Job centre"), QT_TRANSLATE_NOOP("Legend", "Single Window office"),
    QT_TRANSLATE_NOOP("Legend", "National road"), QT_TRANSLATE_NOOP("Legend", "Provincial road"),
    QT_TRANSLATE_NOOP("Legend", "Rural road"), QT_TRANSLATE_NOOP("Legend", "PWP track"),
    QT_TRANSLATE_NOOP("Legend", "Path"), QT_TRANSLATE_NOOP("Legend", "Public works (PWP) road"),
    QT_TRANSLATE_NOOP("Legend", "Irrigation canal (PWP)"), QT_TRANSLATE_NOOP("Legend", "PWP road"),
    QT_TRANSLATE_NOOP("Legend", "SWS office (proposed)"), QT_TRANSLATE_NOOP("Legend", "Legend"),
    QT_TRANSLATE_NOOP("Legend", "Scale"), QT_TRANSLATE_NOOP("Legend", "Data"),
    QT_TRANSLATE_NOOP("Legend", "unavailable"), QT_TRANSLATE_NOOP("Legend", "unaffordable"),
    QT_TRANSLATE_NOOP("Legend", "Synthetic demo data, not real."),
    QT_TRANSLATE_NOOP("Legend", "Candidate sites (placed by you)"), QT_TRANSLATE_NOOP("Legend", "Fixed offices (placed by you)"),
    QT_TRANSLATE_NOOP("Legend", "District priority index"), QT_TRANSLATE_NOOP("Legend", "Scenario offices"),
    QT_TRANSLATE_NOOP("Legend", "Office kept (existing)"), QT_TRANSLATE_NOOP("Legend", "New office (proposed)"),
    QT_TRANSLATE_NOOP("Legend", "Mobile van stops (van.order)"), QT_TRANSLATE_NOOP("Legend", "Village to office"),
};

QString title_of(const MapLayer& l) {
  const QString t = l.style.title.isEmpty() ? QString::fromStdString(l.name()) : l.style.title;
  // "Communes: idp22_poor_share" -> translate the part before the colon only.
  const int colon = t.indexOf(':');
  if (colon > 0) return legend_tr(t.left(colon)) + t.mid(colon);
  return legend_tr(t);
}

double nice_length(double target) {
  const double e = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * e <= target) return m * e;
  return e;
}
}  // namespace

double draw_legend(QPainter& p, const MapView& view, const QRectF& area, double ppm) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  const QFont tf = map_font(8.5, true), ef = map_font(7.5);
  const QFontMetricsF tm(tf, p.device()), em(ef, p.device());
  double y = area.top();
  const double sw = 6 * ppm, sh = 4 * ppm, gap = 1.6 * ppm;
  auto entry = [&](const Symbol& s, gis::GeometryKind k, const QString& text) {
    const double rowh = std::max(sh, em.height()) + 0.8 * ppm;
    draw_swatch(p, s, k, QRectF(area.left(), y + (rowh - sh) / 2, sw, sh), ppm);
    p.setFont(ef);
    p.setPen(QColor(30, 30, 30));
    p.drawText(QRectF(area.left() + sw + gap, y, area.width() - sw - gap, rowh), Qt::AlignVCenter | Qt::AlignLeft,
               em.elidedText(text, Qt::ElideRight, area.width() - sw - gap));
    y += rowh;
  };
  for (auto it = view.layers.rbegin(); it != view.layers.rend(); ++it) {
    const auto& l = *it;
    if (!l.visible || !l.data) continue;
    if (l.style.max_mpp > 0 && view.mpp > l.style.max_mpp) continue;
    const auto kind = l.data->kind();
    const auto& st = l.style;
    if (y > area.top()) y += 1.5 * ppm;
    if (st.kind == StyleKind::Single) {
      p.setFont(tf);
      entry(st.symbol, kind, title_of(l));
      continue;
    }
    p.setFont(tf);
    p.setPen(QColor(20, 20, 20));
    p.drawText(QRectF(area.left(), y, area.width(), tm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tm.elidedText(title_of(l), Qt::ElideRight, area.width()));
    y += tm.height() + 0.5 * ppm;
    if (st.bivariate_legend && st.classes.size() == 4) {
      // The 2x2 gap legend as a clean square: columns = supply side (available, unavailable),
      // rows = demand side (affordable below, unaffordable above). Axis labels are horizontal
      // (the vertical one above the square, the horizontal one below it) so nothing overlaps
      // the heading; the four classes are then listed with their colours.
      const double c = 6.5 * ppm, x0 = area.left() + 1 * ppm;
      p.setFont(ef);
      p.setPen(QColor(30, 30, 30));
      const double lh = em.height();
      p.drawText(QRectF(x0, y, area.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                 em.elidedText(QString::fromUtf8("↑ ") + legend_tr("unaffordable"), Qt::ElideRight, area.width()));
      const double y0 = y + lh + 0.4 * ppm;
      const std::string cells[2][2] = {{"unaffordable", "unavailable_unaffordable"}, {"served", "unavailable"}};
      for (int r = 0; r < 2; ++r)
        for (int k = 0; k < 2; ++k) {
          p.setPen(QPen(QColor(90, 90, 90), std::max(1.0, 0.15 * ppm)));
          p.setBrush(gap_class_color(cells[r][k]));
          p.drawRect(QRectF(x0 + k * c, y0 + r * c, c, c));
        }
      p.setPen(QColor(30, 30, 30));
      p.drawText(QRectF(x0, y0 + 2 * c + 0.4 * ppm, area.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                 em.elidedText(legend_tr("unavailable") + QString::fromUtf8(" →"), Qt::ElideRight, area.width()));
      y = y0 + 2 * c + lh + 1.2 * ppm;
      for (const auto& cl : st.classes) entry(cl.symbol, kind, legend_tr(cl.label));
      if (st.show_fallback_in_legend) entry(st.symbol, kind, legend_tr(st.fallback_label));
      continue;
    }
    for (const auto& c : st.classes) entry(c.symbol, kind, legend_tr(c.label));
    if (!st.overlay_field.empty() && l.data->data.find(st.overlay_field) >= 0)
      entry(st.overlay, kind, legend_tr(st.overlay_label));
    if (st.show_fallback_in_legend) entry(st.symbol, kind, legend_tr(st.fallback_label));
  }
  p.restore();
  return y - area.top();
}

QImage legend_image(const MapView& view, int width_px, double dpi) {
  QImage img(width_px, 4000, QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
  img.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
  img.fill(Qt::transparent);
  double h = 0;
  {
    QPainter p(&img);
    h = draw_legend(p, view, QRectF(4, 4, width_px - 8, 3990), dpi / 25.4);
  }
  return img.copy(0, 0, width_px, std::max(8, int(std::ceil(h)) + 8));
}

void draw_scale_bar(QPainter& p, const MapView& view, QPointF bl, double ppm) {
  const double target_m = 35 * ppm * view.mpp;  // about 35 mm of paper
  const double len_m = nice_length(target_m);
  const double len_px = len_m / view.mpp, h = 1.6 * ppm;
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  const QFont f = map_font(7);
  const QFontMetricsF fm(f, p.device());
  p.setFont(f);
  // White backing so it reads over any fill.
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 200));
  p.drawRect(QRectF(bl.x() - 1.5 * ppm, bl.y() - h - fm.height() - 2 * ppm, len_px + 3 * ppm + fm.horizontalAdvance("000 km"),
                    h + fm.height() + 3 * ppm));
  for (int i = 0; i < 4; ++i) {
    p.setPen(QPen(QColor(30, 30, 30), 1));
    p.setBrush(i % 2 ? QColor(255, 255, 255) : QColor(30, 30, 30));
    p.drawRect(QRectF(bl.x() + i * len_px / 4, bl.y() - h, len_px / 4, h));
  }
  p.setPen(QColor(20, 20, 20));
  const QString unit = len_m >= 1000 ? QString::number(len_m / 1000) + " km" : QString::number(len_m) + " m";
  p.drawText(QPointF(bl.x() - fm.horizontalAdvance("0") / 2, bl.y() - h - 0.6 * ppm), "0");
  p.drawText(QPointF(bl.x() + len_px - fm.horizontalAdvance(unit) / 2 + fm.horizontalAdvance(unit) / 2 + 1 * ppm,
                     bl.y() - 0.2 * ppm),
             unit);
  p.restore();
}

void draw_north_arrow(QPainter& p, QPointF c, double hpx) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  const double w = hpx * 0.45;
  QPolygonF left, right;
  left << QPointF(c.x(), c.y() - hpx / 2) << QPointF(c.x() - w / 2, c.y() + hpx / 2) << QPointF(c.x(), c.y() + hpx * 0.3);
  right << QPointF(c.x(), c.y() - hpx / 2) << QPointF(c.x() + w / 2, c.y() + hpx / 2) << QPointF(c.x(), c.y() + hpx * 0.3);
  p.setPen(QPen(QColor(30, 30, 30), std::max(1.0, hpx / 40)));
  p.setBrush(QColor(30, 30, 30));
  p.drawPolygon(left);
  p.setBrush(QColor(255, 255, 255));
  p.drawPolygon(right);
  QFont f = map_font(9, true);
  p.setFont(f);
  const QFontMetricsF fm(f, p.device());
  p.drawText(QPointF(c.x() - fm.horizontalAdvance("N") / 2, c.y() - hpx / 2 - 0.3 * fm.height()), "N");
  p.restore();
}

void draw_page(QPainter& p, MapView view, const QSize& page, double dpi, const PageDecor& decor, bool vector_output) {
  const double ppm = dpi / 25.4;
  const QFont tf = map_font(15, true), sf = map_font(8), af = map_font(6.5);
  const QFontMetricsF tm(tf, p.device()), sm(sf, p.device()), am(af, p.device());
  const double margin = 6 * ppm;
  p.fillRect(QRectF(0, 0, page.width(), page.height()), Qt::white);
  double top = margin;
  p.setPen(QColor(20, 20, 20));
  if (!decor.title.isEmpty()) {
    p.setFont(tf);
    p.drawText(QRectF(margin, top, page.width() - 2 * margin, tm.height()), Qt::AlignLeft | Qt::AlignVCenter, decor.title);
    top += tm.height();
  }
  if (!decor.subtitle.isEmpty()) {
    p.setFont(sf);
    p.setPen(QColor(80, 80, 80));
    p.drawText(QRectF(margin, top, page.width() - 2 * margin, sm.height()), Qt::AlignLeft | Qt::AlignVCenter, decor.subtitle);
    top += sm.height();
  }
  top += 2 * ppm;
  const double bottom_band = am.height() * 2 + 2 * ppm;
  const double legend_w = decor.legend ? std::clamp(page.width() * 0.26, 45 * ppm, 75 * ppm) : 0.0;
  const QRectF frame(margin, top, page.width() - 2 * margin - (legend_w > 0 ? legend_w + 3 * ppm : 0),
                     page.height() - top - margin - bottom_band);
  // Keep the ground extent: fit the requested view's extent into the frame.
  const auto ext = view.extent();
  view.dpi = dpi;
  view.size = QSize(int(frame.width()), int(frame.height()));
  view.zoom_to(ext, 0.0);
  p.save();
  p.translate(frame.topLeft());
  if (vector_output) {
    render_map_to(p, view);
  } else {
    p.drawImage(0, 0, render_map(view));
  }
  p.restore();
  p.setPen(QPen(QColor(60, 60, 60), std::max(1.0, 0.3 * ppm)));
  p.setBrush(Qt::NoBrush);
  p.drawRect(frame);
  draw_scale_bar(p, view, QPointF(frame.left() + 4 * ppm, frame.bottom() - 4 * ppm), ppm);
  draw_north_arrow(p, QPointF(frame.right() - 8 * ppm, frame.top() + 10 * ppm), 12 * ppm);
  if (legend_w > 0) {
    const QRectF la(frame.right() + 3 * ppm, frame.top(), legend_w, frame.height());
    p.setFont(map_font(10, true));
    p.setPen(QColor(20, 20, 20));
    const QFontMetricsF lm(map_font(10, true), p.device());
    p.drawText(QRectF(la.left(), la.top(), la.width(), lm.height()), Qt::AlignLeft | Qt::AlignVCenter, legend_tr("Legend"));
    p.save();
    p.setClipRect(la);
    draw_legend(p, view, la.adjusted(0, lm.height() + 1.5 * ppm, 0, 0), ppm);
    p.restore();
  }
  p.setFont(af);
  p.setPen(QColor(70, 70, 70));
  p.drawText(QRectF(margin, page.height() - margin - bottom_band + 1 * ppm, page.width() - 2 * margin, bottom_band),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, decor.attribution);
}

}  // namespace swsplan::gui
