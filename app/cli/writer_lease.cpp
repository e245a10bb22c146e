#include "app/cli/writer_lease.hpp"

#include <iostream>

#include "gis/core/error.hpp"

namespace swsplan::cli {

void add_wait_option(CLI::App& app, double& wait_s) {
  wait_s = layers::kDefaultLeaseWait_s;
  app.add_option("--wait", wait_s,
                 "Seconds to wait while another run writes this project, then give up naming it (0: do not wait)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

layers::WriterLease hold_lease(const std::string& project, const std::string& verb, double wait_s,
                               const Globals& globals, const gis::Progress* progress) {
  layers::LeaseOptions o;
  o.verb = verb;
  o.wait_s = wait_s;
  o.progress = progress;
  if (!globals.quiet)
    o.on_wait = [&](const std::string& holder) {
      std::cerr << "swsplan: " << project << " is being written by " << holder << "; waiting up to " << wait_s
                << " s\n";
    };
  auto lease = layers::WriterLease::acquire(project, o);
  if (!lease.warning().empty()) std::cerr << "swsplan: warning: " << lease.warning() << "\n";
  if (!globals.quiet)
    for (const auto& n : lease.notes()) std::cerr << "swsplan: note: " << n << "\n";
  return lease;
}

}  // namespace swsplan::cli
