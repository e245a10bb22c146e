#pragma once
/// @file A progress bar on stderr for the CLI, and Ctrl-C wired to a cancel token.
#include <chrono>
#include <string>

#include "gis/core/progress.hpp"

namespace swsplan::cli {

/// Draws a bar on stderr once an operation has run for more than a second (and only on a
/// terminal, unless forced). Ctrl-C while it lives cancels the operation through its token.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  gis::Progress& progress() { return progress_; }
  /// Clears the bar line (call before printing results).
  void finish();

 private:
  void draw(double done, const std::string& stage);
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  gis::Progress progress_;
};

/// The token cancelled by SIGINT, SIGTERM or SIGHUP.
gis::CancelToken& interrupt_token();

/// Installs the handlers of SIGINT, SIGTERM and SIGHUP (call once, first thing in main):
/// - while a project commit runs, a signal waits for it (the write finishes, and says so);
/// - otherwise no commit starts any more, and a verb that watches the token (it shows a
///   ProgressBar) stops at its next check and exits 130; a verb that does not, or a second
///   signal, exits 130 at once (nothing was being written).
/// SIGXFSZ is ignored so that a file size limit is an error the commit can report and clean up.
void install_interrupt_handlers();

}  // namespace swsplan::cli
