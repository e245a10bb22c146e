#include "app/gui/analysis_jobs.hpp"

#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <sstream>

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
  return layers::run_and_store_siting(project_path, rq, replace, progress, "tick 'replace'");
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

// ---------------------------------------------------------------------------------------

bool toggle_user_point(const std::string& project_path, const std::string& name, double lon, double lat,
                       double remove_within_m) {
  layers::LeaseOptions lo;
  lo.verb = "point edit";
  const auto lease = layers::WriterLease::acquire(project_path, lo);  // before the read: no update lost
  auto project = layers::Project::open(project_path);
  const bool offices = name == kUserOffices;
  const std::string id_field = offices ? "office_id" : "id";
  gis::VectorLayer l;
  if (project.has(name)) {
    l = project.read(name);
    if (l.geom.kind != gis::GeometryKind::Point)
      throw gis::UsageError("layer '" + name + "' of " + project_path + " must hold points");
  } else {
    l.name = name;
    l.crs = "EPSG:4326";
    l.geom.kind = gis::GeometryKind::Point;
    l.add_column(id_field, gis::FieldType::String);
    l.add_column("name", gis::FieldType::String);
  }
  if (l.crs != "EPSG:4326") throw gis::UsageError("layer '" + name + "' must be in EPSG:4326 (lon/lat)");
  // Nearest point within the tolerance (haversine, metres).
  auto dist_m = [](double lon1, double lat1, double lon2, double lat2) {
    constexpr double r = 6371008.8, d2r = M_PI / 180;
    const double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * d2r) * std::cos(lat2 * d2r) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
  };
  std::optional<std::size_t> nearest;
  double best = remove_within_m;
  for (std::size_t i = 0; i < l.size(); ++i)
    if (auto xy = l.geom.first_xy(i)) {
      const double d = dist_m(lon, lat, xy->first, xy->second);
      if (d <= best) best = d, nearest = i;
    }
  const bool added = !nearest;
  if (nearest) {
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (i != *nearest) keep.push_back(i);
    auto kept = gis::select_rows(l, keep);
    kept.name = l.name, kept.crs = l.crs;
    l = std::move(kept);
  } else {
    std::int64_t next = 1;
    for (auto f : l.fids) next = std::max(next, f + 1);
    const std::string id = (offices ? "user_office_" : "user_cand_") + std::to_string(next);
    l.fids.push_back(next);
    l.geom.add_point(lon, lat);
    l.geom.end_feature();
    for (auto& c : l.columns) {
      if (c.name == id_field) c.push(id);
      else if (c.name == "name") c.push(std::string(offices ? "Office (placed on the map)" : "Candidate (placed on the map)"));
      else c.push_null();
    }
  }
  layers::ProjectWriter w(project_path);
  w.put(l, name);
  w.commit();
  return added;
}

}  // namespace swsplan::gui
