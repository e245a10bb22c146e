#pragma once
/// @file Map furniture shared by exports and the GUI legend: legend (with the square 2x2
/// legend for gap classes), scale bar, north arrow, title and attribution, and the page
/// layout of an exported map.
#include <QRectF>
#include <QString>

#include "app/render/map_renderer.hpp"

class QPainter;

namespace swsplan::gui {

/// Translated legend / map text (context "Legend"): English unless a translator is installed.
QString legend_tr(const QString& english);

/// Draws the legend of the visible layers (top layer first) inside `area`; returns the
/// height used. `ppm`: device px per millimetre.
double draw_legend(QPainter& p, const MapView& view, const QRectF& area, double ppm);
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

/// Lays out a page of `page` px at `dpi`: title band, map frame, legend column, scale bar,
/// north arrow, attribution. `view` gives layers/centre; its size and mpp are adapted to the
/// map frame so the same ground extent shows. Draws onto `p` (QImage or QPdfWriter).
void draw_page(QPainter& p, MapView view, const QSize& page, double dpi, const PageDecor& decor, bool vector_output);

}  // namespace swsplan::gui
