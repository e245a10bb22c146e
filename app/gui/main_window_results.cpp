// The main window's gap and siting results: the analysis dialogs, result layers read on a
// worker thread, the commune profile and the candidate/office points edited on the map.
#include "app/gui/main_window.hpp"

#include <QMenu>
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
#include "app/gui/future_result.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/render/map_export.hpp"
#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"
#include "app/render/map_decorations.hpp"
#include "app/render/style.hpp"
#include "layers/services.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

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
  if (!project_.path.empty()) {
    try {
      const auto project = layers::Project::open(project_.path);
      for (const auto& id : c.services)
        if (!layers::service_settings(project, *layers::parse_service(id)).enabled) c.disabled_services.push_back(id);
    } catch (const std::exception&) {
      // Unreadable settings: every service is offered ticked; the run itself reports the error.
    }
  }
  if (const auto* pr = canvas_->layer("provinces"); pr && pr->data && pr->data->data.find("adm1_pcode") >= 0) {
    const auto& code = pr->data->data.column("adm1_pcode");
    const int ni = pr->data->data.find("name_en");
    for (std::size_t i = 0; i < code.size(); ++i)
      c.provinces.emplace_back(code.text(i), ni >= 0 ? pr->data->data.columns[std::size_t(ni)].text(i) : std::string());
    std::sort(c.provinces.begin(), c.provinces.end(),
              [](const auto& a, const auto& b) { return a.second == b.second ? a.first < b.first : a.second < b.second; });
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
  // The run stored its offices and, when there are any, its van stops and village -> office
  // lines as layers of the scenario: drawn from the project as `swsplan map` draws them.
  std::vector<std::string> names = {offices_name};
  for (const auto* l : {&r.van_stops_layer, &r.assignment_lines_layer})
    if (!l->name.empty()) names.push_back(l->name);
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
    std::set<std::string> fresh;
    for (const auto& l : res.layers) fresh.insert(l.name());
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    // Each scenario's offices in their own colour and marker, named in the legend; the new
    // scenario takes a free look, the others keep theirs.
    auto drawn = canvas_->view().layers;
    for (const auto& n : distinguish_scenarios(drawn, styled_, fresh))
      for (const auto& l : drawn)
        if (l.name() == n) canvas_->set_layer_style(n, l.style);
    order_layers();
    refresh_table_layers();
    if (canvas_->layer(offices_name)) show_attributes(offices_name);
    statusBar()->showMessage(tr("Scenario %1 written to the project").arg(QString::fromStdString(sc)), 8000);
    emit results_shown(QString::fromStdString(offices_name));
  });
  w->setFuture(QtConcurrent::run([path, crs, names] {
    LoadedResults out;
    try {
      for (const auto& n : names) out.layers.push_back(load_layer(path, n, crs));
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
      const bool added = future_result(*point_edit_);
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

void MainWindow::build_gap_menu() {
  auto* menu = new QMenu(this);
  gap_classes_ = new QAction(this);
  gap_classes_->setMenu(menu);
  layer_tree_->addAction(gap_classes_);
  layer_menu_->addAction(gap_classes_);
  // Filled when shown: the services of the last gap analysis, then the worst over them.
  connect(menu, &QMenu::aboutToShow, this, [this, menu] {
    menu->clear();
    const auto* gap = canvas_->layer("gap_communes");
    if (!gap || !gap->data) {
      menu->addAction(tr("Run the gap analysis first"))->setEnabled(false);
      return;
    }
    for (const auto& c : gap->data->data.columns) {
      if (c.name.rfind("class_", 0) != 0) continue;
      const QString label = c.name == "class_worst" ? tr("Worst service (each commune's worst class)")
                                                    : legend_tr(service_label(c.name.substr(6)));
      auto* a = menu->addAction(label);
      a->setCheckable(true);
      a->setChecked(gap->style.field == c.name);
      a->setData(QString::fromStdString(c.name));
      connect(a, &QAction::triggered, this, [this, field = c.name] {
        if (const auto* g = canvas_->layer("gap_communes"); g && g->data)
          set_layer_style("gap_communes", gap_style(g->data->data, field));
      });
    }
  });
}

}  // namespace swsplan::gui
