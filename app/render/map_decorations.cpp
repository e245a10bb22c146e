#include "app/render/map_decorations.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

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
    QT_TRANSLATE_NOOP("Legend", "Gap"), QT_TRANSLATE_NOOP("Legend", "worst service"),
};

}  // namespace

QString layer_title(const MapLayer& l) {
  const QString t = l.style.title.isEmpty() ? QString::fromStdString(l.name()) : l.style.title;
  // "Gap: Health centre" -> both parts translated; a field name after the colon
  // ("Communes: idp22_poor_share") has no translation and stays as it is.
  const int colon = t.indexOf(':');
  if (colon > 0) return legend_tr(t.left(colon)) + ": " + legend_tr(t.mid(colon + 1).trimmed());
  return legend_tr(t);
}

namespace {
double nice_length(double target) {
  const double e = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * e <= target) return m * e;
  return e;
}
}  // namespace

double draw_legend(QPainter& p, const MapView& view, const QRectF& area, double ppm, double scale) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  const QFont tf = map_font(8.5 * scale, true), ef = map_font(7.5 * scale);
  const double u = ppm * scale;  // device px per millimetre of this legend (smaller when scaled)
  const QFontMetricsF tm(tf, p.device()), em(ef, p.device());
  double y = area.top();
  const double sw = 6 * u, sh = 4 * u, gap = 1.6 * u;
  auto entry = [&](const Symbol& s, gis::GeometryKind k, const QString& text) {
    const double rowh = std::max(sh, em.height()) + 0.8 * u;
    draw_swatch(p, s, k, QRectF(area.left(), y + (rowh - sh) / 2, sw, sh), u);
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
    if (y > area.top()) y += 1.5 * u;
    if (st.kind == StyleKind::Single) {
      p.setFont(tf);
      entry(st.symbol, kind, layer_title(l));
      continue;
    }
    p.setFont(tf);
    p.setPen(QColor(20, 20, 20));
    p.drawText(QRectF(area.left(), y, area.width(), tm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tm.elidedText(layer_title(l), Qt::ElideRight, area.width()));
    y += tm.height() + 0.5 * u;
    if (st.bivariate_legend && st.classes.size() == 4) {
      // The 2x2 gap legend as a clean square: columns = supply side (available, unavailable),
      // rows = demand side (affordable below, unaffordable above). Axis labels are horizontal
      // (the vertical one above the square, the horizontal one below it) so nothing overlaps
      // the heading; the four classes are then listed with their colours.
      const double c = 6.5 * u, x0 = area.left() + 1 * u;
      p.setFont(ef);
      p.setPen(QColor(30, 30, 30));
      const double lh = em.height();
      p.drawText(QRectF(x0, y, area.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                 em.elidedText(QString::fromUtf8("↑ ") + legend_tr("unaffordable"), Qt::ElideRight, area.width()));
      const double y0 = y + lh + 0.4 * u;
      const std::string cells[2][2] = {{"unaffordable", "unavailable_unaffordable"}, {"served", "unavailable"}};
      for (int r = 0; r < 2; ++r)
        for (int k = 0; k < 2; ++k) {
          p.setPen(QPen(QColor(90, 90, 90), std::max(1.0, 0.15 * u)));
          p.setBrush(gap_class_color(cells[r][k]));
          p.drawRect(QRectF(x0 + k * c, y0 + r * c, c, c));
        }
      p.setPen(QColor(30, 30, 30));
      p.drawText(QRectF(x0, y0 + 2 * c + 0.4 * u, area.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                 em.elidedText(legend_tr("unavailable") + QString::fromUtf8(" →"), Qt::ElideRight, area.width()));
      y = y0 + 2 * c + lh + 1.2 * u;
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

double legend_columns(QPainter& p, const MapView& view, const QRectF& area, double ppm, int columns, bool draw,
                      double scale) {
  const int cols = std::clamp(columns, 1, 3);
  const double colw = (area.width() - (cols - 1) * 4 * ppm) / cols, gap = 1.5 * ppm * scale;
  // Heights are measured on a scratch image of the painter's resolution (fonts scale with it).
  QImage scratch(8, 8, QImage::Format_ARGB32_Premultiplied);
  const int dpm = int(std::lround(p.device()->logicalDpiX() / 0.0254));
  scratch.setDotsPerMeterX(dpm);
  scratch.setDotsPerMeterY(dpm);
  auto height_of = [&](const MapView& v) {
    QPainter pp(&scratch);
    return draw_legend(pp, v, QRectF(0, 0, colw, 1e7), ppm, scale);
  };
  std::vector<std::pair<MapLayer, double>> items;  // top first
  for (auto it = view.layers.rbegin(); it != view.layers.rend(); ++it) {
    MapView one = view;
    one.layers = {*it};
    const double h = height_of(one);
    if (h <= 0) continue;
    items.emplace_back(*it, h);
  }
  // Split the items, in order, into `cols` runs with the smallest tallest run (n is small:
  // every pair of cut points for three columns, a single cut for two).
  const std::size_t n = items.size();
  std::vector<double> pre(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) pre[i + 1] = pre[i] + items[i].second + gap;
  std::size_t best_a = n, best_b = n;
  double best = INFINITY;
  for (std::size_t a = 0; a <= n; ++a)
    for (std::size_t b = a; b <= n; ++b) {
      if (cols < 3 && b != n) continue;
      if (cols < 2 && a != n) continue;
      const double m = std::max({pre[a], pre[b] - pre[a], pre[n] - pre[b]});
      if (m < best - 1e-9) best = m, best_a = a, best_b = b;
    }
  std::vector<std::vector<MapLayer>> col(static_cast<std::size_t>(cols));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = std::min<std::size_t>(i < best_a ? 0 : (i < best_b ? 1 : 2), col.size() - 1);
    col[c].insert(col[c].begin(), items[i].first);  // bottom first
  }
  double height = 0;
  for (std::size_t k = 0; k < col.size(); ++k) {
    if (col[k].empty()) continue;
    MapView v = view;
    v.layers = col[k];
    const QRectF r(area.left() + double(k) * (colw + 4 * ppm), area.top(), colw, area.height());
    height = std::max(height, draw ? draw_legend(p, v, r, ppm, scale) : height_of(v));
  }
  return height;
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

namespace {
/// The largest font (from `pt` down to `min_pt`) at which `text` fits `width`; elided below that.
QFont fitted_font(QPainter& p, QString& text, double pt, double min_pt, bool bold, double width) {
  for (double s = pt; s >= min_pt - 1e-9; s -= 0.5) {
    QFont f = map_font(s, bold);
    if (QFontMetricsF(f, p.device()).horizontalAdvance(text) <= width) return f;
  }
  QFont f = map_font(min_pt, bold);
  text = QFontMetricsF(f, p.device()).elidedText(text, Qt::ElideRight, width);
  return f;
}
}  // namespace

PageLayout page_layout(QPainter& p, const MapView& view, const QSize& page, double dpi, const PageDecor& decor) {
  const double ppm = dpi / 25.4, margin = 6 * ppm, inner = page.width() - 2 * margin;
  PageLayout L;
  L.title = decor.title;
  L.subtitle = decor.subtitle;
  L.title_font = fitted_font(p, L.title, 15, 9, true, inner);
  L.subtitle_font = fitted_font(p, L.subtitle, 8, 6, false, inner);
  double top = margin;
  if (!L.title.isEmpty()) top += QFontMetricsF(L.title_font, p.device()).height();
  if (!L.subtitle.isEmpty()) top += QFontMetricsF(L.subtitle_font, p.device()).height();
  top += 2 * ppm;
  // Footer: as many wrapped lines as the sources need (a smaller font past four lines).
  for (double pt : {6.5, 6.0, 5.5, 5.0}) {
    L.footer_font = map_font(pt);
    const QFontMetricsF am(L.footer_font, p.device());
    L.footer_h = am.boundingRect(QRectF(0, 0, inner, 1e6), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, decor.attribution).height();
    if (L.footer_h <= 4 * am.height() + 0.5) break;
  }
  L.footer_h = std::max(L.footer_h, QFontMetricsF(L.footer_font, p.device()).height()) + 2 * ppm;
  const double frame_h = page.height() - top - margin - L.footer_h;
  // Legend: one column at full size if it fits, else smaller, else two (wider) columns, else
  // three; never cut. The map frame takes the rest of the width.
  double legend_w = 0;
  if (decor.legend) {
    const double base = std::clamp(page.width() * 0.26, 45 * ppm, 75 * ppm);
    L.legend_heading = map_font(10, true);
    const double avail = frame_h - QFontMetricsF(L.legend_heading, p.device()).height() - 1.5 * ppm;
    struct Try {
      int cols;
      double width, scale;
    };
    const Try tries[] = {{1, 1.0, 1.0}, {1, 1.0, 0.9}, {1, 1.0, 0.8}, {2, 1.7, 0.9}, {2, 1.7, 0.8},
                         {2, 1.7, 0.7}, {3, 2.3, 0.7}, {3, 2.3, 0.6}};
    bool fitted = false;
    for (const auto& t : tries) {
      const double w = std::min(base * t.width, 0.5 * inner);
      const double h = legend_columns(p, view, QRectF(0, 0, w, avail), ppm, t.cols, false, t.scale);
      L.legend_cols = t.cols, L.legend_scale = t.scale, legend_w = w;
      if (h <= avail) {
        fitted = true;
        break;
      }
    }
    L.legend_fits = fitted;
  }
  L.frame = QRectF(margin, top, inner - (legend_w > 0 ? legend_w + 3 * ppm : 0), frame_h);
  if (legend_w > 0) L.legend = QRectF(L.frame.right() + 3 * ppm, L.frame.top(), legend_w, L.frame.height());
  L.footer = QRectF(margin, page.height() - margin - L.footer_h + 1 * ppm, inner, L.footer_h);
  return L;
}

void draw_page(QPainter& p, MapView view, const QSize& page, double dpi, const PageDecor& decor, bool vector_output) {
  const double ppm = dpi / 25.4, margin = 6 * ppm;
  const PageLayout L = page_layout(p, view, page, dpi, decor);
  p.fillRect(QRectF(0, 0, page.width(), page.height()), Qt::white);
  double top = margin;
  p.setPen(QColor(20, 20, 20));
  if (!L.title.isEmpty()) {
    const QFontMetricsF tm(L.title_font, p.device());
    p.setFont(L.title_font);
    p.drawText(QRectF(margin, top, page.width() - 2 * margin, tm.height()), Qt::AlignLeft | Qt::AlignVCenter, L.title);
    top += tm.height();
  }
  if (!L.subtitle.isEmpty()) {
    const QFontMetricsF sm(L.subtitle_font, p.device());
    p.setFont(L.subtitle_font);
    p.setPen(QColor(80, 80, 80));
    p.drawText(QRectF(margin, top, page.width() - 2 * margin, sm.height()), Qt::AlignLeft | Qt::AlignVCenter, L.subtitle);
  }
  const QRectF frame = L.frame;
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
  if (L.legend.isValid()) {
    const QRectF la = L.legend;
    p.setFont(L.legend_heading);
    p.setPen(QColor(20, 20, 20));
    const QFontMetricsF lm(L.legend_heading, p.device());
    p.drawText(QRectF(la.left(), la.top(), la.width(), lm.height()), Qt::AlignLeft | Qt::AlignVCenter, legend_tr("Legend"));
    p.save();
    p.setClipRect(la);
    legend_columns(p, view, la.adjusted(0, lm.height() + 1.5 * ppm, 0, 0), ppm, L.legend_cols, true, L.legend_scale);
    p.restore();
  }
  p.setFont(L.footer_font);
  p.setPen(QColor(70, 70, 70));
  p.drawText(L.footer, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, decor.attribution);
}

}  // namespace swsplan::gui
