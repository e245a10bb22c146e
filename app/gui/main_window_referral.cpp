// The main window's referral analysis: Analysis > Referral... and the referral_<mode> lines it
// stores, drawn classed by time.
#include <QFutureWatcher>
#include <QMessageBox>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "app/gui/main_window.hpp"
#include "app/gui/referral_dialog.hpp"
#include "app/render/referral_style.hpp"

namespace swsplan::gui {

namespace {
[[maybe_unused]] const char* const kReferralLegendStrings[] = {
    QT_TRANSLATE_NOOP("Legend", "Referral time (min)"), QT_TRANSLATE_NOOP("Legend", "0 – 30 min"),
    QT_TRANSLATE_NOOP("Legend", "30 – 60 min"),         QT_TRANSLATE_NOOP("Legend", "60 – 120 min"),
    QT_TRANSLATE_NOOP("Legend", "> 120 min"),           QT_TRANSLATE_NOOP("Legend", "New sites (scaling-up)")};
}  // namespace

ReferralDialog* MainWindow::referral_dialog() {
  if (project_.path.empty()) return nullptr;
  if (!referral_dialog_) {
    referral_dialog_ = new ReferralDialog(dialog_context(), this);
    referral_dialog_->set_writer_guard([this, d = referral_dialog_.data()] { return busy_writer(d); });
    connect(referral_dialog_, &ReferralDialog::succeeded, this,
            [this](const gis::VectorLayer& lines) { show_referral_result(lines); });
  }
  return referral_dialog_;
}

void MainWindow::show_referral_result(const gis::VectorLayer& lines) {
  const std::string crs = project_.map_crs, name = lines.name;
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
      if (l.name() != name && l.name().rfind("referral_", 0) == 0) canvas_->set_layer_visible(l.name(), false);
    for (auto& l : res.layers) canvas_->replace_layer(std::move(l));
    canvas_->set_layer_visible(name, true);
    order_layers();
    refresh_table_layers();
    show_attributes(name);
    statusBar()->showMessage(tr("Referral layer %1 written to the project").arg(QString::fromStdString(name)), 8000);
    emit results_shown(QString::fromStdString(name));
  });
  w->setFuture(QtConcurrent::run([crs, data = lines] {
    LoadedResults out;
    try {
      MapLayer ml;
      ml.style = referral_style();
      ml.data = prepare_layer(data, crs);
      out.layers.push_back(std::move(ml));
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }));
}

}  // namespace swsplan::gui
