#include "gis/access/friction.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <unordered_map>

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_grid(const GridSpec& a, const GridSpec& b) {
  return a.width == b.width && a.height == b.height && a.x0 == b.x0 && a.y0 == b.y0 && a.dx == b.dx && a.dy == b.dy;
}

std::string cell_text(int row, int col) { return "row " + std::to_string(row) + ", column " + std::to_string(col); }

/// Liang-Barsky clip of the segment p(t) = p0 + t (p1 - p0), t in [0, 1], to [0, w] x [0, h].
bool clip(double& u0, double& v0, double& u1, double& v1, double w, double h) {
  double t0 = 0.0, t1 = 1.0;
  const double du = u1 - u0, dv = v1 - v0;
  const double p[4] = {-du, du, -dv, dv};
  const double q[4] = {u0, w - u0, v0, h - v0};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0.0) {
      if (q[k] < 0.0) return false;
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0.0) {
      if (t > t1) return false;
      t0 = std::max(t0, t);
    } else {
      if (t < t0) return false;
      t1 = std::min(t1, t);
    }
  }
  const double a0 = u0, b0 = v0;
  u0 = a0 + t0 * du;
  v0 = b0 + t0 * dv;
  u1 = a0 + t1 * du;
  v1 = b0 + t1 * dv;
  return true;
}

template <typename Emit>
void walk_lines(const GridSpec& grid, const Polylines& lines, Progress& progress, Emit&& emit) {
  std::vector<std::uint32_t> cells;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    progress.check();
    cells.clear();
    for (std::uint32_t k = lines.offsets[i]; k + 1 < lines.offsets[i + 1]; ++k)
      supercover_cells(grid, lines.xs[k], lines.ys[k], lines.xs[k + 1], lines.ys[k + 1], cells);
    // A single-vertex line still marks its cell.
    if (lines.offsets[i + 1] == lines.offsets[i] + 1) {
      const std::uint32_t k = lines.offsets[i];
      supercover_cells(grid, lines.xs[k], lines.ys[k], lines.xs[k], lines.ys[k], cells);
    }
    for (std::uint32_t c : cells) emit(i, c);
  }
}

}  // namespace

std::optional<double> LandCoverSpeeds::speed_kmh(std::int32_t code, TravelMode mode) const {
  for (std::size_t i = 0; i < class_code.size(); ++i) {
    if (class_code[i] != code) continue;
    switch (mode) {
      case TravelMode::walk: return walk_kmh[i];
      case TravelMode::bicycle: return bicycle_kmh[i];
      case TravelMode::motorbike: return motorbike_kmh[i];
    }
  }
  return std::nullopt;
}

double tobler_factor(double slope_rise_over_run) { return std::exp(-3.5 * std::abs(slope_rise_over_run)); }

Raster slope_rise_over_run(const Raster& dem) {
  const GridSpec& g = dem.grid;
  Raster out;
  out.grid = g;
  out.values.assign(g.cells(), kNaN);
  for (int r = 0; r < g.height; ++r) {
    for (int c = 0; c < g.width; ++c) {
      const double e = dem.at(r, c);
      if (std::isnan(e)) continue;
      auto z = [&](int rr, int cc) {
        if (rr < 0 || rr >= g.height || cc < 0 || cc >= g.width) return e;
        const double v = dem.at(rr, cc);
        return std::isnan(v) ? e : v;
      };
      // Horn (1981): weighted differences over the 3x3 window; x east, y north (row up).
      const double a = z(r - 1, c - 1), b = z(r - 1, c), cc3 = z(r - 1, c + 1);
      const double d = z(r, c - 1), f = z(r, c + 1);
      const double gg = z(r + 1, c - 1), h = z(r + 1, c), i = z(r + 1, c + 1);
      const double dzdx = ((cc3 + 2 * f + i) - (a + 2 * d + gg)) / (8 * g.dx);
      const double dzdy = ((a + 2 * b + cc3) - (gg + 2 * h + i)) / (8 * g.dy);
      out.at(r, c) = std::sqrt(dzdx * dzdx + dzdy * dzdy);
    }
  }
  return out;
}

void supercover_cells(const GridSpec& grid, double x0, double y0, double x1, double y1,
                      std::vector<std::uint32_t>& out) {
  const int w = grid.width, h = grid.height;
  if (w <= 0 || h <= 0) return;
  // Continuous cell space: u = column, v = row (both growing away from the north-west corner).
  double u0 = (x0 - grid.x0) / grid.dx, v0 = (grid.y0 - y0) / grid.dy;
  double u1 = (x1 - grid.x0) / grid.dx, v1 = (grid.y0 - y1) / grid.dy;
  if (!std::isfinite(u0) || !std::isfinite(v0) || !std::isfinite(u1) || !std::isfinite(v1)) return;
  if (!clip(u0, v0, u1, v1, double(w), double(h))) return;
  const double du = u1 - u0, dv = v1 - v0;
  const int sc = du > 0 ? 1 : (du < 0 ? -1 : 0), sr = dv > 0 ? 1 : (dv < 0 ? -1 : 0);
  // A segment that starts (ends) exactly on a cell boundary only touches the cell beyond it at
  // a point: start in the cell it enters, end in the cell it leaves.
  auto first_cell = [](double x, int step, int n) {
    const double fl = std::floor(x);
    return std::clamp(int(step < 0 && x == fl ? fl - 1 : fl), 0, n - 1);
  };
  auto last_cell = [](double x, int step, int n) {
    const double fl = std::floor(x);
    return std::clamp(int(step > 0 && x == fl ? fl - 1 : fl), 0, n - 1);
  };
  int c = first_cell(u0, sc, w), r = first_cell(v0, sr, h);
  const int ce = last_cell(u1, sc, w), re = last_cell(v1, sr, h);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // Parameter t (0..1 along the segment) at which the next column / row boundary is crossed.
  double tu = sc > 0 ? (c + 1 - u0) / du : (sc < 0 ? (u0 - c) / -du : kInf);
  double tv = sr > 0 ? (r + 1 - v0) / dv : (sr < 0 ? (v0 - r) / -dv : kInf);
  const double dtu = sc != 0 ? 1.0 / std::abs(du) : kInf, dtv = sr != 0 ? 1.0 / std::abs(dv) : kInf;
  auto emit = [&](int rr, int cc) {
    if (rr >= 0 && rr < h && cc >= 0 && cc < w) out.push_back(std::uint32_t(rr) * std::uint32_t(w) + std::uint32_t(cc));
  };
  emit(r, c);
  // The number of boundaries to cross is known, which also guards against rounding loops.
  int steps_c = std::abs(ce - c), steps_r = std::abs(re - r);
  while (steps_c > 0 || steps_r > 0) {
    if (steps_c > 0 && steps_r > 0 && tu == tv) {
      // Exactly through a corner: the supercover takes both cells that share it.
      emit(r, c + sc);
      emit(r + sr, c);
      c += sc;
      r += sr;
      tu += dtu;
      tv += dtv;
      --steps_c;
      --steps_r;
    } else if (steps_c > 0 && (steps_r == 0 || tu < tv)) {
      c += sc;
      tu += dtu;
      --steps_c;
    } else {
      r += sr;
      tv += dtv;
      --steps_r;
    }
    emit(r, c);
  }
}

Raster build_speed_kmh(const FrictionInputs& in, Progress& progress) {
  if (!in.land_cover) throw UsageError("build_speed_kmh: no land cover raster given");
  const Raster& lc = *in.land_cover;
  const GridSpec& g = lc.grid;
  if (lc.values.size() != g.cells()) throw UsageError("land cover raster: value count does not match its grid");
  if (in.road_speed_kmh.size() != in.roads.size())
    throw UsageError("roads: " + std::to_string(in.roads.size()) + " lines but " +
                     std::to_string(in.road_speed_kmh.size()) + " speeds");
  if (in.crossing_xs.size() != in.crossing_ys.size()) throw UsageError("crossing points: xs and ys differ in length");
  InputLocation where;
  where.layer = "land cover";

  // Class -> speed lookup once; the table is small, the raster is not.
  std::unordered_map<std::int32_t, double> speed_of;
  for (std::int32_t code : in.speeds.class_code) speed_of.emplace(code, *in.speeds.speed_kmh(code, in.mode));

  Raster speed;
  speed.grid = g;
  speed.values.assign(g.cells(), kNaN);
  for (int r = 0; r < g.height; ++r) {
    progress.check();
    for (int c = 0; c < g.width; ++c) {
      const double v = lc.at(r, c);
      if (std::isnan(v)) continue;
      if (v != std::floor(v) || std::abs(v) > 2147483647.0)
        throw InputError(where, "class value " + std::to_string(v) + " at " + cell_text(r, c) + " is not an integer code");
      const auto it = speed_of.find(std::int32_t(v));
      if (it == speed_of.end())
        throw InputError(where, "class " + std::to_string(std::int32_t(v)) + " at " + cell_text(r, c) +
                                    " is not in the speed table; add it (speed 0 makes it impassable)");
      if (it->second > 0.0 && std::isfinite(it->second)) speed.at(r, c) = it->second;
    }
  }
  progress.report(0.4, "land cover speeds");

  if (in.dem && in.mode == TravelMode::walk) {
    InputLocation dem_where;
    dem_where.layer = "DEM";
    if (!same_grid(in.dem->grid, g))
      throw InputError(dem_where, "the DEM grid differs from the land cover grid; resample it onto the same cells");
    const Raster slope = slope_rise_over_run(*in.dem);
    for (std::size_t i = 0; i < speed.values.size(); ++i)
      if (!std::isnan(slope.values[i])) speed.values[i] *= tobler_factor(slope.values[i]);
  }
  progress.report(0.6, "slope");

  // Roads after slope: graded roads keep their nominal speed. Faster of road and land cover.
  walk_lines(g, in.roads, progress, [&](std::size_t line, std::uint32_t cell) {
    const double rs = in.road_speed_kmh[line];
    if (!(rs > 0.0) || !std::isfinite(rs)) return;
    double& s = speed.values[cell];
    if (std::isnan(s) || rs > s) s = rs;
  });
  progress.report(0.8, "roads");

  // Barriers last, so no road or land cover opens them; crossing points re-open their cell.
  std::vector<std::uint8_t> keep(g.cells(), 0);
  for (std::size_t k = 0; k < in.crossing_xs.size(); ++k) {
    const double cu = std::floor((in.crossing_xs[k] - g.x0) / g.dx), cv = std::floor((g.y0 - in.crossing_ys[k]) / g.dy);
    if (cu >= 0 && cu < g.width && cv >= 0 && cv < g.height) keep[std::size_t(cv) * std::size_t(g.width) + std::size_t(cu)] = 1;
  }
  if (!in.barrier_mask.empty()) {
    if (in.barrier_mask.size() != g.cells()) {
      InputLocation mw;
      mw.layer = "barrier mask";
      throw InputError(mw, "the barrier mask has " + std::to_string(in.barrier_mask.size()) + " cells, the grid " +
                               std::to_string(g.cells()));
    }
    for (std::size_t i = 0; i < g.cells(); ++i)
      if (in.barrier_mask[i] && !keep[i]) speed.values[i] = kNaN;
  }
  walk_lines(g, in.barriers, progress, [&](std::size_t, std::uint32_t cell) {
    if (!keep[cell]) speed.values[cell] = kNaN;
  });
  progress.report(1.0, "barriers");
  return speed;
}

Raster speed_to_friction(const Raster& speed_kmh) {
  Raster f;
  f.grid = speed_kmh.grid;
  f.values.resize(speed_kmh.values.size());
  for (std::size_t i = 0; i < f.values.size(); ++i) {
    const double s = speed_kmh.values[i];
    f.values[i] = (s > 0.0 && std::isfinite(s)) ? 3.6 / s : kNaN;
  }
  return f;
}

Raster build_friction_s_per_m(const FrictionInputs& in, Progress& progress) {
  return speed_to_friction(build_speed_kmh(in, progress));
}

}  // namespace swsplan::gis
