// The main window's project and layers: open and save, the layer tree, legend, identify,
// attribute table and selection, layer styles, map export.
#include "app/gui/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QEventLoop>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <map>

#include "app/gui/analysis_dialogs.hpp"
#include "app/gui/attribute_model.hpp"
#include "app/gui/attribute_table.hpp"
#include "app/gui/commune_profile.hpp"
#include "app/gui/compare_dialogs.hpp"
#include "app/gui/future_result.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/gui/value_format.hpp"
#include "app/render/map_export.hpp"
#include "app/render/style_qml.hpp"
#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/qgis_styles.hpp"
#include "layers/store.hpp"
#include "layers/services.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

bool MainWindow::open_project(const QString& path, bool wait) {
  const std::string p = path.toStdString();
  const auto seq = ++open_seq_;  // a later open (sync or async) supersedes this one
  if (wait) {
    try {
      apply_project(load_project(p));
      emit project_opened(path, true);
      return true;
    } catch (const std::exception& e) {
      open_failed(path, e.what());
      return false;
    }
  }
  statusBar()->showMessage(tr("Loading %1...").arg(path));
  auto* w = new QFutureWatcher<LoadedProject>(this);
  connect(w, &QFutureWatcher<LoadedProject>::finished, this, [this, w, seq, path] {
    if (seq != open_seq_) {  // the user opened another project meanwhile: drop this one
      w->deleteLater();
      return;
    }
    try {
      apply_project(future_result(*w));
      emit project_opened(path, true);
    } catch (const std::exception& e) {
      open_failed(path, e.what());
    }
    w->deleteLater();
  });
  w->setFuture(QtConcurrent::run([p] { return load_project(p); }));
  return true;
}

void MainWindow::open_failed(const QString& path, const std::string& cause) {
  // Non-modal (a modal box would stop a batch or a test), and the status bar no longer says
  // "Loading...". The cause names the file and, for a bad layer, the layer and field.
  const QString text = tr("Cannot open %1: %2").arg(path, QString::fromStdString(cause));
  statusBar()->showMessage(text);
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open project"), text, QMessageBox::Ok, this);
  box->setObjectName("open_error");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  emit project_opened(path, false);
}

void MainWindow::apply_project(LoadedProject p) {
  // Dialogs belong to the previous project (a running job is cancelled and awaited).
  delete gap_dialog_;
  delete siting_dialog_;
  delete pwp_dialog_;
  delete compare_dialog_;
  delete cost_dialog_;
  ++project_gen_;  // results and edits still loading for the previous project are dropped
  project_ = std::move(p);
  apply_default_visibility(project_);
  styled_ = apply_saved_map(project_);
  saved_edits_ = map_edits_;  // the map as stored in the project
  canvas_->set_layers(project_.layers, project_.map_crs);
  restore_added_layers();
  for (const char* pref : {"communes", "gap_communes"})
    if (canvas_->layer(pref)) canvas_->set_active_layer(pref);
  add_recent(QString::fromStdString(project_.path));
  rebuild_layer_tree();
  syncing_ = true;
  table_layer_->clear();
  for (const auto& l : project_.layers) table_layer_->addItem(QString::fromStdString(l.name()));
  syncing_ = false;
  show_attributes(canvas_->active_layer());
  for (auto* a : {save_, gap_analysis_, siting_, add_candidate_, add_office_, draw_works_, remove_work_, pwp_, compare_, costs_, referral_})
    a->setEnabled(true);
  load_gap_table();
  QString msg = tr("Opened %1: %2 layers").arg(QString::fromStdString(project_.path)).arg(project_.layers.size());
  for (const auto& w : project_.warnings) msg += "; " + QString::fromStdString(w);
  statusBar()->showMessage(msg, 8000);
  retranslate();
}

void MainWindow::set_layer_style(const std::string& name, const LayerStyle& style) {
  canvas_->set_layer_style(name, style);
  styled_.insert(name);
  ++map_edits_;
  rebuild_layer_tree();
  update_legend();
}

void MainWindow::set_layer_order_top_first(const std::vector<std::string>& names) {
  canvas_->set_order_top_first(names);
  ++map_edits_;
  rebuild_layer_tree();
  update_legend();
}

bool MainWindow::save_project(bool wait) {
  if (project_.path.empty()) return false;
  if (save_job_ && save_job_->isRunning()) return false;
  QString busy = busy_writer(nullptr);
  if (busy.isEmpty() && data_layers_loading()) busy = tr("the added layers of the project are still being read");
  if (!busy.isEmpty()) {
    statusBar()->showMessage(tr("Cannot save now: %1").arg(busy), 8000);
    return false;
  }
  std::vector<SavedLayerState> rows;
  std::vector<layers::QgisStyle> qgis;  // QGIS draws each layer as the map shows it now
  const auto& layers = canvas_->view().layers;  // bottom first
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    const std::string source = data_layer_source(l.name());
    rows.push_back({l.name(), l.visible, int(i), styled_.count(l.name()) ? style_choice_json(l.style) : std::string(),
                    source});
    if (l.data && source.empty())  // a file added to the map is not a project table QGIS could style
      for (auto& s : drawn_qgis_styles(l.name(), l.data->data, l.style)) qgis.push_back(std::move(s));
  }
  // Added layers whose file was missing at open stay in the map state (above the others), unless
  // a layer of that name is on the map now.
  for (const auto& r : unavailable_added_)
    if (!canvas_->layer(r.layer)) {
      SavedLayerState kept = r;
      kept.draw_order = int(rows.size());
      rows.push_back(std::move(kept));
    }
  const std::string path = project_.path;
  if (!save_job_) save_job_ = new QFutureWatcher<bool>(this);
  save_job_->disconnect(this);
  connect(save_job_, &QFutureWatcher<bool>::finished, this, [this, path, n = rows.size(), edits = map_edits_] {
    bool ok = false;
    try {
      ok = future_result(*save_job_);
      saved_edits_ = edits;  // later changes are still unsaved
      statusBar()->showMessage(tr("Saved visibility, order and styles of %1 layers to %2").arg(n).arg(QString::fromStdString(path)), 8000);
    } catch (const std::exception& e) {
      auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot save project"),
                                  tr("Cannot save %1: %2").arg(QString::fromStdString(path), QString::fromStdString(e.what())),
                                  QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
    emit project_saved(ok);
  });
  save_job_->setFuture(QtConcurrent::run([path, table = map_styles_table(rows), qgis = std::move(qgis)] {
    layers::store_map_state(path, table, qgis, "save map");
    return true;
  }));
  if (wait) {
    QEventLoop loop;
    bool done = false;  // project_saved is emitted from this thread's event loop, never before exec()
    auto c = connect(this, &MainWindow::project_saved, &loop, [&] {
      done = true;
      loop.quit();
    });
    if (!done) loop.exec();
    disconnect(c);
  }
  return true;
}

void MainWindow::rebuild_layer_tree() {
  syncing_ = true;
  const std::string current = current_tree_layer();
  layer_tree_->clear();
  const auto& layers = canvas_->view().layers;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    auto* item = new QTreeWidgetItem(layer_tree_);
    const QString title = legend_tr(it->style.title.isEmpty() ? QString::fromStdString(it->name()) : it->style.title);
    item->setText(0, QString::fromStdString(it->name()) +
                         (it->data && it->data->raster ? QString() : "  (" + QString::number(it->data ? it->data->size() : 0) + ")"));
    item->setToolTip(0, title);
    item->setData(0, Qt::UserRole, QString::fromStdString(it->name()));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
    item->setCheckState(0, it->visible ? Qt::Checked : Qt::Unchecked);
    QImage sw(22, 14, QImage::Format_ARGB32_Premultiplied);
    sw.fill(Qt::transparent);
    {
      QPainter sp(&sw);
      const Symbol& s = it->style.classes.empty() ? it->style.symbol : it->style.classes.front().symbol;
      draw_swatch(sp, s, it->data ? it->data->kind() : gis::GeometryKind::Polygon, QRectF(0, 0, 22, 14), 96 / 25.4 * 0.8);
    }
    item->setIcon(0, QIcon(QPixmap::fromImage(sw)));
    if (it->name() == current) layer_tree_->setCurrentItem(item);
  }
  syncing_ = false;
}

void MainWindow::sync_order_from_tree() {
  std::vector<std::string> names;
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i)
    names.push_back(layer_tree_->topLevelItem(i)->data(0, Qt::UserRole).toString().toStdString());
  canvas_->set_order_top_first(names);
  ++map_edits_;
  update_legend();
}

void MainWindow::set_layer_visible(const std::string& name, bool visible) {
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
    auto* it = layer_tree_->topLevelItem(i);
    if (it->data(0, Qt::UserRole).toString().toStdString() == name) it->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
  }
}

std::string MainWindow::current_tree_layer() const {
  if (auto* it = layer_tree_ ? layer_tree_->currentItem() : nullptr) return it->data(0, Qt::UserRole).toString().toStdString();
  return canvas_->active_layer();
}

void MainWindow::update_legend() {
  if (!legend_) return;
  const int w = std::max(220, legend_dock_->width() - 24);
  legend_->setPixmap(QPixmap::fromImage(::swsplan::gui::legend_image(canvas_->view(), w, 96)));
}

QImage MainWindow::legend_image() const { return legend_->pixmap().toImage(); }

std::vector<IdentifyHit> MainWindow::identify_at(double x, double y) {
  auto hits = canvas_->identify(x, y);
  if (const auto* h = canvas_->preferred_hit(hits)) canvas_->set_selection(h->layer, {h->feature});
  on_identified(hits);
  return hits;
}

void MainWindow::on_identified(const std::vector<IdentifyHit>& hits) {
  identify_->clear();
  const auto* preferred = canvas_->preferred_hit(hits);
  for (const auto& h : hits) {
    const auto* l = canvas_->layer(h.layer);
    if (!l || !l->data) continue;
    const auto& d = l->data->data;
    auto* top = new QTreeWidgetItem(identify_, {QString::fromStdString(h.layer), QString("fid %1").arg(d.fids[h.feature])});
    for (const auto& c : d.columns) {  // rounded with units; the stored value in the tooltip
      auto* row = new QTreeWidgetItem(top, {QString::fromStdString(c.name), format_value(c, h.feature)});
      row->setToolTip(1, QString::fromStdString(c.text(h.feature)));
    }
    top->setExpanded(&h == preferred);
  }
  identify_->resizeColumnToContents(0);
  identify_dock_->raise();
  // A commune under the click: its numbers per service in the profile dock.
  for (const auto& h : hits) {
    if (h.layer != "gap_communes" && h.layer != "communes") continue;
    const auto& d = canvas_->layer(h.layer)->data->data;
    if (d.find("adm3_pcode") < 0) continue;
    QString name;
    for (const char* f : {"name_en", "name"})
      if (d.find(f) >= 0) {
        name = QString::fromStdString(d.column(f).text(h.feature));
        break;
      }
    profile_->show_commune(d.column("adm3_pcode").text(h.feature), name);
    if (profile_->has_table()) profile_dock_->raise();
    break;
  }
  if (const auto* h = canvas_->preferred_hit(hits)) on_map_selection(h->layer, {h->feature});
}

QString MainWindow::identify_text() const {
  QString out;
  for (int i = 0; i < identify_->topLevelItemCount(); ++i) {
    auto* t = identify_->topLevelItem(i);
    out += t->text(0) + " " + t->text(1) + "\n";
    for (int k = 0; k < t->childCount(); ++k) out += "  " + t->child(k)->text(0) + " = " + t->child(k)->text(1) + "\n";
  }
  return out;
}

void MainWindow::show_attributes(const std::string& layer) {
  const auto* l = canvas_->layer(layer);
  if (!l) return;
  syncing_ = true;
  attr_table_->set_layer(l->data);
  table_layer_->setCurrentText(QString::fromStdString(layer));
  syncing_ = false;
  canvas_->set_active_layer(layer);
  if (canvas_->selection_layer() == layer) on_map_selection(layer, canvas_->selection());
}

std::vector<std::uint32_t> MainWindow::table_selection() const { return attr_table_->selected_rows(); }

void MainWindow::select_features(const std::string& layer, std::vector<std::uint32_t> rows) {
  canvas_->set_selection(layer, rows);
  on_map_selection(layer, rows);
}

void MainWindow::on_map_selection(const std::string& layer, const std::vector<std::uint32_t>& ids) {
  if (syncing_) return;
  if (!model_->layer() || model_->layer()->name != layer) show_attributes(layer);
  syncing_ = true;
  attr_table_->show_selection(ids);
  syncing_ = false;
}

void MainWindow::on_table_selection() {
  if (syncing_ || !model_->layer()) return;
  syncing_ = true;
  canvas_->set_selection(model_->layer()->name, table_selection());
  syncing_ = false;
}

void MainWindow::style_dialog(const std::string& name) {
  const auto* l = canvas_->layer(name);
  if (!l || !l->data) return;
  QDialog d(this);
  d.setWindowTitle(tr("Style of %1").arg(QString::fromStdString(name)));
  auto* form = new QFormLayout(&d);
  auto* mode = new QComboBox(&d);
  mode->addItem(tr("Default style"));
  auto* field = new QComboBox(&d);
  for (const auto& c : l->data->data.columns)
    if (c.type != gis::FieldType::String) field->addItem(QString::fromStdString(c.name));
  if (field->count() > 0) mode->addItem(tr("Graduated colours"));
  auto* gap_field = new QComboBox(&d);
  for (const auto& c : l->data->data.columns)
    if (c.name.rfind("class_", 0) == 0) gap_field->addItem(QString::fromStdString(c.name));
  if (gap_field->count() > 0) mode->addItem(tr("Gap classes (2x2)"), 2);
  auto* method = new QComboBox(&d);
  method->addItem(tr("Quantile"), int(ClassMethod::Quantile));
  method->addItem(tr("Natural breaks (Jenks)"), int(ClassMethod::NaturalBreaks));
  method->addItem(tr("Equal interval"), int(ClassMethod::EqualInterval));
  auto* classes = new QSpinBox(&d);
  classes->setRange(2, 7);
  classes->setValue(5);
  auto* opacity = new QSpinBox(&d);
  opacity->setRange(10, 100);
  opacity->setSuffix(" %");
  opacity->setValue(int(std::lround(l->style.opacity * 100)));
  if (l->style.kind == StyleKind::Graduated) {
    mode->setCurrentIndex(1);
    field->setCurrentText(QString::fromStdString(l->style.field));
    method->setCurrentIndex(int(l->style.method));
    classes->setValue(l->style.class_count);
  }
  form->addRow(tr("Symbology"), mode);
  form->addRow(tr("Field"), field);
  form->addRow(tr("Classification"), method);
  form->addRow(tr("Classes"), classes);
  form->addRow(tr("Opacity"), opacity);
  if (gap_field->count() > 0) {
    form->addRow(tr("Gap class field"), gap_field);
    if (l->style.bivariate_legend) {
      mode->setCurrentIndex(mode->findData(2));
      gap_field->setCurrentText(QString::fromStdString(l->style.field));
    }
  }
  auto* bb = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &d);
  form->addRow(bb);
  connect(bb, &QDialogButtonBox::accepted, &d, &QDialog::accept);
  connect(bb, &QDialogButtonBox::rejected, &d, &QDialog::reject);
  if (d.exec() != QDialog::Accepted) return;
  const bool graduated = mode->currentText() == tr("Graduated colours");
  LayerStyle s = graduated ? graduated_style(l->data->data, field->currentText().toStdString(),
                                             ClassMethod(method->currentData().toInt()), classes->value())
                 : mode->currentData().toInt() == 2 ? gap_style(l->data->data, gap_field->currentText().toStdString())
                                                    : layer_default_style(name);
  if (mode->currentIndex() != 0) {
    const LayerStyle def = layer_default_style(name);
    s.label_field = def.label_field;
    s.label_field_km = def.label_field_km;
    s.label_max_mpp = def.label_max_mpp;
  }
  s.opacity = opacity->value() / 100.0;
  set_layer_style(name, s);
}

void MainWindow::export_map(const QString& path, const QString& title) {
  // The same title, theme and sources as `swsplan map`. No "1:N" subtitle: the page's scale
  // differs from the screen's; the scale bar is right.
  const PageDecor d = page_decor(project_, canvas_->view(), title);
  export_view(canvas_->view(), d, path.toStdString(), QSize(1754, 1240), 150);  // A4 landscape at 150 dpi
}

void MainWindow::export_dialog(bool pdf) {
  const QString f = QFileDialog::getSaveFileName(this, pdf ? tr("Export map as PDF") : tr("Export map as PNG"), {},
                                                 pdf ? tr("PDF (*.pdf)") : tr("PNG image (*.png)"));
  if (f.isEmpty()) return;
  try {
    export_map(f);
    statusBar()->showMessage(tr("Wrote %1").arg(f), 5000);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
  }
}

QDockWidget* MainWindow::add_analysis_panel(QWidget* panel, const QString& title) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName("analysis_" + title);
  dock->setWidget(panel);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  analysis_menu_->addAction(dock->toggleViewAction());
  return dock;
}

void MainWindow::reload_layer(const std::string& name) {
  if (project_.path.empty()) return;
  try {
    canvas_->replace_layer(load_layer(project_.path, name, project_.map_crs));
    rebuild_layer_tree();
    update_legend();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot load layer"), QString::fromStdString(e.what()));
  }
}

}  // namespace swsplan::gui
