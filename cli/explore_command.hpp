// `synack explore SCENARIO [--set ...] [--port N] [--no-open]`: the scenario's state
// space in the browser (explore/): step through it, go back, see each property's value,
// jump to counterexamples and witnesses, search for a state by expression. Serves on
// 127.0.0.1 until Ctrl-C (exit 0); bad input, a port that cannot be bound, or a build
// without a web server is one line and exit 2.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>

#include "checker/limits.hpp"
#include "cli/runs.hpp"

namespace CLI {
class App;
}

namespace synack::cli {

struct ExploreOptions {
  Selection selection;  // exactly one scenario; --property narrows what is checked
  int port = 8421;      // 0: any free port
  bool open = true;     // start the desktop's browser on the page (xdg-open)
  // Bounds the check run at start (for the traces) and every search by expression.
  checker::Limits limits;
  std::string program = "synack";  // as error lines name it
};

CLI::App* add_explore_command(CLI::App& app, ExploreOptions& options);
int run_explore(const Catalog& catalog, const ExploreOptions& options,
                const std::atomic<bool>* interrupted, std::ostream& out);

}  // namespace synack::cli
