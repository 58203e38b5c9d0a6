// Learned Mealy machines as machines of the model seam, checked against property files:
// expressions over the last input and answer, and bug patterns (learned/props_file.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "learned/learned_scenario.hpp"
#include "learned/mealy_machine.hpp"
#include "learned/props_file.hpp"
#include "reports/trace_text.hpp"

using namespace synack;
using learned::MealyMachine;

namespace {

// A TLS server in the shape of OpenSSL 1.0.1g's learned model, small enough to read:
// ClientHello, key exchange, ChangeCipherSpec, Finished; with `early_ccs` it takes a
// ChangeCipherSpec straight after the ClientHello (CVE-2014-0224), otherwise refuses it.
std::shared_ptr<const MealyMachine> toy_server(bool early_ccs) {
  auto m = std::make_shared<MealyMachine>();
  m->name = early_ccs ? "toy_early_ccs" : "toy_fixed";
  m->source = m->name + ".dot";
  m->states = {"s0", "hello", "keyed", "switched", "done", "closed", "broken"};
  m->inputs = {"ClientHello", "ChangeCipherSpec", "ClientKeyExchange", "Finished",
               "ApplicationData"};
  m->outputs = {{{"ServerHello", "Certificate", "ServerHelloDone"}},
                {{"ConnectionClosed"}},
                {{"Alert Fatal (Unexpected message)", "ConnectionClosed"}},
                {{}},
                {{"ChangeCipherSpec", "Finished"}},
                {{"ApplicationData"}}};
  enum { kHello, kClosed, kUnexpected, kNothing, kFinished, kData };
  enum { s0, hello, keyed, switched, done, closed, broken };
  auto add = [&](std::size_t from, std::size_t input, std::size_t to, std::size_t output) {
    m->transitions.push_back(
        {from, input, to, output, static_cast<int>(m->transitions.size() + 1)});
  };
  const std::size_t ch = 0, ccs = 1, cke = 2, fin = 3, data = 4;
  add(s0, ch, hello, kHello);
  for (std::size_t i : {ccs, cke, fin, data}) add(s0, i, closed, kClosed);
  add(hello, ccs, early_ccs ? broken : closed, early_ccs ? kNothing : kUnexpected);
  add(hello, cke, keyed, kNothing);
  for (std::size_t i : {ch, fin, data}) add(hello, i, closed, kUnexpected);
  add(keyed, ccs, switched, kNothing);
  for (std::size_t i : {ch, cke, fin, data}) add(keyed, i, closed, kUnexpected);
  add(switched, fin, done, kFinished);
  for (std::size_t i : {ch, ccs, cke, data}) add(switched, i, closed, kUnexpected);
  add(done, data, done, kData);
  for (std::size_t i : {ch, ccs, cke, fin}) add(done, i, closed, kUnexpected);
  for (std::size_t i = 0; i < 5; ++i) add(closed, i, closed, kClosed);
  for (std::size_t i = 0; i < 5; ++i) add(broken, i, closed, kUnexpected);
  m->build_step_index();
  return m;
}

std::string shipped(const std::string& name) {
  return std::string(SYNACK_SOURCE_DIR) + "/learned/props/" + name;
}

struct CheckedModel {
  std::unique_ptr<checker::Model> model;
  std::vector<checker::PropertySpec> properties;
  std::vector<checker::Result> results;
  const checker::Result& result(const std::string& name) const {
    for (const auto& r : results)
      if (r.property == name) return r;
    throw std::logic_error("no result for " + name);
  }
  std::vector<std::string> events(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& s : result(name).trace.value().steps) out.push_back(s.info.event);
    return out;
  }
};

CheckedModel check_model(std::shared_ptr<const MealyMachine> machine, const std::string& props) {
  auto file = std::make_shared<const learned::PropsFile>(learned::read_props_file(props));
  properties::Scenario s = learned::learned_scenario("learned/toy", {"", machine}, file);
  CheckedModel c;
  c.properties = s.properties;
  c.model = s.build({});
  checker::Limits limits;
  limits.threads = 1;
  c.results = checker::check_properties(*c.model, c.properties, limits);
  return c;
}

learned::PropsFile parse(const std::string& text) {
  return learned::parse_props(text, "t.props");
}

}  // namespace

TEST_CASE("a learned model is a machine: states, the alphabet as values, one row per transition") {
  auto machine = learned::make_mealy_machine(toy_server(true));
  CHECK(machine->machine_name() == "toy_early_ccs");
  CHECK(machine->state_names().size() == 7);
  REQUIRE(machine->variables().size() == 2);
  CHECK(machine->variables()[0].name == "in");
  CHECK(machine->variables()[0].value_names ==
        std::vector<std::string>{"(none)", "ClientHello", "ChangeCipherSpec", "ClientKeyExchange",
                                 "Finished", "ApplicationData"});
  CHECK(machine->variables()[1].value_names.at(1) == "ServerHello & Certificate & ServerHelloDone");
  CHECK(machine->variables()[1].value_names.at(4) == "-");
  CHECK(machine->env_events().size() == 5);
  CHECK(machine->rows().size() == 35);
  CHECK(machine->rows()[0].source == "s0");
  CHECK(machine->rows()[0].target == "hello");
  CHECK(machine->rows()[0].action == "ServerHello & Certificate & ServerHelloDone");
  CHECK(machine->symbolic() == nullptr);
  CHECK_THAT(machine->why_not_symbolic(), Catch::Contains("use the explicit engine"));

  // The interpreter and the runner (which follows MealyMachine::step) agree.
  std::vector<checker::Value> local = machine->initial_local(), next(3);
  checker::Outbox out;
  auto runner = machine->make_runner();
  for (std::size_t input : {0u, 1u, 3u}) {
    checker::Firing f = machine->fire_env(input, local.data(), next.data(), out);
    checker::Firing g = runner->fire_env(input, out);
    std::vector<checker::Value> replayed(3);
    runner->read_local(replayed.data());
    CHECK(f.fired);
    CHECK(std::string(f.event) == g.event);
    CHECK(replayed == next);
    local = next;
  }
  CHECK(local == std::vector<checker::Value>{5, 4, 3});  // closed, Finished, the alert
}

TEST_CASE("a nondeterministic learned model is refused with both lines") {
  auto m = std::make_shared<MealyMachine>(*toy_server(false));
  m->transitions.push_back({0, 0, 5, 1, 99});
  m->build_step_index();
  REQUIRE_THROWS_WITH(learned::make_mealy_machine(m),
                      "toy_fixed.dot:99: state s0 answers input ClientHello differently than on "
                      "line 1; a model to check must be deterministic (one answer per state and "
                      "input)");
}

TEST_CASE("the TLS property file finds the early ChangeCipherSpec with its shortest input") {
  CheckedModel bad = check_model(toy_server(true), shipped("tls-server.props"));
  const checker::Result& early = bad.result("early-ccs");
  CHECK(early.verdict == checker::Verdict::kViolated);
  CHECK(bad.events("early-ccs") ==
        std::vector<std::string>{"ClientHello / ServerHello & Certificate & ServerHelloDone",
                                 "ChangeCipherSpec / -"});
  CHECK(bad.result("handshake-completes").verdict == checker::Verdict::kHolds);
  CHECK(bad.events("handshake-completes") ==
        std::vector<std::string>{"ClientHello / ServerHello & Certificate & ServerHelloDone",
                                 "ClientKeyExchange / -", "ChangeCipherSpec / -",
                                 "Finished / ChangeCipherSpec & Finished"});
  for (const char* name :
       {"fatal-alert-closes", "finished-before-ccs", "data-before-finished", "talks-after-close"})
    CHECK(bad.result(name).verdict == checker::Verdict::kHolds);

  CheckedModel fixed = check_model(toy_server(false), shipped("tls-server.props"));
  CHECK(fixed.result("early-ccs").verdict == checker::Verdict::kHolds);
  CHECK(fixed.result("early-ccs").states == 41);

  // The trace as users read it: inputs with the model's answers, and the pattern's state.
  const checker::PropertySpec* spec = nullptr;
  for (const auto& p : bad.properties)
    if (p.name == "early-ccs") spec = &p;
  std::string text = reports::format_trace(*bad.model, *spec, *early.trace);
  CHECK_THAT(text, Catch::Contains("impl ChangeCipherSpec / -"));
  CHECK_THAT(text, Catch::Contains("finally: early_ccs.at=bug"));
}

TEST_CASE("an expression property over the last input and answer") {
  auto file = std::make_shared<const learned::PropsFile>(
      parse("# data is answered only once the handshake is done\n"
            "always data-only-when-done: out == \"ApplicationData\" -> state == \"done\"\n"
            "always no-data-answer: in == \"ApplicationData\" -> out != \"ApplicationData\"\n"));
  properties::Scenario s = learned::learned_scenario("learned/toy", {"", toy_server(false)}, file);
  CHECK(s.properties[0].expression == "impl.out == \"ApplicationData\" -> impl.state == \"done\"");
  CHECK(s.properties[0].description == "data is answered only once the handshake is done");
  auto model = s.build({});
  checker::Limits limits;
  limits.threads = 1;
  auto results = checker::check_properties(*model, s.properties, limits);
  CHECK(results[0].verdict == checker::Verdict::kHolds);
  CHECK(results[1].verdict == checker::Verdict::kViolated);
  CHECK(results[1].depth == 5);
}

TEST_CASE("property file errors name the file and the line") {
  REQUIRE_THROWS_WITH(parse("alway x: true\n"),
                      "t.props:1: unknown statement 'alway'; valid: always NAME: EXPRESSION, "
                      "sometimes NAME: EXPRESSION, pattern NAME: (edges below), # comment");
  REQUIRE_THROWS_WITH(parse("# c\nalways x true\n"),
                      "t.props:2: expected 'always NAME: ...' (a ':' after the name)");
  REQUIRE_THROWS_WITH(parse("always 9x: true\n"),
                      "t.props:1: '9x' is not a name: a letter, then letters, digits, '-' or '_'");
  REQUIRE_THROWS_WITH(parse("always x: true\nsometimes x: true\n"),
                      "t.props:2: a property or pattern named x is already stated above");
  REQUIRE_THROWS_WITH(parse("always x:\n"), "t.props:1: always x: the expression is missing");
  REQUIRE_THROWS_WITH(parse("  a -> b: true\n"),
                      "t.props:1: an indented line belongs to a pattern; none is open here");
  REQUIRE_THROWS_WITH(parse("pattern p:\n  a -> b: true\n"),
                      "t.props:1: pattern p has no 'bug: STATE' line: which state is the bug?");
  REQUIRE_THROWS_WITH(parse("pattern p:\n  a -> b: true\n  bug: c\n"),
                      "t.props:1: pattern p: bug state c is on no edge; its states: a, b");
  REQUIRE_THROWS_WITH(parse("pattern p:\n  bug: a\n"),
                      "t.props:1: pattern p has no edges ('FROM -> TO: GUARD' on indented lines "
                      "below it)");
  REQUIRE_THROWS_WITH(parse("pattern p:\n  a b: true\n"),
                      "t.props:2: pattern p: expected 'FROM -> TO: GUARD' or 'bug: STATE, ...'");
  REQUIRE_THROWS_WITH(parse("pattern p:\n  a -> b:\n"),
                      "t.props:2: pattern p: the edge has no guard (write 'true' for any step)");
  REQUIRE_THROWS_WITH(parse("# only a comment\n"),
                      "t.props:2: the file states no property (always, sometimes or pattern)");
  REQUIRE_THROWS_WITH(parse(std::string("always x: tr\0ue\n", 16)),
                      "t.props:1: the file is not text (a NUL byte)");
  REQUIRE_THROWS_WITH(parse("always x: " + std::string(20000, 'a') + "\n"),
                      "t.props:1: the line is 20010 characters long; at most 16384 are read");
  REQUIRE_THROWS_WITH(learned::read_props_file("/nonexistent/x.props"),
                      "/nonexistent/x.props: no such property file (a text file of always, "
                      "sometimes and pattern statements)");
  // A directory or a device is there, so "no such file" would mislead.
  REQUIRE_THROWS_WITH(learned::read_props_file("/tmp"),
                      "/tmp: not a regular file; give a property file (a text file of always, "
                      "sometimes and pattern statements)");
  REQUIRE_THROWS_WITH(learned::read_props_file("/dev/zero"),
                      "/dev/zero: not a regular file; give a property file (a text file of "
                      "always, sometimes and pattern statements)");

  // Names the model does not have are found before any check, with their line.
  auto file = std::make_shared<const learned::PropsFile>(
      parse("always a: true\n\npattern p:\n  s -> bug: in == \"ServerHelloDone\"\n  bug: bug\n"));
  properties::Scenario s = learned::learned_scenario("learned/toy", {"", toy_server(false)}, file);
  REQUIRE_THROWS_WITH(s.build({}),
                      "t.props:4: property 'impl.in == \"ServerHelloDone\"': no value of impl.in "
                      "matches \"ServerHelloDone\"; its values: \"(none)\", \"ClientHello\", "
                      "\"ChangeCipherSpec\", \"ClientKeyExchange\", \"Finished\", "
                      "\"ApplicationData\"");
}

TEST_CASE("a line ending in a backslash continues") {
  learned::PropsFile f = parse("always x: in == \"A\" \\\n   || in == \"B\"\n");
  REQUIRE(f.rules.size() == 1);
  CHECK(f.rules[0].expression == "in == \"A\"  || in == \"B\"");
}

TEST_CASE("short names become the actor's slots, outside strings only") {
  CHECK(
      learned::expand_short_names("in == \"in out\" && out != \"-\" && state == \"s1\"", "impl") ==
      "impl.in == \"in out\" && impl.out != \"-\" && impl.state == \"s1\"");
  CHECK(learned::expand_short_names("in == \"X\" && x.in == 1", "impl", true) ==
        "impl.in' == \"X\" && x.in == 1");
}

// Hostile property files: every mutation of a real one is read, bound to a model and
// checked, or refused with an InputError; nothing else escapes (no crash, no other
// exception).
TEST_CASE("mutated property files are checked or refused with one line") {
  std::ifstream in(shipped("tls-server.props"));
  std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(original.size() > 1000);
  const std::string pieces[] = {
      "\"", ":",  "->", "\\\n", "\n  ", "*", "(", "bug:", "pattern p:\n", "'", std::string(1, '\0'),
      "in", "==", "&&", "!"};
  std::mt19937 random(18);
  auto machine = toy_server(true);
  int refused = 0, checked = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = original;
    for (int edits = 1 + static_cast<int>(random() % 4); edits > 0; --edits) {
      std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text.erase(at, 1 + random() % 8);
          break;
        case 1:
          text.insert(at, pieces[random() % std::size(pieces)]);
          break;
        default:
          text[at] = static_cast<char>(random() % 256);
          break;
      }
    }
    try {
      auto file = std::make_shared<const learned::PropsFile>(learned::parse_props(text, "m.props"));
      properties::Scenario s = learned::learned_scenario("learned/toy", {"", machine}, file);
      auto model = s.build({});
      checker::Limits limits;
      limits.threads = 1;
      checker::check_properties(*model, s.properties, limits);
      ++checked;
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      ++refused;
    }
  }
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  CHECK(refused > 50);
  CHECK(checked > 50);
}
