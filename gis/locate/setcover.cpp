#include "gis/locate/setcover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string>

#include "gis/core/error.hpp"

namespace swsplan::gis::locate {

namespace {

/// Rows -> columns (CSR) of the live part of a cover.
struct Incidence {
  std::vector<std::vector<std::uint32_t>> row_cols;
};

Incidence incidence(const SetCover& sc, const std::vector<char>& col_alive) {
  Incidence inc;
  inc.row_cols.resize(sc.row_count);
  for (std::uint32_t j = 0; j < sc.columns.size(); ++j)
    if (col_alive[j])
      for (auto r : sc.columns[j]) inc.row_cols[r].push_back(j);
  return inc;
}

}  // namespace

SetCoverReduction reduce_set_cover(const SetCover& sc, Progress& progress) {
  const auto R = sc.row_count;
  const auto C = static_cast<std::uint32_t>(sc.columns.size());
  std::vector<char> row_alive(R, 1), col_alive(C, 1), essential(C, 0);
  // Live rows of each column, rebuilt at the start of every pass.
  std::vector<std::vector<std::uint32_t>> rows_of(C);
  SetCoverReduction out;
  std::vector<std::uint32_t> cnt(R, 0);
  std::vector<std::uint32_t> touched;
  for (bool changed = true; changed;) {
    progress.check();
    changed = false;
    for (std::uint32_t j = 0; j < C; ++j) {
      rows_of[j].clear();
      if (col_alive[j])
        for (auto r : sc.columns[j])
          if (row_alive[r]) rows_of[j].push_back(r);
      if (col_alive[j] && rows_of[j].empty()) col_alive[j] = 0;
    }
    Incidence inc = incidence(sc, col_alive);
    // Essential columns: the only column of a row.
    for (std::uint32_t r = 0; r < R; ++r) {
      if (!row_alive[r]) continue;
      std::uint32_t live = 0, only = 0;
      for (auto j : inc.row_cols[r])
        if (col_alive[j]) ++live, only = j;
      if (live == 0)
        throw UsageError("set cover: row " + std::to_string(r) + " is covered by no column");
      if (live == 1) {
        essential[only] = 1;
        col_alive[only] = 0;
        for (auto q : rows_of[only]) row_alive[q] = 0;
        changed = true;
      }
    }
    if (changed) continue;
    // Column domination: j is redundant if another live column covers all its live rows
    // (identical columns: the smaller id stays).
    for (std::uint32_t j = 0; j < C; ++j) {
      if (!col_alive[j]) continue;
      const auto& a = rows_of[j];
      for (auto k : inc.row_cols[a.front()]) {
        if (k == j || !col_alive[k]) continue;
        const auto& b = rows_of[k];
        if (b.size() < a.size() || (b.size() == a.size() && k > j)) continue;
        if (std::includes(b.begin(), b.end(), a.begin(), a.end())) {
          col_alive[j] = 0;
          ++out.columns_dominated;
          changed = true;
          break;
        }
      }
    }
    if (changed) continue;
    // Row domination: row i is implied if some other live row's columns are all columns of i
    // (identical rows: the smaller id stays).
    for (std::uint32_t i = 0; i < R; ++i) {
      if (!row_alive[i]) continue;
      touched.clear();
      for (auto j : inc.row_cols[i])
        for (auto r : rows_of[j])
          if (r != i && row_alive[r] && cnt[r]++ == 0) touched.push_back(r);
      bool dominated = false;
      for (auto r : touched) {
        if (!dominated && cnt[r] == inc.row_cols[r].size() &&
            (inc.row_cols[r].size() < inc.row_cols[i].size() || r < i))
          dominated = true;
        cnt[r] = 0;
      }
      if (dominated) {
        row_alive[i] = 0;
        ++out.rows_dominated;
        changed = true;
      }
    }
  }
  // Core: renumber the live rows; keep live columns with their live rows.
  std::vector<std::uint32_t> row_id(R, 0);
  for (std::uint32_t r = 0; r < R; ++r)
    if (row_alive[r]) row_id[r] = out.core.row_count++;
  for (std::uint32_t j = 0; j < C; ++j) {
    if (essential[j]) out.essential.push_back(j);
    if (!col_alive[j]) continue;
    std::vector<std::uint32_t> rows;
    for (auto r : sc.columns[j])
      if (row_alive[r]) rows.push_back(row_id[r]);
    if (rows.empty()) continue;
    out.core_columns.push_back(j);
    out.core.columns.push_back(std::move(rows));
  }
  return out;
}

namespace {

/// Greedy cover on Lagrangian costs: score(j) = gamma_j / k_j if gamma_j > 0, else
/// gamma_j * k_j, with k_j the uncovered rows of j and gamma_j = 1 - sum of their
/// multipliers. Scores only rise as rows get covered, so a lazy heap is exact. Then
/// redundant columns are removed, the dearest (largest Lagrangian cost) first.
class Greedy {
 public:
  explicit Greedy(const SetCover& sc) : sc_(sc), row_cols_(sc.row_count) {
    for (std::uint32_t j = 0; j < sc.columns.size(); ++j)
      for (auto r : sc.columns[j]) row_cols_[r].push_back(j);
  }

  std::vector<std::uint32_t> run(const std::vector<double>& u, const std::vector<double>& cost) {
    const auto R = sc_.row_count;
    const auto C = static_cast<std::uint32_t>(sc_.columns.size());
    cover_.assign(R, 0);
    std::vector<char> in(C, 0);
    auto score = [&](std::uint32_t j) {
      double gamma = 1.0;
      std::uint32_t k = 0;
      for (auto r : sc_.columns[j])
        if (cover_[r] == 0) gamma -= u[r], ++k;
      if (k == 0) return std::numeric_limits<double>::infinity();
      return gamma > 0 ? gamma / k : gamma * k;
    };
    using E = std::pair<double, std::uint32_t>;  // min-heap on (score, column)
    std::priority_queue<E, std::vector<E>, std::greater<E>> pq;
    for (std::uint32_t j = 0; j < C; ++j) pq.push({score(j), j});
    std::uint32_t uncovered = R;
    std::vector<std::uint32_t> chosen;
    while (uncovered > 0 && !pq.empty()) {
      const auto [s0, j] = pq.top();
      pq.pop();
      if (in[j]) continue;
      const double s = score(j);
      if (!std::isfinite(s)) continue;
      if (s > s0 && !pq.empty() && E{s, j} > pq.top()) {
        pq.push({s, j});
        continue;
      }
      in[j] = 1;
      chosen.push_back(j);
      for (auto r : sc_.columns[j])
        if (cover_[r]++ == 0) --uncovered;
    }
    std::sort(chosen.begin(), chosen.end(), [&](std::uint32_t a, std::uint32_t b) {
      return cost[a] > cost[b] || (cost[a] == cost[b] && a > b);
    });
    std::vector<std::uint32_t> kept;
    for (auto j : chosen) {
      bool redundant = true;
      for (auto r : sc_.columns[j])
        if (cover_[r] < 2) {
          redundant = false;
          break;
        }
      if (redundant)
        for (auto r : sc_.columns[j]) --cover_[r];
      else
        kept.push_back(j);
    }
    improve(kept);
    std::sort(kept.begin(), kept.end());
    return kept;
  }

  /// Local search on a cover (cover_ holds its row counts): open a column outside the cover
  /// when that makes two or more of its neighbours in the cover redundant, until no such
  /// move is left. Each move saves at least one column.
  void improve(std::vector<std::uint32_t>& cover) {
    const auto C = static_cast<std::uint32_t>(sc_.columns.size());
    std::vector<char> in(C, 0), seen(C, 0);
    for (auto j : cover) in[j] = 1;
    std::vector<std::uint32_t> nb, dropped;
    auto redundant = [&](std::uint32_t b) {
      for (auto r : sc_.columns[b])
        if (cover_[r] < 2) return false;
      return true;
    };
    for (bool moved = true; moved;) {
      moved = false;
      for (std::uint32_t c = 0; c < C; ++c) {
        if (in[c]) continue;
        for (auto r : sc_.columns[c]) ++cover_[r];
        nb.clear();
        for (auto r : sc_.columns[c])
          for (auto b : row_cols_[r])
            if (in[b] && !seen[b]) seen[b] = 1, nb.push_back(b);
        for (auto b : nb) seen[b] = 0;
        std::sort(nb.begin(), nb.end());
        dropped.clear();
        for (auto b : nb)
          if (redundant(b)) {
            for (auto r : sc_.columns[b]) --cover_[r];
            dropped.push_back(b);
          }
        if (dropped.size() >= 2) {
          in[c] = 1;
          for (auto b : dropped) in[b] = 0;
          moved = true;
          continue;
        }
        for (auto b : dropped)
          for (auto r : sc_.columns[b]) ++cover_[r];
        for (auto r : sc_.columns[c]) --cover_[r];
      }
    }
    cover.clear();
    for (std::uint32_t j = 0; j < C; ++j)
      if (in[j]) cover.push_back(j);
  }

 private:
  const SetCover& sc_;
  std::vector<std::vector<std::uint32_t>> row_cols_;
  std::vector<std::uint32_t> cover_;
};

}  // namespace

SetCoverResult lagrangian_set_cover(const SetCover& sc, std::uint32_t iterations,
                                    Progress& progress) {
  const auto R = sc.row_count;
  const auto C = static_cast<std::uint32_t>(sc.columns.size());
  SetCoverResult res;
  if (R == 0) {
    res.proven_optimal = true;
    return res;
  }
  // Start: u_i = min over the columns j covering i of 1 / |j| (a dual feasible point).
  std::vector<double> u(R, 1.0), cost(C, 0.0), g(R, 0.0);
  for (const auto& col : sc.columns)
    for (auto r : col) u[r] = std::min(u[r], 1.0 / static_cast<double>(col.size()));
  Greedy greedy(sc);
  res.chosen = greedy.run(u, std::vector<double>(C, 1.0));
  double ub = static_cast<double>(res.chosen.size());
  double best = 0.0, f = 2.0;
  std::uint32_t since = 0, it = 0;
  for (; it < iterations; ++it) {
    if ((it & 7) == 0) progress.check();
    double L = 0.0;
    for (std::uint32_t r = 0; r < R; ++r) L += u[r], g[r] = 1.0;
    for (std::uint32_t j = 0; j < C; ++j) {
      double c = 1.0;
      for (auto r : sc.columns[j]) c -= u[r];
      cost[j] = c;
      if (c < 0.0) {
        L += c;
        for (auto r : sc.columns[j]) g[r] -= 1.0;
      }
    }
    if (L > best + 1e-9) {
      best = L;
      since = 0;
    } else if (++since >= 20) {
      f *= 0.5;
      since = 0;
    }
    // Primal step: every step early on, then every fifth.
    if (it < 100 || it % 5 == 0) {
      auto cover = greedy.run(u, cost);
      if (cover.size() < res.chosen.size()) {
        res.chosen = std::move(cover);
        ub = static_cast<double>(res.chosen.size());
      }
    }
    if (std::ceil(best - 1e-6) >= ub || f < 0.005) break;
    double norm = 0.0;
    for (std::uint32_t r = 0; r < R; ++r) {
      if (u[r] <= 0.0 && g[r] < 0.0) g[r] = 0.0;
      norm += g[r] * g[r];
    }
    if (norm == 0.0) break;  // the relaxed solution covers every row exactly once
    const double t = f * (1.05 * ub - L) / norm;
    for (std::uint32_t r = 0; r < R; ++r) u[r] = std::max(0.0, u[r] + t * g[r]);
  }
  res.iterations = it;
  res.lower_bound = std::min(ub, std::ceil(best - 1e-6));
  res.proven_optimal = res.lower_bound >= ub;
  return res;
}

}  // namespace swsplan::gis::locate
