// The main window's layers added from files (File > Add data layer..., drag and drop, Layer >
// Remove layer) and their return when a project with them in its saved map state is opened.
// Reading and preparing runs on a worker thread (added_layers.hpp); the files are only read.
#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTreeWidget>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <filesystem>

#include "app/render/added_layers.hpp"
#include "app/gui/future_result.hpp"
#include "app/gui/main_window.hpp"
#include "gis/io/vector.hpp"

namespace swsplan::gui {

namespace {
/// What one read on the worker gave: the layers, or the error.
struct AddedRead {
  std::vector<AddedLayer> layers;
  std::string error;
};
}  // namespace

void MainWindow::build_added_layers_ui() {
  setAcceptDrops(true);
  add_layer_ = new QAction(this);
  add_layer_->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_A);
  connect(add_layer_, &QAction::triggered, this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add data layer"), {},
        tr("Data layers (*.shp *.geojson *.json *.gpkg *.kml *.gml *.csv *.tif *.tiff);;All files (*)"));
    for (const auto& f : files) add_data_layer(f);
  });
  remove_layer_ = new QAction(this);
  connect(remove_layer_, &QAction::triggered, this, [this] { remove_data_layer(current_tree_layer()); });
  file_menu_->insertAction(save_, add_layer_);
  layer_menu_->addAction(remove_layer_);
  layer_tree_->addAction(remove_layer_);
}

void MainWindow::retranslate_added_layers() {
  add_layer_->setText(tr("&Add data layer..."));
  add_layer_->setToolTip(tr("Draw a Shapefile, GeoJSON, GeoPackage, KML, CSV (lon/lat columns) or GeoTIFF on the "
                            "map without importing it; Save project remembers its path"));
  remove_layer_->setText(tr("Remove layer"));
  remove_layer_->setToolTip(tr("Take a layer added from a file off the map (the file is not touched)"));
}

std::string MainWindow::data_layer_source(const std::string& name) const {
  auto it = added_.find(name);
  return it == added_.end() ? std::string() : it->second;
}

LayerStyle MainWindow::layer_default_style(const std::string& name) const {
  const auto* l = canvas_->layer(name);
  if (!l || !l->data) return {};
  auto it = added_.find(name);
  return it == added_.end() ? default_style(name, l->data->data) : added_default_style(*l->data, it->second);
}

void MainWindow::add_failed(const QString& path, const std::string& cause) {
  // Non-modal, like a failed open; the cause names the file (and the columns of a bad CSV).
  const QString text = tr("Cannot add %1: %2").arg(path, QString::fromStdString(cause));
  statusBar()->showMessage(text);
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot add data layer"), text, QMessageBox::Ok, this);
  box->setObjectName("add_layer_error");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

bool MainWindow::add_data_layer(const QString& path, bool wait) {
  const std::string p = QFileInfo(path).absoluteFilePath().toStdString();
  const std::string crs = project_.map_crs.empty() ? canvas_->view().crs : project_.map_crs;
  std::set<std::string> taken;
  for (const auto& l : canvas_->view().layers) taken.insert(l.name());
  auto read = [p, crs, taken] {
    AddedRead r;
    try {
      r.layers = read_added_layers(p, crs, taken);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  };
  auto apply = [this, path, gen = project_gen_](AddedRead r) {
    if (gen != project_gen_) return false;  // another project was opened meanwhile
    if (!r.error.empty()) {
      add_failed(path, r.error);
      emit data_layer_added(path, false);
      return false;
    }
    const bool first = canvas_->view().layers.empty();
    // The names were made unique on the worker against the map as it was then; a file read
    // meanwhile (two files of one stem added at once) may have taken one since.
    std::set<std::string> now;
    for (const auto& l : canvas_->view().layers) now.insert(l.name());
    QString msg;
    for (auto& a : r.layers) {
      if (now.count(a.layer.name())) {
        auto renamed = std::make_shared<PreparedLayer>(*a.layer.data);
        const auto file = std::filesystem::path(gis::split_source(a.source).first).filename().string();
        renamed->name = unique_layer_name(a.layer.name(), file, now);
        renamed->data.name = renamed->name;
        a.layer.data = std::move(renamed);
      }
      const std::string name = a.layer.name();
      now.insert(name);
      added_[name] = a.source;
      canvas_->replace_layer(std::move(a.layer));  // on top of the tree
      ++map_edits_;  // saved with the map state: Quit asks before losing it
      msg += (msg.isEmpty() ? "" : ", ") + QString::fromStdString(name);
      for (const auto& n : a.notes) msg += "; " + QString::fromStdString(n);
    }
    if (first) canvas_->zoom_full();
    rebuild_layer_tree();
    refresh_table_layers();
    update_legend();
    statusBar()->showMessage(tr("Added %1 from %2").arg(msg, path), 8000);
    emit data_layer_added(path, true);
    return true;
  };
  if (wait) return apply(read());
  statusBar()->showMessage(tr("Reading %1...").arg(path));
  auto* w = new QFutureWatcher<AddedRead>(this);
  connect(w, &QFutureWatcher<AddedRead>::finished, this, [w, apply] {
    apply(w->result());
    w->deleteLater();
  });
  w->setFuture(QtConcurrent::run(read));
  return true;
}

bool MainWindow::remove_data_layer(const std::string& name) {
  if (!added_.count(name)) {
    if (!name.empty())
      statusBar()->showMessage(tr("%1 is a layer of the project: untick it to hide it").arg(QString::fromStdString(name)), 8000);
    return false;
  }
  canvas_->remove_layer(name);
  added_.erase(name);
  ++map_edits_;
  styled_.erase(name);
  rebuild_layer_tree();
  refresh_table_layers();
  update_legend();
  if (!canvas_->active_layer().empty()) show_attributes(canvas_->active_layer());
  statusBar()->showMessage(tr("Removed %1 from the map").arg(QString::fromStdString(name)), 5000);
  return true;
}

void MainWindow::restore_added_layers() {
  added_.clear();
  unavailable_added_.clear();
  added_pending_ = 0;  // reads still running for the previous project are dropped (project_gen_)
  std::vector<SavedLayerState> rows;
  for (const auto& r : project_.saved_map) {
    if (r.source.empty()) continue;
    if (!std::filesystem::exists(gis::split_source(r.source).first)) {
      project_.warnings.push_back("added layer " + r.layer + ": " + gis::split_source(r.source).first +
                                  " no longer exists, skipped (kept in the saved map state)");
      unavailable_added_.push_back(r);
      continue;
    }
    rows.push_back(r);
  }
  const std::string crs = project_.map_crs;
  for (const auto& row : rows) {
    ++added_pending_;
    std::set<std::string> taken;
    for (const auto& l : canvas_->view().layers) taken.insert(l.name());
    auto* w = new QFutureWatcher<AddedRead>(this);
    connect(w, &QFutureWatcher<AddedRead>::finished, this, [this, w, row, gen = project_gen_] {
      w->deleteLater();
      if (gen != project_gen_) return;  // the pending count was reset by the newer project
      --added_pending_;
      AddedRead r = w->result();
      if (!r.error.empty() || r.layers.empty()) {
        const std::string why = "added layer " + row.layer + ": " + (r.error.empty() ? "no layer read" : r.error) + ", skipped";
        project_.warnings.push_back(why);
        statusBar()->showMessage(QString::fromStdString(why), 10000);
        unavailable_added_.push_back(row);
      } else {
        AddedLayer& a = r.layers.front();
        a.layer.visible = row.visible;
        if (!row.style_json.empty()) {
          try {
            a.layer.style = added_style_from_json(row.style_json, *a.layer.data, a.source);
            styled_.insert(a.layer.name());
          } catch (const std::exception& e) {
            project_.warnings.push_back(std::string(kMapStylesTable) + ", layer " + a.layer.name() + ": " + e.what() +
                                        " (default style kept)");
          }
        }
        added_[a.layer.name()] = a.source;
        canvas_->replace_layer(std::move(a.layer));
      }
      // The saved layers take the places they had among themselves (as apply_saved_map does).
      std::map<std::string, int> order;
      for (const auto& s : project_.saved_map) order[s.layer] = s.draw_order;
      std::vector<std::string> names;
      for (const auto& l : canvas_->view().layers) names.push_back(l.name());
      std::vector<std::size_t> places;
      for (std::size_t i = 0; i < names.size(); ++i)
        if (order.count(names[i])) places.push_back(i);
      std::vector<std::string> moved;
      for (auto i : places) moved.push_back(names[i]);
      std::stable_sort(moved.begin(), moved.end(), [&](const auto& a, const auto& b) { return order[a] < order[b]; });
      for (std::size_t k = 0; k < places.size(); ++k) names[places[k]] = moved[k];
      std::reverse(names.begin(), names.end());
      canvas_->set_order_top_first(names);
      rebuild_layer_tree();
      refresh_table_layers();
      update_legend();
    });
    w->setFuture(QtConcurrent::run([source = row.source, crs, taken, name = row.layer] {
      AddedRead r;
      try {
        r.layers = read_added_layers(source, crs, taken, name);
      } catch (const std::exception& e) {
        r.error = e.what();
      }
      return r;
    }));
  }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls())
    for (const auto& u : e->mimeData()->urls())
      if (u.isLocalFile()) {
        e->acceptProposedAction();
        return;
      }
}

void MainWindow::dropEvent(QDropEvent* e) {
  // Every dropped file is added as layers (a GeoPackage too: File > Open opens a project).
  for (const auto& u : e->mimeData()->urls())
    if (u.isLocalFile()) add_data_layer(u.toLocalFile());
  e->acceptProposedAction();
}

}  // namespace swsplan::gui
