#include "app/cli/progress_bar.hpp"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace swsplan::cli {

namespace {
gis::CancelToken g_token;
extern "C" void on_sigint(int) { g_token.cancel(); }  // only an atomic store: async-signal-safe
}  // namespace

gis::CancelToken& interrupt_token() {
  static bool installed = [] {
    std::signal(SIGINT, on_sigint);
    return true;
  }();
  (void)installed;
  return g_token;
}

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      progress_([this](double d, const std::string& s) { draw(d, s); }, &interrupt_token()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::draw(double done, const std::string& stage) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  const int fill = static_cast<int>(done * width + 0.5);
  std::fprintf(stderr, "\r[%.*s%*s] %3d%% %-40.40s", fill, "##############################", width - fill, "",
               static_cast<int>(done * 100 + 0.5), stage.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r%*s\r", 80, "");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace swsplan::cli
