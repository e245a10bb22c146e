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
#include "app/gui/commune_profile.hpp"
#include "app/gui/compare_dialogs.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/gui/map_export.hpp"
#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

namespace {
constexpr int kMaxRecent = 8;
gis::Column mkcol(const char* name, gis::FieldType type) {
  gis::Column c;
  c.name = name;
  c.type = type;
  return c;
}
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
  connect(canvas_, &MapCanvas::map_clicked, this, [this](double x, double y, double tol) {
    if (place_layer_ == kUserPwpWorks) remove_user_work_at(x, y, tol);
    else if (!place_layer_.empty()) toggle_user_point_at(place_layer_, x, y, tol);
  });
  connect(canvas_, &MapCanvas::line_drawn, this,
          [this](const std::vector<std::pair<double, double>>& xy) { add_user_work_at(xy); });
  connect(canvas_, &MapCanvas::drawing_changed, this, [this](int n) {
    if (n > 0) statusBar()->showMessage(tr("Road work: %1 vertices (double-click or Enter to finish, Esc to cancel)").arg(n));
    else statusBar()->clearMessage();
  });
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

MainWindow::~MainWindow() {
  // No worker may outlive the window: cancel the dialogs' jobs and the canvas render, then
  // wait for the loaders and edits still running on the pool (they hold only copies, but at
  // process exit they would otherwise run on into static destruction of GDAL/PROJ/Qt).
  for (JobDialog* d : std::initializer_list<JobDialog*>{gap_dialog_.data(), siting_dialog_.data(), pwp_dialog_.data(),
                                                        compare_dialog_.data()})
    if (d && d->job()) d->job()->cancel();
  QThreadPool::globalInstance()->waitForDone();
}

void MainWindow::build_actions() {
  auto* tb = addToolBar("tools");
  tb->setObjectName("tools");
  open_ = new QAction(this);
  open_->setShortcut(QKeySequence::Open);
  connect(open_, &QAction::triggered, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr("swsplan projects (*.gpkg)"));
    if (!f.isEmpty()) open_project(f);
  });
  save_ = new QAction(this);
  save_->setShortcut(QKeySequence::Save);
  save_->setEnabled(false);
  connect(save_, &QAction::triggered, this, [this] { save_project(); });
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
  // Analyses: non-modal dialogs whose work runs on a worker thread (analysis_dialogs.hpp).
  gap_analysis_ = new QAction(this);
  gap_analysis_->setEnabled(false);
  connect(gap_analysis_, &QAction::triggered, this, [this] {
    if (auto* d = gap_dialog()) d->show(), d->raise();
  });
  siting_ = new QAction(this);
  siting_->setEnabled(false);
  connect(siting_, &QAction::triggered, this, [this] {
    if (auto* d = siting_dialog()) d->show(), d->raise();
  });
  // Click tools writing the user point layers siting can use (candidates, fixed offices).
  auto place = [&](QAction*& a, const char* layer) {
    a = new QAction(this);
    a->setCheckable(true);
    a->setEnabled(false);
    tools_->addAction(a);
    connect(a, &QAction::triggered, this, [this, layer] {
      place_layer_ = layer;
      canvas_->set_tool(MapCanvas::Tool::Place);
    });
  };
  place(add_candidate_, kUserCandidates);
  place(add_office_, kUserOffices);
  // PWP road works: draw a new road (stored in user_pwp_works), remove one by clicking it.
  draw_works_ = new QAction(this);
  draw_works_->setCheckable(true);
  draw_works_->setEnabled(false);
  tools_->addAction(draw_works_);
  connect(draw_works_, &QAction::triggered, this, [this] {
    place_layer_.clear();
    canvas_->set_tool(MapCanvas::Tool::DrawLine);
    canvas_->setFocus();
  });
  place(remove_work_, kUserPwpWorks);
  delete_works_ = new QAction(this);
  connect(delete_works_, &QAction::triggered, this, [this] { remove_selected_works(); });
  road_class_ = new QComboBox(this);
  for (const auto& c : pwp_road_classes()) road_class_->addItem(QString::fromStdString(c), QString::fromStdString(c));
  pwp_ = new QAction(this);
  pwp_->setEnabled(false);
  connect(pwp_, &QAction::triggered, this, [this] {
    if (auto* d = pwp_dialog()) d->show(), d->raise();
  });
  compare_ = new QAction(this);
  compare_->setEnabled(false);
  connect(compare_, &QAction::triggered, this, [this] {
    if (auto* d = compare_dialog()) d->reload_scenarios(), d->show(), d->raise();
  });
  costs_ = new QAction(this);
  costs_->setEnabled(false);
  connect(costs_, &QAction::triggered, this, [this] {
    if (auto* d = cost_dialog()) d->reload_scenarios(), d->compute(), d->show(), d->raise();
  });
  for (auto* a : {pan_, zoom_in_, zoom_out_, identify_tool_, measure_, select_})
    connect(a, &QAction::triggered, this, [this] { place_layer_.clear(); });
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
  file_menu_->addAction(save_);
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
  analysis_menu_->addSeparator();
  analysis_menu_->addAction(add_candidate_);
  analysis_menu_->addAction(add_office_);
  analysis_menu_->addSeparator();
  analysis_menu_->addAction(draw_works_);
  analysis_menu_->addAction(remove_work_);
  analysis_menu_->addAction(delete_works_);
  analysis_menu_->addAction(pwp_);
  analysis_menu_->addSeparator();
  analysis_menu_->addAction(compare_);
  analysis_menu_->addAction(costs_);
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
  tb->addAction(gap_analysis_);
  tb->addAction(siting_);
  tb->addAction(add_candidate_);
  tb->addAction(add_office_);
  tb->addSeparator();
  tb->addAction(draw_works_);
  tb->addWidget(road_class_);
  tb->addAction(remove_work_);
  tb->addAction(pwp_);
  tb->addAction(compare_);
  tb->addAction(costs_);
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
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);  // road works: delete the selected rows
  table_->addAction(delete_works_);
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

  // The commune profile is a wide table (services x numbers): below the map, beside the
  // attribute table; the left docks (layers, legend) keep the full height.
  profile_ = new CommuneProfile(this);
  profile_dock_ = new QDockWidget(this);
  profile_dock_->setObjectName("commune_profile");
  profile_dock_->setWidget(profile_);
  addDockWidget(Qt::BottomDockWidgetArea, profile_dock_);
  tabifyDockWidget(table_dock_, profile_dock_);
  table_dock_->raise();
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
}

void MainWindow::retranslate() {
  setWindowTitle(project_.path.empty() ? tr("swsplan") : tr("swsplan - %1").arg(QFileInfo(QString::fromStdString(project_.path)).fileName()));
  open_->setText(tr("&Open project..."));
  save_->setText(tr("&Save project"));
  save_->setToolTip(tr("Save the layers' visibility, order and styles in the project"));
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
  gap_analysis_->setText(tr("Gap analysis..."));
  siting_->setText(tr("Office siting..."));
  add_candidate_->setText(tr("Add/remove candidate site"));
  add_candidate_->setToolTip(tr("Click the map to add a candidate office site (layer user_candidates); click one to remove it"));
  add_office_->setText(tr("Add/remove fixed office"));
  add_office_->setToolTip(tr("Click the map to add an existing office kept by siting (layer user_offices); click one to remove it"));
  draw_works_->setText(tr("Draw road works"));
  draw_works_->setToolTip(tr("Click the vertices of a new road, double-click or Enter to finish, Esc to cancel "
                             "(layer user_pwp_works, class chosen beside the tool)"));
  remove_work_->setText(tr("Remove road work"));
  remove_work_->setToolTip(tr("Click a drawn road work to remove it from user_pwp_works"));
  delete_works_->setText(tr("Delete selected road works"));
  delete_works_->setToolTip(tr("Delete the rows of user_pwp_works selected in the attribute table"));
  road_class_->setToolTip(tr("Road class of the roads you draw"));
  pwp_->setText(tr("PWP road scenario..."));
  compare_->setText(tr("Compare scenarios..."));
  costs_->setText(tr("Costs..."));
  profile_dock_->setWindowTitle(tr("Commune profile"));
  profile_->retranslate();
  // Toolbar labels: Qt strips '&' but keeps a Khmer/CJK-style appended accelerator "(&O)".
  static const QRegularExpression appended(QStringLiteral("\\s*\\(&[^)]\\)"));
  for (auto* a : findChildren<QAction*>())
    if (a->text().contains(appended)) {
      QString t = a->text();
      t.remove(appended);
      a->setIconText(t.remove(QStringLiteral("...")).remove(QChar('&')).trimmed());
    } else if (!a->text().isEmpty()) {
      a->setIconText(QString());  // back to Qt's default (derived from the text)
    }
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
  const auto seq = ++open_seq_;  // a later open (sync or async) supersedes this one
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
  connect(w, &QFutureWatcher<LoadedProject>::finished, this, [this, w, seq] {
    if (seq != open_seq_) {  // the user opened another project meanwhile: drop this one
      w->deleteLater();
      return;
    }
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
  // Dialogs belong to the previous project (a running job is cancelled and awaited).
  delete gap_dialog_;
  delete siting_dialog_;
  delete pwp_dialog_;
  delete compare_dialog_;
  delete cost_dialog_;
  ++project_gen_;  // results and edits still loading for the previous project are dropped
  project_ = std::move(p);
  for (auto& l : project_.layers)
    if (l.name() == "district_priority") l.visible = false;  // would hide the gap classes
  apply_saved_map();
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
  for (auto* a : {save_, gap_analysis_, siting_, add_candidate_, add_office_, draw_works_, remove_work_, pwp_, compare_, costs_})
    a->setEnabled(true);
  load_gap_table();
  QString msg = tr("Opened %1: %2 layers").arg(QString::fromStdString(project_.path)).arg(project_.layers.size());
  for (const auto& w : project_.warnings) msg += "; " + QString::fromStdString(w);
  statusBar()->showMessage(msg, 8000);
  retranslate();
}

void MainWindow::apply_saved_map() {
  // After the defaults: visibility, style and order of the layers named in swsplan_map_styles
  // (absent layers keep their defaults; rows for layers not in the project are ignored).
  styled_.clear();
  auto& layers = project_.layers;
  std::map<std::string, const SavedLayerState*> saved;
  for (const auto& r : project_.saved_map) saved[r.layer] = &r;
  std::vector<std::size_t> places;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    auto it = saved.find(layers[i].name());
    if (it == saved.end()) continue;
    places.push_back(i);
    auto& l = layers[i];
    l.visible = it->second->visible;
    if (it->second->style_json.empty() || !l.data) continue;
    try {
      l.style = style_from_choice_json(it->second->style_json, l.name(), l.data->data);
      styled_.insert(l.name());
    } catch (const std::exception& e) {
      project_.warnings.push_back(std::string(kMapStylesTable) + ", layer " + l.name() + ": " + e.what() +
                                  " (default style kept)");
    }
  }
  // The saved layers take the places they had among themselves; the others stay where they are.
  std::vector<MapLayer> moved;
  for (auto i : places) moved.push_back(layers[i]);
  std::stable_sort(moved.begin(), moved.end(),
                   [&](const MapLayer& a, const MapLayer& b) { return saved[a.name()]->draw_order < saved[b.name()]->draw_order; });
  for (std::size_t k = 0; k < places.size(); ++k) layers[places[k]] = std::move(moved[k]);
}

void MainWindow::set_layer_style(const std::string& name, const LayerStyle& style) {
  canvas_->set_layer_style(name, style);
  styled_.insert(name);
  rebuild_layer_tree();
  update_legend();
}

void MainWindow::set_layer_order_top_first(const std::vector<std::string>& names) {
  canvas_->set_order_top_first(names);
  rebuild_layer_tree();
  update_legend();
}

bool MainWindow::save_project(bool wait) {
  if (project_.path.empty()) return false;
  if (save_job_ && save_job_->isRunning()) return false;
  const QString busy = busy_writer(nullptr);
  if (!busy.isEmpty()) {
    statusBar()->showMessage(tr("Cannot save now: %1").arg(busy), 8000);
    return false;
  }
  std::vector<SavedLayerState> rows;
  const auto& layers = canvas_->view().layers;  // bottom first
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    rows.push_back({l.name(), l.visible, int(i), styled_.count(l.name()) ? style_choice_json(l.style) : std::string()});
  }
  const std::string path = project_.path;
  if (!save_job_) save_job_ = new QFutureWatcher<bool>(this);
  save_job_->disconnect(this);
  connect(save_job_, &QFutureWatcher<bool>::finished, this, [this, path, n = rows.size()] {
    bool ok = false;
    try {
      ok = save_job_->result();
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
  save_job_->setFuture(QtConcurrent::run([path, table = map_styles_table(rows)] {
    layers::ProjectWriter w(path);
    w.put(table, kMapStylesTable);
    w.commit();
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
  set_layer_style(name, s);
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

DialogContext MainWindow::dialog_context() const {
  DialogContext c;
  c.project_path = project_.path;
  if (const auto* f = canvas_->layer("facilities"); f && f->data && f->data->data.find("service") >= 0) {
    const auto& col = f->data->data.column("service");
    for (auto s : layers::all_services()) {
      const std::string id = layers::service_id(s);
      for (std::size_t i = 0; i < col.size(); ++i)
        if (col.text(i) == id) {
          c.services.push_back(id);
          break;
        }
    }
  }
  if (const auto* cm = canvas_->layer("communes"); cm && cm->data)
    for (const auto& col : cm->data->data.columns)
      if (col.type == gis::FieldType::Real && col.name.find("share") != std::string::npos) c.commune_fields.push_back(col.name);
  for (const auto& l : canvas_->view().layers)
    if (l.data && l.data->kind() == gis::GeometryKind::Point && l.name() != "villages" && l.name() != "facilities" &&
        l.name().find("_van_stops") == std::string::npos && l.name().find("_offices") == std::string::npos)
      c.point_layers.push_back(l.name());
  for (const char* u : {kUserCandidates, kUserOffices})
    if (std::find(c.point_layers.begin(), c.point_layers.end(), u) == c.point_layers.end() && canvas_->layer(u))
      c.point_layers.push_back(u);
  return c;
}

GapDialog* MainWindow::gap_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!gap_dialog_) {
    gap_dialog_ = new GapDialog(dialog_context(), this);
    gap_dialog_->set_writer_guard([this, d = gap_dialog_.data()] { return busy_writer(d); });
    connect(gap_dialog_, &GapDialog::succeeded, this, [this](const GapSummary&) { show_gap_result(); });
  }
  return gap_dialog_;
}

SitingDialog* MainWindow::siting_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!siting_dialog_) {
    const auto ctx = dialog_context();
    siting_dialog_ = new SitingDialog(ctx, this);
    siting_dialog_->set_writer_guard([this, d = siting_dialog_.data()] { return busy_writer(d); });
    // Points the user placed on the map are what they mean to site with.
    auto has = [&](const char* n) { return std::find(ctx.point_layers.begin(), ctx.point_layers.end(), n) != ctx.point_layers.end(); };
    siting_dialog_->set_point_layers(ctx.point_layers, has(kUserCandidates) ? kUserCandidates : "",
                                     has(kUserOffices) ? kUserOffices : "");
    connect(siting_dialog_, &SitingDialog::succeeded, this,
            [this](const layers::SitingResult& r) { show_siting_result(r); });
  }
  return siting_dialog_;
}

void MainWindow::order_layers() {
  std::vector<std::string> names;
  for (const auto& l : canvas_->view().layers) names.push_back(l.name());
  const auto& order = standard_draw_order();
  auto index = [&](const std::string& n) {
    auto it = std::find(order.begin(), order.end(), n);
    return it == order.end() ? -1.0 : double(it - order.begin());
  };
  auto ends = [](const std::string& n, const std::string& suf) {
    return n.size() >= suf.size() && n.compare(n.size() - suf.size(), suf.size(), suf) == 0;
  };
  // Scenario layers: assignment lines under the roads, van stops over the facilities, the
  // scenario's offices above everything but the points the user places (they must stay clickable).
  auto rank = [&](const std::string& n) {
    // Choropleths of a PWP gain or a scenario comparison: over the gap layers, under outlines.
    if (n.rfind("compare_", 0) == 0 || ends(n, "_pwp_gain")) return index("district_priority") + 0.5;
    if (n.rfind("scenario_", 0) == 0) {
      if (ends(n, "_assignment_lines")) return index("provinces") + 0.5;
      if (ends(n, "_van_stops")) return index("facilities") + 0.5;
      return double(order.size()) - 2.5;  // offices: below user_candidates / user_offices
    }
    const double i = index(n);
    return i < 0 ? double(order.size()) - 2.7 : i;  // other layers: over the standard ones
  };
  std::stable_sort(names.begin(), names.end(), [&](auto& a, auto& b) { return rank(a) < rank(b); });
  std::reverse(names.begin(), names.end());
  canvas_->set_order_top_first(names);
  rebuild_layer_tree();
  update_legend();
}

void MainWindow::load_gap_table() {
  gis::VectorLayer t;
  try {
    const auto p = layers::Project::open(project_.path);
    if (p.has(layers::kGapClassesTable)) t = p.read(layers::kGapClassesTable);
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Cannot read gap_classes: %1").arg(QString::fromStdString(e.what())), 8000);
  }
  profile_->set_table(std::move(t));
}

void MainWindow::refresh_table_layers() {
  syncing_ = true;
  table_layer_->clear();
  for (const auto& l : canvas_->view().layers) table_layer_->addItem(QString::fromStdString(l.name()));
  syncing_ = false;
}

namespace {
/// Result layers read and prepared on a worker thread (the GUI thread only swaps them in).
struct LoadedResults {
  std::vector<MapLayer> layers;
  std::optional<gis::VectorLayer> gap_table;
  std::string error;
};

/// Map layers derived from a siting result: van stops at their communes' label points,
/// labelled van.order, and a line from each village to its office.
std::vector<MapLayer> siting_layers(const layers::SitingResult& r, const std::string& crs,
                                    const std::shared_ptr<const PreparedLayer>& offices,
                                    const std::shared_ptr<const PreparedLayer>& communes,
                                    const std::shared_ptr<const PreparedLayer>& villages) {
  std::vector<MapLayer> out;
  const std::string sc = r.request.scenario;
  // Van stops: one point per visit at the commune's label point, labelled van.order.
  if (communes && communes->data.find("adm3_pcode") >= 0 && r.vans_table.size() > 0) {
    std::map<std::string, std::size_t> at;
    const auto& pc = communes->data.column("adm3_pcode");
    for (std::size_t i = 0; i < pc.size(); ++i) at[pc.text(i)] = i;
    gis::VectorLayer v;
    v.name = layers::scenario_layer(sc, "van_stops");
    v.crs = crs;
    v.geom.kind = gis::GeometryKind::Point;
    gis::Column van = mkcol("van", gis::FieldType::Integer), ord = mkcol("order", gis::FieldType::Integer),
        code = mkcol("adm3_pcode", gis::FieldType::String), name = mkcol("commune", gis::FieldType::String),
        days = mkcol("days", gis::FieldType::String), stop = mkcol("stop", gis::FieldType::String);
    const auto &tv = r.vans_table.column("van"), &to = r.vans_table.column("order"),
               &tp = r.vans_table.column("adm3_pcode"), &tn = r.vans_table.column("commune"),
               &ts = r.vans_table.column("start_day"), &te = r.vans_table.column("end_day");
    for (std::size_t i = 0; i < r.vans_table.size(); ++i) {
      auto it = at.find(tp.text(i));
      if (it == at.end()) continue;
      v.fids.push_back(std::int64_t(v.fids.size() + 1));
      v.geom.add_point(communes->label_x[it->second], communes->label_y[it->second]);
      v.geom.end_feature();
      van.push(std::int64_t(*tv.number(i)));
      ord.push(std::int64_t(*to.number(i)));
      code.push(tp.text(i));
      name.push(tn.text(i));
      days.push(ts.text(i) + "-" + te.text(i));
      stop.push("V" + tv.text(i) + "." + to.text(i));
    }
    v.columns = {van, ord, code, name, days, stop};
    MapLayer ml;
    ml.style = default_style(v.name, v);
    ml.data = prepare_layer(v, crs);
    out.push_back(std::move(ml));
  }
  // Assignments: a line from each village to its office.
  if (offices && villages && villages->data.find("vil_code") >= 0 &&
      r.assignment_table.size() > 0) {
    std::map<std::string, std::size_t> vat, oat;
    const auto& vc = villages->data.column("vil_code");
    for (std::size_t i = 0; i < vc.size(); ++i) vat[vc.text(i)] = i;
    const auto& oc = offices->data.column("office_id");
    for (std::size_t i = 0; i < oc.size(); ++i) oat[oc.text(i)] = i;
    gis::VectorLayer a;
    a.name = layers::scenario_layer(sc, "assignment_lines");
    a.crs = crs;
    a.geom.kind = gis::GeometryKind::Line;
    gis::Column vcol = mkcol("vil_code", gis::FieldType::String), ocol = mkcol("office_id", gis::FieldType::String),
        cost = mkcol("cost", gis::FieldType::Real), within = mkcol("within", gis::FieldType::Integer);
    const auto &tv = r.assignment_table.column("vil_code"), &to = r.assignment_table.column("office_id"),
               &tc = r.assignment_table.column("cost"), &tw = r.assignment_table.column("within");
    for (std::size_t i = 0; i < r.assignment_table.size(); ++i) {
      auto vi = vat.find(tv.text(i));
      auto oi = oat.find(to.text(i));
      if (vi == vat.end() || oi == oat.end()) continue;
      const auto v = villages->data.geom.first_xy(vi->second);
      const auto o = offices->data.geom.first_xy(oi->second);
      if (!v || !o) continue;
      const double xs[2] = {v->first, o->first}, ys[2] = {v->second, o->second};
      a.fids.push_back(std::int64_t(a.fids.size() + 1));
      a.geom.begin_part();
      a.geom.add_ring(xs, ys, 2);
      a.geom.end_feature();
      vcol.push(tv.text(i));
      ocol.push(to.text(i));
      if (auto c = tc.number(i)) cost.push(*c);
      else cost.push_null();
      within.push(std::int64_t(tw.number(i).value_or(0)));
    }
    a.columns = {vcol, ocol, cost, within};
    MapLayer ml;
    ml.style = default_style(a.name, a);
    ml.data = prepare_layer(a, crs);
    out.push_back(std::move(ml));
  }
  return out;
}
}  // namespace

void MainWindow::show_gap_result() {
  const std::string path = project_.path, crs = project_.map_crs;
  auto* w = new QFutureWatcher<LoadedResults>(this);
  connect(w, &QFutureWatcher<LoadedResults>::finished, this, [this, w, gen = project_gen_] {
    w->deleteLater();
    if (gen != project_gen_) return;  // read from the previous project
    LoadedResults res = w->result();
    if (!res.error.empty()) {
      QMessageBox::warning(this, tr("Cannot load layer"), QString::fromStdString(res.error));
      emit results_shown(QString());
      return;
    }
    const bool had_prio = canvas_->layer("district_priority") != nullptr;
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    if (!had_prio) canvas_->set_layer_visible("district_priority", false);
    canvas_->set_layer_visible("gap_communes", true);
    order_layers();
    canvas_->set_active_layer("gap_communes");
    rebuild_layer_tree();
    if (res.gap_table) profile_->set_table(std::move(*res.gap_table));
    refresh_table_layers();
    show_attributes("gap_communes");
    for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i)
      if (layer_tree_->topLevelItem(i)->data(0, Qt::UserRole).toString() == "gap_communes")
        layer_tree_->setCurrentItem(layer_tree_->topLevelItem(i));
    statusBar()->showMessage(tr("Gap analysis written to the project: gap_communes, gap_classes, district_priority"), 8000);
    emit results_shown("gap_communes");
  });
  w->setFuture(QtConcurrent::run([path, crs] {
    LoadedResults r;
    try {
      for (const char* n : {"gap_communes", "district_priority"}) r.layers.push_back(load_layer(path, n, crs));
      r.gap_table = layers::Project::open(path).read(layers::kGapClassesTable);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  }));
}

void MainWindow::show_siting_result(const layers::SitingResult& r) {
  const std::string path = project_.path, crs = project_.map_crs;
  const std::string offices_name = layers::scenario_layer(r.request.scenario, "offices");
  auto data_of = [this](const std::string& n) {
    const auto* l = canvas_->layer(n);
    return l ? l->data : std::shared_ptr<const PreparedLayer>();
  };
  auto* w = new QFutureWatcher<LoadedResults>(this);
  connect(w, &QFutureWatcher<LoadedResults>::finished, this,
          [this, w, offices_name, sc = r.request.scenario, gen = project_gen_] {
    w->deleteLater();
    if (gen != project_gen_) return;  // read from the previous project
    LoadedResults res = w->result();
    if (!res.error.empty()) {
      QMessageBox::warning(this, tr("Cannot load layer"), QString::fromStdString(res.error));
      emit results_shown(QString());
      return;
    }
    // Layers of an earlier run of this scenario that this run did not produce (no vans now).
    for (const char* part : {"van_stops", "assignment_lines"}) {
      const auto n = layers::scenario_layer(sc, part);
      const bool fresh = std::any_of(res.layers.begin(), res.layers.end(), [&](const MapLayer& l) { return l.name() == n; });
      if (!fresh && canvas_->layer(n)) canvas_->set_layer_visible(n, false);
    }
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    order_layers();
    refresh_table_layers();
    if (canvas_->layer(offices_name)) show_attributes(offices_name);
    statusBar()->showMessage(tr("Scenario %1 written to the project").arg(QString::fromStdString(sc)), 8000);
    emit results_shown(QString::fromStdString(offices_name));
  });
  w->setFuture(QtConcurrent::run([path, crs, offices_name, rr = r, communes = data_of("communes"),
                                  villages = data_of("villages")] {
    LoadedResults out;
    try {
      out.layers.push_back(load_layer(path, offices_name, crs));
      auto more = siting_layers(rr, crs, out.layers.front().data, communes, villages);
      for (auto& l : more) out.layers.push_back(std::move(l));
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }));
}

std::string MainWindow::show_commune_profile_at(double x, double y) {
  identify_at(x, y);  // as a click with the Identify tool: selects, fills identify and the profile
  return profile_->commune();
}

bool MainWindow::toggle_user_point_at(const std::string& layer, double x, double y, double tolerance_m, bool wait) {
  if (project_.path.empty()) return false;
  if (!point_edit_) point_edit_ = new QFutureWatcher<bool>(this);
  if (point_edit_->isRunning()) return false;
  if (works_edit_ && works_edit_->isRunning()) {
    statusBar()->showMessage(tr("A road-works edit is writing the project: place the point when it has finished"), 8000);
    return false;
  }
  // One writer at a time: an analysis commits a copy of the project and would drop this edit.
  if (any_job_running()) {
    statusBar()->showMessage(tr("An analysis is writing the project: place the point when it has finished"), 8000);
    return false;
  }
  double xs[1] = {x}, ys[1] = {y};
  try {
    gis::Transformer(project_.map_crs, "EPSG:4326").transform(xs, ys);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot place the point"), QString::fromStdString(e.what()));
    return false;
  }
  const std::string path = project_.path;
  const double lon = xs[0], lat = ys[0];
  point_edit_->disconnect(this);
  connect(point_edit_, &QFutureWatcher<bool>::finished, this, [this, layer, gen = project_gen_] {
    try {
      const bool added = point_edit_->result();
      if (gen != project_gen_) {  // the edit went to the previous project: nothing to show here
        emit user_points_changed(QString::fromStdString(layer));
        return;
      }
      reload_layer(layer);
      order_layers();
      statusBar()->showMessage((added ? tr("Added a point to %1") : tr("Removed a point from %1")).arg(QString::fromStdString(layer)), 5000);
      if (siting_dialog_)
        siting_dialog_->set_point_layers(dialog_context().point_layers, layer == kUserCandidates ? layer : std::string(),
                                         layer == kUserOffices ? layer : std::string());
    } catch (const std::exception& e) {
      auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot edit %1").arg(QString::fromStdString(layer)),
                                  QString::fromStdString(e.what()), QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
    emit user_points_changed(QString::fromStdString(layer));
  });
  point_edit_->setFuture(
      QtConcurrent::run([path, layer, lon, lat, tolerance_m] { return toggle_user_point(path, layer, lon, lat, tolerance_m); }));
  if (wait) {
    bool done = false;
    QEventLoop loop;
    auto c = connect(this, &MainWindow::user_points_changed, &loop, [&] {
      done = true;
      loop.quit();
    });
    if (!done) loop.exec();
    disconnect(c);
  }
  return true;
}

// --- PWP road works, PWP scenarios, comparison, costs ----------------------------------------

namespace {
[[maybe_unused]] const char* const kPwpLegendStrings[] = {QT_TRANSLATE_NOOP("Legend", "0 (no change)"),
                                                          QT_TRANSLATE_NOOP("Legend", "PWP road works"),
                                                          QT_TRANSLATE_NOOP("Legend", "Poor households gaining access"),
                                                          QT_TRANSLATE_NOOP("Legend", "Poor households covered, B - A")};
}  // namespace

bool MainWindow::any_job_running() const {
  for (const JobDialog* d : std::initializer_list<const JobDialog*>{gap_dialog_.data(), siting_dialog_.data(),
                                                                     pwp_dialog_.data(), compare_dialog_.data()})
    if (d && d->job()->running()) return true;
  return save_job_ && save_job_->isRunning();  // File > Save project is a writer too
}

QString MainWindow::busy_writer(const JobDialog* except) const {
  for (const JobDialog* d : std::initializer_list<const JobDialog*>{gap_dialog_.data(), siting_dialog_.data(),
                                                                     pwp_dialog_.data(), compare_dialog_.data()})
    if (d && d != except && d->job()->running()) return tr("%1 is writing the project").arg(d->windowTitle());
  if (point_edit_ && point_edit_->isRunning()) return tr("a point edit is writing the project");
  if (works_edit_ && works_edit_->isRunning()) return tr("a road-works edit is writing the project");
  if (save_job_ && save_job_->isRunning()) return tr("Save project is writing the project");
  return {};
}

std::vector<std::string> MainWindow::line_layers() const {
  std::vector<std::string> out;
  for (const auto& l : canvas_->view().layers)
    if (l.data && l.data->kind() == gis::GeometryKind::Line && l.name() != "roads" &&
        l.name().rfind("scenario_", 0) != 0 && l.name().find("assignment") == std::string::npos)
      out.push_back(l.name());
  return out;
}

PwpDialog* MainWindow::pwp_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!pwp_dialog_) {
    pwp_dialog_ = new PwpDialog(dialog_context(), this);
    pwp_dialog_->set_writer_guard([this, d = pwp_dialog_.data()] { return busy_writer(d); });
    pwp_dialog_->set_works_layers(line_layers(), kUserPwpWorks);
    connect(pwp_dialog_, &PwpDialog::succeeded, this, [this](const layers::PwpResult& r) { show_pwp_result(r); });
  }
  return pwp_dialog_;
}

CompareDialog* MainWindow::compare_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!compare_dialog_) {
    compare_dialog_ = new CompareDialog(project_.path, this);
    compare_dialog_->set_writer_guard([this, d = compare_dialog_.data()] { return busy_writer(d); });
    connect(compare_dialog_, &CompareDialog::succeeded, this,
            [this](const layers::ScenarioDiff& d) { show_compare_result(d); });
  }
  return compare_dialog_;
}

CostDialog* MainWindow::cost_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!cost_dialog_) cost_dialog_ = new CostDialog(project_.path, this);
  return cost_dialog_;
}

void MainWindow::start_works_edit(std::function<bool()> edit, bool wait) {
  if (!works_edit_) works_edit_ = new QFutureWatcher<bool>(this);
  works_edit_->disconnect(this);
  connect(works_edit_, &QFutureWatcher<bool>::finished, this, [this, gen = project_gen_] {
    bool ok = false;
    try {
      const bool changed = works_edit_->result();
      ok = true;
      if (changed && gen == project_gen_) {  // (an edit of the previous project: nothing to reload here)
        reload_layer(kUserPwpWorks);
        order_layers();
        refresh_table_layers();
        if (pwp_dialog_) pwp_dialog_->set_works_layers(line_layers());
      }
      statusBar()->showMessage(changed ? tr("Layer user_pwp_works updated") : tr("No road work there"), 5000);
    } catch (const std::exception& e) {
      works_error_ = QString::fromStdString(e.what());
      auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot edit user_pwp_works"), works_error_, QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
    emit user_works_changed(ok);
  });
  works_error_.clear();
  works_edit_->setFuture(QtConcurrent::run(std::move(edit)));
  if (wait) {
    QEventLoop loop;
    auto c = connect(this, &MainWindow::user_works_changed, &loop, &QEventLoop::quit);
    if (works_edit_->isRunning() || !works_edit_->isFinished()) loop.exec();
    disconnect(c);
  }
}

bool MainWindow::add_user_work_at(const std::vector<std::pair<double, double>>& xy, bool wait) {
  if (project_.path.empty() || (works_edit_ && works_edit_->isRunning()) || (point_edit_ && point_edit_->isRunning()))
    return false;
  if (any_job_running()) {
    statusBar()->showMessage(tr("An analysis is writing the project: draw the road when it has finished"), 8000);
    return false;
  }
  std::vector<double> xs, ys;
  for (auto [x, y] : xy) xs.push_back(x), ys.push_back(y);
  try {
    gis::Transformer(project_.map_crs, "EPSG:4326").transform(xs, ys);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot store the road"), QString::fromStdString(e.what()));
    return false;
  }
  std::vector<std::pair<double, double>> ll;
  for (std::size_t i = 0; i < xs.size(); ++i) ll.emplace_back(xs[i], ys[i]);
  const std::string path = project_.path, cls = road_class_->currentData().toString().toStdString();
  start_works_edit([path, ll, cls] { return add_user_work(path, ll, cls) > 0; }, wait);
  return true;
}

bool MainWindow::remove_user_work_at(double x, double y, double tolerance_m, bool wait) {
  if (project_.path.empty() || (works_edit_ && works_edit_->isRunning()) || (point_edit_ && point_edit_->isRunning()))
    return false;
  if (any_job_running()) {
    statusBar()->showMessage(tr("An analysis is writing the project: remove the road when it has finished"), 8000);
    return false;
  }
  double xs[1] = {x}, ys[1] = {y};
  try {
    gis::Transformer(project_.map_crs, "EPSG:4326").transform(xs, ys);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot remove the road"), QString::fromStdString(e.what()));
    return false;
  }
  const std::string path = project_.path;
  const double lon = xs[0], lat = ys[0];
  start_works_edit([path, lon, lat, tolerance_m] { return remove_user_work_near(path, lon, lat, tolerance_m); }, wait);
  return true;
}

bool MainWindow::remove_selected_works(bool wait) {
  if (project_.path.empty() || (works_edit_ && works_edit_->isRunning()) || (point_edit_ && point_edit_->isRunning()))
    return false;
  if (!model_->layer() || model_->layer()->name != kUserPwpWorks) {
    statusBar()->showMessage(tr("Show user_pwp_works in the attribute table and select the road works to delete"), 8000);
    return false;
  }
  if (any_job_running()) {
    statusBar()->showMessage(tr("An analysis is writing the project: remove the road when it has finished"), 8000);
    return false;
  }
  std::vector<std::int64_t> fids;
  for (auto r : table_selection())
    if (r < model_->layer()->data.fids.size()) fids.push_back(model_->layer()->data.fids[r]);
  if (fids.empty()) return false;
  const std::string path = project_.path;
  start_works_edit([path, fids] { return remove_user_works(path, fids); }, wait);
  return true;
}

void MainWindow::show_pwp_result(const layers::PwpResult& r) {
  const std::string path = project_.path, crs = project_.map_crs;
  const std::string works = layers::pwp_layer(r.request.scenario, "works");
  const std::string gain = layers::pwp_layer(r.request.scenario, "gain");
  const auto* cm = canvas_->layer("communes");
  auto communes = cm ? cm->data : std::shared_ptr<const PreparedLayer>();
  auto* w = new QFutureWatcher<LoadedResults>(this);
  connect(w, &QFutureWatcher<LoadedResults>::finished, this, [this, w, gain, sc = r.request.scenario, gen = project_gen_] {
    w->deleteLater();
    if (gen != project_gen_) return;  // computed for the previous project
    LoadedResults res = w->result();
    if (!res.error.empty()) {
      QMessageBox::warning(this, tr("Cannot load layer"), QString::fromStdString(res.error));
      emit results_shown(QString());
      return;
    }
    for (const auto& l : canvas_->view().layers)
      if (l.name() != gain && (l.name().rfind("compare_", 0) == 0 || l.name().find("_pwp_gain") != std::string::npos))
        canvas_->set_layer_visible(l.name(), false);
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    canvas_->set_layer_visible(gain, true);
    order_layers();
    refresh_table_layers();
    if (canvas_->layer(gain)) show_attributes(gain);
    statusBar()->showMessage(tr("PWP scenario %1 written to the project").arg(QString::fromStdString(sc)), 8000);
    emit results_shown(canvas_->layer(gain) ? QString::fromStdString(gain) : QString::fromStdString(sc));
  });
  w->setFuture(QtConcurrent::run([path, crs, works, rr = r, communes] {
    LoadedResults out;
    try {
      out.layers.push_back(load_layer(path, works, crs));
      if (communes && !rr.services.empty()) {
        auto g = pwp_gain_layer(rr, *communes);
        const std::string svc = rr.services.front().service;
        MapLayer ml;
        ml.style = diverging_style(g, "net_poor_" + svc,
                                   "Poor households gaining access: " + service_label(svc));
        ml.data = prepare_layer(g, crs);
        out.layers.push_back(std::move(ml));
      }
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }));
}

void MainWindow::show_compare_result(const layers::ScenarioDiff& d) {
  const std::string crs = project_.map_crs, name = d.difference_layer.name;
  auto* w = new QFutureWatcher<LoadedResults>(this);
  connect(w, &QFutureWatcher<LoadedResults>::finished, this, [this, w, name, gen = project_gen_] {
    w->deleteLater();
    if (gen != project_gen_) return;  // computed for the previous project
    LoadedResults res = w->result();
    if (!res.error.empty()) {
      QMessageBox::warning(this, tr("Cannot load layer"), QString::fromStdString(res.error));
      emit results_shown(QString());
      return;
    }
    for (const auto& l : canvas_->view().layers)
      if (l.name() != name && (l.name().rfind("compare_", 0) == 0 || l.name().find("_pwp_gain") != std::string::npos))
        canvas_->set_layer_visible(l.name(), false);
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    canvas_->set_layer_visible(name, true);
    order_layers();
    refresh_table_layers();
    show_attributes(name);
    statusBar()->showMessage(tr("Difference layer %1 written to the project").arg(QString::fromStdString(name)), 8000);
    emit results_shown(QString::fromStdString(name));
  });
  w->setFuture(QtConcurrent::run([crs, dd = d] {
    LoadedResults out;
    try {
      MapLayer ml;
      ml.style = diverging_style(dd.difference_layer, "diff_covered_poor",
                                 "Poor households covered, B - A: " + QString::fromStdString(dd.b + " - " + dd.a));
      ml.data = prepare_layer(dd.difference_layer, crs);
      out.layers.push_back(std::move(ml));
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }));
}

}  // namespace swsplan::gui
