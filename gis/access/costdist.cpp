#include "gis/access/costdist.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <new>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

/// Radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) on the bit patterns of non-negative
/// doubles, which order like the doubles themselves. It is exact, not an approximation: it
/// only needs every pushed key to be >= the last popped one, which Dijkstra with non-negative
/// edge costs guarantees (ti + cost >= ti also in floating point). Bucket k holds keys whose
/// highest bit differing from the last popped key is bit k-1, so a push is O(1) and each entry
/// moves down at most 64 times, in practice once or twice; all bucket work is sequential
/// memory access, unlike the scattered sift-downs of a comparison heap on big frontiers.
/// Stale entries (cells improved after the push) are skipped by the caller.
class RadixHeap {
 public:
  struct Entry {
    std::uint64_t key;
    std::uint32_t cell;
  };

  bool empty() const { return size_ == 0; }

  void push(double time_s, std::uint32_t cell) {
    const std::uint64_t key = std::bit_cast<std::uint64_t>(time_s + 0.0);  // + 0.0: -0 -> +0
    buckets_[bucket(key)].push_back({key, cell});
    ++size_;
  }

  /// Pops an entry of minimal time; returns its time and cell.
  std::pair<double, std::uint32_t> pop() {
    if (buckets_[0].empty()) refill();
    const Entry e = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return {std::bit_cast<double>(e.key), e.cell};
  }

  /// Cell that the next pop will most likely return (nothing is pushed lower meanwhile), or
  /// nullopt when that needs a refill: used only as a prefetch hint.
  bool peek_cell(std::uint32_t& cell) const {
    if (buckets_[0].empty()) return false;
    cell = buckets_[0].back().cell;
    return true;
  }

 private:
  int bucket(std::uint64_t key) const { return key == last_ ? 0 : 64 - std::countl_zero(key ^ last_); }

  void refill() {
    std::size_t i = 1;
    while (buckets_[i].empty()) ++i;
    std::vector<Entry>& from = buckets_[i];
    std::uint64_t lowest = from.front().key;
    for (const Entry& e : from) lowest = std::min(lowest, e.key);
    last_ = lowest;
    // Every entry of bucket i now shares more leading bits with last_: it lands below i.
    for (const Entry& e : from) buckets_[bucket(e.key)].push_back(e);
    from.clear();
  }

  std::array<std::vector<Entry>, 65> buckets_;
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;
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

/// Value-initialised vector of n T whose pages are marked for transparent huge pages before the
/// first touch: the outputs are as big as the search arrays, and faulting them in 4 KB pages
/// costs a visible share of a run on virtual machines.
template <typename T>
std::vector<T> huge_page_vector(std::size_t n) {
  std::vector<T> v;
  v.reserve(n);
#if defined(__linux__)
  constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t end = (begin + n * sizeof(T)) & ~(kHuge - 1);
  if (end > first) ::madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
#endif
  v.resize(n);
  return v;
}

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

void write_cost_distance(const CostDistanceResult& result, const std::string& time_path,
                         const std::string& facility_path) {
  write_geotiff(result.time_s, time_path);
  if (!facility_path.empty()) write_geotiff_int(result.time_s.grid, result.facility, -1, facility_path);
}

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
  // `facility` needs no fill: it is written whenever a cell's time is, and read only then.
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

  RadixHeap heap;

  for (std::size_t s = 0; s < sources.size(); ++s) {
    const int r = sources.row[s], c = sources.col[s];
    if (r < 0 || r >= height || c < 0 || c >= width)
      throw UsageError("cost source " + std::to_string(s) + " (facility " + std::to_string(sources.facility[s]) +
                       ") at row " + std::to_string(r) + ", column " + std::to_string(c) +
                       " lies outside the " + std::to_string(height) + " x " + std::to_string(width) + " grid");
    if (sources.facility[s] < 0)
      throw UsageError("cost source " + std::to_string(s) + " has a negative facility index");
    const double start = sources.start_time_s.empty() ? 0.0 : sources.start_time_s[s];
    if (!std::isfinite(start) || start < 0.0)
      throw UsageError("cost source " + std::to_string(s) + " has a negative or non-finite start time");
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
    if (std::uint32_t next_cell; heap.peek_cell(next_cell)) {
      // The next cell to settle is known now: start loading it and its neighbour rows while
      // this one is relaxed. On big grids these loads are cache misses that dominate the run.
      const CellState* next = st + next_cell;
      __builtin_prefetch(next);
      __builtin_prefetch(next - W);
      __builtin_prefetch(next + W);
      __builtin_prefetch(fac + next_cell);
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
  out.time_s.values = huge_page_vector<double>(grid.cells());
  out.facility = huge_page_vector<std::int32_t>(grid.cells());
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
