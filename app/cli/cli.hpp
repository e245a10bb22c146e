#pragma once
/// @file The `swsplan` command line: verbs in command_<verb>.{hpp,cpp}, each with setup()
/// (argument parsing only, no I/O) and run(). One catch site maps errors to exit codes:
/// 0 ok, 1 failure (bad data, I/O), 2 usage, 130 cancelled (Ctrl-C).
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace swsplan::cli {

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kCancelled = 130 };

/// Options shared by every verb.
struct Globals {
  bool json = false;   ///< machine-readable output on stdout
  bool quiet = false;  ///< no progress bar, no summary chatter on stderr
};

/// A verb: `setup` declares its options on `app` (no I/O); `run` does the work.
class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run(const Globals& globals) = 0;
};

/// Registry of all verbs, in help order.
std::vector<std::pair<std::string, std::function<std::unique_ptr<Command>()>>> all_commands();

/// Parses argv and runs the verb; returns the process exit code. Never throws.
int main(int argc, char** argv);

}  // namespace swsplan::cli
