// The main window's PWP road works, PWP scenarios, scenario comparison and costs.
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
#include "app/gui/future_result.hpp"
#include "app/gui/pwp_dialogs.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/gui/referral_dialog.hpp"
#include "app/render/map_export.hpp"
#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

namespace {
[[maybe_unused]] const char* const kPwpLegendStrings[] = {QT_TRANSLATE_NOOP("Legend", "0 (no change)"),
                                                          QT_TRANSLATE_NOOP("Legend", "PWP road works"),
                                                          QT_TRANSLATE_NOOP("Legend", "Poor households gaining access"),
                                                          QT_TRANSLATE_NOOP("Legend", "Poor households covered, B - A")};
}  // namespace

bool MainWindow::any_job_running() const {
  for (const JobDialog* d : std::initializer_list<const JobDialog*>{gap_dialog_.data(), siting_dialog_.data(),
                                                                     pwp_dialog_.data(), compare_dialog_.data(),
                                                                     referral_dialog_.data()})
    if (d && d->job()->running()) return true;
  return save_job_ && save_job_->isRunning();  // File > Save project is a writer too
}

QString MainWindow::busy_writer(const JobDialog* except) const {
  for (const JobDialog* d : std::initializer_list<const JobDialog*>{gap_dialog_.data(), siting_dialog_.data(),
                                                                     pwp_dialog_.data(), compare_dialog_.data(),
                                                                     referral_dialog_.data()})
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
      const bool changed = future_result(*works_edit_);
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
  // The run stored the works and, where any commune changed, the gain per commune: both are
  // drawn from the project as `swsplan map` draws them.
  std::vector<std::string> names = {works};
  if (!r.gain_layer.name.empty()) names.push_back(gain);
  auto* w = new QFutureWatcher<LoadedResults>(this);
  connect(w, &QFutureWatcher<LoadedResults>::finished, this,
          [this, w, gain, has_gain = !r.gain_layer.name.empty(), sc = r.request.scenario, gen = project_gen_] {
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
    if (canvas_->layer(gain)) canvas_->set_layer_visible(gain, has_gain);  // an earlier run's gain: hidden
    order_layers();
    refresh_table_layers();
    if (has_gain) show_attributes(gain);
    statusBar()->showMessage(tr("PWP scenario %1 written to the project").arg(QString::fromStdString(sc)), 8000);
    emit results_shown(has_gain ? QString::fromStdString(gain) : QString::fromStdString(sc));
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
