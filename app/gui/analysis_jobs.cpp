#include "app/gui/analysis_jobs.hpp"

#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <sstream>

#include "app/render/style_qml.hpp"
#include "gis/core/error.hpp"
#include "layers/analysis_run.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

namespace swsplan::gui {

namespace {
QString fmt(double v, int prec = 0) { return std::isfinite(v) ? QString::number(v, 'f', prec) : QString("n/a"); }
QString pct(double a, double b) { return b > 0 ? fmt(100.0 * a / b, 1) + " %" : QString("n/a"); }
}  // namespace

GapSummary run_gap_analysis(const std::string& project_path, const GapRequest& rq, gis::Progress& progress) {
  layers::GapRunRequest lr;
  lr.services = rq.services;
  if (!rq.mode.empty()) {
    lr.mode = layers::parse_access_mode(rq.mode);
    if (!lr.mode) throw gis::UsageError("access mode must be line, network or raster, not '" + rq.mode + "'");
  }
  lr.deprivation_source = rq.deprivation_source;
  lr.threshold_0_1 = rq.threshold_0_1;
  lr.quantile_0_1 = rq.quantile_0_1;
  lr.geometric = rq.geometric;
  lr.provenance_source = "swsplan-gui gap analysis";
  lr.qgis_styles = default_qgis_styler();  // QGIS opens the results styled as the map draws them
  const auto R = layers::run_and_store_gap_analysis(project_path, lr, progress);

  GapSummary sum;
  sum.deprivation = R.deprivation.source + "; " + R.deprivation_rule();
  sum.communes = R.outputs.gap_communes.size();
  sum.skipped = R.skipped;
  for (const auto& sr : R.services) {
    GapServiceSummary ss;
    ss.service = layers::service_id(sr.service);
    for (const auto& [c, t] : sr.classes) ss.classes[c] = {double(t.communes), t.households, t.poor_households};
    ss.notes = sr.access.notes;
    sum.services.push_back(std::move(ss));
  }
  const auto& prio = R.priority;
  for (std::size_t k = 0; k < R.priority_order.size() && k < 5; ++k) {
    const auto i = R.priority_order[k];
    std::ostringstream o;
    o << prio.rank[i] << ". " << prio.adm2_pcode[i] << " " << prio.name[i] << " (index " << std::fixed;
    o.precision(2);
    o << prio.index[i] << ", ranks " << prio.rank_min[i] << "-" << prio.rank_max[i] << ")";
    sum.top_districts.push_back(o.str());
  }
  return sum;
}

QString GapSummary::text() const {
  QString t = QObject::tr("%1 communes classified. Deprivation: %2").arg(communes).arg(QString::fromStdString(deprivation));
  for (const auto& s : services) {
    t += "\n\n" + QString::fromUtf8(layers::service_label(*layers::parse_service(s.service))) + ":";
    for (const char* c : layers::kGapClassNames) {
      const auto& a = s.classes.at(c);
      if (a[0] == 0) continue;
      t += QString("\n  %1: %2 communes, %3 poor households").arg(QString::fromUtf8(c)).arg(a[0]).arg(fmt(a[2]));
    }
  }
  if (!skipped.empty()) {
    t += "\n\n" + QObject::tr("Skipped (no facilities):");
    for (const auto& s : skipped) t += " " + QString::fromStdString(s);
  }
  if (!top_districts.empty()) {
    t += "\n\n" + QObject::tr("Priority districts:");
    for (const auto& d : top_districts) t += "\n  " + QString::fromStdString(d);
  }
  return t;
}

layers::SitingResult run_siting_scenario(const std::string& project_path, layers::SitingRequest rq, bool replace,
                                         gis::Progress& progress) {
  return layers::run_and_store_siting(project_path, rq, replace, progress, "tick 'replace'", default_qgis_styler());
}

QString siting_summary_text(const layers::SitingResult& r) {
  std::size_t n_new = 0, n_old = 0;
  for (const auto& o : r.offices) (o.existing ? n_old : n_new)++;
  QString t = QObject::tr("Scenario %1: %2 existing office(s) kept, %3 new")
                  .arg(QString::fromStdString(r.request.scenario))
                  .arg(n_old)
                  .arg(n_new);
  t += "\n" + QObject::tr("Poor households covered: before %1 (%2), after %3 (%4) of %5")
                  .arg(fmt(r.covered_poor_before), pct(r.covered_poor_before, r.poor_total), fmt(r.covered_poor_after),
                       pct(r.covered_poor_after, r.poor_total), fmt(r.poor_total));
  t += "\n" + QObject::tr("Objective %1 %2, bound %3, gap %4%5")
                  .arg(fmt(r.objective, 1), QString::fromStdString(r.objective_unit), fmt(r.bound, 1),
                       std::isfinite(r.gap_0_1) ? fmt(100 * r.gap_0_1, 2) + " %" : QObject::tr("unknown"),
                       r.proven_optimal ? QObject::tr(" (optimal)") : QString());
  t += "\n" + QObject::tr("Method: %1").arg(QString::fromStdString(r.method));
  t += "\n" + QObject::tr("Mobile vans: %1 for %2 commune(s) beyond every office (lower bound %3)")
                  .arg(r.van_count)
                  .arg(r.van_communes)
                  .arg(r.van_lower_bound);
  for (const auto& n : r.notes) t += "\n" + QObject::tr("Note: %1").arg(QString::fromStdString(n));
  return t;
}

// ---------------------------------------------------------------------------------------

struct AnalysisJob::Shared {
  gis::CancelToken token;
  std::mutex m;
  double done = 0;
  std::string stage;
  bool cancelled = false;
  std::string error;
};

AnalysisJob::AnalysisJob(QObject* parent) : QObject(parent) {
  watcher_ = new QFutureWatcher<void>(this);
  auto* poll = new QTimer(this);
  poll->setInterval(100);
  connect(poll, &QTimer::timeout, this, [this] {
    if (!shared_) return;
    double d;
    std::string st;
    {
      std::lock_guard lk(shared_->m);
      d = shared_->done, st = shared_->stage;
    }
    emit progressed(d, QString::fromStdString(st));
  });
  connect(watcher_, &QFutureWatcher<void>::started, poll, qOverload<>(&QTimer::start));
  connect(watcher_, &QFutureWatcher<void>::finished, this, [this, poll] {
    poll->stop();
    busy_ = false;
    auto s = shared_;
    if (!s) return;
    bool cancelled;
    std::string error;
    {
      std::lock_guard lk(s->m);
      cancelled = s->cancelled, error = s->error;
    }
    const bool ok = !cancelled && error.empty();
    if (ok) emit progressed(1.0, QString());
    emit finished(ok, cancelled, QString::fromStdString(error));
  });
}

AnalysisJob::~AnalysisJob() {
  if (watcher_->isRunning()) {
    shared_->token.cancel();
    watcher_->waitForFinished();
  }
}

bool AnalysisJob::running() const { return busy_; }

bool AnalysisJob::start(Work work) {
  if (running()) return false;
  auto s = std::make_shared<Shared>();
  shared_ = s;
  busy_ = true;
  watcher_->setFuture(QtConcurrent::run([s, work = std::move(work)] {
    gis::Progress progress(
        [s](double d, const std::string& stage) {
          std::lock_guard lk(s->m);
          s->done = d;
          if (!stage.empty()) s->stage = stage;
        },
        &s->token);
    try {
      work(progress);
    } catch (const gis::Cancelled&) {
      std::lock_guard lk(s->m);
      s->cancelled = true;
    } catch (const std::exception& e) {
      std::lock_guard lk(s->m);
      if (s->token.cancelled()) s->cancelled = true;
      else s->error = e.what();
    }
  }));
  return true;
}

void AnalysisJob::cancel() {
  if (shared_) shared_->token.cancel();
}

bool AnalysisJob::wait(int timeout_ms) {
  if (!busy_) return true;
  QEventLoop loop;
  auto c = connect(this, &AnalysisJob::finished, &loop, &QEventLoop::quit);
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  loop.exec();
  disconnect(c);
  return !busy_;
}

}  // namespace swsplan::gui
