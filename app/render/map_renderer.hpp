#pragma once
/// @file The map renderer, independent of any widget: it draws a value-type snapshot of the
/// view (MapView) into a QImage or onto any QPainter (PDF through QPdfWriter). Each layer is
/// drawn by its own job on a worker thread (QtConcurrent) into its own image; the calling
/// (GUI) thread composes them and places labels. A newer view cancels the older job through a
/// gis::CancelToken. The canvas (map_canvas.hpp) and `swsplan map` (map_export.hpp) are two
/// clients of this one renderer.
#include <QColor>
#include <QFont>
#include <QImage>
#include <QObject>
#include <QPainterPath>
#include <QPointF>
#include <QSize>
#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/render/prepared_layer.hpp"
#include "app/render/style.hpp"
#include "gis/core/progress.hpp"

class QPainter;

namespace swsplan::gui {

/// One layer of the view: shared immutable data + its style (a value).
struct MapLayer {
  std::shared_ptr<const PreparedLayer> data;
  LayerStyle style;
  bool visible = true;
  /// Bumped by the owner whenever the style changes: cached layer images are keyed on it.
  std::uint64_t revision = 0;
  std::string name() const { return data ? data->name : std::string(); }
};

/// A value-type snapshot of what to draw: copied into each job, never shared mutable.
struct MapView {
  std::string crs = "EPSG:32648";    ///< map CRS (metres); all layers are prepared in it
  double center_x = 0, center_y = 0; ///< map CRS
  double mpp = 100;                  ///< metres per device pixel
  QSize size{800, 600};              ///< device pixels
  double dpi = 96;                   ///< device resolution: symbol mm -> px, scale denominator
  QColor background{250, 250, 247};
  bool labels = true;
  std::vector<MapLayer> layers;      ///< bottom first

  gis::Extent extent() const;
  /// 1 : scale_denominator at `dpi`.
  double scale_denominator() const { return mpp * dpi / 0.0254; }
  double mm_to_px(double mm) const { return mm * dpi / 25.4; }
  QPointF to_px(double x, double y) const {
    return {(x - center_x) / mpp + size.width() / 2.0, (center_y - y) / mpp + size.height() / 2.0};
  }
  std::pair<double, double> to_map(QPointF px) const {
    return {center_x + (px.x() - size.width() / 2.0) * mpp, center_y - (px.y() - size.height() / 2.0) * mpp};
  }
  /// Same geometry (extent, size, dpi, crs): cached layer images remain valid.
  bool same_geometry(const MapView& o) const;
  /// Centres `e` (map CRS) in the view with a margin of `margin_0_1` on each side.
  void zoom_to(const gis::Extent& e, double margin_0_1 = 0.03);
  /// Union of the extents of the visible (or all) layers.
  gis::Extent full_extent(bool visible_only = true) const;
  const MapLayer* find(const std::string& name) const;
  MapLayer* find(const std::string& name);
};

/// A label a layer job proposes; placed (or dropped on collision) when composing.
struct LabelCandidate {
  QString text;      ///< one or two lines (Khmer above English)
  QPointF anchor;    ///< device px
  double offset_px = 0;  ///< points: text goes to the right of the symbol by this much
  int priority = 0;      ///< higher first (layer order: upper layers win)
  double font_pt = 8;
  bool bold = false;
};

/// What one layer job produced.
struct LayerImage {
  std::string layer;
  std::uint64_t revision = 0;
  QImage image;                       ///< transparent, view size
  std::vector<LabelCandidate> labels;
  std::size_t drawn = 0;              ///< features drawn after culling
  std::size_t vertices = 0;           ///< vertices emitted after simplification
  double ms = 0;
  QString error;                      ///< non-empty when the job failed (others still drawn)
};

/// The font family list used for map text: Latin first, then Khmer fonts (Qt falls back per
/// glyph, HarfBuzz shapes Khmer clusters).
QFont map_font(double point_size, bool bold = false);
/// For the command-line programs that draw (`swsplan map`, `swsplan report`, swsplan-map):
/// Qt's messages go to stderr except its debug and info output and two notes that are not for
/// planners: "OpenType support missing for <Latin font>, script N" (printed when Khmer is
/// shaped; Qt falls back, as intended, to Noto Sans Khmer / Khmer OS) and the offscreen
/// platform's "QStandardPaths: XDG_RUNTIME_DIR not set". Process-wide.
void quiet_qt_notes();

/// Path of feature f in device px, skipping vertices closer than `min_px` to the previous
/// kept vertex (per-zoom simplification). Polygons use odd-even fill (holes).
QPainterPath feature_path(const PreparedLayer& layer, std::size_t f, const MapView& view, double min_px,
                          std::size_t* vertices = nullptr);

/// Draws one layer onto `p` (any thread, any device) and collects its label candidates.
/// Checks `cancel` between features; returns early when set.
void paint_layer(QPainter& p, const MapView& view, const MapLayer& layer, const gis::CancelToken* cancel,
                 LayerImage& out, int priority);

/// One layer job: a transparent view-sized image with the layer drawn.
LayerImage render_layer(const MapView& view, const MapLayer& layer, const gis::CancelToken* cancel, int priority);

/// Draws a point symbol centred at `c` (device px).
void draw_marker(QPainter& p, const Symbol& s, QPointF c, double px_per_mm);
/// Draws a legend swatch for `s` of kind `kind` into `r`.
void draw_swatch(QPainter& p, const Symbol& s, gis::GeometryKind kind, const QRectF& r, double px_per_mm);

/// Places labels greedily by priority, skipping any that would overlap a placed one.
/// Returns how many were drawn.
std::size_t draw_labels(QPainter& p, const MapView& view, std::vector<LabelCandidate> labels);

/// Background + layer images in order + labels.
QImage compose(const MapView& view, const std::vector<LayerImage>& layers);

/// Statistics of a synchronous render.
struct RenderStats {
  double total_ms = 0, compose_ms = 0;
  std::vector<LayerImage> layers;  ///< images released; counts and times kept
};

/// Renders the whole view: every visible layer in parallel on the global thread pool, then
/// composes on the calling thread. Must not be called from a pool thread.
QImage render_map(const MapView& view, const gis::CancelToken* cancel = nullptr, RenderStats* stats = nullptr);

/// Vector output: draws the layers one after another straight onto `p` (e.g. a QPdfWriter
/// painter whose device is view.size at view.dpi) and the labels on top.
void render_map_to(QPainter& p, const MapView& view);

/// Asynchronous rendering for the canvas. start() cancels a running job, reuses cached layer
/// images whose view geometry and style revision are unchanged, runs the others on worker
/// threads and emits finished() on the owner's thread once all are in.
class MapRenderJob : public QObject {
  Q_OBJECT
 public:
  explicit MapRenderJob(QObject* parent = nullptr);
  ~MapRenderJob() override;
  void start(const MapView& view);
  void cancel();
  bool running() const { return pending_ > 0; }
  /// Drops all cached layer images (e.g. after the project changed).
  void clear_cache();

 signals:
  /// The composed map of `view`; `ms` is wall time from start(); `reused` layers came from cache.
  void finished(const QImage& image, double ms, int rendered, int reused);

 private:
  void layer_done(std::uint64_t generation, std::size_t slot, LayerImage img);
  struct Running;
  std::unique_ptr<Running> run_;
  std::uint64_t generation_ = 0;
  int pending_ = 0;
  std::map<std::string, LayerImage> cache_;  ///< layer name -> image of cache_view_
  MapView cache_view_;
};

}  // namespace swsplan::gui
