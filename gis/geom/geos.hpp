#pragma once
/// @file RAII over the GEOS reentrant C API. One GEOS context per thread (thread_local),
/// never shared. Only gis/ sources include this header; nothing above gis/ sees GEOS.
#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>

namespace swsplan::gis::geos {

/// The calling thread's GEOS context (created on first use, destroyed at thread exit).
/// GEOS errors on this context are recorded and turned into exceptions by `check()`.
GEOSContextHandle_t ctx();

/// The last GEOS error message recorded on this thread's context (and clears it).
std::string take_last_error();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const noexcept;
};
struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* g) const noexcept;
};
struct CoordSeqDeleter {
  void operator()(GEOSCoordSequence* s) const noexcept;
};
struct STRtreeDeleter {
  void operator()(GEOSSTRtree* t) const noexcept;
};

using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;
using STRtreePtr = std::unique_ptr<GEOSSTRtree, STRtreeDeleter>;

/// Takes ownership of a GEOS result; throws swsplan::gis::Error with GEOS's message
/// (prefixed by `what`) when the result is null.
GeomPtr take(GEOSGeometry* g, const char* what);

}  // namespace swsplan::gis::geos
