#include "app/gui/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
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

#include "app/gui/attribute_model.hpp"
#include "app/gui/map_export.hpp"

namespace swsplan::gui {

namespace {
constexpr int kMaxRecent = 8;
QSettings settings() { return QSettings("swsplan", "swsplan-gui"); }
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  canvas_ = new MapCanvas(this);
  setCentralWidget(canvas_);
  build_actions();
  build_docks();
  coords_ = new QLabel(this);
  scale_ = new QLabel(this);
  render_ = new QLabel(this);
  statusBar()->addWidget(coords_, 1);
  statusBar()->addPermanentWidget(scale_);
  statusBar()->addPermanentWidget(render_);
  connect(canvas_, &MapCanvas::cursor_moved, this, [this](double lon, double lat, double e, double n) {
    QString t;
    if (std::isfinite(lon)) t = QString::fromUtf8("%1°E  %2°N   ").arg(lon, 0, 'f', 5).arg(lat, 0, 'f', 5);
    t += tr("UTM %1: E %2  N %3").arg(QString::fromStdString(canvas_->view().crs)).arg(e, 0, 'f', 0).arg(n, 0, 'f', 0);
    coords_->setText(t);
  });
  connect(canvas_, &MapCanvas::view_changed, this, [this](double s) {
    scale_->setText(tr("Scale 1:%L1").arg(std::round(s), 0, 'f', 0));
  });
  connect(canvas_, &MapCanvas::rendered, this, [this](double ms, int n, int reused) {
    render_->setText(tr("render %1 ms (%2 layers, %3 cached)").arg(ms, 0, 'f', 0).arg(n).arg(reused));
    update_legend();
  });
  connect(canvas_, &MapCanvas::identified, this, &MainWindow::on_identified);
  connect(canvas_, &MapCanvas::selection_changed, this, &MainWindow::on_map_selection);
  connect(canvas_, &MapCanvas::measured, this, [this](double m, bool done) {
    const QString d = m >= 1000 ? QString::number(m / 1000, 'f', 2) + " km" : QString::number(m, 'f', 0) + " m";
    statusBar()->showMessage(done ? tr("Distance: %1 (double-click ended; click to start again)").arg(d)
                                  : tr("Distance: %1 (double-click to finish)").arg(d));
  });
  resize(1280, 820);
  const QString lang = settings().value("language", QLocale().name().startsWith("km") ? "km" : "en").toString();
  set_language(lang);
  retranslate();
  update_recent_menu();
}

MainWindow::~MainWindow() = default;

void MainWindow::build_actions() {
  auto* tb = addToolBar("tools");
  tb->setObjectName("tools");
  open_ = new QAction(this);
  open_->setShortcut(QKeySequence::Open);
  connect(open_, &QAction::triggered, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr("swsplan projects (*.gpkg)"));
    if (!f.isEmpty()) open_project(f);
  });
  export_png_ = new QAction(this);
  connect(export_png_, &QAction::triggered, this, [this] { export_dialog(false); });
  export_pdf_ = new QAction(this);
  connect(export_pdf_, &QAction::triggered, this, [this] { export_dialog(true); });
  quit_ = new QAction(this);
  quit_->setShortcut(QKeySequence::Quit);
  connect(quit_, &QAction::triggered, this, &QWidget::close);

  tools_ = new QActionGroup(this);
  auto tool = [&](QAction*& a, MapCanvas::Tool t) {
    a = new QAction(this);
    a->setCheckable(true);
    tools_->addAction(a);
    connect(a, &QAction::triggered, this, [this, t] { canvas_->set_tool(t); });
  };
  tool(pan_, MapCanvas::Tool::Pan);
  tool(zoom_in_, MapCanvas::Tool::ZoomIn);
  tool(zoom_out_, MapCanvas::Tool::ZoomOut);
  tool(identify_tool_, MapCanvas::Tool::Identify);
  tool(measure_, MapCanvas::Tool::Measure);
  tool(select_, MapCanvas::Tool::SelectRect);
  pan_->setChecked(true);
  zoom_full_ = new QAction(this);
  connect(zoom_full_, &QAction::triggered, canvas_, &MapCanvas::zoom_full);
  zoom_layer_ = new QAction(this);
  connect(zoom_layer_, &QAction::triggered, this, [this] { canvas_->zoom_to_layer(current_tree_layer()); });
  style_ = new QAction(this);
  connect(style_, &QAction::triggered, this, [this] { style_dialog(current_tree_layer()); });
  attributes_ = new QAction(this);
  connect(attributes_, &QAction::triggered, this, [this] { show_attributes(current_tree_layer()); });
  // Analysis hook: the gap analysis and siting panels plug in through add_analysis_panel().
  gap_analysis_ = new QAction(this);
  gap_analysis_->setEnabled(false);
  siting_ = new QAction(this);
  siting_->setEnabled(false);
  lang_en_ = new QAction("English", this);
  lang_km_ = new QAction(QString::fromUtf8("ខ្មែរ (Khmer)"), this);
  auto* lg = new QActionGroup(this);
  for (auto* a : {lang_en_, lang_km_}) a->setCheckable(true), lg->addAction(a);
  connect(lang_en_, &QAction::triggered, this, [this] { set_language("en"); });
  connect(lang_km_, &QAction::triggered, this, [this] { set_language("km"); });
  about_ = new QAction(this);
  connect(about_, &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About swsplan"),
                       tr("swsplan: where social-protection services are unavailable or unaffordable, "
                          "and where to put Single Window Service offices (Cambodia)."));
  });

  file_menu_ = menuBar()->addMenu(QString());
  file_menu_->addAction(open_);
  recent_menu_ = file_menu_->addMenu(QString());
  file_menu_->addSeparator();
  file_menu_->addAction(export_png_);
  file_menu_->addAction(export_pdf_);
  file_menu_->addSeparator();
  file_menu_->addAction(quit_);
  view_menu_ = menuBar()->addMenu(QString());
  for (auto* a : {pan_, zoom_in_, zoom_out_, zoom_full_, zoom_layer_, identify_tool_, measure_, select_}) view_menu_->addAction(a);
  layer_menu_ = menuBar()->addMenu(QString());
  layer_menu_->addAction(style_);
  layer_menu_->addAction(attributes_);
  layer_menu_->addAction(zoom_layer_);
  analysis_menu_ = menuBar()->addMenu(QString());
  analysis_menu_->addAction(gap_analysis_);
  analysis_menu_->addAction(siting_);
  lang_menu_ = menuBar()->addMenu(QString());
  lang_menu_->addAction(lang_en_);
  lang_menu_->addAction(lang_km_);
  help_menu_ = menuBar()->addMenu(QString());
  help_menu_->addAction(about_);

  tb->addAction(open_);
  tb->addSeparator();
  for (auto* a : {pan_, zoom_in_, zoom_out_}) tb->addAction(a);
  tb->addAction(zoom_full_);
  tb->addAction(zoom_layer_);
  tb->addSeparator();
  for (auto* a : {identify_tool_, measure_, select_}) tb->addAction(a);
  tb->addSeparator();
  tb->addAction(export_png_);
  tb->addAction(export_pdf_);
}

void MainWindow::build_docks() {
  layer_tree_ = new QTreeWidget(this);
  layer_tree_->setHeaderHidden(true);
  layer_tree_->setRootIsDecorated(false);
  layer_tree_->setDragDropMode(QAbstractItemView::InternalMove);
  layer_tree_->setContextMenuPolicy(Qt::ActionsContextMenu);
  layer_tree_->addAction(style_);
  layer_tree_->addAction(attributes_);
  layer_tree_->addAction(zoom_layer_);
  connect(layer_tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* it, int) {
    if (syncing_) return;
    canvas_->set_layer_visible(it->data(0, Qt::UserRole).toString().toStdString(), it->checkState(0) == Qt::Checked);
  });
  connect(layer_tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* it, QTreeWidgetItem*) {
    if (it) canvas_->set_active_layer(it->data(0, Qt::UserRole).toString().toStdString());
  });
  connect(layer_tree_, &QTreeWidget::itemDoubleClicked, this,
          [this](QTreeWidgetItem* it, int) { style_dialog(it->data(0, Qt::UserRole).toString().toStdString()); });
  connect(layer_tree_->model(), &QAbstractItemModel::rowsMoved, this, [this] { sync_order_from_tree(); });
  layers_dock_ = new QDockWidget(this);
  layers_dock_->setObjectName("layers");
  layers_dock_->setWidget(layer_tree_);
  addDockWidget(Qt::LeftDockWidgetArea, layers_dock_);

  legend_ = new QLabel(this);
  legend_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(legend_);
  scroll->setWidgetResizable(true);
  legend_dock_ = new QDockWidget(this);
  legend_dock_->setObjectName("legend");
  legend_dock_->setWidget(scroll);
  addDockWidget(Qt::LeftDockWidgetArea, legend_dock_);

  identify_ = new QTreeWidget(this);
  identify_->setColumnCount(2);
  identify_dock_ = new QDockWidget(this);
  identify_dock_->setObjectName("identify");
  identify_dock_->setWidget(identify_);
  addDockWidget(Qt::RightDockWidgetArea, identify_dock_);

  auto* tw = new QWidget(this);
  auto* tl = new QVBoxLayout(tw);
  tl->setContentsMargins(0, 0, 0, 0);
  table_layer_ = new QComboBox(tw);
  table_ = new QTableView(tw);
  model_ = new AttributeModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(0, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->setDefaultSectionSize(20);
  tl->addWidget(table_layer_);
  tl->addWidget(table_);
  connect(table_layer_, &QComboBox::currentTextChanged, this, [this](const QString& t) {
    if (!syncing_) show_attributes(t.toStdString());
  });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::on_table_selection);
  table_dock_ = new QDockWidget(this);
  table_dock_->setObjectName("attributes");
  table_dock_->setWidget(tw);
  addDockWidget(Qt::BottomDockWidgetArea, table_dock_);
}

void MainWindow::retranslate() {
  setWindowTitle(project_.path.empty() ? tr("swsplan") : tr("swsplan - %1").arg(QFileInfo(QString::fromStdString(project_.path)).fileName()));
  open_->setText(tr("&Open project..."));
  export_png_->setText(tr("Export map as &PNG..."));
  export_pdf_->setText(tr("Export map as P&DF..."));
  quit_->setText(tr("&Quit"));
  pan_->setText(tr("Pan"));
  zoom_in_->setText(tr("Zoom in"));
  zoom_out_->setText(tr("Zoom out"));
  zoom_full_->setText(tr("Full extent"));
  zoom_layer_->setText(tr("Zoom to layer"));
  identify_tool_->setText(tr("Identify"));
  measure_->setText(tr("Measure distance"));
  select_->setText(tr("Select by rectangle"));
  style_->setText(tr("Style..."));
  attributes_->setText(tr("Attribute table"));
  gap_analysis_->setText(tr("Gap analysis (coming)"));
  siting_->setText(tr("Office siting (coming)"));
  about_->setText(tr("About"));
  file_menu_->setTitle(tr("&File"));
  recent_menu_->setTitle(tr("Recent projects"));
  view_menu_->setTitle(tr("&View"));
  layer_menu_->setTitle(tr("&Layer"));
  analysis_menu_->setTitle(tr("&Analysis"));
  lang_menu_->setTitle(tr("Language"));
  help_menu_->setTitle(tr("&Help"));
  layers_dock_->setWindowTitle(tr("Layers"));
  legend_dock_->setWindowTitle(tr("Legend"));
  identify_dock_->setWindowTitle(tr("Identify"));
  table_dock_->setWindowTitle(tr("Attributes"));
  identify_->setHeaderLabels({tr("Field"), tr("Value")});
  scale_->setText(tr("Scale 1:%L1").arg(std::round(canvas_->view().scale_denominator()), 0, 'f', 0));
  rebuild_layer_tree();
  update_legend();
}

void MainWindow::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange && open_) retranslate();
  QMainWindow::changeEvent(e);
}

void MainWindow::set_language(const QString& code) {
  QCoreApplication::removeTranslator(&translator_);
  language_ = code == "km" ? "km" : "en";
  if (language_ == "km" && translator_.load(":/i18n/swsplan_km.qm")) QCoreApplication::installTranslator(&translator_);
  settings().setValue("language", language_);
  (language_ == "km" ? lang_km_ : lang_en_)->setChecked(true);
  if (open_) retranslate();
}

bool MainWindow::open_project(const QString& path, bool wait) {
  const std::string p = path.toStdString();
  if (wait) {
    try {
      apply_project(load_project(p));
      return true;
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Cannot open project"), QString::fromStdString(e.what()));
      return false;
    }
  }
  statusBar()->showMessage(tr("Loading %1...").arg(path));
  auto* w = new QFutureWatcher<LoadedProject>(this);
  connect(w, &QFutureWatcher<LoadedProject>::finished, this, [this, w] {
    try {
      apply_project(w->result());
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Cannot open project"), QString::fromStdString(e.what()));
    }
    w->deleteLater();
  });
  w->setFuture(QtConcurrent::run([p] { return load_project(p); }));
  return true;
}

void MainWindow::apply_project(LoadedProject p) {
  project_ = std::move(p);
  canvas_->set_layers(project_.layers, project_.map_crs);
  for (const char* pref : {"communes", "gap_communes"})
    if (canvas_->layer(pref)) canvas_->set_active_layer(pref);
  add_recent(QString::fromStdString(project_.path));
  rebuild_layer_tree();
  syncing_ = true;
  table_layer_->clear();
  for (const auto& l : project_.layers) table_layer_->addItem(QString::fromStdString(l.name()));
  syncing_ = false;
  show_attributes(canvas_->active_layer());
  QString msg = tr("Opened %1: %2 layers").arg(QString::fromStdString(project_.path)).arg(project_.layers.size());
  for (const auto& w : project_.warnings) msg += "; " + QString::fromStdString(w);
  statusBar()->showMessage(msg, 8000);
  retranslate();
}

void MainWindow::rebuild_layer_tree() {
  syncing_ = true;
  const std::string current = current_tree_layer();
  layer_tree_->clear();
  const auto& layers = canvas_->view().layers;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    auto* item = new QTreeWidgetItem(layer_tree_);
    const QString title = legend_tr(it->style.title.isEmpty() ? QString::fromStdString(it->name()) : it->style.title);
    item->setText(0, QString::fromStdString(it->name()) + "  (" + QString::number(it->data ? it->data->size() : 0) + ")");
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
    for (const auto& c : d.columns)
      new QTreeWidgetItem(top, {QString::fromStdString(c.name), QString::fromStdString(c.text(h.feature))});
    top->setExpanded(&h == preferred);
  }
  identify_->resizeColumnToContents(0);
  identify_dock_->raise();
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
  model_->set_layer(l->data);
  table_layer_->setCurrentText(QString::fromStdString(layer));
  syncing_ = false;
  canvas_->set_active_layer(layer);
  if (canvas_->selection_layer() == layer) on_map_selection(layer, canvas_->selection());
}

std::vector<std::uint32_t> MainWindow::table_selection() const {
  std::vector<std::uint32_t> rows;
  for (const auto& idx : table_->selectionModel()->selectedRows()) rows.push_back(std::uint32_t(proxy_->mapToSource(idx).row()));
  std::sort(rows.begin(), rows.end());
  return rows;
}

void MainWindow::on_map_selection(const std::string& layer, const std::vector<std::uint32_t>& ids) {
  if (syncing_) return;
  if (!model_->layer() || model_->layer()->name != layer) show_attributes(layer);
  syncing_ = true;
  QItemSelection sel;
  for (auto f : ids) {
    const auto src = model_->index(int(f), 0);
    const auto a = proxy_->mapFromSource(src);
    sel.select(a, a.siblingAtColumn(proxy_->columnCount() - 1));
  }
  table_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!ids.empty()) table_->scrollTo(proxy_->mapFromSource(model_->index(int(ids.front()), 0)));
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
                                                    : default_style(name, l->data->data);
  if (mode->currentIndex() != 0) {
    const LayerStyle def = default_style(name, l->data->data);
    s.label_field = def.label_field;
    s.label_field_km = def.label_field_km;
    s.label_max_mpp = def.label_max_mpp;
  }
  s.opacity = opacity->value() / 100.0;
  canvas_->set_layer_style(name, s);
  rebuild_layer_tree();
  update_legend();
}

void MainWindow::update_recent_menu() {
  recent_menu_->clear();
  const QStringList recent = settings().value("recent").toStringList();
  for (const auto& f : recent) {
    auto* a = recent_menu_->addAction(QFileInfo(f).fileName() + "  —  " + f);
    connect(a, &QAction::triggered, this, [this, f] { open_project(f); });
  }
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::add_recent(const QString& path) {
  const QString abs = QFileInfo(path).absoluteFilePath();
  QStringList recent = settings().value("recent").toStringList();
  recent.removeAll(abs);
  recent.prepend(abs);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings().setValue("recent", recent);
  update_recent_menu();
}

void MainWindow::export_map(const QString& path, const QString& title) {
  PageDecor d;
  d.title = title.isEmpty() ? QFileInfo(QString::fromStdString(project_.path)).completeBaseName() : title;
  QString a = legend_tr("Data") + ": " + QString::fromStdString(project_.attribution) + ". ";
  if (project_.synthetic) a += legend_tr("Synthetic demo data, not real.") + " ";
  d.attribution = a + QString::fromStdString("Map: swsplan, " + project_.map_crs + ".");
  // No "1:N" subtitle: the page's scale differs from the screen's; the scale bar is right.
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
