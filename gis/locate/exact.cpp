#include "gis/locate/exact.hpp"

#include <algorithm>
#include <cmath>

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

int no_callback(CbcModel*, int) { return 0; }

/// Stops branch and bound at the next node, cut round or heuristic pass once the job is
/// cancelled. CBC clones the handler into its working copies of the model.
class CbcCancel : public CbcEventHandler {
 public:
  explicit CbcCancel(const Progress* p) : p_(p) {}
  CbcAction event(CbcEvent) override { return p_->cancelled() ? stop : noAction; }
  CbcAction event(CbcEvent e, void*) override { return event(e); }
  CbcEventHandler* clone() const override { return new CbcCancel(*this); }

 private:
  const Progress* p_;
};

/// Stops a long simplex solve (the root LP, or one node's LP) at the next iteration once the
/// job is cancelled.
class ClpCancel : public ClpEventHandler {
 public:
  explicit ClpCancel(const Progress* p) : p_(p) {}
  int event(Event) override { return p_->cancelled() ? 0 : -1; }
  ClpEventHandler* clone() const override { return new ClpCancel(*this); }

 private:
  const Progress* p_;
};

/// Runs CBC (single-threaded, silent, no signal handler) on `si` within time_limit_s, with
/// the cancel handlers attached; throws Cancelled if the job was cancelled meanwhile.
/// `start` (optional, one value per column) is a first incumbent.
void run_cbc(CbcModel& cbc, double time_limit_s, Progress& progress,
             const std::vector<double>& start = {}) {
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  data.useSignalHandler_ = false;
  CbcMain0(cbc, data);
  cbc.setLogLevel(0);
  cbc.messageHandler()->setLogLevel(0);
  const CbcCancel cbc_cancel(&progress);
  cbc.passInEventHandler(&cbc_cancel);
  if (auto* clp = dynamic_cast<OsiClpSolverInterface*>(cbc.solver())) {
    const ClpCancel clp_cancel(&progress);
    clp->getModelPtr()->passInEventHandler(&clp_cancel);
  }
  if (!start.empty())
    cbc.setBestSolution(start.data(), static_cast<int>(start.size()), COIN_DBL_MAX, true);
  const std::string sec = std::to_string(std::max(time_limit_s, 0.01));
  const char* argv[] = {"swsplan", "-log", "0", "-threads", "0", "-sec", sec.c_str(),
                        "-ratio", "0", "-allow", "0", "-solve", "-quit"};
  progress.check();
  CbcMain1(static_cast<int>(sizeof(argv) / sizeof(argv[0])), argv, cbc, no_callback, data);
  progress.check();
}

}  // namespace

double lp_relaxation_bound(const Instance& inst, Model model, const Options& opt,
                           Progress& progress) {
  progress.check();
  const Built b = build(inst, model, opt, true);
  OsiClpSolverInterface si;
  load(si, b.milp);
  si.initialSolve();
  progress.check();
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
  const std::string sec = std::to_string(std::max(opt.time_limit_s, 0.01));
  progress.report(0.05, "exact MILP: CBC branch and bound");
  run_cbc(cbc, opt.time_limit_s, progress, x0);
  if (cbc.isProvenInfeasible() || cbc.bestSolution() == nullptr) {
    if (cbc.isProvenInfeasible())
      throw Infeasible("the location model has no feasible solution (check p, the minimum "
                       "spacing and the capacities)");
    throw Error("CBC found no solution within the time limit of " + sec + " s");
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
  sol.proven_optimal = cbc.isProvenOptimal();
  const double cbc_bound = b.sign * cbc.getBestPossibleObjValue() + b.constant;
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
  run_cbc(cbc, time_limit_s, no_progress());
  r.infeasible = cbc.isProvenInfeasible();
  if (cbc.bestSolution() == nullptr) return r;
  r.found = true;
  r.proven = cbc.isProvenOptimal();
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
  run_cbc(cbc, time_limit_s, progress, x0);
  r.nodes = static_cast<std::uint32_t>(std::max(0, cbc.getNodeCount()));
  if (cbc.bestSolution() == nullptr) return r;
  r.found = true;
  r.proven_optimal = cbc.isProvenOptimal();
  const double* x = cbc.bestSolution();
  for (std::uint32_t j = 0; j < sc.columns.size(); ++j)
    if (x[j] > 0.5) r.chosen.push_back(j);
  const double n = static_cast<double>(r.chosen.size());
  r.lower_bound = r.proven_optimal ? n : std::min(n, std::ceil(cbc.getBestPossibleObjValue() - 1e-6));
  return r;
}
}  // namespace swsplan::gis::locate
