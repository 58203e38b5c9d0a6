// Text traces fit a terminal: a trace whose one-line-per-step table would run past the
// width (120 columns by default, `--width N`) is stacked, each step's layers' detail and
// state on wrapped continuation lines, with nothing left out.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli_run.hpp"
#include "reports/text_wrap.hpp"

using synack::reports::wrap_text;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

std::size_t longest_line(const std::string& text) {
  std::istringstream in(text);
  std::size_t longest = 0;
  for (std::string line; std::getline(in, line);) longest = std::max(longest, line.size());
  return longest;
}

}  // namespace

TEST_CASE("wrap_text breaks at spaces onto indented continuation lines") {
  CHECK(wrap_text("  = ", "a=1 b=2 c=3", "    ", 12) == "  = a=1 b=2\n    c=3\n");
  CHECK(wrap_text("  = ", "a=1 b=2 c=3", "    ", 80) == "  = a=1 b=2 c=3\n");
  // Runs of spaces are one break; nothing trails a line.
  CHECK(wrap_text("", "one  two   three", "  ", 9) == "one two\n  three\n");
  // A word longer than a whole line is cut where the line ends.
  CHECK(wrap_text("> ", "abcdefghijkl xy", "  ", 6) == "> abcd\n  efgh\n  ijkl\n  xy\n");
  CHECK(wrap_text("    finally: ", "", "  ", 40) == "    finally: \n");
}

namespace {

// The words of the traces in a check's output (everything after the results table),
// without the stacked form's legend and markers, and with the inline form's "; " before
// the layers' detail and the commas joining its parts dropped: what a reader learns,
// whatever the layout.
std::vector<std::string> trace_words(const std::string& out) {
  std::istringstream in(out.substr(out.find("\n\n")));
  std::vector<std::string> words;
  bool in_legend = false;
  for (std::string line; std::getline(in, line);) {
    // The legend, which may take two lines at a narrow width.
    if (line.find("(stacked to fit") != std::string::npos) in_legend = true;
    if (in_legend) {
      in_legend = line.back() != ')';
      continue;
    }
    std::istringstream ws(line);
    for (std::string w; ws >> w;) {
      if (w == "+" || w == "=") continue;
      // The inline form joins the layers' detail with "; " and ", ".
      if (w.back() == ';' || w.back() == ',') w.pop_back();
      words.push_back(w);
    }
  }
  return words;
}

// Every line after the results table.
std::size_t longest_trace_line(const std::string& out) {
  return longest_line(out.substr(out.find("\n\n")));
}

}  // namespace

TEST_CASE("TLS traces are stacked to fit 120 columns and keep every word") {
  Run stacked = run_synack("check tls12/early-ccs tls13/zero-rtt-replay");
  CHECK(stacked.exit_code == 1);
  CHECK(longest_trace_line(stacked.out) <= 120);
  CHECK_THAT(stacked.out,
             Catch::Contains(
                 "tls12/early-ccs no-early-ccs: counterexample (7 steps, replayed through the "
                 "Boost.MSM machines)\n"
                 "    (stacked to fit 120 columns: + what passed between a host's layers in the "
                 "step, = the state after it)\n"
                 "      0  (initial)\n"
                 "         = client=CLOSED server=CLOSED tls_client=START tls_server=START\n"));
  CHECK_THAT(
      stacked.out,
      Catch::Contains(
          "      7  server rcv data ACK seq=1 ack=1 [ClientHello, ChangeCipherSpec] -> sends ACK "
          "seq=1 ack=2\n"
          "         + tls_server rcv ClientHello -> writes ServerHello, Certificate, "
          "ServerKeyExchange, ServerHelloDone\n"
          "         + tls_server rcv ChangeCipherSpec\n"
          "         = client=ESTABLISHED server=ESTABLISHED tls_client=WAIT_SH "
          "tls_server=WAIT_CKE\n"
          "    finally: tls_server_history.early_ccs_accepted=1\n"));
  // A step longer than a line goes on at the continuation indent.
  CHECK_THAT(stacked.out,
             Catch::Contains("      5  server rcv SYN SYN seq=0 [ClientHello(psk, early_data), "
                             "EarlyData(request)] TFO=cookie -> sends SYN-ACK seq=0\n"
                             "           ack=2\n"));
  // The same traces as one table line per step when the width allows it: the same words.
  Run wide = run_synack("check tls12/early-ccs tls13/zero-rtt-replay --width 1000");
  CHECK(wide.exit_code == 1);
  CHECK(longest_trace_line(wide.out) > 200);
  CHECK_THAT(wide.out, !Catch::Contains("(stacked to fit"));
  CHECK(trace_words(stacked.out) == trace_words(wide.out));
}

TEST_CASE("a trace that fits the width stays a table; a narrower width stacks it") {
  Run table = run_synack("check tcp/two-way-handshake --property server-knows-client-receives");
  CHECK(table.exit_code == 1);
  CHECK_THAT(table.out,
             Catch::Contains(
                 "tcp/two-way-handshake server-knows-client-receives: counterexample (3 steps, "
                 "replayed through the Boost.MSM machines)\n"
                 "      0  (initial)                                              "
                 "client=CLOSED server=CLOSED\n"
                 "      1  client connect -> sends SYN seq=0                      "
                 "client=SYN-SENT server=CLOSED\n"));
  Run narrow =
      run_synack("check tcp/two-way-handshake --property server-knows-client-receives --width 60");
  CHECK(longest_trace_line(narrow.out) <= 60);
  CHECK_THAT(narrow.out, Catch::Contains("tcp/two-way-handshake server-knows-client-receives:\n"
                                         "    counterexample\n"
                                         "    (3 steps, replayed through the Boost.MSM "
                                         "machines)\n"));
  CHECK_THAT(narrow.out,
             Catch::Contains("      3  server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0\n"
                             "           ack=1\n"
                             "         = client=SYN-SENT server=ESTABLISHED\n"
                             "    finally: client.state=SYN-SENT client.irs=0\n"
                             "             server.state=ESTABLISHED server.iss=0\n"));
  CHECK(trace_words(narrow.out) == trace_words(table.out));
}

TEST_CASE("the width option is checked: below 60 columns is refused in one line") {
  for (const char* command : {"check tcp/two-way-handshake", "simulate tcp/two-way-handshake",
                              "explain tcp/three-way-handshake no-stale-connection"}) {
    INFO(command);
    Run r = run_synack(std::string(command) + " --width 59");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("--width: '59' is not a whole number from 60 to 100000"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  Run sim = run_synack("simulate tcp/two-way-handshake --seed 1 --runs 200 --steps 20 --width 60");
  CHECK(sim.exit_code == 1);
  CHECK(longest_line(sim.out.substr(sim.out.find("\n\n", sim.out.find("connects")))) <= 60);
}

TEST_CASE("check --changes: under each step, the variables it changed") {
  Run r = run_synack("check tcp/two-way-handshake --property no-stale-connection --changes");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::Contains("      1  client connect -> sends SYN seq=0                      "
                             "client=SYN-SENT server=CLOSED\n"
                             "         ~ client.snd_nxt 0 -> 1, client.incarnation 0 -> 1, "
                             "client.isn_clock 0 -> 2, client.conn_tag 0 -> 1\n"
                             "      2  client abort                                           "
                             "client=CLOSED server=CLOSED\n"
                             "         ~ client.snd_nxt 1 -> 0, client.conn_tag 1 -> 0\n"
                             "      3  server listen "));
  // A step that changes no variable but a control state has no "~" line.
  CHECK_THAT(r.out, Catch::Contains("client=CLOSED server=LISTEN\n      4  server rcv SYN"));
  // Without the flag, none.
  Run plain = run_synack("check tcp/two-way-handshake --property no-stale-connection");
  CHECK(plain.out.find("~ ") == std::string::npos);
  // simulate's traces too.
  Run sim = run_synack("simulate tcp/two-way-handshake --seed 1 --changes");
  CHECK(sim.exit_code == 1);
  CHECK_THAT(sim.out,
             Catch::Contains("      4  client abort                                 "
                             "          client=CLOSED server=ESTABLISHED\n"
                             "         ~ client.snd_nxt 1 -> 0, client.conn_tag 1 -> 0\n"));
  Run sweep = run_synack("check tcp/time-wait --sweep tcp.time_wait=1..2 --changes");
  CHECK(sweep.exit_code == 2);
  CHECK(sweep.err == "synack: --sweep cannot be combined with --changes\n");
}
