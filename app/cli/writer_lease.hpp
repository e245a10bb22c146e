#pragma once
/// @file The writer lease as the CLI's writing verbs take it: `--wait SECONDS` on each of them,
/// the lease held from before the verb reads the project until after its commit, a wait
/// announced on stderr, and the lease's warning (network file system) and notes shown there.
#include <CLI/CLI.hpp>
#include <string>

#include "app/cli/cli.hpp"
#include "gis/core/progress.hpp"
#include "layers/lease.hpp"

namespace swsplan::cli {

/// Declares `--wait SECONDS` (default layers::kDefaultLeaseWait_s) on a writing verb.
void add_wait_option(CLI::App& app, double& wait_s);

/// Takes the writer lease of `project` for `verb`. Ctrl-C while waiting cancels through
/// `progress` (or exits at once without one). @throws layers::LeaseBusy naming the holder.
layers::WriterLease hold_lease(const std::string& project, const std::string& verb, double wait_s,
                               const Globals& globals, const gis::Progress* progress = nullptr);

}  // namespace swsplan::cli
