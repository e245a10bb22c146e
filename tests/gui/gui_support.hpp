#pragma once
// Shared helpers of the GUI tests: one QApplication (offscreen), the sample project, an
// artefact folder under the build dir, and waiting for the canvas to finish rendering.
#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QTimer>
#include <chrono>
#include <filesystem>
#include <string>

#include "app/gui/map_canvas.hpp"

namespace swsplan::gui::test {

inline QApplication& app() {
  static int argc = 1;
  static char name[] = "test_gui";
  static char* argv[] = {name, nullptr};
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Never destroyed: a static QApplication would be torn down after Qt's own global statics
  // at exit and crash there.
  static QApplication* a = new QApplication(argc, argv);
  return *a;
}

inline std::string sample_project() { return std::string(SWSPLAN_SOURCE_DIR) + "/sample-maps/demo_province.gpkg"; }

/// Screenshots and exports the tests write, kept for people to look at.
inline std::string artefact(const std::string& name) {
  const auto dir = std::filesystem::path(SWSPLAN_BINARY_DIR) / "test-artifacts" / "gui";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

/// Starts a render now and waits (event loop running) until the canvas shows it.
inline bool render_and_wait(MapCanvas& c, int timeout_ms = 20000) {
  QEventLoop loop;
  bool done = false;
  auto conn = QObject::connect(&c, &MapCanvas::rendered, &loop, [&] {
    done = true;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  c.refresh();
  if (!done) loop.exec();
  QObject::disconnect(conn);
  return done;
}

/// Runs the event loop until `done` or the timeout.
template <typename F>
inline bool wait_until(F done, int timeout_ms = 30000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done() && std::chrono::steady_clock::now() < end) QApplication::processEvents(QEventLoop::AllEvents, 50);
  return done();
}

inline bool close_colour(QColor a, QColor b, int tol = 6) {
  return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol && std::abs(a.blue() - b.blue()) <= tol;
}

}  // namespace swsplan::gui::test
