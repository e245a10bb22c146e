#include "app/render/map_export.hpp"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTranslator>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/render/project_layers.hpp"
#include "gis/core/error.hpp"

namespace swsplan::gui {

namespace {
std::string lower_ext(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return e;
}
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= s.size()) {
    auto e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}
}  // namespace

PageDecor page_decor(const LoadedProject& project, const MapView& view, const QString& title, const QString& subtitle) {
  PageDecor d;
  d.title = !title.isEmpty()           ? title
            : !project.name.empty()    ? QString::fromStdString(project.name)
                                       : QString::fromStdString(std::filesystem::path(project.path).stem().string());
  d.subtitle = subtitle;
  // Default subtitle: the map's theme, the top classified area layer drawn (e.g. "Gap:
  // Health centre"); none on a reference map (facility types are not a theme).
  for (auto it = view.layers.rbegin(); d.subtitle.isEmpty() && it != view.layers.rend(); ++it)
    if (it->visible && it->data && it->style.kind != StyleKind::Single && it->data->kind() == gis::GeometryKind::Polygon)
      d.subtitle = layer_title(*it);
  QString a = legend_tr("Data") + ": " +
              QString::fromStdString(project.attribution.empty() ? std::filesystem::path(project.path).filename().string()
                                                                 : project.attribution) +
              ". ";
  if (project.synthetic) a += legend_tr("Synthetic demo data, not real.") + " ";
  d.attribution = a + QString::fromStdString("Map: swsplan, " + project.map_crs + ".");
  return d;
}

void require_output_folder(const std::string& out) {
  const auto dir = std::filesystem::absolute(std::filesystem::path(out)).parent_path();
  std::error_code ec;
  const auto st = std::filesystem::status(dir, ec);
  if (!std::filesystem::exists(st))
    throw gis::Error("cannot write " + out + ": the folder " + dir.string() + " does not exist");
  if (!std::filesystem::is_directory(st)) throw gis::Error("cannot write " + out + ": " + dir.string() + " is not a folder");
}

void export_view(const MapView& view, const PageDecor& decor, const std::string& out, const QSize& page, double dpi) {
  const std::string ext = lower_ext(out);
  if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".pdf") require_output_folder(out);
  if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") {
    QImage img(page, QImage::Format_ARGB32_Premultiplied);
    img.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
    img.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
    {
      QPainter p(&img);
      draw_page(p, view, page, dpi, decor, false);
    }
    const std::string tmp = out + ".tmp" + ext;
    QImageWriter w(QString::fromStdString(tmp));
    if (!w.write(img.convertToFormat(QImage::Format_RGB32)))
      throw gis::Error("cannot write " + out + ": " + w.errorString().toStdString());
    std::filesystem::rename(tmp, out);
  } else if (ext == ".pdf") {
    const std::string tmp = out + ".tmp.pdf";
    {
      QPdfWriter w(QString::fromStdString(tmp));
      w.setResolution(int(dpi));
      w.setPageSize(QPageSize(QSizeF(page.width() / dpi * 25.4, page.height() / dpi * 25.4), QPageSize::Millimeter));
      w.setPageMargins(QMarginsF(0, 0, 0, 0));
      w.setTitle(decor.title);
      w.setCreator("swsplan");
      QPainter p(&w);
      if (!p.isActive()) throw gis::Error("cannot write " + out);
      draw_page(p, view, page, dpi, decor, true);
    }
    std::filesystem::rename(tmp, out);
  } else {
    throw gis::UsageError("map output '" + out + "' must end in .png or .pdf");
  }
}

int export_map(const MapExportOptions& o) {
  try {
    if (o.out.empty()) throw gis::UsageError("--out is required (map.png or map.pdf)");
    if (o.width < 100 || o.height < 100 || o.dpi < 30 || o.dpi > 1200)
      throw gis::UsageError("--width/--height must be >= 100 px and --dpi within 30..1200");
    const std::string ext = lower_ext(o.out);
    if (ext != ".png" && ext != ".pdf" && ext != ".jpg" && ext != ".jpeg")
      throw gis::UsageError("map output '" + o.out + "' must end in .png or .pdf");
    if (o.language != "en" && o.language != "km") throw gis::UsageError("--lang must be en or km, not '" + o.language + "'");
    require_output_folder(o.out);
    // The legend, the furniture and the default title's words in the page's language.
    QTranslator translator;
    if (o.language == "km") {
      if (!translator.load(":/i18n/swsplan_km.qm")) throw gis::Error("the Khmer translation is missing from this build");
      QCoreApplication::installTranslator(&translator);
    }
    struct Uninstall {
      QTranslator* t;
      ~Uninstall() { QCoreApplication::removeTranslator(t); }
    } uninstall{&translator};
    auto project = load_project(o.project, o.layers);
    // Without an explicit layer list the page shows what the desktop app opens with: the
    // decluttered defaults, then the map state saved in the project (File > Save project).
    if (o.layers.empty()) {
      apply_default_visibility(project);
      apply_saved_map(project);
    }
    for (const auto& w : project.warnings)
      if (!o.quiet) std::cerr << "swsplan map: warning: " << w << "\n";
    if (project.layers.empty()) throw gis::UsageError("nothing to draw: none of the requested layers is in " + o.project);
    MapView view;
    view.crs = project.map_crs;
    view.layers = project.layers;
    view.size = QSize(o.width, o.height);
    view.dpi = o.dpi;
    gis::Extent e{1, 1, 0, 0};
    for (const auto& l : view.layers) {
      if (o.extent_layers.empty() && !l.visible) continue;
      if (!o.extent_layers.empty() &&
          std::find(o.extent_layers.begin(), o.extent_layers.end(), l.name()) == o.extent_layers.end())
        continue;
      const auto& le = l.data->extent;
      if (!le.valid()) continue;
      e = e.valid() ? gis::Extent{std::min(e.xmin, le.xmin), std::min(e.ymin, le.ymin), std::max(e.xmax, le.xmax), std::max(e.ymax, le.ymax)}
                    : le;
    }
    view.zoom_to(e.valid() ? e : view.full_extent(), 0.03);
    PageDecor d = page_decor(project, view, QString::fromStdString(o.title), QString::fromStdString(o.subtitle));
    d.legend = o.legend;
    export_view(view, d, o.out, QSize(o.width, o.height), o.dpi);
    const auto drawn = std::count_if(view.layers.begin(), view.layers.end(), [](const MapLayer& l) { return l.visible; });
    if (!o.quiet) {
      std::cerr << "swsplan map: wrote " << o.out << " (" << drawn << " of " << view.layers.size() << " layers drawn";
      if (drawn < std::ptrdiff_t(view.layers.size())) {
        std::cerr << "; off:";
        for (const auto& l : view.layers)
          if (!l.visible) std::cerr << " " << l.name();
        std::cerr << "; --layers draws a chosen set";
      }
      std::cerr << ")\n";
    }
    return 0;
  } catch (const gis::UsageError& e) {
    std::cerr << "swsplan map: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "swsplan map: " << e.what() << "\n";
    return 1;
  }
}

int map_export_main(int argc, char** argv) {
  MapExportOptions o;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto usage = [] {
    std::cerr << "usage: swsplan-map PROJECT.gpkg --out map.png|map.pdf [--layers a,b,...] [--extent-layers a,b]\n"
                 "                    [--title TEXT] [--subtitle TEXT] [--width PX] [--height PX] [--dpi N] [--lang en|km] [--no-legend] [-q]\n";
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= args.size()) throw gis::UsageError(a + " needs a value");
      return args[++i];
    };
    try {
      if (a == "--out" || a == "-o") o.out = next();
      else if (a == "--layers") o.layers = split_list(next());
      else if (a == "--extent-layers") o.extent_layers = split_list(next());
      else if (a == "--title") o.title = next();
      else if (a == "--subtitle") o.subtitle = next();
      else if (a == "--width") o.width = std::stoi(next());
      else if (a == "--height") o.height = std::stoi(next());
      else if (a == "--dpi") o.dpi = std::stod(next());
      else if (a == "--lang") o.language = next();
      else if (a == "--no-legend") o.legend = false;
      else if (a == "-q" || a == "--quiet") o.quiet = true;
      else if (a == "-h" || a == "--help") {
        usage();
        return 0;
      } else if (!a.empty() && a[0] == '-') throw gis::UsageError("unknown option " + a);
      else if (o.project.empty()) o.project = a;
      else throw gis::UsageError("unexpected argument " + a);
    } catch (const std::logic_error&) {
      std::cerr << "swsplan map: " << a << " needs a number\n";
      return 2;
    } catch (const gis::UsageError& e) {
      std::cerr << "swsplan map: " << e.what() << "\n";
      usage();
      return 2;
    }
  }
  if (o.project.empty()) {
    usage();
    return 2;
  }
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  quiet_qt_notes();
  QGuiApplication app(argc, argv);
  return export_map(o);
}

}  // namespace swsplan::gui
