#pragma once
// Helpers of the GUI tests that drive the analysis dialogs through the real main window:
// fresh project copies, waiting for a dialog's job, Run and wait for the result layers,
// finding an action by its text and clicking the map.
#include <QAction>
#include <QCoreApplication>
#include <QEventLoop>
#include <QMouseEvent>
#include <QPushButton>
#include <QTimer>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/main_window.hpp"
#include "gui/gui_support.hpp"

namespace swsplan::gui::test {

inline std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A fresh copy of the sample project (the sample itself is never written).
inline std::string project_copy(const std::string& name) {
  const auto p = test::artefact(name);
  std::filesystem::remove(p);
  std::filesystem::copy_file(test::sample_project(), p);
  return p;
}

/// Waits until the dialog's job reports finished; returns {ok, cancelled}.
inline std::pair<bool, bool> wait_job(JobDialog& d, int timeout_ms = 300000) {
  bool done = false, ok = false, cancelled = false;
  QEventLoop loop;
  auto c = QObject::connect(d.job(), &AnalysisJob::finished, &loop, [&](bool o, bool cx, const QString&) {
    done = true, ok = o, cancelled = cx;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  if (!done) loop.exec();
  QObject::disconnect(c);
  REQUIRE(done);
  return {ok, cancelled};
}

/// Clicks Run and waits until the job failed / was cancelled, or succeeded and the main
/// window shows its result layers (read on a worker thread after the run).
struct RunOutcome {
  bool ok = false, cancelled = false, shown = false;
  bool running_after_click = false, run_disabled_while_running = false;
};
inline RunOutcome run_and_wait(JobDialog& d, MainWindow& w, int timeout_ms = 300000) {
  RunOutcome o;
  bool done = false, timed_out = false;
  QEventLoop loop;
  auto c1 = QObject::connect(d.job(), &AnalysisJob::finished, &loop, [&](bool ok, bool cx, const QString&) {
    done = true, o.ok = ok, o.cancelled = cx;
    loop.quit();
  });
  auto c2 = QObject::connect(&w, &MainWindow::results_shown, &loop, [&](const QString& l) {
    o.shown = !l.isEmpty();
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, [&] {
    timed_out = true;
    loop.quit();
  });
  d.run_button()->click();  // the real button: the work goes to a worker thread
  o.running_after_click = d.job()->running();
  o.run_disabled_while_running = !d.run_button()->isEnabled();
  while (!timed_out && !(done && (!o.ok || o.shown))) loop.exec();
  QObject::disconnect(c1);
  QObject::disconnect(c2);
  REQUIRE(done);
  return o;
}

inline QAction* action(MainWindow& w, const QString& text) {
  for (auto* a : w.findChildren<QAction*>())
    if (a->text() == text) return a;
  return nullptr;
}

/// Left click on the canvas at a map point (map CRS).
inline void click_map(MapCanvas& c, double x, double y) {
  const QPointF px = c.view().to_px(x, y);
  const QPointF g = c.mapToGlobal(px);
  QMouseEvent press(QEvent::MouseButtonPress, px, g, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
  QMouseEvent release(QEvent::MouseButtonRelease, px, g, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&c, &press);
  QCoreApplication::sendEvent(&c, &release);
}

}  // namespace swsplan::gui::test
