#include "gis/core/progress.hpp"

#include <algorithm>

#include "gis/core/error.hpp"

namespace swsplan::gis {

void Progress::report(double done_0_1, const std::string& stage) {
  check();
  if (cb_) cb_(begin_ + (end_ - begin_) * std::clamp(done_0_1, 0.0, 1.0), stage);
}

void Progress::check() const {
  if (cancelled()) throw Cancelled();
}

Progress Progress::sub(double begin_0_1, double end_0_1) const {
  Progress p = *this;
  p.begin_ = begin_ + (end_ - begin_) * begin_0_1;
  p.end_ = begin_ + (end_ - begin_) * end_0_1;
  return p;
}

}  // namespace swsplan::gis
