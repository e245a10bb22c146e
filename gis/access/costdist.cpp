#include "gis/access/costdist.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <new>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

/// Lazy 4-ary min-heap of (time, cell) pairs. Stale entries (a cell whose time improved after
/// it was pushed) are skipped by the caller when popped: cheaper than decrease-key with a
/// 4-byte position per cell, because on rasters a cell improves rarely more than once or twice.
/// 4 children per node: shallower than binary and the 4 keys share a cache line or two.
class LazyQuadHeap {
 public:
  struct Entry {
    double time_s;
    std::uint32_t cell;
  };

  bool empty() const { return heap_.empty(); }
  std::uint32_t top_cell() const { return heap_.front().cell; }
  void reserve(std::size_t n) { heap_.reserve(n); }

  void push(double time_s, std::uint32_t cell) {
    std::size_t pos = heap_.size();
    heap_.push_back({time_s, cell});
    while (pos > 0) {
      const std::size_t parent = (pos - 1) >> 2;
      if (!(time_s < heap_[parent].time_s)) break;
      heap_[pos] = heap_[parent];
      pos = parent;
    }
    heap_[pos] = {time_s, cell};
  }

  Entry pop() {
    const Entry top = heap_.front();
    const Entry last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return top;
    std::size_t pos = 0;
    for (;;) {
      const std::size_t first = 4 * pos + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (heap_[c].time_s < heap_[best].time_s) best = c;
      if (!(heap_[best].time_s < last.time_s)) break;
      heap_[pos] = heap_[best];
      pos = best;
    }
    heap_[pos] = last;
    return top;
  }

 private:
  std::vector<Entry> heap_;
};

/// A big zero-initialised array of trivially copyable T. On Linux it is mapped directly and
/// marked for transparent huge pages: the search jumps between rows a whole row apart (32 KB
/// at 4000 columns), so with 4 KB pages nearly every neighbour row is a TLB miss; with 2 MB
/// pages the working set of a front fits the TLB, and page-fault cost drops 500-fold.
template <typename T>
class BigArray {
 public:
  explicit BigArray(std::size_t n) : n_(n) {
    bytes_ = n * sizeof(T);
#if defined(__linux__)
    if (bytes_ >= (std::size_t(4) << 20)) {
      void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, bytes_, MADV_HUGEPAGE);  // a hint: harmless where THP is off
        data_ = static_cast<T*>(p);
        mapped_ = true;
        return;
      }
    }
#endif
    data_ = static_cast<T*>(::operator new(bytes_ ? bytes_ : 1));
  }
  ~BigArray() {
#if defined(__linux__)
    if (mapped_) {
      ::munmap(data_, bytes_);
      return;
    }
#endif
    ::operator delete(data_);
  }
  BigArray(const BigArray&) = delete;
  BigArray& operator=(const BigArray&) = delete;
  T* data() { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  std::size_t size() const { return n_; }

 private:
  T* data_ = nullptr;
  std::size_t n_ = 0, bytes_ = 0;
  bool mapped_ = false;
};

/// Friction and travel time of a cell side by side: every relaxation reads both for the same
/// neighbour, so they share a cache line (one miss instead of two on large grids).
struct CellState {
  double friction;  ///< s/m, NaN = impassable (also the padding border)
  double time_s;    ///< best time so far, +inf = not reached
};

/// Border of NaN cells around the grid: the knight's move reaches 2 cells out, and a NaN
/// friction makes every move into the border cost NaN, which never compares below a time.
/// So the inner loop has no bounds checks at all.
constexpr int kPad = 2;

struct RookOrDiagonal {
  std::ptrdiff_t to;
  double half_length_m;  ///< r.cost: (f_a + f_b) * L / 2
};

struct KnightMove {
  std::ptrdiff_t to, via_rook, via_diagonal;
  double quarter_length_m;  ///< r.cost: (f_rook + f_diag + f_b + f_a) * L / 4
};

}  // namespace

std::optional<std::pair<int, int>> cell_containing(const GridSpec& grid, double x, double y) {
  const double c = std::floor((x - grid.x0) / grid.dx);
  const double r = std::floor((grid.y0 - y) / grid.dy);
  if (!(c >= 0.0 && c < grid.width && r >= 0.0 && r < grid.height)) return std::nullopt;
  return std::pair<int, int>{int(r), int(c)};
}

CostDistanceResult cost_distance(const Raster& friction_s_per_m, const CostSources& sources,
                                 const CostDistanceOptions& options, Progress& progress) {
  const GridSpec& grid = friction_s_per_m.grid;
  const int width = grid.width, height = grid.height;
  if (friction_s_per_m.values.size() != grid.cells())
    throw UsageError("friction raster has " + std::to_string(friction_s_per_m.values.size()) +
                     " values but its grid has " + std::to_string(grid.cells()) + " cells");
  if (!(grid.dx > 0.0) || !(grid.dy > 0.0)) throw UsageError("friction raster cell size must be positive");
  if (sources.col.size() != sources.size() || sources.facility.size() != sources.size() ||
      (!sources.start_time_s.empty() && sources.start_time_s.size() != sources.size()))
    throw UsageError("cost sources: row, col, facility and start_time_s must have the same length");

  const std::size_t pw = std::size_t(width) + 2 * kPad, ph = std::size_t(height) + 2 * kPad;
  if (pw * ph >= std::size_t(std::numeric_limits<std::uint32_t>::max()))
    throw UsageError("friction raster of " + std::to_string(width) + " x " + std::to_string(height) +
                     " cells is too large for one cost-distance run (at most ~4 billion cells)");
  const std::size_t padded_cells = pw * ph;
  auto padded_index = [pw](int row, int col) {
    return std::uint32_t((std::size_t(row) + kPad) * pw + std::size_t(col) + kPad);
  };

  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();

  // Padded state; non-finite friction (NaN nodata, +inf) becomes NaN = impassable.
  BigArray<CellState> state(padded_cells);
  BigArray<std::int32_t> facility(padded_cells);
  for (std::size_t i = 0; i < padded_cells; ++i) state[i] = {kNaN, kInf};
  std::fill(facility.data(), facility.data() + padded_cells, -1);
  std::size_t passable = 0;
  for (int r = 0; r < height; ++r) {
    const double* src = friction_s_per_m.values.data() + std::size_t(r) * std::size_t(width);
    CellState* dst = state.data() + padded_index(r, 0);
    for (int c = 0; c < width; ++c) {
      const double fv = src[c];
      if (fv < 0.0)
        throw UsageError("friction is negative (" + std::to_string(fv) + " s/m) at row " + std::to_string(r) +
                         ", column " + std::to_string(c) + "; friction must be >= 0 or NaN for impassable");
      if (std::isfinite(fv)) {
        dst[c].friction = fv;
        ++passable;
      }
    }
  }
  progress.check();

  LazyQuadHeap heap;
  heap.reserve(std::size_t(4) * (std::size_t(width) + std::size_t(height)) + sources.size() + 64);

  for (std::size_t s = 0; s < sources.size(); ++s) {
    const int r = sources.row[s], c = sources.col[s];
    if (r < 0 || r >= height || c < 0 || c >= width)
      throw UsageError("cost source " + std::to_string(s) + " (facility " + std::to_string(sources.facility[s]) +
                       ") at row " + std::to_string(r) + ", column " + std::to_string(c) +
                       " lies outside the " + std::to_string(height) + " x " + std::to_string(width) + " grid");
    if (sources.facility[s] < 0)
      throw UsageError("cost source " + std::to_string(s) + " has a negative facility index");
    const double start = sources.start_time_s.empty() ? 0.0 : sources.start_time_s[s];
    if (!std::isfinite(start)) throw UsageError("cost source " + std::to_string(s) + " has a non-finite start time");
    const std::uint32_t i = padded_index(r, c);
    // `<=`: on equal start cost the later source wins, as r.cost overwrites in input order.
    if (start <= state[i].time_s) {
      state[i].time_s = start;
      facility[i] = sources.facility[s];
    }
  }
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const std::uint32_t i = padded_index(sources.row[s], sources.col[s]);
    const double start = sources.start_time_s.empty() ? 0.0 : sources.start_time_s[s];
    if (start == state[i].time_s && facility[i] == sources.facility[s]) heap.push(start, i);
  }

  // Neighbour tables in r.cost's order (W, E, N, S, NW, NE, SE, SW, then the knight's moves).
  const auto W = std::ptrdiff_t(pw);
  const double dx = grid.dx, dy = grid.dy;
  const double diag = std::sqrt(dx * dx + dy * dy);
  const std::array<RookOrDiagonal, 8> near{{{-1, dx / 2},
                                            {+1, dx / 2},
                                            {-W, dy / 2},
                                            {+W, dy / 2},
                                            {-W - 1, diag / 2},
                                            {-W + 1, diag / 2},
                                            {+W + 1, diag / 2},
                                            {+W - 1, diag / 2}}};
  const double v_knight = std::sqrt(4 * dy * dy + dx * dx) / 4;  // 2 rows, 1 column
  const double h_knight = std::sqrt(dy * dy + 4 * dx * dx) / 4;  // 1 row, 2 columns
  const std::array<KnightMove, 8> knight{{{-2 * W - 1, -W, -W - 1, v_knight},
                                          {-2 * W + 1, -W, -W + 1, v_knight},
                                          {+2 * W + 1, +W, +W + 1, v_knight},
                                          {+2 * W - 1, +W, +W - 1, v_knight},
                                          {-W - 2, -1, -W - 1, h_knight},
                                          {-W + 2, +1, -W + 1, h_knight},
                                          {+W + 2, +1, +W + 1, h_knight},
                                          {+W - 2, -1, +W - 1, h_knight}}};
  const bool use_knight = options.neighbourhood == Neighbourhood::n16;
  const double max_time = options.max_time_s;

  CellState* const st = state.data();
  std::int32_t* const fac = facility.data();
  std::size_t settled = 0;
  constexpr std::size_t kCheckEvery = std::size_t(1) << 16;

  while (!heap.empty()) {
    const auto [ti, cell] = heap.pop();
    if (!heap.empty()) {
      // The next cell to settle is known now: start loading it and its neighbour rows while
      // this one is relaxed. On big grids these loads are cache misses that dominate the run.
      const CellState* next = st + heap.top_cell();
      __builtin_prefetch(next);
      __builtin_prefetch(next - W);
      __builtin_prefetch(next + W);
      __builtin_prefetch(fac + heap.top_cell());
      if (use_knight) {
        __builtin_prefetch(next - 2 * W);
        __builtin_prefetch(next + 2 * W);
      }
    }
    if (ti > st[cell].time_s) continue;  // stale: the cell improved after this entry was pushed
    if (ti > max_time) break;
    if ((++settled & (kCheckEvery - 1)) == 0) {
      progress.check();
      progress.report(passable ? std::min(1.0, double(settled) / double(passable)) : 1.0, "cost distance");
    }
    const double fi = st[cell].friction;
    if (std::isnan(fi)) continue;  // a source on an impassable cell spreads nowhere
    const std::int32_t owner = fac[cell];
    for (const RookOrDiagonal& m : near) {
      const std::uint32_t j = std::uint32_t(std::ptrdiff_t(cell) + m.to);
      // NaN friction at j (nodata or border) gives a NaN candidate: the test is false.
      const double cand = ti + (st[j].friction + fi) * m.half_length_m;
      if (cand < st[j].time_s) {
        st[j].time_s = cand;
        fac[j] = owner;
        heap.push(cand, j);
      }
    }
    if (use_knight) {
      for (const KnightMove& m : knight) {
        const std::uint32_t j = std::uint32_t(std::ptrdiff_t(cell) + m.to);
        // Summation order of r.cost: ((rook + diagonal) + target) + self.
        const double sum =
            ((st[std::ptrdiff_t(cell) + m.via_rook].friction + st[std::ptrdiff_t(cell) + m.via_diagonal].friction) +
             st[j].friction) +
            fi;
        const double cand = ti + sum * m.quarter_length_m;
        if (cand < st[j].time_s) {
          st[j].time_s = cand;
          fac[j] = owner;
          heap.push(cand, j);
        }
      }
    }
  }
  progress.check();

  CostDistanceResult out;
  out.time_s.grid = grid;
  out.time_s.values.resize(grid.cells());
  out.facility.resize(grid.cells());
  for (int r = 0; r < height; ++r) {
    const std::size_t base = std::size_t(r) * std::size_t(width);
    const std::uint32_t pbase = padded_index(r, 0);
    for (int c = 0; c < width; ++c) {
      const double tv = st[pbase + std::uint32_t(c)].time_s;
      const bool reached = tv < kInf && tv <= max_time;
      out.time_s.values[base + std::size_t(c)] = reached ? tv : kNaN;
      out.facility[base + std::size_t(c)] = reached ? fac[pbase + std::uint32_t(c)] : -1;
    }
  }
  progress.report(1.0, "cost distance");
  return out;
}

}  // namespace swsplan::gis
