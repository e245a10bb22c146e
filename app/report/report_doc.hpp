#pragma once
/// @file What the three PDF documents of swsplan report share, internal to app/report: A4
/// pages with a running cursor and a footer on every page (Doc), the report fonts and
/// colours, class and service labels, the map with its legend, scale bar and north arrow, the
/// extent of a set of communes, the footer and cost texts. Strings are translated in the
/// context "swsplan::report" (translations/swsplan_report_km.ts).
#include <QCoreApplication>
#include <QFont>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "app/render/map_export.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/project_layers.hpp"
#include "gis/core/error.hpp"
#include "layers/services.hpp"

namespace swsplan::report::detail {

// The Khmer strings of every report file live in one context, "swsplan::report". lupdate files
// a free tr() call under its enclosing namespace, so tr() is for code inside namespace
// swsplan::report (report.cpp, report_scenario.cpp); code in swsplan::report::detail calls
// QCoreApplication::translate("swsplan::report", ...) itself.
inline QString tr(const char* s) { return QCoreApplication::translate("swsplan::report", s); }
inline QString q(const std::string& s) { return QString::fromStdString(s); }

inline constexpr double kDpi = 300;
inline constexpr double kPpm = kDpi / 25.4;  // device px per mm

inline const QColor kInk(25, 25, 25), kGrey(95, 95, 95), kRule(170, 170, 170), kHead(230, 233, 238);

/// The map font without optional shaping: Qt then leaves out Latin ligatures ("fi", "ff"),
/// so the PDF text reads and searches as typed (pdftotext, viewers); scripts that need
/// shaping, such as Khmer, keep it (QFont::PreferNoShaping).
QFont rfont(double pt, bool bold = false);

QString class_label(const std::string& cls);

QString service_name(layers::Service s);

/// The lever as printed: English in full; in Khmer the side (the detail stays in the tables).
QString lever_text(const std::string& cls, const std::string& lever, const std::string& lang);

/// Draws `view` (layers, crs) zoomed to `extent` into `frame` with a scale bar and a north
/// arrow, the legend into `legend` (when valid). Returns the view used.
gui::MapView draw_map(QPainter& p, gui::MapView view, const gis::Extent& extent, const QRectF& frame, const QRectF& legend);

gis::Extent grow(gis::Extent e, double share);

/// Extent (map CRS) of the communes of `lp` whose adm3_pcode is in `codes`, grown by 8 %;
/// the full extent of `view` when none is found (a project without those communes).
gis::Extent scope_extent(const gui::LoadedProject& lp, const gui::MapView& view, const std::set<std::string>& codes);

QString footer_text(const std::string& project_name, const std::string& path, bool synthetic, const std::string& at);

QString cost_text(double v, bool time);

/// A4 pages on a QPdfWriter with a running cursor `y` inside the body, page breaks and
/// a footer on every page.
class Doc {
 public:
  Doc(const std::string& out, const QString& title, QString footer)
      : out_(out), tmp_(out + ".tmp.pdf"), footer_(std::move(footer)) {
    if (std::filesystem::path(out).extension() != ".pdf")
      throw gis::UsageError("report output '" + out + "' must end in .pdf");
    gui::require_output_folder(out);
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
    p.drawText(f.adjusted(0, 1.2 * kPpm, 0, 0), Qt::AlignRight | Qt::AlignTop, QCoreApplication::translate("swsplan::report", "page %1").arg(pages));
  }

  std::string out_, tmp_;
  QString footer_;
  std::unique_ptr<QPdfWriter> writer_;
  QSizeF page_;
  bool done_ = false;
};

}  // namespace swsplan::report::detail
