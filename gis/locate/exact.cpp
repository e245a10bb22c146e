#include "gis/locate/exact.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <sstream>

#include "gis/locate/detail.hpp"
#include "gis/locate/pmedian.hpp"
#include "gis/locate/setcover.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wdeprecated-copy"
#pragma GCC diagnostic ignored "-Wclass-memaccess"
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <ClpEventHandler.hpp>
#include <ClpSolve.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#pragma GCC diagnostic pop

namespace swsplan::gis::locate {

namespace {

/// A MILP in triplet form, always minimised (maximisation objectives are negated).
struct Milp {
  std::vector<double> obj, lb, ub;
  std::vector<char> integer;
  std::vector<int> ri, ci;
  std::vector<double> el;
  std::vector<double> rlb, rub;
  int add_col(double c, double l, double u, bool is_int) {
    obj.push_back(c);
    lb.push_back(l);
    ub.push_back(u);
    integer.push_back(is_int ? 1 : 0);
    return static_cast<int>(obj.size()) - 1;
  }
  int add_row(double l, double u) {
    rlb.push_back(l);
    rub.push_back(u);
    return static_cast<int>(rlb.size()) - 1;
  }
  void set(int r, int c, double v) {
    ri.push_back(r);
    ci.push_back(c);
    el.push_back(v);
  }
};

constexpr double kInf = 1e30;

struct Built {
  Milp milp;
  std::vector<int> ycol;                        // per candidate
  std::vector<int> xcol;                        // per pair (or -1)
  std::vector<int> zcol;                        // MCLP: per demand (or -1)
  double sign = 1.0;                            // +1 minimise, -1 maximise
  double constant = 0.0;                        // objective constant (model units)
  std::vector<std::uint32_t> unreachable;
  double pen = 0.0;
  double limit = 0.0;                           // pair cost limit used by the model
};

Built build(const Instance& inst, Model model, const Options& opt, bool relax) {
  inst.validate();
  const auto conf = spacing_conflicts(inst, opt.min_spacing_m);
  detail::SiteState st(inst, conf);
  const bool covering = model == Model::mclp || model == Model::lscp ||
                        model == Model::capacitated_mclp;
  const bool capacitated =
      model == Model::capacitated_pmedian || model == Model::capacitated_mclp;
  if (covering && !(opt.cover_cost >= 0.0))
    throw UsageError("coverage threshold must be >= 0, got " + std::to_string(opt.cover_cost));
  if (model != Model::lscp) detail::check_p(inst, opt, st, "exact model");
  if (capacitated) detail::check_capacity(inst, opt, st, model);

  Built b;
  Milp& M = b.milp;
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;
  b.pen = covering ? 0.0 : effective_out_of_reach_cost(inst, opt);
  b.limit = covering ? opt.cover_cost : std::nextafter(b.pen, 0.0);
  b.sign = (model == Model::mclp || model == Model::capacitated_mclp) ? -1.0 : 1.0;

  b.ycol.resize(m);
  for (std::uint32_t j = 0; j < m; ++j) {
    const bool fixed = st.fixed[j];
    const double ub = fixed ? 1.0 : (st.blocked[j] ? 0.0 : 1.0);
    b.ycol[j] = M.add_col(model == Model::lscp && !fixed ? 1.0 : 0.0, fixed ? 1.0 : 0.0, ub, !relax);
  }
  if (model != Model::lscp) {
    const int r = M.add_row(opt.p, opt.p);
    for (std::uint32_t j = 0; j < m; ++j)
      if (!st.fixed[j]) M.set(r, b.ycol[j], 1.0);
  }
  if (!conf.empty())
    for (std::uint32_t a = 0; a < m; ++a)
      for (auto k = conf.first[a]; k < conf.first[a + 1]; ++k)
        if (conf.conflict[k] > a) {
          const int r = M.add_row(-kInf, 1.0);
          M.set(r, b.ycol[a], 1.0);
          M.set(r, b.ycol[conf.conflict[k]], 1.0);
        }

  b.unreachable = detail::unreachable_demand(inst, b.limit);
  b.xcol.assign(inst.pair_count(), -1);
  if (model == Model::mclp) {
    b.zcol.assign(n, -1);
    for (std::uint32_t i = 0; i < n; ++i) {
      if (inst.first[i] == inst.first[i + 1]) continue;
      const int z = M.add_col(-w[i], 0.0, 1.0, false);
      b.zcol[i] = z;
      const int r = M.add_row(-kInf, 0.0);  // z - sum y <= 0
      M.set(r, z, 1.0);
      bool any = false;
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_cost[k] <= b.limit) {
          M.set(r, b.ycol[inst.pair_candidate[k]], -1.0);
          any = true;
        }
      if (!any) M.ub[z] = 0.0;
    }
  } else if (model == Model::lscp) {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (w[i] <= 0.0) continue;
      bool any = false;
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_cost[k] <= b.limit && (st.fixed[inst.pair_candidate[k]] ||
                                             !st.blocked[inst.pair_candidate[k]]))
          any = true;
      if (!any) {
        if (!opt.allow_uncoverable)
          throw Infeasible("LSCP: demand ids " + detail::id_list(b.unreachable) +
                               " cannot be covered by any candidate within the threshold",
                           b.unreachable);
        continue;
      }
      const int r = M.add_row(1.0, kInf);
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_cost[k] <= b.limit) M.set(r, b.ycol[inst.pair_candidate[k]], 1.0);
    }
  } else {
    // Assignment models.
    const bool cmclp = model == Model::capacitated_mclp;
    std::vector<std::vector<std::pair<int, double>>> cap_rows(capacitated ? m : 0);
    for (std::uint32_t i = 0; i < n; ++i) {
      const int r = cmclp ? M.add_row(-kInf, 1.0) : M.add_row(1.0, 1.0);
      if (!cmclp) {
        const int u = M.add_col(w[i] * b.pen, 0.0, 1.0, capacitated && !relax);
        M.set(r, u, 1.0);
      }
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k) {
        if (inst.pair_cost[k] > b.limit) continue;
        const auto j = inst.pair_candidate[k];
        if (!st.fixed[j] && st.blocked[j]) continue;
        const double c = cmclp ? -w[i] : w[i] * inst.pair_cost[k];
        const int x = M.add_col(c, 0.0, 1.0, capacitated && !relax);
        b.xcol[k] = x;
        M.set(r, x, 1.0);
        const int rl = M.add_row(-kInf, 0.0);  // x_ij <= y_j
        M.set(rl, x, 1.0);
        M.set(rl, b.ycol[j], -1.0);
        if (capacitated) cap_rows[j].push_back({x, w[i]});
      }
    }
    for (std::uint32_t j = 0; j < (capacitated ? m : 0u); ++j) {
      if (cap_rows[j].empty()) continue;
      const int r = M.add_row(-kInf, 0.0);
      for (auto [x, wi] : cap_rows[j]) M.set(r, x, wi);
      M.set(r, b.ycol[j], -inst.capacity[j]);
    }
  }
  return b;
}

void load(OsiClpSolverInterface& si, const Milp& M) {
  CoinPackedMatrix A(true, M.ri.data(), M.ci.data(), M.el.data(),
                     static_cast<CoinBigIndex>(M.el.size()));
  // CoinPackedMatrix sizes itself from the largest index: pad for empty trailing rows/cols.
  A.setDimensions(static_cast<int>(M.rlb.size()), static_cast<int>(M.obj.size()));
  si.loadProblem(A, M.lb.data(), M.ub.data(), M.obj.data(), M.rlb.data(), M.rub.data());
  for (std::size_t c = 0; c < M.integer.size(); ++c)
    if (M.integer[c]) si.setInteger(static_cast<int>(c));
  si.messageHandler()->setLogLevel(0);
}

/// What stops CBC early, shared by its event handlers: the job's cancel flag, checked at
/// every node and at every simplex iteration, and the time limit. CBC checks its own
/// `-sec` only between nodes; a root LP or a heuristic's LP on a large capacitated model can
/// run for minutes past it, so the simplex handler checks the clock as well.
struct CbcWatch {
  const Progress* progress = nullptr;
  std::chrono::steady_clock::time_point deadline;
  bool lp_cut_short = false;  ///< an LP was stopped at the time limit: CBC's bound is not proven
};

/// Stops branch and bound at the next node, cut round or heuristic pass once the job is
/// cancelled or the time is up. CBC clones the handler into its working copies of the model.
class CbcCancel : public CbcEventHandler {
 public:
  explicit CbcCancel(CbcWatch* w) : w_(w) {}
  CbcAction event(CbcEvent) override {
    return w_->progress->cancelled() || std::chrono::steady_clock::now() > w_->deadline ? stop : noAction;
  }
  CbcAction event(CbcEvent e, void*) override { return event(e); }
  CbcEventHandler* clone() const override { return new CbcCancel(*this); }

 private:
  CbcWatch* w_;
};

/// Stops a long simplex solve (the root LP, a node's or a heuristic's LP) at the next
/// iteration once the job is cancelled or the time is up.
class ClpCancel : public ClpEventHandler {
 public:
  explicit ClpCancel(CbcWatch* w) : w_(w) {}
  int event(Event) override {
    // -1 carries on; a status >= 0 ends the solve with it. 3 is Clp's "stopped on
    // iterations or time", which CBC handles as an unfinished LP (0 would read as optimal).
    constexpr int kStopped = 3;
    if (w_->progress->cancelled()) return kStopped;
    if (std::chrono::steady_clock::now() <= w_->deadline) return -1;
    w_->lp_cut_short = true;
    return kStopped;
  }
  ClpEventHandler* clone() const override { return new ClpCancel(*this); }

 private:
  CbcWatch* w_;
};

/// The watch of the CBC run on this thread, for the CbcMain1 callback (a plain function).
thread_local CbcWatch* t_watch = nullptr;

/// Attaches the simplex handler to `solver` and keeps Clp from taking SIGINT: Clp's initial
/// solve otherwise installs its own SIGINT handler, which stops only that LP and never
/// reaches the job's cancel flag, so Ctrl-C during a long root LP was lost.
void watch_solver(OsiSolverInterface* solver, CbcWatch* watch) {
  auto* clp = dynamic_cast<OsiClpSolverInterface*>(solver);
  if (!clp) return;
  const ClpCancel handler(watch);
  clp->getModelPtr()->passInEventHandler(&handler);
  ClpSolve options;
  constexpr int kInterruptHandling = 2, kNoInterrupt = 1;
  options.setSpecialOption(kInterruptHandling, kNoInterrupt);
  clp->setSolveOptions(options);
}

/// CBC's preprocessing hands branch and bound a new solver that has none of the handlers
/// attached before: attach them again just before branch and bound starts.
int attach_callback(CbcModel* model, int where_from) {
  constexpr int kBeforeBranchAndBound = 3;
  if (where_from == kBeforeBranchAndBound && t_watch && model) watch_solver(model->solver(), t_watch);
  return 0;
}

/// Runs CBC (single-threaded, silent, no signal handler) on `cbc` within time_limit_s, with
/// the cancel handlers attached; throws Cancelled if the job was cancelled meanwhile.
/// `start` (optional, one value per column) is a first incumbent. Returns true when an LP
/// had to be stopped at the time limit (the bound CBC reports is then not proven).
bool run_cbc(CbcModel& cbc, double time_limit_s, Progress& progress,
             const std::vector<double>& start = {}) {
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  data.useSignalHandler_ = false;
  CbcMain0(cbc, data);
  cbc.setLogLevel(0);
  cbc.messageHandler()->setLogLevel(0);
  const double limit_s = std::max(time_limit_s, 0.01);
  CbcWatch watch;
  watch.progress = &progress;
  watch.deadline = std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(limit_s));
  const CbcCancel cbc_cancel(&watch);
  cbc.passInEventHandler(&cbc_cancel);
  watch_solver(cbc.solver(), &watch);
  if (!start.empty())
    cbc.setBestSolution(start.data(), static_cast<int>(start.size()), COIN_DBL_MAX, true);
  const std::string sec = std::to_string(limit_s);
  const char* argv[] = {"swsplan", "-log", "0", "-threads", "0", "-sec", sec.c_str(),
                        "-ratio", "0", "-allow", "0", "-solve", "-quit"};
  progress.check();
  struct Scope {
    explicit Scope(CbcWatch* w) { t_watch = w; }
    ~Scope() { t_watch = nullptr; }
  } scope(&watch);
  CbcMain1(static_cast<int>(sizeof(argv) / sizeof(argv[0])), argv, cbc, attach_callback, data);
  progress.check();
  return watch.lp_cut_short;
}

/// A bound that needs no LP: every demand served by its nearest candidate within reach
/// (p-median: cost, or the penalty when none; MCLP: covered if any candidate is in reach;
/// LSCP: no new site). Valid for the capacitated models too (they only add constraints).
double relaxed_bound(const Instance& inst, Model model, double limit, double penalty) {
  if (model == Model::lscp) return 0.0;
  const bool cover = model == Model::mclp || model == Model::capacitated_mclp;
  double sum = 0.0;
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i) {
    double best = kInf;
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
      if (inst.pair_cost[k] <= limit) best = std::min(best, static_cast<double>(inst.pair_cost[k]));
    if (cover) sum += best < kInf ? inst.demand_weight[i] : 0.0;
    else sum += inst.demand_weight[i] * (best < kInf ? best : penalty);
  }
  return sum;
}

}  // namespace

std::optional<double> lp_relaxation_bound(const Instance& inst, Model model, const Options& opt,
                                          Progress& progress) {
  progress.check();
  const Built b = build(inst, model, opt, true);
  OsiClpSolverInterface si;
  load(si, b.milp);
  CbcWatch watch;
  watch.progress = &progress;
  watch.deadline = std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                       std::chrono::duration<double>(std::max(opt.time_limit_s, 0.01)));
  watch_solver(&si, &watch);
  si.initialSolve();
  progress.check();
  if (watch.lp_cut_short) return std::nullopt;
  if (si.isProvenPrimalInfeasible())
    throw Infeasible("the location model has no feasible solution (check p, the spacing and "
                     "the capacities)");
  if (!si.isProvenOptimal()) throw Error("LP relaxation of the location model did not solve");
  return b.sign * si.getObjValue() + b.constant;
}

Solution solve_exact(const Instance& inst, Model model, const Options& opt, Progress& progress,
                     const std::vector<std::uint32_t>& start_sites) {
  progress.check();
  progress.report(0.0, "exact MILP: building");
  const Built b = build(inst, model, opt, false);
  OsiClpSolverInterface si;
  load(si, b.milp);
  CbcModel cbc(si);
  std::vector<double> x0;
  if (!start_sites.empty() && (model == Model::mclp || model == Model::lscp)) {
    x0.assign(b.milp.obj.size(), 0.0);
    std::vector<char> open(inst.candidate_count, 0);
    for (auto f : inst.fixed_sites) open[f] = 1;
    for (auto j : start_sites) open[j] = 1;
    for (std::uint32_t j = 0; j < inst.candidate_count; ++j) x0[b.ycol[j]] = open[j];
    for (std::uint32_t i = 0; i < b.zcol.size(); ++i) {
      if (b.zcol[i] < 0) continue;
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_cost[k] <= b.limit && open[inst.pair_candidate[k]]) x0[b.zcol[i]] = 1.0;
    }
  }
  std::ostringstream sec;
  sec << std::max(opt.time_limit_s, 0.01);
  progress.report(0.05, "exact MILP: CBC branch and bound");
  const bool cut_short = run_cbc(cbc, opt.time_limit_s, progress, x0);
  if (cbc.isProvenInfeasible() || cbc.bestSolution() == nullptr) {
    // An LP stopped at the time limit can read as infeasible: that is no proof.
    if (cbc.isProvenInfeasible() && !cut_short)
      throw Infeasible("the location model has no feasible solution (check p, the minimum "
                       "spacing and the capacities)");
    throw Error("CBC found no solution within the time limit of " + sec.str() + " s");
  }
  const double* x = cbc.bestSolution();
  const std::uint32_t n = inst.demand_count(), m = inst.candidate_count;
  const auto& w = inst.demand_weight;
  Solution sol;
  std::vector<char> open(m, 0);
  for (std::uint32_t j = 0; j < m; ++j) open[j] = x[b.ycol[j]] > 0.5;
  for (std::uint32_t j = 0; j < m; ++j)
    if (open[j]) sol.sites.push_back(j);
  const bool capacitated =
      model == Model::capacitated_pmedian || model == Model::capacitated_mclp;
  sol.assignment.assign(n, kNone);
  if (capacitated) {
    for (std::uint32_t i = 0; i < n; ++i)
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (b.xcol[k] >= 0 && x[b.xcol[k]] > 0.5) sol.assignment[i] = inst.pair_candidate[k];
  } else {
    sol.assignment = detail::nearest_open(inst, open, b.limit);
  }
  double obj = 0.0, unassigned = 0.0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto a = sol.assignment[i];
    if (a == kNone) {
      unassigned += w[i];
      if (model == Model::pmedian || model == Model::capacitated_pmedian) obj += w[i] * b.pen;
      continue;
    }
    if (model == Model::mclp || model == Model::capacitated_mclp) {
      obj += w[i];
    } else if (model != Model::lscp) {
      for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k)
        if (inst.pair_candidate[k] == a) obj += w[i] * inst.pair_cost[k];
    }
  }
  if (model == Model::lscp) {
    std::vector<char> fixed(m, 0);
    for (auto f : inst.fixed_sites) fixed[f] = 1;
    obj = 0.0;
    for (auto j : sol.sites) obj += fixed[j] ? 0.0 : 1.0;
  }
  sol.objective = obj;
  sol.unassigned_weight = unassigned;
  sol.unreachable = b.unreachable;
  sol.proven_optimal = cbc.isProvenOptimal() && !cut_short;
  const double cbc_bound = cut_short ? relaxed_bound(inst, model, b.limit, b.pen)
                                     : b.sign * cbc.getBestPossibleObjValue() + b.constant;
  sol.bound = sol.proven_optimal ? obj : cbc_bound;
  if (b.sign < 0) sol.bound = std::max(sol.bound, obj);
  else sol.bound = std::min(sol.bound, obj);
  sol.gap_0_1 = relative_gap(sol.objective, sol.bound);
  sol.iterations = static_cast<std::uint32_t>(std::max(0, cbc.getNodeCount()));
  sol.method = sol.proven_optimal ? "MILP (COIN-OR CBC), optimal"
                                  : "MILP (COIN-OR CBC), stopped at the time limit";
  progress.report(1.0, "exact MILP: done");
  return sol;
}

}  // namespace swsplan::gis::locate

namespace swsplan::gis::locate::detail {
PartitionResult solve_set_partition(std::uint32_t n,
                                    const std::vector<std::vector<std::uint32_t>>& sets,
                                    const std::vector<double>& cost, double time_limit_s) {
  Milp M;
  for (std::uint32_t e = 0; e < n; ++e) M.add_row(1.0, 1.0);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const int c = M.add_col(cost[s], 0.0, 1.0, true);
    for (auto e : sets[s]) M.set(static_cast<int>(e), c, 1.0);
  }
  PartitionResult r;
  if (sets.empty()) {
    r.infeasible = n > 0;
    r.found = r.proven = n == 0;
    return r;
  }
  OsiClpSolverInterface si;
  load(si, M);
  CbcModel cbc(si);
  const bool cut_short = run_cbc(cbc, time_limit_s, no_progress());
  r.infeasible = cbc.isProvenInfeasible() && !cut_short;
  if (cbc.bestSolution() == nullptr) return r;
  r.found = true;
  r.proven = cbc.isProvenOptimal() && !cut_short;
  const double* x = cbc.bestSolution();
  for (std::size_t s = 0; s < sets.size(); ++s)
    if (x[s] > 0.5) r.chosen.push_back(static_cast<std::uint32_t>(s));
  return r;
}
}  // namespace swsplan::gis::locate::detail

namespace swsplan::gis::locate {
SetCoverExact solve_set_cover_exact(const SetCover& sc, const std::vector<std::uint32_t>& start,
                                    double time_limit_s, Progress& progress) {
  SetCoverExact r;
  if (sc.row_count == 0) {
    r.found = r.proven_optimal = true;
    return r;
  }
  Milp M;
  for (std::uint32_t e = 0; e < sc.row_count; ++e) M.add_row(1.0, kInf);
  for (const auto& col : sc.columns) {
    const int c = M.add_col(1.0, 0.0, 1.0, true);
    for (auto e : col) M.set(static_cast<int>(e), c, 1.0);
  }
  OsiClpSolverInterface si;
  load(si, M);
  CbcModel cbc(si);
  std::vector<double> x0;
  if (!start.empty()) {
    x0.assign(sc.columns.size(), 0.0);
    for (auto j : start) x0[j] = 1.0;
  }
  const bool cut_short = run_cbc(cbc, time_limit_s, progress, x0);
  r.nodes = static_cast<std::uint32_t>(std::max(0, cbc.getNodeCount()));
  if (cbc.bestSolution() == nullptr) return r;
  r.found = true;
  r.proven_optimal = cbc.isProvenOptimal() && !cut_short;
  const double* x = cbc.bestSolution();
  for (std::uint32_t j = 0; j < sc.columns.size(); ++j)
    if (x[j] > 0.5) r.chosen.push_back(j);
  const double n = static_cast<double>(r.chosen.size());
  r.lower_bound = r.proven_optimal ? n
                  : cut_short      ? 0.0
                                   : std::min(n, std::ceil(cbc.getBestPossibleObjValue() - 1e-6));
  return r;
}
}  // namespace swsplan::gis::locate
