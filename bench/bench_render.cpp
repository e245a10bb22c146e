// bench_render: map rendering figures for the desktop app and `swsplan map`.
//   bench_render PROJECT.gpkg [WIDTHxHEIGHT] [REPEATS]
// Renders communes + villages + facilities at full extent (first render, cold caches) and
// measures the canvas' pan path: drawing the cached composed image shifted by a few pixels
// per frame (what MapCanvas::paintEvent does while a new render runs). Budgets from issue 6:
// first full-extent render < 200 ms, pan frame from cache < 16 ms. Figures printed as
// ratios against those budgets; run on an idle machine for stable numbers.
#if __has_include("app/render/map_renderer.hpp") && __has_include(<QGuiApplication>)
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPainter>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/render/map_renderer.hpp"
#include "app/render/project_layers.hpp"

using namespace swsplan::gui;

namespace {
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_render PROJECT.gpkg [WIDTHxHEIGHT] [REPEATS]\n");
    return 2;
  }
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  int w = 1600, h = 1000, repeats = 7;
  if (argc > 2) std::sscanf(argv[2], "%dx%d", &w, &h);
  if (argc > 3) repeats = std::max(1, std::atoi(argv[3]));

  QElapsedTimer t;
  t.start();
  const auto project = load_project(argv[1], {"communes", "villages", "facilities"});
  const double load_ms = double(t.nsecsElapsed()) / 1e6;
  std::size_t vertices = 0, features = 0;
  for (const auto& l : project.layers) vertices += l.data->data.geom.xs.size(), features += l.data->size();
  std::printf("project %s: %zu layers, %zu features, %zu vertices; load+reproject+index %.0f ms\n", argv[1],
              project.layers.size(), features, vertices, load_ms);

  MapView view;
  view.crs = project.map_crs;
  view.layers = project.layers;
  view.size = QSize(w, h);
  view.zoom_to(view.full_extent(), 0.03);

  // First full-extent render (includes the first use of fonts and the thread pool).
  RenderStats first;
  render_map(view, nullptr, &first);
  std::printf("first full-extent render %dx%d: %.1f ms (compose+labels %.1f ms)\n", w, h, first.total_ms, first.compose_ms);
  for (const auto& l : first.layers)
    std::printf("  %-12s %6zu features drawn, %8zu vertices emitted, %6.1f ms (worker)\n", l.layer.c_str(), l.drawn,
                l.vertices, l.ms);
  std::vector<double> full;
  for (int i = 0; i < repeats; ++i) {
    RenderStats s;
    render_map(view, nullptr, &s);
    full.push_back(s.total_ms);
  }
  const double full_med = median(full);
  std::printf("full-extent render, median of %d: %.1f ms  (%.2f x the 200 ms budget)\n", repeats, full_med, full_med / 200.0);

  // Zoomed to a province-sized window (culling + less simplification).
  MapView zoomed = view;
  zoomed.mpp = view.mpp / 8;
  std::vector<double> zt;
  for (int i = 0; i < repeats; ++i) {
    RenderStats s;
    render_map(zoomed, nullptr, &s);
    zt.push_back(s.total_ms);
  }
  std::printf("render zoomed x8 (1:%.0f), median: %.1f ms\n", zoomed.scale_denominator(), median(zt));

  // Pan from cache: the canvas draws the cached image shifted into a frame.
  const QImage cached = render_map(view);
  QImage frame(view.size, QImage::Format_ARGB32_Premultiplied);
  std::vector<double> frames;
  for (int i = 0; i < 240; ++i) {
    QElapsedTimer f;
    f.start();
    QPainter p(&frame);
    p.fillRect(frame.rect(), view.background);
    p.drawImage(QPointF(3.0 * (i % 60), 2.0 * (i % 60)), cached);  // MapCanvas::paintEvent: unscaled draw
    p.end();
    frames.push_back(double(f.nsecsElapsed()) / 1e6);
  }
  const double pan_med = median(frames), pan_max = *std::max_element(frames.begin(), frames.end());
  std::printf("pan frame from cache: median %.2f ms, max %.2f ms  (%.3f x the 16 ms budget)\n", pan_med, pan_max,
              pan_med / 16.0);
  return 0;
}
#else
#include <cstdio>
int main() {
  std::puts("bench_render: built without the renderer (SWSPLAN_BUILD_GUI=OFF or not linked)");
  return 0;
}
#endif
