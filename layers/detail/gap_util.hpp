#pragma once
/// @file Internals shared by the gap-analysis files (gap, gap_child, gap_outputs). Not API.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::layers::detail {

// Percent is detected per column: more than a quarter of the known values above 1 (a 0-1
// share or a 0/1 flag never has that). Values outside 0-1 after conversion are flagged.
inline bool looks_like_percent(const std::vector<double>& values, double& maxv) {
  std::size_t n = 0, above1 = 0;
  maxv = 0;
  for (double v : values)
    if (std::isfinite(v)) {
      maxv = std::max(maxv, v);
      above1 += v > 1;
      ++n;
    }
  return n > 0 && above1 * 4 > n;
}

inline std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

inline void push_num(gis::Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); }

}  // namespace swsplan::layers::detail
