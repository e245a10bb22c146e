#include "app/cli/cli.hpp"

#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/command_access.hpp"
#include "app/cli/command_analyze.hpp"
#include "app/cli/command_compare.hpp"
#include "app/cli/command_cost.hpp"
#include "app/cli/command_settings.hpp"
#include "app/cli/command_import.hpp"
#include "app/cli/command_info.hpp"
#include "app/cli/command_map.hpp"
#include "app/cli/command_report.hpp"
#include "app/cli/command_pwp.hpp"
#include "app/cli/command_referral.hpp"
#include "app/cli/command_sample.hpp"
#include "app/cli/command_scenarios.hpp"
#include "app/cli/command_scale_up.hpp"
#include "app/cli/command_site.hpp"
#include "app/cli/progress_bar.hpp"
#include "app/version.hpp"
#include "gis/core/error.hpp"
#include "gis/core/suggest.hpp"
#include "layers/project.hpp"

namespace swsplan::cli {

std::vector<std::pair<std::string, std::function<std::unique_ptr<Command>()>>> all_commands() {
  return {
      {"info", [] { return std::make_unique<InfoCommand>(); }},
      {"import", [] { return std::make_unique<ImportCommand>(); }},
      {"sample", [] { return std::make_unique<SampleCommand>(); }},
      {"access", [] { return std::make_unique<AccessCommand>(); }},
      {"analyze", [] { return std::make_unique<AnalyzeCommand>(); }},
      {"settings", [] { return std::make_unique<SettingsCommand>(); }},
      {"map", [] { return std::make_unique<MapCommand>(); }},
      {"report", [] { return std::make_unique<ReportCommand>(); }},
      // siting verbs register here
      {"site", [] { return std::make_unique<SiteCommand>(); }},
      {"scenarios", [] { return std::make_unique<ScenariosCommand>(); }},
      {"cost", [] { return std::make_unique<CostCommand>(); }},
      {"pwp", [] { return std::make_unique<PwpCommand>(); }},
      {"compare", [] { return std::make_unique<CompareCommand>(); }},
      {"scale-up", [] { return std::make_unique<ScaleUpCommand>(); }},
      {"referral", [] { return std::make_unique<ReferralCommand>(); }},
  };
}

namespace {
// The verb's exit code, saying so when an interrupt had to wait for the final write.
int finished(int code) {
  if (layers::commit_interrupt_deferred())
    std::cerr << "swsplan: the interrupt came during the final write, which was completed: the project holds the new "
                 "results\n";
  return code;
}

// An option given with an empty value (`--province ""`) must not read as "not given": the
// planner asked for something, and silently analysing everything instead would mislead.
void refuse_empty_values(const CLI::App& app) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_type_size() == 0 || o->count() == 0) continue;  // flags carry no value
    for (const std::string& v : o->results())
      if (v.empty())
        throw gis::UsageError((o->get_name().empty() ? std::string("an option") : o->get_name()) +
                              " was given an empty value: give a value or leave the option out");
  }
  for (const CLI::App* sub : app.get_subcommands()) refuse_empty_values(*sub);
}

// CLI11 meets a misspelt verb ("analyse") or sub-verb (`report distrct`) with only "A subcommand
// is required". The first word that is not a flag must name a verb, and the next one a sub-verb
// of that verb when it has them; the message for the first that does not, if any.
std::optional<std::string> unknown_verb(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  std::string path = "swsplan";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (!a.empty() && a[0] == '-') continue;  // flags: none takes a value before the verb or the sub-verb
    std::vector<std::string> names;
    const CLI::App* match = nullptr;
    for (const CLI::App* s : level->get_subcommands(std::function<bool(const CLI::App*)>{})) {
      names.push_back(s->get_name());
      if (s->get_name() == a) match = s;
    }
    if (names.empty()) return std::nullopt;  // the verb takes its operands from here
    if (!match)
      return (level == &app ? "unknown verb '" + a + "'" + gis::did_you_mean(a, names, "Verbs")
                            : "unknown '" + level->get_name() + "' sub-verb '" + a + "'" +
                                  gis::did_you_mean(a, names, "Sub-verbs")) +
             " (" + path + " --help)";
    level = match;
    path += " " + a;
  }
  return std::nullopt;
}
}  // namespace

int main(int argc, char** argv) {
  install_interrupt_handlers();
  CLI::App app{"swsplan: where social-protection services are unavailable or unaffordable, and where to put "
               "Single Window offices (Cambodia)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("swsplan ") + kVersion + "\ncommit " + kCommit);
  Globals globals;
  app.add_flag("--json", globals.json, "Machine-readable JSON on stdout");
  app.add_flag("-q,--quiet", globals.quiet, "No progress bar or summary on stderr");

  std::vector<std::unique_ptr<Command>> commands;
  std::vector<CLI::App*> subs;
  for (auto& [name, make] : all_commands()) {
    commands.push_back(make());
    CLI::App* sub = app.add_subcommand(name);
    sub->fallthrough();  // --json / --quiet may follow the verb
    commands.back()->setup(*sub);
    subs.push_back(sub);
  }
  if (auto bad = unknown_verb(app, argc, argv)) {
    std::cerr << "swsplan: " << *bad << "\n";
    return kUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  try {
    refuse_empty_values(app);
    for (std::size_t i = 0; i < subs.size(); ++i)
      if (subs[i]->parsed()) return finished(commands[i]->run(globals));
  } catch (const gis::Cancelled&) {
    std::cerr << "swsplan: cancelled; nothing was written\n";
    return kCancelled;
  } catch (const gis::UsageError& e) {
    std::cerr << "swsplan: " << e.what() << "\n";
    return kUsage;
  } catch (const gis::Error& e) {
    std::cerr << "swsplan: error: " << e.what() << "\n";
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "swsplan: unexpected error: " << e.what() << "\n";
    return kFailure;
  }
  return kUsage;
}

}  // namespace swsplan::cli
