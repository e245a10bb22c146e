#include "app/report/report.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTranslator>
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "app/gui/map_decorations.hpp"
#include "app/gui/project_layers.hpp"
#include "app/gui/style.hpp"
#include "app/report/report_data.hpp"
#include "gis/core/error.hpp"
#include "layers/cip.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"
#include "layers/gap.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::report {

namespace {

// lupdate files free tr() calls under the namespace: the context is "swsplan::report".
QString tr(const char* s) { return QCoreApplication::translate("swsplan::report", s); }
QString q(const std::string& s) { return QString::fromStdString(s); }

/// The map font without optional shaping: Qt then leaves out Latin ligatures ("fi", "ff"),
/// so the PDF text reads and searches as typed (pdftotext, viewers); scripts that need
/// shaping, such as Khmer, keep it (QFont::PreferNoShaping).
QFont rfont(double pt, bool bold = false) {
  QFont f = gui::map_font(pt, bold);
  f.setStyleStrategy(QFont::StyleStrategy(f.styleStrategy() | QFont::PreferNoShaping));
  return f;
}

constexpr double kDpi = 300;
constexpr double kPpm = kDpi / 25.4;  // device px per mm

QColor kInk(25, 25, 25), kGrey(95, 95, 95), kRule(170, 170, 170), kHead(230, 233, 238);

QString class_label(const std::string& cls) {
  if (cls == "served") return gui::legend_tr("served");
  if (cls == "unaffordable") return gui::legend_tr("unaffordable (demand side)");
  if (cls == "unavailable") return gui::legend_tr("unavailable (supply side)");
  if (cls == "unavailable_unaffordable") return gui::legend_tr("unavailable and unaffordable");
  return gui::legend_tr("not classified");
}

QString service_name(layers::Service s) { return gui::legend_tr(QString::fromUtf8(layers::service_label(s))); }

/// The lever as printed: English in full; in Khmer the side (the detail stays in the tables).
QString lever_text(const std::string& cls, const std::string& lever, const std::string& lang) {
  if (lang != "km") return q(lever);
  if (cls == "served") return tr("none needed");
  if (cls == "unaffordable") return tr("demand side");
  if (cls == "unavailable") return tr("supply side");
  if (cls == "unavailable_unaffordable") return tr("both sides (first priority)");
  return tr("collect the missing data");
}

/// A4 pages on a QPdfWriter with a running cursor `y` inside the body, page breaks and
/// a footer on every page.
class Doc {
 public:
  Doc(const std::string& out, const QString& title, QString footer)
      : out_(out), tmp_(out + ".tmp.pdf"), footer_(std::move(footer)) {
    if (std::filesystem::path(out).extension() != ".pdf")
      throw gis::UsageError("report output '" + out + "' must end in .pdf");
    writer_ = std::make_unique<QPdfWriter>(q(tmp_));
    writer_->setResolution(int(kDpi));
    writer_->setPageSize(QPageSize(QPageSize::A4));
    writer_->setPageMargins(QMarginsF(0, 0, 0, 0));
    writer_->setTitle(title);
    writer_->setCreator("swsplan");
    p.begin(writer_.get());
    if (!p.isActive()) throw gis::Error("cannot write " + out);
    page_ = QSizeF(210 * kPpm, 297 * kPpm);
    body = QRectF(15 * kPpm, 14 * kPpm, page_.width() - 30 * kPpm, page_.height() - 14 * kPpm - 20 * kPpm);
    start_page();
  }
  ~Doc() {
    if (p.isActive()) p.end();
    writer_.reset();
    if (!done_) {
      std::error_code ec;
      std::filesystem::remove(tmp_, ec);
    }
  }
  void finish() {
    draw_footer();
    p.end();
    writer_.reset();
    std::filesystem::rename(tmp_, out_);
    done_ = true;
  }
  void new_page() {
    draw_footer();
    writer_->newPage();
    start_page();
  }
  /// Starts a new page unless `h` device px still fit below the cursor.
  void ensure(double h) {
    if (y + h > body.bottom()) new_page();
  }
  /// Wrapped text across the body width (or `width`); advances the cursor.
  double text(const QString& s, const QFont& f, const QColor& c = kInk, double width = 0, double left = -1) {
    const double w = width > 0 ? width : body.width();
    const double x = left >= 0 ? left : body.left();
    p.setFont(f);
    const QRectF r = p.boundingRect(QRectF(x, y, w, 1e6), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, s);
    ensure(r.height());
    p.setPen(c);
    p.drawText(QRectF(x, y, w, r.height()), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, s);
    y += r.height();
    return r.height();
  }
  void heading(const QString& s) {
    ensure(14 * kPpm);  // keep a heading with at least a row of what follows
    y += 2.5 * kPpm;
    text(s, rfont(11, true));
    p.setPen(QPen(kRule, 0.25 * kPpm));
    p.drawLine(QPointF(body.left(), y + 0.6 * kPpm), QPointF(body.right(), y + 0.6 * kPpm));
    y += 1.8 * kPpm;
  }
  /// A table with wrapped cells; the header repeats after a page break. `tint(row, col)`
  /// may return a colour for a swatch at the left of the cell.
  void table(const std::vector<QString>& head, const std::vector<double>& widths_mm,
             const std::vector<std::vector<QString>>& rows, double font_pt = 7.5,
             const std::function<QColor(std::size_t, std::size_t)>& tint = {}) {
    const QFont hf = rfont(font_pt, true), bf = rfont(font_pt);
    const double pad = 0.9 * kPpm, sw = 2.6 * kPpm;
    std::vector<double> w;
    double total = 0;
    for (double m : widths_mm) total += m;
    for (double m : widths_mm) w.push_back(m / total * body.width());
    auto row_height = [&](const std::vector<QString>& cells, const QFont& f, bool swatches, std::size_t r) {
      p.setFont(f);
      double h = 0;
      for (std::size_t c = 0; c < cells.size() && c < w.size(); ++c) {
        const bool has = swatches && tint && tint(r, c).isValid();
        const QRectF b = p.boundingRect(QRectF(0, 0, w[c] - 2 * pad - (has ? sw + pad : 0), 1e6),
                                        Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, cells[c]);
        h = std::max(h, b.height());
      }
      return h + 2 * pad;
    };
    auto draw_row = [&](const std::vector<QString>& cells, const QFont& f, bool header, std::size_t r) {
      const double h = row_height(cells, f, !header, r);
      if (header) p.fillRect(QRectF(body.left(), y, body.width(), h), kHead);
      double x = body.left();
      p.setFont(f);
      for (std::size_t c = 0; c < cells.size() && c < w.size(); ++c) {
        double tx = x + pad;
        if (!header && tint) {
          const QColor col = tint(r, c);
          if (col.isValid()) {
            p.setPen(QPen(QColor(90, 90, 90), 0.15 * kPpm));
            p.setBrush(col);
            p.drawRect(QRectF(tx, y + pad + 0.3 * kPpm, sw, sw));
            tx += sw + pad;
          }
        }
        p.setPen(kInk);
        p.drawText(QRectF(tx, y + pad, x + w[c] - pad - tx, h - 2 * pad), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   cells[c]);
        x += w[c];
      }
      y += h;
      p.setPen(QPen(kRule, 0.15 * kPpm));
      p.drawLine(QPointF(body.left(), y), QPointF(body.right(), y));
    };
    ensure(row_height(head, hf, false, 0) + (rows.empty() ? 0 : row_height(rows[0], bf, true, 0)));
    draw_row(head, hf, true, 0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (y + row_height(rows[r], bf, true, r) > body.bottom()) {
        new_page();
        draw_row(head, hf, true, 0);
      }
      draw_row(rows[r], bf, false, r);
    }
    y += 1.5 * kPpm;
  }

  QPainter p;
  QRectF body;
  double y = 0;
  int pages = 0;

 private:
  void start_page() {
    ++pages;
    p.fillRect(QRectF(QPointF(0, 0), page_), Qt::white);
    y = body.top();
  }
  void draw_footer() {
    p.setFont(rfont(6.5));
    p.setPen(kGrey);
    const QRectF f(body.left(), page_.height() - 16 * kPpm, body.width(), 10 * kPpm);
    p.setPen(QPen(kRule, 0.2 * kPpm));
    p.drawLine(f.topLeft(), f.topRight());
    p.setPen(kGrey);
    p.drawText(f.adjusted(0, 1.2 * kPpm, -18 * kPpm, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, footer_);
    p.drawText(f.adjusted(0, 1.2 * kPpm, 0, 0), Qt::AlignRight | Qt::AlignTop, tr("page %1").arg(pages));
  }

  std::string out_, tmp_;
  QString footer_;
  std::unique_ptr<QPdfWriter> writer_;
  QSizeF page_;
  bool done_ = false;
};

/// Draws `view` (layers, crs) zoomed to `extent` into `frame` with a scale bar and a north
/// arrow, the legend into `legend` (when valid). Returns the view used.
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

/// Height of the legend of `v` drawn `width` px wide (measured on a scratch image at the
/// page resolution, so fonts measure as on the PDF).
double legend_height(const gui::MapView& v, double width) {
  QImage img(8, 8, QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(int(std::lround(kDpi / 0.0254)));
  img.setDotsPerMeterY(int(std::lround(kDpi / 0.0254)));
  QPainter pp(&img);
  return gui::draw_legend(pp, v, QRectF(0, 0, width, 1e7), kPpm);
}

/// The legend of `view` in `cols` columns across `area` (top first, layers kept whole);
/// returns the height used. Draws only when `draw`.
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

/// Extent (map CRS) of the communes of `lp` whose adm3_pcode is in `codes`, grown by 8 %;
/// the full extent of `view` when none is found (a project without those communes).
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

void commune_page(Doc& d, const CommuneData& c, const ProfileData& pd, const gui::LoadedProject& lp,
                  const layers::CipPlan* cip, const std::string& lang) {
  auto& p = d.p;
  // --- title
  QString name = q(c.name_en);
  if (!c.name_km.empty()) name = q(c.name_km) + " / " + name;
  d.text(tr("Commune profile") + ": " + name + " (" + q(c.adm3_pcode) + ")", rfont(15, true));
  d.text(tr("District") + " " + q(c.adm2_name) + " (" + q(c.adm2_pcode) + ")  -  " + tr("Province") + " " + q(c.adm1_name) +
             " (" + q(c.adm1_pcode) + ")  -  " + q(pd.project_name),
         rfont(8.5), kGrey);
  d.y += 2 * kPpm;

  // --- map: the commune and its neighbours, facilities and PWP assets
  const gui::MapLayer* communes = nullptr;
  for (const auto& l : lp.layers)
    if (l.name() == "communes") communes = &l;
  gui::MapView view;
  view.crs = lp.map_crs;
  view.layers = lp.layers;
  gis::Extent ext{1, 1, 0, 0};
  if (communes) {
    const auto& code = communes->data->data.column("adm3_pcode");
    for (std::size_t i = 0; i < communes->data->size(); ++i)
      if (code.text(i) == c.adm3_pcode) {
        gui::MapLayer hl;
        hl.data = gui::prepare_layer(gis::select_rows(communes->data->data, {i}), lp.map_crs);
        // Dark blue outline: stands out on the red-yellow choropleths and the gap colours.
        hl.style.symbol.fill = QColor(255, 214, 102, 90);
        hl.style.symbol.stroke = QColor(0, 50, 160);
        hl.style.symbol.stroke_mm = 0.8;
        hl.style.title = tr("This commune");
        // above the areas, below roads and points
        auto pos = std::find_if(view.layers.begin(), view.layers.end(), [](const gui::MapLayer& l) {
          return l.data && l.data->kind() != gis::GeometryKind::Polygon;
        });
        view.layers.insert(pos, hl);
        ext = hl.data->extent;
        break;
      }
  }
  // Map across the page, its legend below in three columns.
  const double map_h = 88 * kPpm;
  d.ensure(map_h);
  const QRectF frame(d.body.left(), d.y, d.body.width(), map_h);
  if (ext.valid()) {
    // Grow the commune's box so its neighbours show on every side.
    const auto used = draw_map(p, view, grow(ext, 0.45), frame, QRectF());
    d.y += map_h + 2 * kPpm;
    const QRectF band(d.body.left(), d.y, d.body.width(), 80 * kPpm);
    d.y += legend_band(p, used, band, 3, true) + 1 * kPpm;
  } else {
    d.y += map_h + 2 * kPpm;
  }

  // --- services
  d.heading(tr("Services: access, capacity and the unavailable / unaffordable call"));
  std::vector<std::vector<QString>> rows;
  for (const auto& s : c.services) {
    QString cov = q(fmt_pct(s.coverage_0_1)), cap = q(fmt_num(s.capacity_ratio, 2));
    if (std::isfinite(s.coverage_norm_0_1)) cov += " (" + tr("norm") + " " + q(fmt_pct(s.coverage_norm_0_1)) + ")";
    if (std::isfinite(s.capacity_norm)) cap += " (" + tr("norm") + " " + q(fmt_num(s.capacity_norm, 2)) + ")";
    QString travel = cost_text(s.mean_cost, s.cost_is_time) + " / " + cost_text(s.max_cost, s.cost_is_time);
    QString cls = class_label(s.cls);
    if (!s.reason.empty()) cls += " (" + q(s.reason) + ")";
    rows.push_back({service_name(s.service) + "\n" + q(s.mode) + ", " + q(s.threshold), cls, cov, cap,
                    s.nearest_facility.empty() ? QString("-") : q(s.nearest_facility), travel,
                    lever_text(s.cls, s.lever, lang)});
  }
  d.table({tr("Service (mode, threshold)"), tr("Class"), tr("Coverage"), tr("Capacity ratio"), tr("Nearest facility"),
           tr("Travel: mean / farthest village"), tr("Lever")},
          {27, 27, 19, 17, 27, 20, 43}, rows, 7,
          [&](std::size_t r, std::size_t col) { return col == 1 ? gui::gap_class_color(c.services[r].cls) : QColor(); });
  d.text(tr("Coverage: share of households within the threshold of a facility. Capacity ratio: facility capacity "
            "per person in its catchment (E2SFCA). A service is available when both reach their norms; the commune is "
            "deprived when its deprivation rate is on the deprived side of the threshold. Nearest facility: the one nearest to most of the "
            "commune's households; travel is household-weighted."),
         rfont(6.5), kGrey);

  // --- ID-Poor
  d.heading(pd.counts_poor_households ? tr("ID-Poor and deprivation") : tr("Deprivation"));
  const double dep_thr = c.services.empty() ? NAN : c.services.front().deprivation_threshold_0_1;
  // "Deprived" is what analyze stored (gap_communes.deprived, its threshold and direction),
  // never re-derived here.
  d.table({tr("Households"),
           pd.counts_poor_households ? tr("Poor households (ID-Poor 1+2)") : tr("Deprived households"),
           tr("Deprivation rate"), tr("Threshold"), tr("Deprived")},
          {25, 30, 25, 20, 20},
          {{q(fmt_num(c.households)), q(fmt_num(c.poor_households)), q(fmt_pct(c.deprivation_0_1)),
            std::isfinite(dep_thr) ? QString(pd.deprivation_lower_is_worse ? "<= " : ">= ") + q(fmt_pct(dep_thr))
                                   : QString("n/a"),
            c.deprived ? (*c.deprived ? tr("yes") : tr("no")) : QString("n/a")}},
          7.5);
  if (!pd.demand_source.empty())
    d.text(tr("Households and poor households") + ": " + q(pd.demand_source), rfont(7), kGrey);
  d.text(tr("Deprivation rate, source and vintage") + ": " + q(pd.idpoor_vintage) +
             (c.deprivation_flag.empty() ? QString() : "  -  " + tr("flag") + ": " + q(c.deprivation_flag)),
         rfont(7), kGrey);

  // --- CIP check
  if (cip) {
    const auto gaps = layers::gaps_of(c.classes());
    const auto chk = layers::check_cip(*cip, c.adm3_pcode, gaps);
    d.heading(tr("Commune investment plan check"));
    std::vector<std::vector<QString>> cr;
    for (const auto& it : chk.items) {
      QString verdict;
      if (it.addresses.empty()) {
        verdict = tr("addresses no gap");
      } else {
        verdict = tr("addresses a gap") + ": ";
        for (std::size_t k = 0; k < it.addresses.size(); ++k)
          verdict += (k ? "; " : "") + service_name(it.addresses[k].service) + " (" +
                     class_label(layers::to_string(it.addresses[k].cls)) + ")";
      }
      cr.push_back({q(it.project->name), q(it.project->type_text) + " -> " + q(it.project->type->id),
                    it.project->location.empty() ? QString("-") : q(it.project->location),
                    q(fmt_num(it.project->cost_usd)), verdict});
    }
    if (cr.empty())
      d.text(tr("The plan has no project for this commune."), rfont(8));
    else
      d.table({tr("Project"), tr("Type"), tr("Location"), tr("Cost (USD)"), tr("Check")}, {40, 28, 25, 17, 50}, cr, 7,
              [&](std::size_t r, std::size_t col) {
                return col == 4 ? (chk.items[r].addresses.empty() ? QColor(200, 200, 200) : QColor(77, 175, 74))
                                : QColor();
              });
    d.text(tr("Planned: %1 USD, of which %2 USD on projects that address a gap.")
               .arg(q(fmt_num(chk.cost_usd_total)), q(fmt_num(chk.cost_usd_on_gaps))),
           rfont(8));
    QString un;
    for (const auto& g : chk.unaddressed)
      un += (un.isEmpty() ? "" : "; ") + service_name(g.service) + " (" + class_label(layers::to_string(g.cls)) + ")";
    d.text(tr("Gaps no project addresses") + ": " + (un.isEmpty() ? tr("none") : un), rfont(8, true));
    d.text(tr("Plan") + ": " + q(cip->source) + ". " +
               tr("Project types map to services and levers as documented in app/report/README.md (supply-side types address "
                  "'unavailable', demand-side types 'unaffordable', either kind 'unavailable and unaffordable')."),
           rfont(6.5), kGrey);
  }
}

}  // namespace

void install_translators(const std::string& lang) {
  if (lang == "en") return;
  if (lang != "km") throw gis::UsageError("--lang must be en or km");
  static QTranslator report_tr, legend_tr;
  if (!report_tr.load(":/i18n/swsplan_report_km.qm")) throw gis::Error("the Khmer report translation is missing from this build");
  QCoreApplication::installTranslator(&report_tr);
  if (legend_tr.load(":/i18n/swsplan_km.qm")) QCoreApplication::installTranslator(&legend_tr);
}

ReportResult write_commune_report(const CommuneReportOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  auto project = layers::Project::open(o.project);
  std::unique_ptr<layers::CipPlan> cip;
  if (!o.cip.empty()) cip = std::make_unique<layers::CipPlan>(layers::read_cip(o.cip));
  const ProfileData pd = load_profiles(project, o.communes, o.district, o.province);
  // A batch needs each project's commune: from its adm3_pcode, else from its location point.
  if (cip && (!o.district.empty() || !o.province.empty() || pd.communes.size() > 1))
    layers::assign_cip_communes(*cip, project.read(layers::names::kCommunes));
  const auto lp = gui::load_project(o.project, {"districts", "communes", "water", "roads", "pwp_polygons",
                                                "pwp_lines", "pwp_points", "villages", "facilities", "offices"});
  ReportResult res;
  {
    Doc d(o.out, tr("Commune profile"), footer_text(pd.project_name, o.project, pd.synthetic, pd.analysed_at));
    for (std::size_t i = 0; i < pd.communes.size(); ++i) {
      if (i) d.new_page();
      commune_page(d, pd.communes[i], pd, lp, cip.get(), o.lang);
      res.units.push_back(pd.communes[i].adm3_pcode);
    }
    d.finish();
    res.pages = d.pages;
  }
  return res;
}

ReportResult write_district_brief(const BriefOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  if (o.top < 1) throw gis::UsageError("--top must be at least 1");
  auto project = layers::Project::open(o.project);
  const BriefData b = load_brief(project, o.province);
  auto lp = gui::load_project(o.project, {"provinces", "district_priority"});
  ReportResult res;
  Doc d(o.out, tr("District priority brief"), footer_text(b.project_name, o.project, b.synthetic, b.analysed_at));
  auto& p = d.p;
  QString scope = tr("all %1 districts").arg(b.total_districts);
  if (!o.province.empty()) {
    std::string pname;
    if (project.has("provinces")) {
      auto pv = project.read("provinces");
      for (std::size_t i = 0; i < pv.size(); ++i)
        if (pv.column("adm1_pcode").text(i) == b.districts.front().adm1_pcode) pname = pv.column("name_en").text(i);
    }
    scope = tr("province %1 (%2): %3 of %4 districts, ranks are national")
                .arg(q(pname), q(b.districts.front().adm1_pcode))
                .arg(b.districts.size())
                .arg(b.total_districts);
  }
  d.text(tr("District priority brief") + ": " + q(b.project_name), rfont(15, true));
  d.text(scope, rfont(8.5), kGrey);
  d.y += 2 * kPpm;

  const std::size_t top = std::min<std::size_t>(static_cast<std::size_t>(o.top), b.districts.size());
  // --- map of the priority index, the top districts numbered by rank
  gui::MapView view;
  view.crs = lp.map_crs;
  std::shared_ptr<const gui::PreparedLayer> dpl;
  for (auto& l : lp.layers) {
    if (l.name() == "district_priority") {
      l.style = gui::graduated_style(l.data->data, "priority_index", gui::ClassMethod::Quantile, 5);
      l.style.title = tr("Priority index");
      l.style.label_field.clear();
      dpl = l.data;
    }
    if (l.name() == "provinces") {
      l.style.symbol.fill = QColor(0, 0, 0, 0);
      l.style.label_field.clear();
    }
  }
  // provinces on top of the index as outlines
  std::stable_sort(lp.layers.begin(), lp.layers.end(),
                   [](const gui::MapLayer& a, const gui::MapLayer& bb) { return a.name() == "district_priority" && bb.name() != "district_priority"; });
  view.layers = lp.layers;
  gis::Extent ext{1, 1, 0, 0};
  std::set<std::string> shown;
  for (const auto& r : b.districts) shown.insert(r.adm2_pcode);
  if (dpl) {
    const auto& code = dpl->data.column("adm2_pcode");
    for (std::size_t i = 0; i < dpl->size(); ++i) {
      if (!shown.count(code.text(i))) continue;
      const auto& bb = dpl->bbox(i);
      if (!bb.valid()) continue;
      ext = ext.valid() ? gis::Extent{std::min(ext.xmin, bb.xmin), std::min(ext.ymin, bb.ymin), std::max(ext.xmax, bb.xmax),
                                      std::max(ext.ymax, bb.ymax)}
                        : bb;
    }
  }
  const double map_h = 105 * kPpm, legend_w = 44 * kPpm;
  const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
  if (ext.valid()) {
    const auto used = draw_map(p, view, ext, frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
    // rank numbers of the top districts at their label points
    const auto& code = dpl->data.column("adm2_pcode");
    std::map<std::string, int> rank_of;
    for (std::size_t k = 0; k < top; ++k) rank_of[b.districts[k].adm2_pcode] = b.districts[k].rank;
    p.save();
    p.translate(frame.topLeft());
    p.setClipRect(QRectF(0, 0, frame.width(), frame.height()));
    p.setFont(rfont(6.5, true));
    for (std::size_t i = 0; i < dpl->size(); ++i) {
      auto it = rank_of.find(code.text(i));
      if (it == rank_of.end()) continue;
      const QPointF c = used.to_px(dpl->label_x[i], dpl->label_y[i]);
      const double r = 2.3 * kPpm;
      p.setPen(QPen(QColor(30, 30, 30), 0.2 * kPpm));
      p.setBrush(Qt::white);
      p.drawEllipse(c, r, r);
      p.setPen(kInk);
      p.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt::AlignCenter, QString::number(it->second));
    }
    p.restore();
  }
  d.y += map_h + 1.5 * kPpm;
  d.text(tr("Numbers on the map: national rank of the top %1 districts.").arg(top), rfont(6.5), kGrey);

  // --- bar chart: index of the top districts, split by the services' normalised components
  static const QColor palette[] = {QColor(228, 26, 28), QColor(55, 126, 184), QColor(77, 175, 74), QColor(152, 78, 163),
                                   QColor(255, 127, 0),  QColor(166, 86, 40),  QColor(247, 129, 191), QColor(153, 153, 153),
                                   QColor(255, 255, 51)};
  d.heading(tr("Top %1 districts: priority index and its components").arg(top));
  {
    const double bar_h = 4.2 * kPpm, gap = 1.6 * kPpm, label_w = 42 * kPpm, value_w = 14 * kPpm;
    const double chart_h = double(top) * (bar_h + gap) + 12 * kPpm;
    d.ensure(chart_h);
    const double x0 = d.body.left() + label_w, x1 = d.body.right() - value_w;
    double max_index = 0;
    for (std::size_t k = 0; k < top; ++k) max_index = std::max(max_index, b.districts[k].index);
    const double scale = max_index > 0 ? (x1 - x0) / max_index : 0;
    double yy = d.y;
    p.setFont(rfont(7));
    for (std::size_t k = 0; k < top; ++k) {
      const auto& r = b.districts[k];
      p.setPen(kInk);
      p.drawText(QRectF(d.body.left(), yy, label_w - 2 * kPpm, bar_h), Qt::AlignRight | Qt::AlignVCenter,
                 QString::number(r.rank) + ". " + q(r.name));
      double norm_sum = 0;
      std::vector<double> norm(b.services.size(), 0);
      for (std::size_t s = 0; s < b.services.size(); ++s) {
        const double lo = b.comp_min[s], hi = b.comp_max[s];
        norm[s] = hi > lo && std::isfinite(r.component[s]) ? (r.component[s] - lo) / (hi - lo) : 0;
        norm_sum += norm[s];
      }
      double x = x0;
      for (std::size_t s = 0; s < b.services.size(); ++s) {
        const double len = norm_sum > 0 ? r.index * scale * norm[s] / norm_sum : 0;
        if (len <= 0) continue;
        p.fillRect(QRectF(x, yy, len, bar_h), palette[s % 9]);
        x += len;
      }
      p.setPen(kInk);
      p.drawText(QRectF(x + 1.2 * kPpm, yy, value_w + (x1 - x), bar_h), Qt::AlignLeft | Qt::AlignVCenter,
                 q(fmt_num(r.index, 3)));
      yy += bar_h + gap;
    }
    p.setPen(QPen(kGrey, 0.2 * kPpm));
    p.drawLine(QPointF(x0, d.y - 0.5 * kPpm), QPointF(x0, yy));
    // legend of the segments
    double lx = d.body.left();
    yy += 1.5 * kPpm;
    p.setFont(rfont(6.5));
    for (std::size_t s = 0; s < b.services.size(); ++s) {
      auto sv = layers::parse_service(b.services[s]);
      const QString label = sv ? service_name(*sv) : q(b.services[s]);
      const double tw = QFontMetricsF(p.font(), p.device()).horizontalAdvance(label) + 6 * kPpm;
      if (lx + tw > d.body.right()) {
        lx = d.body.left();
        yy += 4 * kPpm;
      }
      p.fillRect(QRectF(lx, yy + 0.6 * kPpm, 2.6 * kPpm, 2.6 * kPpm), palette[s % 9]);
      p.setPen(kInk);
      p.drawText(QRectF(lx + 3.4 * kPpm, yy, tw, 4 * kPpm), Qt::AlignLeft | Qt::AlignVCenter, label);
      lx += tw;
    }
    d.y = yy + 6 * kPpm;
  }

  // --- table: rank, index, range and components
  d.heading(b.counts_poor_households
                ? tr("Ranked districts: index, sensitivity range and components (poor households in gap communes)")
                : tr("Ranked districts: index, sensitivity range and components (deprived households in gap communes)"));
  std::vector<QString> head{tr("Rank"), tr("District"), tr("Index"), tr("Rank range")};
  std::vector<double> widths{10, 34, 13, 14};
  for (const auto& s : b.services) {
    auto sv = layers::parse_service(s);
    head.push_back(sv ? service_name(*sv) : q(s));
    widths.push_back(std::max(12.0, 110.0 / double(std::max<std::size_t>(1, b.services.size()))));
  }
  std::vector<std::vector<QString>> rows;
  for (std::size_t k = 0; k < top; ++k) {
    const auto& r = b.districts[k];
    std::vector<QString> row{QString::number(r.rank), q(r.name) + "\n" + q(r.adm2_pcode), q(fmt_num(r.index, 3)),
                             QString::number(r.rank_min) + " - " + QString::number(r.rank_max)};
    for (double v : r.component) row.push_back(q(fmt_num(v)));
    rows.push_back(std::move(row));
    res.units.push_back(r.adm2_pcode);
  }
  d.table(head, widths, rows, 6.5);

  d.heading(tr("Method"));
  d.text((b.counts_poor_households ? tr("For each service, the poor households (ID-Poor levels 1 and 2) of a district's "
                                      "communes classed unavailable, ")
                                   : tr("For each service, the deprived households of a district's communes classed "
                                        "unavailable, ")) +
             tr("unaffordable or both are summed; each sum is scaled 0-1 over all districts (min-max) and the scaled "
            "components are combined with equal weights into the priority index (1 = highest need). Rank 1 is the "
            "highest index. The rank range shows the best and worst rank when each service's weight moves by +/-20 % "
            "(every combination): a narrow range means the rank does not hang on the weighting. Bars show the index "
            "split in proportion to the scaled components. Deprivation source: %1.")
             .arg(q(b.deprivation_source.empty() ? std::string("see the project") : b.deprivation_source)),
         rfont(7.5));
  if (!b.demand_source.empty())
    d.text(tr("Households and poor households") + ": " + q(b.demand_source) + ".", rfont(7.5));
  d.finish();
  res.pages = d.pages;
  return res;
}

namespace {

QString period_text(const std::string& period) { return period == "one_off" ? tr("one-off") : tr("per year"); }

/// The cost table of one scenario: line items, totals and cost per poor household reached.
void cost_section(Doc& d, const layers::CostTable& t) {
  std::vector<std::vector<QString>> rows;
  for (const auto& l : t.lines) {
    QString total = q(fmt_num(l.total_usd));
    if (l.low_usd != l.high_usd) total += " (" + q(fmt_num(l.low_usd)) + " - " + q(fmt_num(l.high_usd)) + ")";
    rows.push_back({q(l.label), period_text(l.period), q(fmt_num(l.quantity, l.quantity < 100 ? 1 : 0)) + " " + q(l.quantity_unit),
                    q(fmt_num(l.unit_cost_usd, 2)), total, q(l.basis)});
  }
  d.table({tr("Item"), tr("Period"), tr("Quantity"), tr("Unit cost (USD)"), tr("Total (USD)"), tr("Basis")},
          {34, 14, 24, 17, 22, 69}, rows, 6.5);
  d.table({tr("One-off (USD)"), tr("Per year (USD)"), tr("First year (USD)"), tr("Poor households newly reached"),
           tr("USD per poor household newly reached, first year"), tr("USD per poor household newly reached, per year")},
          {20, 20, 20, 22, 24, 24},
          {{q(fmt_num(t.one_off_usd)), q(fmt_num(t.per_year_usd)), q(fmt_num(t.first_year_usd)),
            q(fmt_num(t.poor_households_reached)), q(fmt_num(t.usd_per_poor_household_first_year, 2)),
            q(fmt_num(t.usd_per_poor_household_per_year, 2))}},
          7);
  QString notes = tr("Newly reached") + ": " + q(t.reached_basis);
  if (std::isfinite(t.poor_households_reached_total))
    notes += ". " + tr("Poor households within reach, with those reached today") + ": " +
             q(fmt_num(t.poor_households_reached_total));
  for (const auto& n : t.notes) notes += ". " + q(n);
  d.text(notes, rfont(6.5), kGrey);
}

/// Diverging classes for a B - A difference field: fewer (red), no change (grey), more (greens).
gui::LayerStyle difference_style(const gis::VectorLayer& l, const std::string& field) {
  gui::LayerStyle s;
  s.kind = gui::StyleKind::Graduated;
  s.field = field;
  s.title = tr("Poor covered, B - A");
  s.symbol.fill = QColor(255, 255, 255);
  s.symbol.stroke = QColor(150, 150, 150);
  s.symbol.stroke_mm = 0.1;
  double lo = 0, hi = 0;
  const auto& c = l.column(field);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (auto v = c.number(i)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  auto cls = [&](double a, double b, QColor col, const QString& label) {
    gui::StyleClass k;
    k.lower = a;
    k.upper = b;
    k.symbol = s.symbol;
    k.symbol.fill = col;
    k.label = label;
    s.classes.push_back(k);
  };
  if (lo < -0.5) cls(lo, -0.5, QColor(215, 48, 39), tr("fewer: %1 to %2").arg(q(fmt_num(lo)), "-1"));
  cls(-0.5, 0.5, QColor(235, 235, 235), tr("no change"));
  if (hi > 0.5) {
    const double mid = std::max(1.0, std::round(hi / 2));
    cls(0.5, mid, QColor(161, 217, 155), tr("more: 1 to %1").arg(q(fmt_num(mid))));
    if (hi > mid) cls(mid, hi, QColor(49, 163, 84), tr("more: %1 to %2").arg(q(fmt_num(mid)), q(fmt_num(hi))));
  }
  return s;
}

void pwp_section(Doc& d, const layers::Project& project, const std::string& name) {
  const std::string works = layers::pwp_layer(name, "works"), communes = layers::pwp_layer(name, "communes");
  if (project.has(works)) {
    auto w = project.read(works);
    std::vector<std::vector<QString>> rows;
    auto t = [&](const char* f, std::size_t i) { return w.find(f) >= 0 ? q(w.column(f).text(i)) : QString(); };
    auto n = [&](const char* f, std::size_t i, int dec) {
      return w.find(f) >= 0 ? q(fmt_num(w.column(f).number(i).value_or(NAN), dec)) : QString("n/a");
    };
    for (std::size_t i = 0; i < w.size(); ++i)
      rows.push_back({t("work_id", i), t("work", i), t("from_class", i) + " -> " + t("road_class", i), t("name", i),
                      n("length_km", i, 2), n("labour_days", i, 0), n("cost_usd", i, 0), n("wage_usd", i, 0)});
    d.heading(tr("PWP road works"));
    d.table({tr("Work"), tr("Kind"), tr("Class"), tr("Name"), tr("Length (km)"), tr("Labour-days"), tr("Cost (USD)"),
             tr("Wages (USD)")},
            {20, 12, 28, 30, 15, 17, 18, 18}, rows, 6.5);
  }
  if (project.has(communes)) {
    auto c = project.read(communes);
    // hh, within before/after, gained, poor before/after/gained, lost, poor lost
    std::map<std::string, std::array<double, 9>> by;
    std::map<std::string, std::string> thr;
    for (std::size_t i = 0; i < c.size(); ++i) {
      auto& a = by[c.column("service").text(i)];
      thr[c.column("service").text(i)] = c.find("threshold") >= 0 ? c.column("threshold").text(i) : "";
      const char* f[9] = {"households",       "households_within_before", "households_within_after",
                          "households_gained", "poor_within_before",       "poor_within_after",
                          "poor_gained",       "households_lost",          "poor_lost"};
      for (int k = 0; k < 9; ++k)
        if (c.find(f[k]) >= 0) a[static_cast<std::size_t>(k)] += c.column(f[k]).number(i).value_or(0);
    }
    // before + gained - lost = after; a new road never loses access (layers/pwp.hpp), so the
    // lost columns appear only when an upgrade lowered a road's speed.
    bool any_lost = false;
    for (const auto& [sv, a] : by) any_lost = any_lost || a[7] > 0 || a[8] > 0;
    std::vector<std::vector<QString>> rows;
    for (const auto& [sv, a] : by) {
      auto s = layers::parse_service(sv);
      std::vector<QString> row{(s ? service_name(*s) : q(sv)) + " (" + q(thr[sv]) + ")", q(fmt_num(a[1])),
                               q(fmt_num(a[3]))};
      if (any_lost) row.push_back(q(fmt_num(a[7])));
      row.push_back(q(fmt_num(a[2])));
      row.push_back(q(fmt_num(a[4])));
      row.push_back(q(fmt_num(a[6])));
      if (any_lost) row.push_back(q(fmt_num(a[8])));
      row.push_back(q(fmt_num(a[5])));
      rows.push_back(std::move(row));
    }
    d.heading(tr("Households within the threshold, before and after the works"));
    std::vector<QString> head{tr("Service (threshold)"), tr("Households before"), tr("gained")};
    std::vector<double> widths{40, 20, 16};
    if (any_lost) head.push_back(tr("lost")), widths.push_back(14);
    head.push_back(tr("after")), widths.push_back(18);
    head.push_back(tr("Poor households before")), widths.push_back(22);
    head.push_back(tr("gained")), widths.push_back(16);
    if (any_lost) head.push_back(tr("lost")), widths.push_back(14);
    head.push_back(tr("after")), widths.push_back(18);
    d.table(head, widths, rows, 7);
  }
}

}  // namespace

ReportResult write_scenario_report(const ScenarioOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  const bool compare = !o.compare_a.empty() || !o.compare_b.empty();
  if (compare == !o.scenario.empty()) throw gis::UsageError("report scenario: give a scenario NAME, or compare A B");
  auto project = layers::Project::open(o.project);
  std::string pname;
  bool synthetic = false;
  {
    BriefData meta;
    try {
      meta = load_brief(project, "");
    } catch (const gis::Error&) {
    }
    pname = meta.project_name.empty() ? std::filesystem::path(o.project).stem().string() : meta.project_name;
    synthetic = meta.synthetic;
  }
  ReportResult res;
  if (!compare) {
    (void)layers::is_pwp_scenario(project, o.scenario);  // an unknown scenario says so first
    // The table `swsplan cost` stored (with its --with-pwp labour, if any), never recomputed.
    const auto table = layers::load_cost_table(project, o.scenario);
    const bool pwp = table.kind == "pwp";
    std::vector<std::string> names{"provinces", "districts", "communes", "water", "roads"};
    if (pwp) names.push_back("facilities");  // access to services is what the works change
    auto lp = gui::load_project(o.project, names);
    const std::vector<std::string> extra = pwp ? std::vector<std::string>{layers::pwp_layer(o.scenario, "works")}
                                               : std::vector<std::string>{layers::scenario_layer(o.scenario, "offices")};
    for (const auto& n : extra)
      if (project.has(n)) {
        auto l = gui::load_layer(o.project, n, lp.map_crs);
        if (pwp) {
          l.style.symbol.stroke = QColor(230, 85, 13);
          l.style.symbol.stroke_mm = 0.9;
          l.style.title = tr("PWP road works");
        } else {
          // One symbol for every office; proposed ones hollow (the default overlay).
          l.style = gui::default_style("offices", l.data->data);
          l.style.kind = gui::StyleKind::Single;
          l.style.classes.clear();
          l.style.symbol.shape = gui::MarkerShape::Star;
          l.style.symbol.fill = QColor(118, 42, 131);
          l.style.symbol.stroke = QColor(40, 40, 40);
          l.style.symbol.size_mm = 4;
          l.style.title = tr("Offices of the scenario");
        }
        lp.layers.push_back(l);
      }
    Doc d(o.out, tr("Scenario"), footer_text(pname, o.project, synthetic, ""));
    d.text(tr("Scenario") + ": " + q(o.scenario) + " (" + q(table.kind) + ")", rfont(15, true));
    d.text(q(pname), rfont(8.5), kGrey);
    d.y += 2 * kPpm;
    gui::MapView view;
    view.crs = lp.map_crs;
    view.layers = lp.layers;
    const double map_h = 95 * kPpm, legend_w = 44 * kPpm;
    const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
    // A siting scenario restricted to a province is mapped over the communes it serves.
    std::set<std::string> scope;
    if (const auto asg = layers::scenario_layer(o.scenario, "assignment"); !pwp && project.has(asg)) {
      const auto t = project.read(asg);
      if (t.find("adm3_pcode") >= 0)
        for (std::size_t i = 0; i < t.size(); ++i) scope.insert(t.column("adm3_pcode").text(i));
    }
    draw_map(d.p, view, scope_extent(lp, view, scope), frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
    d.y += map_h + 2 * kPpm;
    d.heading(tr("Cost of the scenario"));
    cost_section(d, table);
    if (pwp) pwp_section(d, project, o.scenario);
    d.finish();
    res.pages = d.pages;
    res.units.push_back(o.scenario);
    return res;
  }
  if (o.compare_a.empty() || o.compare_b.empty()) throw gis::UsageError("report scenario compare needs two scenarios A B");
  const auto diff = layers::compare_scenarios_full(project, o.compare_a, o.compare_b);
  auto lp = gui::load_project(o.project, {"provinces", "water", "roads"});
  gis::Extent diff_extent{1, 1, 0, 0};
  if (diff.difference_layer.geom.kind == gis::GeometryKind::Polygon) {
    gui::MapLayer dl;
    dl.data = gui::prepare_layer(diff.difference_layer, lp.map_crs);
    dl.style = difference_style(diff.difference_layer, "diff_covered_poor");
    diff_extent = dl.data->extent;
    lp.layers.insert(lp.layers.begin(), dl);
  }
  for (auto& l : lp.layers)
    if (l.name() == "provinces") l.style.symbol.fill = QColor(0, 0, 0, 0), l.style.label_field.clear();
  std::stable_sort(lp.layers.begin(), lp.layers.end(), [](const gui::MapLayer& a, const gui::MapLayer& b) {
    return a.name() != "provinces" && b.name() == "provinces";
  });
  Doc d(o.out, tr("Scenario comparison"), footer_text(pname, o.project, synthetic, ""));
  d.text(tr("Scenario comparison") + ": A = " + q(o.compare_a) + ", B = " + q(o.compare_b), rfont(15, true));
  QString sub = q(pname) + "  -  " + tr("differences are B - A");
  if (!diff.service.empty()) sub += "  -  " + tr("service") + " " + q(diff.service);
  d.text(sub, rfont(8.5), kGrey);
  d.y += 2 * kPpm;
  gui::MapView view;
  view.crs = lp.map_crs;
  view.layers = lp.layers;
  const double map_h = 95 * kPpm, legend_w = 44 * kPpm;
  const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
  // Mapped over the communes either scenario covers (the difference layer's rows).
  const gis::Extent scope = diff_extent.valid() ? grow(diff_extent, 0.08) : view.full_extent();
  draw_map(d.p, view, scope, frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
  d.y += map_h + 2 * kPpm;
  auto row_cells = [&](const layers::CompareRow& r, const QString& label) {
    return std::vector<QString>{label, q(fmt_num(r.poor_households)), q(fmt_num(r.covered_poor_a)), q(fmt_num(r.covered_poor_b)),
                                q(fmt_num(r.diff_covered_poor)), q(fmt_num(r.diff_covered_households)),
                                q(fmt_num(r.access_a, 1)) + " / " + q(fmt_num(r.access_b, 1)), q(fmt_num(r.diff_access, 1))};
  };
  const std::vector<QString> head{tr("Unit"), tr("Poor households"), tr("Poor covered A"), tr("Poor covered B"),
                                  tr("Poor covered B - A"), tr("Households covered B - A"),
                                  tr("Mean access A / B (%1)").arg(q(diff.access_unit)), tr("Access B - A")};
  const std::vector<double> widths{34, 18, 18, 18, 18, 20, 26, 16};
  d.heading(tr("Total"));
  d.table(head, widths, {row_cells(diff.total, tr("Total"))}, 7);
  d.heading(tr("Districts"));
  std::vector<std::vector<QString>> rows;
  for (const auto& r : diff.districts) rows.push_back(row_cells(r, q(r.name) + " (" + q(r.code) + ")"));
  d.table(head, widths, rows, 6.5);
  for (const auto* sc : {&o.compare_a, &o.compare_b}) {
    if (sc->find(':') != std::string::npos) continue;  // a PWP scenario "before" the works costs nothing
    try {
      const auto t = layers::load_cost_table(project, *sc);
      d.heading(tr("Cost of %1").arg(q(*sc)));
      cost_section(d, t);
    } catch (const gis::Error& e) {
      d.text(tr("No cost table for %1: %2").arg(q(*sc), q(e.what())), rfont(7), kGrey);
    }
  }
  if (!diff.notes.empty()) {
    QString n;
    for (const auto& x : diff.notes) n += (n.isEmpty() ? "" : ". ") + q(x);
    d.text(n, rfont(6.5), kGrey);
  }
  d.finish();
  res.pages = d.pages;
  res.units = {o.compare_a, o.compare_b};
  return res;
}

}  // namespace swsplan::report
