#pragma once
/// @file What the fuzz targets share.
///
/// The oracle: a gis::Error (InputError, UsageError, CrsError) is the documented way to refuse
/// bad input, with a message a planner can act on. Any other exception escaping a parser
/// (std::invalid_argument from a bare std::stod, std::out_of_range, nlohmann::json errors) is a
/// finding, like a crash or a sanitizer report: it reaches the planner as "unexpected error".
///
/// The importers read files through GDAL as they do for a planner, so each input is written
/// to a temporary file first (one per process, rewritten for every input).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"

namespace swsplan::fuzz {

/// Runs f; gis::Error is an expected refusal, anything else escapes to libFuzzer.
template <class F>
void refusals_allowed(F&& f) {
  try {
    f();
  } catch (const gis::Error&) {
  }
}

/// A temporary file `swsplan-fuzz-<pid>-<name>`, removed when the process ends normally.
class TempInput {
 public:
  explicit TempInput(const std::string& name)
      : path_((std::filesystem::temp_directory_path() / ("swsplan-fuzz-" + std::to_string(::getpid()) + "-" + name))
                  .string()) {}
  ~TempInput() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;

  /// Replaces the file's content with the fuzzer's bytes; returns the path.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The synthetic sample project (sample-maps/demo_province.gpkg of the source tree).
inline const char* sample_project() { return SWSPLAN_FUZZ_SAMPLE; }

/// Quietens GDAL's default error printer (every refused input would print a line): the
/// message a planner sees is the exception's, which the targets check for type only.
inline void quiet_gdal() { ::setenv("CPL_LOG", "/dev/null", 1); }

}  // namespace swsplan::fuzz
