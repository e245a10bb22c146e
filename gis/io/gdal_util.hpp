#pragma once
/// @file Internal to gis/: GDAL initialisation and error capture. Not for use above gis/.
#include <string>
#include <vector>

namespace swsplan::gis::gdal {

/// Registers GDAL drivers once (thread-safe) and sets the options swsplan relies on.
void init();

/// Captures GDAL/CPL errors and warnings raised on this thread while alive (instead of
/// printing them); `last()` gives the latest message for an exception text.
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  /// The latest error raised on this thread since this capture began ("" if none).
  std::string last() const;
  bool failed() const { return !errors_.empty(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static void handler(int err_class, int err_no, const char* msg);
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
  ErrorCapture* prev_ = nullptr;
};

}  // namespace swsplan::gis::gdal
