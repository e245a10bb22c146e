#pragma once
/// @file The map widget: one client of MapRenderer. It keeps the last composed image and the
/// view it was drawn for; panning and zooming move/scale that image at once (no rendering on
/// the GUI thread) while a MapRenderJob draws the new view on worker threads.
#include <QImage>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/render/map_renderer.hpp"

namespace swsplan::gis {
class Transformer;
}

namespace swsplan::gui {

/// One feature found by identify.
struct IdentifyHit {
  std::string layer;
  std::uint32_t feature = 0;  ///< row in the layer
};

/// Area of the polygon closed by `ring` (map CRS in metres; first corner not repeated), m².
double polygon_area_m2(const std::vector<std::pair<double, double>>& ring);
/// Length around `ring` back to its first corner (two corners: their distance), m.
double ring_perimeter_m(const std::vector<std::pair<double, double>>& ring);

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  /// DrawLine: click vertices, double-click or Enter finishes (line_drawn), Esc cancels.
  /// MeasureArea: click the corners of a polygon, double-click finishes (measured_area).
  enum class Tool { Pan, ZoomIn, ZoomOut, Identify, Measure, SelectRect, Place, DrawLine, MeasureArea };

  explicit MapCanvas(QWidget* parent = nullptr);
  ~MapCanvas() override;

  /// Replaces all layers (bottom first) drawn in `crs`; zooms to their extent.
  void set_layers(std::vector<MapLayer> layers, const std::string& crs);
  const MapView& view() const { return view_; }
  const MapLayer* layer(const std::string& name) const { return view_.find(name); }
  void set_layer_visible(const std::string& name, bool visible);
  void set_layer_style(const std::string& name, const LayerStyle& style);
  /// Replaces one layer's data (e.g. gap_communes recomputed), adding it on top if new.
  void replace_layer(MapLayer layer);
  /// Takes a layer off the map (e.g. one added from a file). False when there is none of that name.
  bool remove_layer(const std::string& name);
  /// New order, top layer first (as shown in the layer tree).
  void set_order_top_first(const std::vector<std::string>& names);

  void set_tool(Tool t);
  Tool tool() const { return tool_; }
  void zoom_full();
  void zoom_to_layer(const std::string& name);
  void zoom_to_extent(const gis::Extent& e);
  /// Zooms by `factor` (>1 in) keeping the map point under `anchor_px` fixed.
  void zoom_by(double factor, QPointF anchor_px);
  void pan_by_px(QPointF delta);
  /// Starts a render of the current view now (tests: then wait for rendered()).
  void refresh();
  /// The image currently shown (the last finished render).
  const QImage& image() const { return image_; }
  bool rendering() const { return job_.running() || debounce_.isActive(); }

  /// Features under a map point (map CRS), topmost layer first, visible layers only.
  std::vector<IdentifyHit> identify(double x, double y) const;
  /// The hit identify selects: the active layer's, else the topmost; null when none.
  const IdentifyHit* preferred_hit(const std::vector<IdentifyHit>& hits) const;
  /// Layer used by rectangle selection (and linked to the attribute table).
  void set_active_layer(const std::string& name) { active_layer_ = name; }
  const std::string& active_layer() const { return active_layer_; }
  void set_selection(const std::string& layer, std::vector<std::uint32_t> features);
  const std::vector<std::uint32_t>& selection() const { return selection_; }
  const std::string& selection_layer() const { return selection_layer_; }
  /// Tool::Measure / MeasureArea: the vertices clicked (map CRS).
  const std::vector<std::pair<double, double>>& measure_vertices() const { return measure_; }
  /// Tool::DrawLine: the vertices clicked so far (map CRS); empty when not drawing.
  const std::vector<std::pair<double, double>>& draw_vertices() const { return draw_; }

 signals:
  void cursor_moved(double lon, double lat, double easting, double northing);
  void view_changed(double scale_denominator);
  void rendered(double ms, int layers_rendered, int layers_reused);
  void identified(const std::vector<swsplan::gui::IdentifyHit>& hits);
  void selection_changed(const std::string& layer, const std::vector<std::uint32_t>& features);
  void measured(double metres, bool finished);
  /// Tool::MeasureArea: the polygon clicked so far (closed back to its first corner, the
  /// cursor as the next corner until finished): area in m² and perimeter in m, both in the
  /// metric map CRS (EPSG:32648 for Cambodia).
  void measured_area(double square_metres, double perimeter_m, bool finished);
  /// Tool::Place: a click at map point (x, y) (map CRS); `tolerance_m` = a few pixels on the ground.
  void map_clicked(double x, double y, double tolerance_m);
  /// Tool::DrawLine finished: the line's vertices (map CRS, at least two distinct).
  void line_drawn(const std::vector<std::pair<double, double>>& vertices);
  /// Tool::DrawLine: a vertex was added (count) or the drawing was cancelled (0).
  void drawing_changed(int vertices);

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void keyPressEvent(QKeyEvent*) override;

 private:
  void schedule_render();
  void finish_drawing();
  void on_rendered(const QImage& img, double ms, int rendered, int reused);
  double measure_length() const;
  /// The measured vertices, plus the cursor while still measuring.
  std::vector<std::pair<double, double>> measure_points() const;
  void emit_measure(bool finished);

  MapView view_;
  QImage image_;
  MapView image_view_;
  MapView started_view_;  ///< view of the running job
  MapRenderJob job_;
  QTimer debounce_;
  Tool tool_ = Tool::Pan;
  std::uint64_t revision_counter_ = 1;
  // interaction state
  std::optional<QPointF> press_px_, last_px_;
  QPointF cursor_px_;
  std::vector<std::pair<double, double>> measure_;  ///< map CRS
  bool measure_done_ = false;
  std::vector<std::pair<double, double>> draw_;  ///< map CRS, Tool::DrawLine
  std::string active_layer_, selection_layer_;
  std::vector<std::uint32_t> selection_;
  std::unique_ptr<gis::Transformer> to_lonlat_;
};

}  // namespace swsplan::gui
