// What reaches the other side in a composition of learned models: an output the map sends
// as `dropped` is discarded by the peer even when the peer has an input of the same name,
// and a map that makes one wire name both a dropped output and a delivered input is
// refused (learned/compose_map, learned/networked_mealy).
#include <string>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "cli_run.hpp"
#include "learned/compose_map.hpp"
#include "learned_data.hpp"

using synack::learned::parse_compose_map;
using synack::test::learned_test_file;
using synack::testing::run_synack;

namespace {

// The table row of `property`, its spaces squeezed: "always client.in != PONG always holds 9".
std::string table_row(const std::string& out, const std::string& property) {
  std::size_t at = out.find("  " + property + "  ");
  if (at == std::string::npos) return "(no row)";
  std::string line = out.substr(at, out.find('\n', at) - at), squeezed;
  for (char c : line)
    if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed += c;
  return squeezed;
}

}  // namespace

TEST_CASE("a dropped output never reaches the peer's input of the same name",
          "[learned][compose]") {
  auto file = [](const std::string& name) { return learned_test_file("compose/" + name); };
  auto run = run_synack("check --compose " + file("ping_client.dot") + " " +
                        file("pong_server.dot") + " --compose-map " + file("pong_dropped.map") +
                        " --quiet --always 'client.in != PONG' --sometimes 'server.out == PONG'");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  // The server's PONG is put on the wire (it is sometimes answered), and the client never
  // takes it.
  CHECK(table_row(run.out, "always client.in != PONG")
            .starts_with("always client.in != PONG always holds 157 604 10 "));
  CHECK(table_row(run.out, "sometimes server.out == PONG")
            .starts_with("sometimes server.out == PONG sometimes holds 3 2 1 "));
}

TEST_CASE("a wire name both dropped and delivered is refused", "[learned][compose]") {
  std::string error = "(no error)";
  try {
    parse_compose_map("send PONG = dropped\nsend PING = PONG\n", "m.map");
  } catch (const synack::InputError& e) {
    error = e.what();
  }
  CHECK(error ==
        "m.map:2: 'PONG' arrives as an input here but is sent as dropped on line 1; a message "
        "on the wire is one or the other");
}
