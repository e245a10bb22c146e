#pragma once
/// @file Raster travel time (AccessMod-style cost distance): multi-source isotropic Dijkstra over
/// a friction raster, 8 neighbours or 16 (knight's move), matching GRASS r.cost.
///
/// ## The convention matched (GRASS r.cost, raster/r.cost/main.c, GRASS 7.x/8.x)
/// Friction f is a cost per metre (here seconds per metre). A move from cell a to cell b costs
///  - rook or diagonal move (8 neighbours): (f_a + f_b) / 2 * L, with L = dx, dy or
///    sqrt(dx^2 + dy^2) metres;
///  - knight's move (the 8 extra moves with 16 neighbours, e.g. 2 rows north and 1 column west):
///    (f_a + f_i1 + f_i2 + f_b) / 4 * L, with L = sqrt(dx^2 + 4 dy^2) (2 rows, 1 column) or
///    sqrt(4 dx^2 + dy^2) (1 row, 2 columns). The two intermediate cells are the rook neighbour
///    and the diagonal neighbour of a on the way: for (-2 rows, -1 col) they are N (-1, 0) and
///    NW (-1, -1); for (-1 row, -2 cols) W (0, -1) and NW (-1, -1).
/// Non-square cells (dx != dy) are handled through those lengths, exactly as r.cost's
/// NS_fac/EW_fac/DIAG_fac/V_DIAG_fac/H_DIAG_fac. r.cost measures cost in units of the
/// east-west cell width (EW_fac = 1): its output equals ours when its input friction is
/// f * dx (cost per cell width); scripts/grass_reference.sh feeds it that.
///
/// Source cells get their start cost (0 by default; r.cost's `-r` with start_raster for other
/// values). A NaN friction cell is impassable: no move into, out of, or (knight's move) across
/// it, like r.cost null cells without `null_cost`. A source on a NaN cell keeps its start cost
/// and facility but spreads nowhere (r.cost does the same: the move cost averages a null).
/// r.cost's `null_cost=` (a friction for null cells) is the same as replacing NaN by that value
/// before the call; its `-n` flag (null input -> null output) then corresponds to masking the
/// output with the input's NaN cells.
/// When two facilities reach a cell at exactly the same cost, the one that reached it first in
/// heap order keeps it (r.cost: strict improvement only); heap orders differ, so allocation may
/// differ from r.cost on exact ties only. Several sources on one cell: the lowest start cost
/// wins, the later source on equal cost (r.cost overwrites the nearest value in input order).
///
/// Corollary: a diagonal move only looks at its two end cells, so an 8-connected (staircase)
/// line of NaN cells does not stop it, in r.cost as here; burn barriers as 4-connected
/// supercover lines (gis/access/friction.hpp) to make them watertight for 8 and 16 neighbours.
///
/// Checked against GRASS 8.2.1 (Debian 12 grass-core) on the references in tests/data/grass
/// (scripts/grass_reference.sh): travel times agree to ~1e-15 relative, allocation identical.
///
/// Differences from r.cost, on purpose: cells whose travel time exceeds `max_time_s` are NaN
/// (r.cost stops its search there but leaves tentative, possibly non-minimal values in cells
/// beyond max_cost); negative friction is an error (r.cost turns it to null with a warning).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/raster.hpp"

namespace swsplan::gis {

/// Cells reviewed from each cell: 8 (rook + diagonal) or 16 (plus knight's moves, r.cost -k).
enum class Neighbourhood : std::uint8_t { n8 = 8, n16 = 16 };

/// Start cells of the search, structure of arrays (one entry per source).
struct CostSources {
  std::vector<std::int32_t> row;           ///< 0-based, north row = 0
  std::vector<std::int32_t> col;           ///< 0-based, west column = 0
  std::vector<std::int32_t> facility;      ///< facility index written to the allocation (>= 0)
  std::vector<double> start_time_s;        ///< travel time already spent at the source (>= 0); empty = all 0

  std::size_t size() const { return row.size(); }
  void add(int r, int c, std::int32_t facility_index, double start_s = 0.0) {
    row.push_back(r);
    col.push_back(c);
    facility.push_back(facility_index);
    start_time_s.push_back(start_s);
  }
};

struct CostDistanceOptions {
  Neighbourhood neighbourhood = Neighbourhood::n8;
  /// Stop the search beyond this travel time (seconds); cells beyond it are NaN / -1.
  double max_time_s = std::numeric_limits<double>::infinity();
};

struct CostDistanceResult {
  Raster time_s;                           ///< seconds from the nearest source; NaN = unreachable
  std::vector<std::int32_t> facility;      ///< nearest facility index per cell; -1 = none
};

/// Travel time from the nearest source over a friction surface.
/// @param friction_s_per_m seconds per metre per cell (>= 0), NaN = impassable / nodata; its
///        grid must be in a projected CRS in metres (dx, dy are the step lengths).
/// @param sources start cells and their facility indices.
/// @throws UsageError when a source lies outside the grid, its facility index is negative or its
///         start time is negative or not finite, a friction value is negative, or the grid is too large for
///         32-bit cell indices.
/// @throws Cancelled when `progress` is cancelled.
CostDistanceResult cost_distance(const Raster& friction_s_per_m, const CostSources& sources,
                                 const CostDistanceOptions& options, Progress& progress);

/// Writes the travel time (Float64 GeoTIFF, seconds, nodata -9999) and, when `facility_path` is
/// not empty, the allocation (Int32 GeoTIFF, nodata -1). Each file is replaced whole or not at all.
/// @throws Error naming the file on write failure.
void write_cost_distance(const CostDistanceResult& result, const std::string& time_path,
                         const std::string& facility_path);

/// Cell (row, col) containing map point (x, y) in the grid's CRS, or nullopt when outside.
/// Same rule as GRASS Rast_easting_to_col / Rast_northing_to_row (floor of the offset in cells).
std::optional<std::pair<int, int>> cell_containing(const GridSpec& grid, double x, double y);

}  // namespace swsplan::gis
