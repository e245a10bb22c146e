#include "app/gui/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QCloseEvent>
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
#include "app/gui/referral_dialog.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/gui/search_box.hpp"
#include "app/gui/value_format.hpp"
#include "app/render/map_export.hpp"
#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

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
  search_ = new SearchBox(this);
  auto* find_bar = addToolBar(tr("Search"));
  find_bar->setObjectName("search");
  find_bar->addWidget(search_);
  build_added_layers_ui();
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
  connect(canvas_, &MapCanvas::measured_area, this, [this](double m2, double perimeter, bool done) {
    const QString a = format_area_m2(m2), p = format_length_m(perimeter);
    statusBar()->showMessage(done ? tr("Area: %1, perimeter %2 (double-click ended; click to start again)").arg(a, p)
                                  : tr("Area: %1, perimeter %2 (double-click to finish)").arg(a, p));
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
                                                        compare_dialog_.data(), referral_dialog_.data()})
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
  tool(measure_area_, MapCanvas::Tool::MeasureArea);
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
  referral_ = new QAction(this);
  referral_->setEnabled(false);
  connect(referral_, &QAction::triggered, this, [this] {
    if (auto* d = referral_dialog()) d->show(), d->raise();
  });
  costs_ = new QAction(this);
  costs_->setEnabled(false);
  connect(costs_, &QAction::triggered, this, [this] {
    if (auto* d = cost_dialog()) d->reload_scenarios(), d->compute(), d->show(), d->raise();
  });
  for (auto* a : {pan_, zoom_in_, zoom_out_, identify_tool_, measure_, measure_area_, select_})
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
  for (auto* a : {pan_, zoom_in_, zoom_out_, zoom_full_, zoom_layer_, identify_tool_, measure_, measure_area_, select_})
    view_menu_->addAction(a);
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
  analysis_menu_->addAction(referral_);
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
  for (auto* a : {identify_tool_, measure_, measure_area_, select_}) tb->addAction(a);
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
  build_gap_menu();
  layer_tree_->addAction(attributes_);
  layer_tree_->addAction(zoom_layer_);
  connect(layer_tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* it, int) {
    if (syncing_) return;
    canvas_->set_layer_visible(it->data(0, Qt::UserRole).toString().toStdString(), it->checkState(0) == Qt::Checked);
    ++map_edits_;
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

  attr_table_ = new AttributeTable(canvas_, this);
  table_ = attr_table_->view();
  model_ = attr_table_->model();
  proxy_ = attr_table_->proxy();
  table_layer_ = attr_table_->layer_box();
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);  // road works: delete the selected rows
  table_->addAction(delete_works_);
  connect(table_layer_, &QComboBox::currentTextChanged, this, [this](const QString& t) {
    if (!syncing_) show_attributes(t.toStdString());
  });
  connect(attr_table_, &AttributeTable::rows_selected, this, [this] { on_table_selection(); });
  table_dock_ = new QDockWidget(this);
  table_dock_->setObjectName("attributes");
  table_dock_->setWidget(attr_table_);
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
  measure_area_->setText(tr("Measure area"));
  select_->setText(tr("Select by rectangle"));
  style_->setText(tr("Style..."));
  gap_classes_->setText(tr("Gap classes of"));
  gap_classes_->setToolTip(tr("The service whose unavailable / unaffordable classes the gap map shows, or the worst of them"));
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
  referral_->setText(tr("Referral..."));
  costs_->setText(tr("Costs..."));
  retranslate_added_layers();
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

void MainWindow::closeEvent(QCloseEvent* e) {
  if (!map_changed() || project_.path.empty()) return QMainWindow::closeEvent(e);
  QMessageBox box(QMessageBox::Question, tr("Unsaved map changes"),
                  tr("The layers' visibility, order or styles changed since %1 was saved. Save them in the project?")
                      .arg(QFileInfo(QString::fromStdString(project_.path)).fileName()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setObjectName("unsaved_map");
  box.setDefaultButton(QMessageBox::Save);
  const int answer = box.exec();
  if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !(save_project(true) && !map_changed()))) {
    e->ignore();  // kept open: cancelled, or the save failed (its message says why)
    return;
  }
  QMainWindow::closeEvent(e);
}

void MainWindow::renew_dialogs() {
  // The dialogs build their texts once: rebuild each idle one, shown again where it was.
  auto renew = [](auto& ptr, auto make) {
    if (!ptr) return;
    auto* job = qobject_cast<JobDialog*>(ptr.data());
    if (job && job->job()->running()) return;
    if (auto* cost = qobject_cast<CostDialog*>(ptr.data()); cost && cost->computing()) return;
    const bool shown = ptr->isVisible();
    const QRect where = ptr->geometry();
    const QString result = job ? job->result_text() : QString();
    delete ptr.data();
    if (!shown) return;
    if (auto* d = make()) {
      if (auto* j = qobject_cast<JobDialog*>(d)) j->set_result_text(result);
      if (auto* cost = qobject_cast<CostDialog*>(d)) {
        cost->reload_scenarios();
        cost->compute();
      }
      d->setGeometry(where);
      d->show();
    }
  };
  renew(gap_dialog_, [this] { return gap_dialog(); });
  renew(siting_dialog_, [this] { return siting_dialog(); });
  renew(pwp_dialog_, [this] { return pwp_dialog(); });
  renew(compare_dialog_, [this] { return compare_dialog(); });
  renew(referral_dialog_, [this] { return referral_dialog(); });
  renew(cost_dialog_, [this] { return cost_dialog(); });
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
  renew_dialogs();
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

}  // namespace swsplan::gui
