// swsplan-gui [PROJECT.gpkg] [--screenshot FILE]: the desktop app.
#include <QApplication>
#include <QCommandLineParser>
#include <QDialog>
#include <QEventLoop>
#include <QFont>
#include <QMessageBox>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "app/gui/main_window.hpp"
#include "app/gui/map_canvas.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("swsplan-gui");
  QApplication::setOrganizationName("swsplan");
  QApplication::setApplicationVersion(QString::fromUtf8(swsplan::kVersion));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "swsplan-gui: the desktop app of swsplan. Map of a project's communes, villages, facilities and gap "
      "classes; runs the gap analysis, office siting, PWP road scenarios and costs from the Analysis menu.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("project", "Project GeoPackage to open (e.g. one written by `swsplan sample`)",
                               "[PROJECT.gpkg]");
  const QCommandLineOption screenshot(
      "screenshot", "Open PROJECT, save the window as an image (PNG by the file's extension) and quit.", "FILE");
  parser.addOption(screenshot);
  parser.process(app);
  const QStringList args = parser.positionalArguments();

  // Latin UI font first, Khmer fonts as per-glyph fallback (HarfBuzz shapes the clusters).
  QFont f = QApplication::font();
  f.setFamilies({"Noto Sans", "DejaVu Sans", "Noto Sans Khmer", "Khmer OS System"});
  QApplication::setFont(f);
  swsplan::gui::MainWindow w;

  if (parser.isSet(screenshot)) {
    // Loads on this thread so the image shows the project's layers, not a loading state.
    if (args.isEmpty()) {
      std::fprintf(stderr, "swsplan-gui: --screenshot needs a PROJECT.gpkg to open\n");
      return 2;
    }
    // Nobody is there to close a message box (e.g. "Cannot open project"): say it on stderr
    // and close it, so a bad project fails instead of hanging.
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [] {
      if (auto* d = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
        if (auto* box = qobject_cast<QMessageBox*>(d)) std::fprintf(stderr, "swsplan-gui: %s\n", qPrintable(box->text()));
        d->reject();
      }
    });
    closer.start(100);
    w.resize(1280, 800);
    w.show();
    if (!w.open_project(args.at(0), true)) return 1;
    // The canvas renders on a worker: wait for its first finished frame (at most 30 s), or
    // the image shows an empty map beside a full layer tree.
    {
      QEventLoop loop;
      bool drawn = false;
      QObject::connect(w.canvas(), &swsplan::gui::MapCanvas::rendered, &loop, [&] {
        drawn = true;
        loop.quit();
      });
      QTimer::singleShot(30000, &loop, &QEventLoop::quit);
      w.canvas()->refresh();
      if (!drawn) loop.exec();
      if (!drawn) {
        std::fprintf(stderr, "swsplan-gui: the map was not drawn within 30 s; no screenshot written\n");
        return 1;
      }
    }
    QApplication::processEvents();
    const QString file = parser.value(screenshot);
    if (!w.grab().save(file)) {
      std::fprintf(stderr, "swsplan-gui: could not write the screenshot %s\n", qPrintable(file));
      return 1;
    }
    return 0;
  }
  w.show();
  if (!args.isEmpty()) w.open_project(args.at(0));
  return QApplication::exec();
}
