#include "gis/locate/detail.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace swsplan::gis::locate::detail {

SiteState::SiteState(const Instance& inst, const SpacingConflicts& g)
    : conflicts(&g),
      open(inst.candidate_count, 0),
      fixed(inst.candidate_count, 0),
      blocked(inst.candidate_count, 0),
      blocker_sum(inst.candidate_count, 0) {
  for (auto f : inst.fixed_sites) fixed[f] = 1;
  for (std::uint32_t j = 0; j < inst.candidate_count; ++j)
    if (fixed[j]) set_open(j, true);
}

void SiteState::set_open(std::uint32_t j, bool on) {
  if (static_cast<bool>(open[j]) == on) return;
  open[j] = on ? 1 : 0;
  if (conflicts->empty()) return;
  for (auto k = conflicts->first[j]; k < conflicts->first[j + 1]; ++k) {
    const auto c = conflicts->conflict[k];
    if (on) {
      ++blocked[c];
      blocker_sum[c] += j;
    } else {
      --blocked[c];
      blocker_sum[c] -= j;
    }
  }
}

std::vector<std::uint32_t> SiteState::sites() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t j = 0; j < open.size(); ++j)
    if (open[j]) out.push_back(j);
  return out;
}

std::uint32_t openable_count(const SiteState& s) {
  std::uint32_t n = 0;
  for (std::uint32_t j = 0; j < s.open.size(); ++j)
    if (!s.fixed[j] && s.blocked[j] == 0) ++n;
  return n;
}

void check_p(const Instance& inst, const Options& opt, const SiteState& s, const char* model) {
  const std::uint32_t avail = openable_count(s);
  if (opt.p > avail) {
    const auto nfixed = static_cast<std::uint32_t>(
        std::count(s.fixed.begin(), s.fixed.end(), char{1}));
    const std::uint32_t too_close = inst.candidate_count - nfixed - avail;
    std::string msg = std::string(model) + ": " + std::to_string(opt.p) +
                      " new offices requested but only " + std::to_string(avail) +
                      " candidate sites can take one (" + std::to_string(inst.candidate_count) +
                      " candidates, " + std::to_string(nfixed) + " already offices";
    if (too_close) msg += ", " + std::to_string(too_close) + " too close to an existing office";
    msg += "); lower p or add candidate sites";
    throw Infeasible(msg);
  }
}

std::vector<std::uint32_t> unreachable_demand(const Instance& inst, double max_cost) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i) {
    bool any = false;
    for (auto k = inst.first[i]; k < inst.first[i + 1] && !any; ++k)
      any = inst.pair_cost[k] <= max_cost;
    if (!any) out.push_back(i);
  }
  return out;
}

std::string id_list(const std::vector<std::uint32_t>& ids, std::size_t max_shown) {
  std::string s;
  for (std::size_t k = 0; k < ids.size() && k < max_shown; ++k) {
    if (k) s += ", ";
    s += std::to_string(ids[k]);
  }
  if (ids.size() > max_shown) s += " (and " + std::to_string(ids.size() - max_shown) + " more)";
  return s;
}

bool integral_weights(const Instance& inst) {
  for (double w : inst.demand_weight)
    if (w != std::floor(w) || w > 1e15) return false;
  return true;
}

void finish(Solution& sol, const SiteState& s, bool maximise) {
  sol.sites = s.sites();
  // A bound on the wrong side of the objective would only come from rounding: clamp it.
  if (maximise)
    sol.bound = std::max(sol.bound, sol.objective);
  else
    sol.bound = std::min(sol.bound, sol.objective);
  sol.gap_0_1 = relative_gap(sol.objective, sol.bound);
  sol.proven_optimal = sol.gap_0_1 <= 1e-9;
}

std::vector<std::uint32_t> nearest_open(const Instance& inst, const std::vector<char>& open,
                                        double max_cost) {
  std::vector<std::uint32_t> a(inst.demand_count(), kNone);
  for (std::uint32_t i = 0; i < inst.demand_count(); ++i) {
    double best = max_cost;
    for (auto k = inst.first[i]; k < inst.first[i + 1]; ++k) {
      const auto j = inst.pair_candidate[k];
      const double c = inst.pair_cost[k];
      if (open[j] && (c < best || (c == best && (a[i] == kNone || j < a[i])))) {
        best = c;
        a[i] = j;
      }
    }
  }
  return a;
}

}  // namespace swsplan::gis::locate::detail

namespace swsplan::gis::locate::detail {
void check_capacity(const Instance& inst, const Options& opt, const SiteState& s, Model model) {
  if (inst.capacity.size() != inst.candidate_count)
    throw UsageError("capacitated model: every candidate needs a capacity (demand-weight units)");
  for (std::uint32_t j = 0; j < inst.candidate_count; ++j)
    if (!(inst.capacity[j] >= 0.0))
      throw UsageError("capacitated model: candidate " + std::to_string(j) +
                       " has capacity " + std::to_string(inst.capacity[j]) + ", expected >= 0");
  if (model != Model::capacitated_pmedian) return;
  double fixed_cap = 0.0, total = 0.0;
  std::vector<double> free_caps;
  for (std::uint32_t j = 0; j < inst.candidate_count; ++j) {
    if (s.fixed[j])
      fixed_cap += inst.capacity[j];
    else if (s.blocked[j] == 0)
      free_caps.push_back(inst.capacity[j]);
  }
  std::sort(free_caps.begin(), free_caps.end(), std::greater<>());
  double cap = fixed_cap;
  for (std::size_t k = 0; k < free_caps.size() && k < opt.p; ++k) cap += free_caps[k];
  for (double x : inst.demand_weight) total += x;
  if (cap + 1e-9 * std::max(1.0, total) < total)
    throw Infeasible("capacitated p-median: total demand " + std::to_string(total) +
                     " exceeds the capacity of the existing offices plus the " +
                     std::to_string(opt.p) + " largest candidate sites (" + std::to_string(cap) +
                     "); raise p or the capacities");
}
}  // namespace swsplan::gis::locate::detail
