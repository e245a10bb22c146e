// swsplan-gui [PROJECT.gpkg]: the desktop app.
#include <QApplication>
#include <QFont>

#include "app/gui/main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("swsplan-gui");
  QApplication::setOrganizationName("swsplan");
  // Latin UI font first, Khmer fonts as per-glyph fallback (HarfBuzz shapes the clusters).
  QFont f = QApplication::font();
  f.setFamilies({"Noto Sans", "DejaVu Sans", "Noto Sans Khmer", "Khmer OS System"});
  QApplication::setFont(f);
  swsplan::gui::MainWindow w;
  w.show();
  const QStringList args = QApplication::arguments();
  if (args.size() > 1) w.open_project(args.at(1));
  return QApplication::exec();
}
