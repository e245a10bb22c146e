#include "gis/locate/cluster.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "gis/locate/detail.hpp"
#include "gis/locate/instance.hpp"

namespace swsplan::gis::locate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void validate(const ClusterInput& in, const ClusterOptions& opt) {
  const std::uint32_t n = in.unit_count();
  auto bad = [](const std::string& m) { throw UsageError("cluster mode: " + m); };
  if (in.unit_group.size() != n) bad("one group id per unit is needed");
  if (in.adj_first.size() != static_cast<std::size_t>(n) + 1 ||
      in.adj_first.back() != in.adj_target.size())
    bad("adjacency CSR 'adj_first' must have unit count + 1 entries ending at the edge count");
  if (in.cost_first.size() != static_cast<std::size_t>(n) + 1 ||
      in.cost_first.back() != in.cost_target.size() || in.cost.size() != in.cost_target.size())
    bad("travel-cost CSR sizes do not match");
  if (opt.min_size < 1 || opt.max_size < opt.min_size || opt.max_size > 5)
    bad("cluster sizes must satisfy 1 <= min_size <= max_size <= 5");
  for (std::uint32_t u = 0; u < n; ++u) {
    if (!(in.unit_weight[u] >= 0.0)) bad("unit " + std::to_string(u) + " has a negative weight");
    for (auto k = in.adj_first[u]; k < in.adj_first[u + 1]; ++k) {
      const auto v = in.adj_target[k];
      if (v >= n) bad("unit " + std::to_string(u) + " is adjacent to unknown unit " + std::to_string(v));
      const auto b = in.adj_target.begin() + in.adj_first[v], e = in.adj_target.begin() + in.adj_first[v + 1];
      if (std::find(b, e, u) == e)
        bad("adjacency is not symmetric: " + std::to_string(u) + " -> " + std::to_string(v) +
            " has no reverse edge");
    }
    for (auto k = in.cost_first[u]; k < in.cost_first[u + 1]; ++k)
      if (in.cost_target[k] >= n || !(in.cost[k] >= 0.0))
        bad("unit " + std::to_string(u) + " has an invalid travel-cost entry " + std::to_string(k));
  }
}

double pair_cost(const ClusterInput& in, std::uint32_t u, std::uint32_t v) {
  for (auto k = in.cost_first[u]; k < in.cost_first[u + 1]; ++k)
    if (in.cost_target[k] == v) return in.cost[k];
  return u == v ? 0.0 : kInf;
}

struct Candidate {
  std::vector<std::uint32_t> local;  // local indices, ascending
  double cost;
  std::uint32_t office;              // global unit id
};

}  // namespace

ClusterSolution solve_clusters(const ClusterInput& in, const ClusterOptions& opt,
                               Progress& progress) {
  validate(in, opt);
  const std::uint32_t n = in.unit_count();
  ClusterSolution sol;
  sol.unit_cluster.assign(n, kNone);
  std::map<std::uint32_t, std::vector<std::uint32_t>> groups;  // ordered: deterministic
  for (std::uint32_t u = 0; u < n; ++u) groups[in.unit_group[u]].push_back(u);

  std::vector<std::uint32_t> local_of(n, kNone);
  std::size_t done_groups = 0;
  bool any_dp = false, any_milp = false;
  for (const auto& [gid, members] : groups) {
    progress.report(static_cast<double>(done_groups++) / static_cast<double>(groups.size()),
                    "cluster mode: partitioning groups");
    // Connected components inside the group (edges to other groups are ignored).
    std::vector<char> seen_local(members.size(), 0);
    for (std::size_t idx = 0; idx < members.size(); ++idx) local_of[members[idx]] = static_cast<std::uint32_t>(idx);
    for (std::size_t s0 = 0; s0 < members.size(); ++s0) {
      if (seen_local[s0]) continue;
      std::vector<std::uint32_t> comp;  // global ids, BFS order
      std::vector<std::uint32_t> queue{members[s0]};
      seen_local[s0] = 1;
      while (!queue.empty()) {
        const auto u = queue.back();
        queue.pop_back();
        comp.push_back(u);
        for (auto k = in.adj_first[u]; k < in.adj_first[u + 1]; ++k) {
          const auto v = in.adj_target[k];
          if (in.unit_group[v] != gid || seen_local[local_of[v]]) continue;
          seen_local[local_of[v]] = 1;
          queue.push_back(v);
        }
      }
      std::sort(comp.begin(), comp.end());
      const auto cn = static_cast<std::uint32_t>(comp.size());
      auto report_infeasible = [&](const std::string& why) {
        sol.infeasible.push_back({gid, comp, why});
      };
      if (cn < opt.min_size) {
        report_infeasible(members.size() < opt.min_size
                              ? "the group has only " + std::to_string(members.size()) +
                                    " unit(s); a cluster needs at least " +
                                    std::to_string(opt.min_size)
                              : "these units are not contiguous with enough other units of the "
                                "group (component of " + std::to_string(cn) + ")");
        continue;
      }
      // Local index within the component.
      std::map<std::uint32_t, std::uint32_t> cidx;
      for (std::uint32_t a = 0; a < cn; ++a) cidx[comp[a]] = a;
      // Enumerate connected subsets of size 1..max_size by extension (deduplicated).
      std::set<std::vector<std::uint32_t>> level, all;
      for (std::uint32_t a = 0; a < cn; ++a) level.insert({a});
      for (std::uint32_t size = 1; size <= opt.max_size; ++size) {
        progress.check();
        if (size >= opt.min_size) all.insert(level.begin(), level.end());
        if (size == opt.max_size) break;
        std::set<std::vector<std::uint32_t>> next;
        for (const auto& S : level)
          for (auto a : S)
            for (auto k = in.adj_first[comp[a]]; k < in.adj_first[comp[a] + 1]; ++k) {
              const auto v = in.adj_target[k];
              if (in.unit_group[v] != gid) continue;
              const auto b = cidx.at(v);
              if (std::binary_search(S.begin(), S.end(), b)) continue;
              auto T = S;
              T.insert(std::upper_bound(T.begin(), T.end(), b), b);
              next.insert(std::move(T));
            }
        level = std::move(next);
      }
      std::vector<Candidate> cands;
      for (const auto& S : all) {
        double best = kInf;
        std::uint32_t office = kNone;
        for (auto o : S) {
          double c = 0.0;
          for (auto u : S) c += in.unit_weight[comp[u]] * pair_cost(in, comp[u], comp[o]);
          if (c < best) {
            best = c;
            office = comp[o];
          }
        }
        if (office != kNone) cands.push_back({S, best, office});
      }
      // Exact partition.
      std::vector<std::uint32_t> chosen;
      bool solved = false, exact = false;
      std::string why_not;
      if (cn <= opt.dp_max_units) {
        any_dp = true;
        std::vector<std::vector<std::uint32_t>> by_min(cn);
        std::vector<std::uint32_t> mask_of(cands.size());
        for (std::uint32_t c = 0; c < cands.size(); ++c) {
          std::uint32_t mk = 0;
          for (auto a : cands[c].local) mk |= 1u << a;
          mask_of[c] = mk;
          by_min[cands[c].local.front()].push_back(c);
        }
        const std::uint32_t full = cn == 32 ? ~0u : (1u << cn) - 1u;
        std::vector<double> f(static_cast<std::size_t>(full) + 1, kInf);
        std::vector<std::uint32_t> how(static_cast<std::size_t>(full) + 1, kNone);
        f[0] = 0.0;
        for (std::uint32_t mask = 0; mask < full; ++mask) {
          if (f[mask] == kInf) continue;
          if ((mask & 0xffff) == 0) progress.check();
          const auto b = static_cast<std::uint32_t>(std::countr_one(mask));
          for (auto c : by_min[b]) {
            if (mask & mask_of[c]) continue;
            const auto nm = mask | mask_of[c];
            const double v = f[mask] + cands[c].cost;
            if (v < f[nm]) {  // candidates in ascending order: first wins ties
              f[nm] = v;
              how[nm] = c;
            }
          }
        }
        if (f[full] < kInf) {
          for (std::uint32_t mask = full; mask; mask &= ~mask_of[how[mask]]) chosen.push_back(how[mask]);
          solved = exact = true;
        } else {
          why_not = "no partition into contiguous clusters of " + std::to_string(opt.min_size) +
                    "-" + std::to_string(opt.max_size) + " units exists (or some units are out "
                    "of reach of every possible office)";
        }
      } else if (cn <= opt.milp_max_units) {
        any_milp = true;
        std::vector<std::vector<std::uint32_t>> sets;
        std::vector<double> costs;
        for (const auto& c : cands) {
          sets.push_back(c.local);
          costs.push_back(c.cost);
        }
        auto r = detail::solve_set_partition(cn, sets, costs, opt.time_limit_s);
        progress.check();
        if (r.found) {
          chosen = r.chosen;
          solved = true;
          exact = r.proven;
        } else if (r.infeasible) {
          why_not = "no partition into contiguous clusters of " + std::to_string(opt.min_size) +
                    "-" + std::to_string(opt.max_size) + " units exists (proven by the MILP)";
        }
      }
      if (!solved && why_not.empty()) {
        // Greedy fallback: repeatedly take the cheapest-per-unit cluster around the
        // unassigned unit with the fewest remaining options.
        std::vector<char> used(cn, 0);
        std::uint32_t left = cn;
        while (left > 0) {
          std::uint32_t pick_unit = kNone, fewest = kNone;
          for (std::uint32_t a = 0; a < cn; ++a) {
            if (used[a]) continue;
            std::uint32_t opts = 0;
            for (const auto& c : cands) {
              if (!std::binary_search(c.local.begin(), c.local.end(), a)) continue;
              bool ok = true;
              for (auto b : c.local) ok = ok && !used[b];
              opts += ok;
            }
            if (opts < fewest) {
              fewest = opts;
              pick_unit = a;
            }
          }
          if (fewest == 0) break;
          std::uint32_t best_c = kNone;
          double best = kInf;
          for (std::uint32_t c = 0; c < cands.size(); ++c) {
            const auto& L = cands[c].local;
            if (!std::binary_search(L.begin(), L.end(), pick_unit)) continue;
            bool ok = true;
            for (auto b : L) ok = ok && !used[b];
            const double per = cands[c].cost / static_cast<double>(L.size());
            if (ok && per < best) {
              best = per;
              best_c = c;
            }
          }
          chosen.push_back(best_c);
          for (auto b : cands[best_c].local) used[b] = 1;
          left -= static_cast<std::uint32_t>(cands[best_c].local.size());
        }
        solved = left == 0;
        if (!solved)
          why_not = "the greedy fallback could not partition this component (too large for an "
                    "exact method; no proof that no partition exists)";
      }
      if (!solved) {
        report_infeasible(why_not);
        continue;
      }
      if (!exact) sol.heuristic_groups.push_back(gid);
      std::sort(chosen.begin(), chosen.end(), [&](std::uint32_t a, std::uint32_t b) {
        return cands[a].local < cands[b].local;
      });
      for (auto c : chosen) {
        Cluster cl;
        cl.group = gid;
        for (auto a : cands[c].local) cl.units.push_back(comp[a]);
        cl.office_unit = cands[c].office;
        cl.cost = cands[c].cost;
        sol.objective += cl.cost;
        sol.clusters.push_back(std::move(cl));
      }
    }
  }
  std::stable_sort(sol.clusters.begin(), sol.clusters.end(), [](const Cluster& a, const Cluster& b) {
    return a.group < b.group || (a.group == b.group && a.units.front() < b.units.front());
  });
  for (std::uint32_t c = 0; c < sol.clusters.size(); ++c)
    for (auto u : sol.clusters[c].units) sol.unit_cluster[u] = c;
  std::sort(sol.heuristic_groups.begin(), sol.heuristic_groups.end());
  sol.heuristic_groups.erase(std::unique(sol.heuristic_groups.begin(), sol.heuristic_groups.end()),
                             sol.heuristic_groups.end());
  sol.method = std::string("connected subsets enumerated; exact set partitioning by ") +
               (any_dp ? "bitmask DP" : "") + (any_dp && any_milp ? " and " : "") +
               (any_milp ? "CBC" : "") +
               (sol.heuristic_groups.empty() ? "" : "; greedy fallback (heuristic) for some groups");
  progress.report(1.0, "cluster mode: done");
  return sol;
}

}  // namespace swsplan::gis::locate
