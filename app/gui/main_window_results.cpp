// The main window's gap and siting results: the analysis dialogs, result layers read on a
// worker thread, the commune profile and the candidate/office points edited on the map.
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
    gis::Column van("van", gis::FieldType::Integer), ord("order", gis::FieldType::Integer),
        code("adm3_pcode", gis::FieldType::String), name("commune", gis::FieldType::String),
        days("days", gis::FieldType::String), stop("stop", gis::FieldType::String);
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
    gis::Column vcol("vil_code", gis::FieldType::String), ocol("office_id", gis::FieldType::String),
        cost("cost", gis::FieldType::Real), within("within", gis::FieldType::Integer);
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

}  // namespace swsplan::gui
