// The command line as users and scripts see it: exit codes, one-line errors, JSON.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_run.hpp"
#include "properties/registry.hpp"

using synack::testing::Run;
using synack::testing::run_synack;
using synack::testing::slurp;

TEST_CASE("exit codes: 0 holds, 1 violated, 3 inconclusive") {
  CHECK(run_synack("check tcp/three-way-handshake --property connects").exit_code == 0);
  CHECK(run_synack("check tcp/two-way-handshake --property no-stale-connection").exit_code == 1);
  Run limited =
      run_synack("check tcp/three-way-handshake --property no-stale-connection --max-states 500");
  CHECK(limited.exit_code == 3);
  CHECK_THAT(limited.out, Catch::Contains("inconclusive (max-states)"));
  CHECK(run_synack("check --all --expect --quiet").exit_code == 0);
}

TEST_CASE("bad input: one line naming the problem, exit code 2") {
  struct Case {
    std::string args;
    std::string message;
  };
  std::string known;
  for (const auto& s : synack::properties::bundled_scenarios())
    known += (known.empty() ? "" : ", ") + s.name;
  const Case cases[] = {
      {"check tcp/quic", "synack: unknown scenario 'tcp/quic'; known: " + known + "\n"},
      {"check tcp/3way",
       "synack: unknown scenario 'tcp/3way'; did you mean tcp/three-way-handshake or "
       "tcp/two-way-handshake? (known: " +
           known + ")\n"},
      {"check tcp/two-way-handshak",
       "synack: unknown scenario 'tcp/two-way-handshak'; did you mean tcp/two-way-handshake or "
       "tcp/three-way-handshake? "
       "(known: " +
           known + ")\n"},
      {"check --property connects tcp/two-way-handshake",
       "synack: name at least one scenario: tcp/two-way-handshake was read as a value of "
       "--property (each --property takes the words after it: name the scenarios first)\n"},
      {"check tcp/two-way-handshake --always 'client.state != CLOSED' --always "
       "'client.state != CLOSED'",
       "synack: 'always client.state != CLOSED' is asked twice; give each property once\n"},
      {"check tcp/two-way-handshake --property conects",
       "synack: --property conects: unknown property; did you mean connects? (known: "
       "no-stale-connection, server-knows-client-receives, connects)\n"},
      {"check tcp/two-way-handshake --always 'client.stat == CLOSED'",
       "synack: property 'client.stat == CLOSED': unknown slot 'client.stat'; did you mean "
       "client.state? (slots: client.state, client.iss, client.irs, client.snd_una, "
       "client.snd_nxt, client.rcv_nxt, client.retries, client.passive, client.incarnation, "
       "client.isn_clock, client.isn_step, client.queued, ... (32 more))\n"},
      {"check tcp/two-way-handshake --leads-to 'client.state == CLOSED'",
       "synack: --leads-to 'client.state == CLOSED': write 'PREMISE => CONSEQUENCE' with one "
       "'=>'\n"},
      {"check tcp/two-way-handshake --fairness 'wf(client)' --always true",
       "synack: --fairness applies to --eventually and --leads-to\n"},
      {"check tcp/two-way-handshake --eventually true --fairness 'wf(clinet)'",
       "synack: fairness 'wf(clinet)': not an actor or a transition group; actors: client, "
       "server (or a group, as in client.connect)\n"},
      {"check tcp/two-way-handshake --eventually true --fairness 'wf(c2s.deliver[0])'",
       "synack: fairness 'wf(c2s.deliver[0])': weak fairness on a channel position is not offered "
       "(equal messages share one position, so a position is not a message); use "
       "fair-loss(c2s), which is per message\n"},
      {"check tcp/two-way-handshake --engine smt",
       "synack: --engine: smt not in {explicit,bmc,kind,spacer,prove} (see 'synack --help')\n"},
      {"check tcp/two-way-handshake --depth 5",
       "synack: --depth: applies to --engine bmc, kind or prove, not explicit\n"},
      {"check tcp/two-way-handshake --engine bmc --lemmas mine",
       "synack: --lemmas: applies to --engine kind, spacer or prove, not bmc\n"},
      {"check tcp/two-way-handshake --engine kind --lemmas some",
       "synack: --lemmas some: unknown lemma source; valid: mine, mine+skeletons, mine+equalities, "
       "none\n"},
      // Empty once read as not given: kind ran with its default lemmas.
      {"check tcp/two-way-handshake --engine kind --lemmas ''",
       "synack: --lemmas: must not be empty (see 'synack --help')\n"},
      {"check tcp/two-way-handshake --engine bmc --depth -1",
       "synack: --depth: '-1' is not a whole number from 0 to 10000 (decimal digits only) (see "
       "'synack --help')\n"},
      {"check tcp/two-way-handshake --property nope",
       "synack: --property nope: unknown property; known: no-stale-connection, "
       "server-knows-client-receives, connects\n"},
      {"check --all --set channel.capacity=0",
       "synack: --set channel.capacity=0: out of range; valid: 1..6\n"},
      {"check --all --set tcp.max_retries=1e9",
       "synack: --set tcp.max_retries=1e9: not an integer; valid: 0..4\n"},
      {"check --all --set nonsense",
       "synack: --set 'nonsense': expected KEY=VALUE, e.g. channel.capacity=3\n"},
      {"check", "synack: name at least one scenario or use --all (see 'synack list')\n"},
      {"check --all tcp/two-way-handshake", "synack: name scenarios or use --all, not both\n"},
      // It was checked twice: two rows, two entries in --json and --junit.
      {"check tcp/two-way-handshake tcp/two-way-handshake",
       "synack: tcp/two-way-handshake is named twice; name each scenario once\n"},
      {"",
       "synack: A subcommand is required; commands: list, check, simulate, baseline, "
       "explain, diagram, learned, diff, conform, explore, rtt (see 'synack --help')\n"},
      {"--frob",
       "synack: A subcommand is required; commands: list, check, simulate, baseline, "
       "explain, diagram, learned, diff, conform, explore, rtt (see 'synack --help')\n"},
      {"check tcp/two-way-handshake --set channel.capacity=1 --set channel.capacity=2",
       "synack: --set channel.capacity is given twice (1 and 2); give it once\n"},
      {"frobnicate",
       "synack: unknown command 'frobnicate'; valid: list, check, simulate, baseline, explain, "
       "diagram, learned, diff, conform, explore, rtt\n"},
      {"diff", "synack: diff: give two learned models (diff A.dot B.dot) or --versions DIR\n"},
      {"diff --versions /nonexistent",
       "synack: /nonexistent: not a folder (give a folder of VERSION/TLS10.dot files, as "
       "tlsprint's models)\n"},
      {"check tcp/three-way-handshake --set tcp.isn=free",
       "synack: client.isn_clock starts at a value left open for the Z3 engines; the explicit "
       "engine starts from one initial state: pin it (tcp.isn=pinned) or use --engine bmc, kind "
       "or spacer\n"},
      {"check --all --set tcp.isn=maybe",
       "synack: --set tcp.isn=maybe: unknown; valid: pinned, free, differ\n"},
      {"check tcp/three-way-handshake --set tcp.isn_start=20",
       "synack: tcp.isn_start=20 must be below the sequence space 16 (tcp.seq_space=16): "
       "--set a smaller tcp.isn_start or a larger space\n"},
      {"check tcp/three-way-handshake --set tcp.seq_bits=32 --set tcp.seq_space=8",
       "synack: --set tcp.seq_bits=32 and --set tcp.seq_space=8 say the same thing two ways: set "
       "one\n"},
      {"check --all --json /nonexistent-dir/out.json",
       "synack: --json /nonexistent-dir/out.json: cannot write in /nonexistent-dir: No such "
       "file or directory\n"},
  };
  for (const Case& c : cases) {
    Run r = run_synack(c.args);
    INFO(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == c.message);
    CHECK(r.out.empty());
  }
  Run negative = run_synack("check --all --max-states -3");
  CHECK(negative.exit_code == 2);
  CHECK_THAT(negative.err, Catch::StartsWith("synack: --max-states: '-3' is not a whole number"));
  CHECK(std::count(negative.err.begin(), negative.err.end(), '\n') == 1);
}

TEST_CASE("32-bit sequence numbers reach the history monitors too") {
  // The monitors of tcp/teardown compute differences modulo the sequence space: 2^32 was a
  // literal the parser refused (at most 10^9), so tcp.seq_bits=31 and 32, valid, were exit 2.
  for (const char* bits : {"31", "32"}) {
    Run r = run_synack(std::string("check tcp/teardown --property all-data-delivered --quiet "
                                   "--set tcp.seq_bits=") +
                       bits);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("holds    152280  935527       31"));
  }
}

TEST_CASE("every synack command a --help text points to runs") {
  // A help text that sends the reader to a command that does not exist is a dead end.
  std::string help = run_synack("--help").out;
  for (const char* command : {"list", "check", "simulate", "baseline", "baseline save", "explain",
                              "diagram", "learned", "diff", "conform", "explore", "rtt"})
    help += run_synack(std::string(command) + " --help").out;
  int references = 0;
  for (std::size_t at = help.find("'synack "); at != std::string::npos;
       at = help.find("'synack ", at + 1)) {
    const std::size_t end = help.find('\'', at + 1);
    REQUIRE(end != std::string::npos);
    const std::string command = help.substr(at + 8, end - at - 8);
    INFO(command);
    CHECK(run_synack(command).exit_code == 0);
    ++references;
  }
  CHECK(references > 0);
}

TEST_CASE("check --engine bmc: the two-way handshake's stale SYN, replayed, in JSON") {
  auto file =
      std::filesystem::temp_directory_path() / ("synack_bmc_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(
      "check tcp/two-way-handshake --property no-stale-connection --engine bmc --depth 6 "
      "--set channel.capacity=1 --quiet --json " +
      file.string());
  CHECK(r.exit_code == 1);
  auto json = nlohmann::json::parse(slurp(file));
  std::filesystem::remove(file);
  const auto& res = json["results"][0];
  CHECK(res["engine"] == "bmc");
  CHECK(res["verdict"] == "violated");
  CHECK(res["depth"] == 4);
  REQUIRE(res["trace"].size() == 4);
  CHECK(res["trace"][3]["event"] == "abort");
  Run bounded = run_synack(
      "check tcp/three-way-handshake --property no-stale-connection --engine bmc --depth 3 "
      "--set channel.capacity=1");
  CHECK(bounded.exit_code == 3);
  CHECK_THAT(bounded.out, Catch::Contains("holds up to depth 3"));
  // TLS over TCP: a layered host, encoded too (no witness within 3 steps: it needs 7).
  Run tls =
      run_synack("check tls13/handshake --property handshake-completes --engine bmc --depth 3");
  CHECK(tls.exit_code == 3);
  CHECK_THAT(tls.out, Catch::Contains("no witness within depth 3"));
  Run kind_sometimes =
      run_synack("check tcp/two-way-handshake --property connects --engine kind --depth 2");
  CHECK_THAT(kind_sometimes.out,
             Catch::Contains(
                 "unsupported by kind (kind proves always and liveness properties; use bmc for "
                 "sometimes)"));
}

TEST_CASE("a Z3 proof prints its invariant; an inconclusive k-induction, its counterexample") {
  Run proof = run_synack("check tcp/congestion --property cwnd-at-least-one --engine spacer");
  CHECK(proof.exit_code == 0);
  CHECK_THAT(proof.out,
             Catch::Contains("tcp/congestion cwnd-at-least-one: proved by spacer for runs of any "
                             "length; the inductive invariant (checked again by synack: initial "
                             "states inside, closed under every step, no target state inside):\n"
                             "    "));
  Run cti = run_synack("check tcp/congestion --property cwnd-at-least-one --engine kind --depth 2");
  CHECK(cti.exit_code == 3);
  CHECK_THAT(cti.out, Catch::Contains("tcp/congestion cwnd-at-least-one: not proved by kind; a "
                                      "counterexample to induction:\n    state 0: sender.state="));
  CHECK_THAT(cti.out, Catch::Contains("\n    state 2: sender.state="));
}

TEST_CASE("the JSON results carry the documented fields") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_test_" + std::to_string(getpid()) + ".json");
  Run r = run_synack("check tcp/two-way-handshake --quiet --json " + file.string());
  REQUIRE(r.exit_code == 1);
  auto j = nlohmann::json::parse(slurp(file));
  CHECK(j.contains("synack_version"));
  REQUIRE(j["results"].size() == 3);
  const auto& stale = j["results"][0];
  CHECK(stale["scenario"] == "tcp/two-way-handshake");
  CHECK(stale["property"] == "no-stale-connection");
  CHECK(stale["kind"] == "always");
  CHECK(stale["verdict"] == "violated");
  CHECK(stale["engine"] == "explicit");
  CHECK(stale["states"] == 34);
  CHECK(stale["depth"] == 4);
  REQUIRE(stale["trace"].size() == 4);
  CHECK(stale["trace"][3]["step"] == 4);
  CHECK(stale["trace"][3]["actor"] == "server");
  CHECK(stale["trace"][3]["event"] == "rcv SYN");
  CHECK(stale["trace"][3]["message"] == "SYN seq=0");
  CHECK(stale["trace"][3]["state"] == "client=CLOSED server=ESTABLISHED");
  CHECK(stale["params"]["channel.capacity"] == 2);
  CHECK(stale["params"]["channel.lossy"] == true);
}

TEST_CASE("list shows scenarios, properties and parameter ranges") {
  Run r = run_synack("list");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("tcp/two-way-handshake"));
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection"));
  CHECK_THAT(r.out, Catch::Contains("channel.capacity     default 2      valid 1..6"));
  Run j = run_synack("list --json");
  auto parsed = nlohmann::json::parse(j.out);
  REQUIRE(parsed["scenarios"].size() == 22);
  CHECK(parsed["scenarios"][0]["parameters"][0]["range"] == "1..6");
}

TEST_CASE("diagram: formats, outputs and the variants' differences") {
  std::string known;
  for (const auto& s : synack::properties::bundled_scenarios())
    known += (known.empty() ? "" : ", ") + s.name;
  Run svg = run_synack("diagram tcp-endpoint");
  CHECK(svg.exit_code == 0);
  CHECK_THAT(svg.out, Catch::Contains("<svg"));
  Run dot = run_synack("diagram tcp-endpoint --format dot");
  CHECK_THAT(dot.out, Catch::StartsWith("digraph tcp_endpoint {"));
  Run compare =
      run_synack("diagram tcp/two-way-handshake --compare tcp/three-way-handshake --format dot");
  CHECK(compare.exit_code == 0);
  CHECK_THAT(compare.err, Catch::Contains("only in tcp/two-way-handshake: LISTEN --rcv SYN "
                                          "[two-way] / send SYN-ACK--> ESTABLISHED\n"));
  CHECK_THAT(compare.err, Catch::Contains("only in tcp/three-way-handshake: LISTEN --rcv SYN "
                                          "[three-way] / send SYN-ACK--> SYN-RECEIVED\n"));
  Run big = run_synack("diagram tcp/three-way-handshake --global full --format dot");
  CHECK(big.exit_code == 0);
  CHECK_THAT(big.err, Catch::Contains("has more than 150 states; not drawn"));

  Run unknown = run_synack("diagram tcp-endpiont");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "synack: diagram: unknown machine or scenario 'tcp-endpiont'; did you mean "
        "tcp-endpoint? (known: arq-receiver, arq-sender, syn-flooder, tcp-client, "
        "tcp-congestion-sender, tcp-cumulative-receiver, tcp-endpoint, tcp-listener, tcp-server, "
        "tcp-window-receiver, tcp-window-sender, tls12-client, tls12-server, tls12-server-rsa, "
        "tls13-client, "
        "tls13-server, " +
            known + ")\n");
  // A machine a scenario uses is drawable by its name, though nobody registered it.
  Run used = run_synack("diagram tcp-client --format dot");
  CHECK(used.exit_code == 0);
  CHECK_THAT(used.out, Catch::StartsWith("digraph tcp_client {"));
  Run png = run_synack("diagram tcp-endpoint --format png");
  CHECK(png.exit_code == 2);
  CHECK(png.err == "synack: --format png writes binary data: give an output file with -o FILE\n");
  Run gif = run_synack("diagram tcp-endpoint --format gif");
  CHECK(gif.exit_code == 2);
  CHECK(gif.err == "synack: --format gif: unknown; valid: dot, svg, png\n");
  // Without --format, -o's extension chooses; a --format that contradicts it is refused.
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_diagram_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  Run by_name = run_synack("diagram tcp-endpoint -o " + (dir / "d.png").string());
  CHECK(by_name.exit_code == 0);
  auto magic = [](const std::filesystem::path& file) {
    std::ifstream image(file, std::ios::binary);
    std::string first(4, '\0');
    image.read(first.data(), 4);
    return first;
  };
  CHECK(magic(dir / "d.png") == "\x89PNG");
  Run as_dot = run_synack("diagram tcp-endpoint -o " + (dir / "d.dot").string());
  CHECK(as_dot.exit_code == 0);
  Run contradicts = run_synack("diagram tcp-endpoint --format svg -o " + (dir / "e.png").string());
  CHECK(contradicts.exit_code == 2);
  CHECK(contradicts.err == "synack: --format svg contradicts -o " + (dir / "e.png").string() +
                               " (a .png file): give either one alone, or both alike\n");
  CHECK_FALSE(std::filesystem::exists(dir / "e.png"));
  // The extension in capitals is the same format; one synack does not draw is refused,
  // where it used to get SVG under its name.
  Run upper = run_synack("diagram tcp-endpoint -o " + (dir / "u.PNG").string());
  CHECK(upper.exit_code == 0);
  CHECK(magic(dir / "u.PNG") == "\x89PNG");
  Run jpeg = run_synack("diagram tcp-endpoint -o " + (dir / "d.jpg").string());
  CHECK(jpeg.exit_code == 2);
  CHECK(jpeg.err == "synack: -o " + (dir / "d.jpg").string() +
                        ": synack draws dot, svg or png; name the file .dot, .svg or .png, or "
                        "give --format\n");
  CHECK_FALSE(std::filesystem::exists(dir / "d.jpg"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("check --baseline exits 1 on a verdict flip, 0 otherwise") {
  std::string baseline = std::string(SYNACK_SOURCE_DIR) + "/baselines/bundled.json";
  Run same = run_synack("check --all --quiet --strict --baseline " + baseline);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::EndsWith("baseline: no differences\n"));
  Run flipped = run_synack(
      "check tcp/three-way-handshake --quiet --set tcp.third_segment=false --baseline " + baseline);
  CHECK(flipped.exit_code == 1);
  CHECK_THAT(
      flipped.out,
      Catch::Contains(
          "baseline: VERDICT FLIP tcp/three-way-handshake no-stale-connection: holds -> violated"));
  // One scenario of 22: the other 21 are listed as not checked.
  CHECK_THAT(flipped.out,
             Catch::Contains("baseline: not checked: tcp/teardown (whole scenario)\n"));
  CHECK_THAT(flipped.out, Catch::EndsWith("baseline: 2 verdict flip(s), 3 other change(s), 0 not "
                                          "in the baseline, 21 not checked\n"));
  // --strict: a run that is not like for like with its baseline fails too (CI's
  // bundled-baseline test uses it).
  Run one = run_synack("check tcp/two-way-handshake --quiet --baseline " + baseline);
  CHECK(one.exit_code == 0);
  Run strict = run_synack("check tcp/two-way-handshake --quiet --strict --baseline " + baseline);
  CHECK(strict.exit_code == 1);
  CHECK_THAT(strict.out, Catch::EndsWith("baseline: --strict: this run is not like for like with "
                                         "the baseline (see above)\n"));
  Run alone = run_synack("check tcp/two-way-handshake --strict");
  CHECK(alone.exit_code == 2);
  CHECK(alone.err == "synack: --strict: applies with --baseline FILE, and none is given\n");
  Run broken =
      run_synack("check --all --baseline " + std::string(SYNACK_SOURCE_DIR) + "/README.md");
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.err, Catch::Contains("not valid JSON"));
}

TEST_CASE("a named scenario without the chosen properties is refused and not dropped") {
  // arq/stop-and-wait has no `connects`: it was left out without a word, and --expect passed.
  Run r = run_synack(
      "check arq/stop-and-wait tcp/two-way-handshake --quiet --property connects "
      "--expect");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "synack: arq/stop-and-wait has none of the properties chosen with --property "
        "(connects); its properties: in-order-exactly-once, every-message-delivered, completes, "
        "deadlock-free (check it on its own, or choose one of them too)\n");
  // With --all, the scenarios that have it are checked.
  Run all = run_synack("check --all --quiet --property connects --expect");
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out,
             Catch::Contains("tcp/two-way-handshake") && !Catch::Contains("arq/stop-and-wait"));
}

TEST_CASE("liveness results: fairness and lassos in text, JSON and list") {
  std::string json = std::filesystem::temp_directory_path() / "synack_lasso.json";
  Run r = run_synack("check tcp/zero-window --property sender-progress --chart --json " + json);
  CHECK(r.exit_code == 1);
  // At 120 columns the heading goes on before its parenthesis.
  CHECK_THAT(r.out, Catch::Contains("tcp/zero-window sender-progress: counterexample\n    (lasso: "
                                    "5-step prefix, then stuck, replayed through the Boost.MSM "
                                    "machines)\n"));
  CHECK_THAT(r.out, Catch::Contains("(sender.queued > 0) leads-to (sender.queued == 0) under "
                                    "wf(sender), wf(receiver), fair-loss"));
  CHECK_THAT(r.out, Catch::Contains("--- stuck: no step is enabled; this state lasts forever ---"));
  CHECK_THAT(r.out, Catch::Contains("======== stuck here forever: no step is enabled ========"));
  std::ifstream in(json);
  auto parsed = nlohmann::json::parse(in);
  const auto& result = parsed["results"][0];
  CHECK(result["kind"] == "leads-to");
  CHECK(result["fairness"] == nlohmann::json({"wf(sender)", "wf(receiver)", "fair-loss"}));
  CHECK(result["lasso"]["prefix"] == 5);
  CHECK(result["lasso"]["cycle"] == 0);
  CHECK(result["trace"].size() == 5);

  Run cycle = run_synack("check arq/stop-and-wait --property completes --quiet");
  CHECK(cycle.exit_code == 0);

  Run list = run_synack("list");
  CHECK_THAT(list.out,
             Catch::Contains("every-message-delivered        expected holds     (sender.state == "
                             "WAIT_ACK) leads-to (receiver_history.delivered > sender.next) under "
                             "fair-loss"));
  CHECK_THAT(list.out, Catch::Contains("deadlock-free (ends the machines declare)"));
  Run listed = run_synack("list --json");
  auto scenarios = nlohmann::json::parse(listed.out)["scenarios"];
  bool found = false;
  for (const auto& s : scenarios)
    for (const auto& p : s["properties"])
      if (p["name"] == "half-open-resolved") {
        found = true;
        CHECK(p["consequence"] == "client.state != ESTABLISHED");
        CHECK(p["fairness"].size() == 3);
      }
  CHECK(found);
}

TEST_CASE("rtt prints seed 000's tables, and JSON rows with the issue's field names") {
  Run text = run_synack("rtt");
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("tfo+tls1.3+0rtt                 0             1\n"));
  CHECK_THAT(text.out,
             Catch::Contains("cookie held       1.3  no         yes          1        1 yes"));
  Run json = run_synack("rtt --json");
  REQUIRE(json.exit_code == 0);
  auto parsed = nlohmann::json::parse(json.out);
  REQUIRE(parsed["rows"].size() == 10);
  CHECK(parsed["rows"][0] ==
        nlohmann::json{{"config", "tcp+tls1.2"}, {"request_rtt", 3}, {"response_rtt", 4}});
  REQUIRE(parsed["overlap"].size() == 12);
  CHECK(parsed["overlap"][11]["tls_done_no_later_than_tcp"] == true);
  Run bad = run_synack("rtt --jsn");
  CHECK(bad.exit_code == 2);
}
