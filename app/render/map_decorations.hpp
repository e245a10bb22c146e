#pragma once
/// @file Map furniture shared by exports and the GUI legend: legend (with the square 2x2
/// legend for gap classes), scale bar, north arrow, title and attribution, and the page
/// layout of an exported map.
#include <QFont>
#include <QRectF>
#include <QString>

#include "app/render/map_renderer.hpp"

class QPainter;

namespace swsplan::gui {

/// Translated legend / map text (context "Legend"): English unless a translator is installed.
QString legend_tr(const QString& english);

/// A layer's legend title in the current language ("Gap: Health centre").
QString layer_title(const MapLayer& layer);

/// Draws the legend of the visible layers (top layer first) inside `area`; returns the
/// height used. `ppm`: device px per millimetre; `scale` shrinks text and swatches alike
/// (a page legend that would not fit otherwise).
double draw_legend(QPainter& p, const MapView& view, const QRectF& area, double ppm, double scale = 1.0);
/// The legend in `columns` (1 to 3) columns of `area`, 4 mm apart: each layer's block whole,
/// the blocks in order, split so that the tallest column is as short as possible. Returns the
/// height of the tallest column; with `draw` false it only measures.
double legend_columns(QPainter& p, const MapView& view, const QRectF& area, double ppm, int columns, bool draw = true,
                      double scale = 1.0);
/// The legend drawn on a transparent image `width_px` wide, cropped to its height.
QImage legend_image(const MapView& view, int width_px, double dpi = 96);

/// Scale bar (metres, nice round length) with its bottom-left corner at `bottom_left`.
void draw_scale_bar(QPainter& p, const MapView& view, QPointF bottom_left, double ppm);
/// North arrow centred at `c`, `height_px` tall (the map CRS is UTM: grid north, within 1
/// degree of true north over Cambodia).
void draw_north_arrow(QPainter& p, QPointF c, double height_px);

/// What goes around the map on an exported page.
struct PageDecor {
  QString title;
  QString subtitle;      ///< e.g. scale and CRS
  QString attribution;   ///< data sources
  bool legend = true;
};

/// Where everything goes on an exported page: fonts shrink (title, footer) and the legend
/// shrinks or takes more columns until everything fits; nothing is cut off.
struct PageLayout {
  QRectF frame, legend, footer;  ///< legend invalid when there is none
  QString title, subtitle;       ///< elided only if they do not fit at the smallest size
  QFont title_font, subtitle_font, footer_font, legend_heading;
  double footer_h = 0;
  int legend_cols = 1;
  double legend_scale = 1;
  bool legend_fits = true;       ///< false: even three columns at 60 % are too tall
};
PageLayout page_layout(QPainter& p, const MapView& view, const QSize& page, double dpi, const PageDecor& decor);

/// Lays out a page of `page` px at `dpi`: title band, map frame, legend column, scale bar,
/// north arrow, attribution. `view` gives layers/centre; its size and mpp are adapted to the
/// map frame so the same ground extent shows. Draws onto `p` (QImage or QPdfWriter).
void draw_page(QPainter& p, MapView view, const QSize& page, double dpi, const PageDecor& decor, bool vector_output);

}  // namespace swsplan::gui
