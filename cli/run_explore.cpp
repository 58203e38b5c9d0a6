// `synack explore`: builds one scenario's model, checks its properties (bounded), and
// serves the explorer on 127.0.0.1 (explore/server.hpp) until Ctrl-C.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <algorithm>
#include <ostream>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "cli/explore_command.hpp"
#include "cli/shared_options.hpp"
#include "explore/server.hpp"

extern char** environ;

namespace synack::cli {

namespace {

// The parameters the user set, as the page heads the scenario with them.
std::string set_params(const reports::ScenarioRun& run) {
  std::string text;
  for (const properties::ParamSpec& p : run.scenario->params) {
    int value = run.params.at(p.key);
    if (value == p.default_value) continue;
    text += fmt::format("{}{}={}", text.empty() ? "" : " ", p.key, p.format(value));
  }
  return text.empty() ? "default parameters" : text;
}

// The desktop's browser on the page, if there is one; nothing is lost when there is not.
void open_in_browser(const std::string& url, std::ostream& out) {
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  std::string program = "xdg-open";
  char* argv[] = {program.data(), const_cast<char*>(url.c_str()), nullptr};
  pid_t pid = 0;
  int failed = posix_spawnp(&pid, "xdg-open", &quiet, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&quiet);
  if (failed != 0) {
    out << "no xdg-open here: open the address above in a browser" << std::endl;
    return;
  }
  // xdg-open returns once the browser is started; reap it without waiting here. A system
  // that refuses the thread leaves it a zombie until synack ends, which is harmless.
  try {
    std::thread([pid] { waitpid(pid, nullptr, 0); }).detach();
  } catch (const std::system_error&) {
  }
}

}  // namespace

CLI::App* add_explore_command(CLI::App& app, ExploreOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "explore", "step through a scenario's states in the browser (a local page on 127.0.0.1)");
  cmd->add_option("scenario", o.selection.scenarios, "one scenario")->required();
  cmd->add_option("--set", o.selection.sets, "set a parameter, KEY=VALUE (repeatable)");
  cmd->add_option("--property", o.selection.properties,
                  "show and check only this property (repeatable)");
  cmd->add_option("--port", o.port, "serve on 127.0.0.1:N (default 8421; 0: any free port)")
      ->transform(whole_between(0, 65535));
  cmd->add_flag(
      "--no-open", [&o](std::int64_t) { o.open = false; },
      "print the address only; do not start a browser");
  o.limits.max_states = 1'000'000;
  cmd->add_option("--max-states", o.limits.max_states,
                  "bound the check for traces, and each search, to N states (default "
                  "1,000,000; beyond it: inconclusive)")
      ->transform(whole_between(1, 4'000'000'000));
  cmd->add_option("--max-errors", o.limits.max_errors,
                  "up to N counterexamples per always or deadlock-free property, each to a "
                  "distinct violating state (default 1)")
      ->transform(whole_between(1, 10000));
  add_threads_option(cmd, o.limits.threads);
  return cmd;
}

int run_explore(const Catalog& catalog, const ExploreOptions& o,
                const std::atomic<bool>* interrupted, std::ostream& out) {
  if (o.selection.scenarios.size() != 1)
    throw InputError(fmt::format("explore: name one scenario (see '{} list'), not {}",
                                 checker::program_name(), o.selection.scenarios.size()));
  PreparedRuns prepared = prepare_runs(catalog, o.selection);
  if (prepared.runs.empty())
    throw InputError("explore: the scenario has none of the chosen properties");
  reports::ScenarioRun& run = prepared.runs.front();
  // The port first: one that is taken is reported before the check takes its time.
  explore::Server server(o.port);
  checker::Limits limits = o.limits;
  limits.interrupted = interrupted;
  explore::Session session(*run.model, run.properties, limits, o.program);
  out << fmt::format("{}: checking {} propert{} for their traces (at most {} states)...",
                     run.scenario->name, run.properties.size(),
                     run.properties.size() == 1 ? "y" : "ies", limits.max_states)
      << std::endl;
  session.run_checks();
  if (limits.interrupt_requested()) {
    out << "interrupted before the explorer started" << std::endl;
    return 3;
  }
  // The explorer's bound is lower than check's (a page waits for it): say when it left a
  // property undecided that a larger bound might decide.
  for (const checker::Result& r : session.results())
    if (r.verdict == checker::Verdict::kInconclusive && r.limit == "max-states")
      out << fmt::format(
                 "note: {} is inconclusive at --max-states {}; start explore with a "
                 "larger --max-states to decide it",
                 r.property, limits.max_states)
          << std::endl;
  explore::Api api(session, {run.scenario->name, set_params(run), run.scenario->description});
  explore::ServeOptions serve;
  serve.interrupted = interrupted;
  if (o.open) serve.on_ready = [&out](const std::string& url) { open_in_browser(url, out); };
  server.serve(api, serve, out);
  return 0;
}

}  // namespace synack::cli
