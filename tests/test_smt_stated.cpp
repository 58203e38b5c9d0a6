// `check --invariant EXPR`: invariants a user states, proved inductive before a proof assumes
// them (checker/smt/user_invariants), and the reason for each one that is not.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace {

using synack::testing::Run;
using synack::testing::run_synack;

// The alternating-bit protocol with one message over channels of one frame: what a user who
// knows the protocol would state, each fact plain enough to read off the machines.
const std::vector<std::string> kOneMessage = {
    "sender.bit == sender.next % 2",
    "s2r[0].present == 1 -> s2r[0].payload == 0 && s2r[0].bit == 0",
    "r2s[0].present == 1 -> r2s[0].ack == 1 && r2s[0].bit == 0",
    "receiver.expected == receiver_history.delivered % 2",
    "receiver_history.delivered <= 1",
    "sender.state != DONE -> sender.next == 0",
    "sender.state == DONE -> sender.next == 1",
};

std::string check_one_message(const std::string& engine, const std::vector<std::string>& stated,
                              const std::string& more = "") {
  std::string args =
      "check arq/stop-and-wait --property in-order-exactly-once --set arq.messages=1 --set "
      "channel.capacity=1 --engine " +
      engine + " " + more;
  for (const std::string& s : stated) args += " --invariant '" + s + "'";
  return args;
}

nlohmann::json result_of(const std::string& args, int expected_exit) {
  auto json = std::filesystem::temp_directory_path() /
              ("synack-stated-" + std::to_string(::getpid()) + ".json");
  Run run = run_synack(args + " --json " + json.string());
  INFO(args << "\n" << run.out << run.err);
  CHECK(run.exit_code == expected_exit);
  auto j = nlohmann::json::parse(synack::testing::slurp(json.string()));
  std::filesystem::remove(json);
  return j.at("results").at(0);
}

}  // namespace

TEST_CASE("k-induction proves the alternating-bit protocol from the invariants a user states",
          "[smt-stated]") {
  // Without them k-induction is not k-inductive at k <= 1.
  nlohmann::json bare = result_of(check_one_message("kind", {}, "--depth 1"), 3);
  CHECK(bare.at("verdict") == "inconclusive");
  CHECK(bare.at("limit") == "not k-inductive for any k <= 1");

  for (const char* engine : {"kind", "spacer", "prove"}) {
    nlohmann::json r = result_of(
        check_one_message(engine, kOneMessage, engine == std::string("spacer") ? "" : "--depth 1"),
        0);
    INFO(engine);
    CHECK(r.at("verdict") == "holds");
    // Seven candidates, no mining (no reachable state sampled), all seven kept.
    CHECK(r.at("lemmas").at("count") == 7);
    CHECK(r.at("lemmas").at("candidates") == 7);
    CHECK(r.at("lemmas").at("reachable_states") == 0);
    const auto& stated = r.at("stated_invariants");
    REQUIRE(stated.size() == kOneMessage.size());
    for (std::size_t i = 0; i < kOneMessage.size(); ++i) {
      CHECK(stated[i].at("text") == kOneMessage[i]);
      CHECK(stated[i].at("assumed") == true);
      CHECK_FALSE(stated[i].contains("why"));
    }
  }
  // k-induction closes at k = 0 and prints the user's own facts as its invariant.
  Run text = run_synack(check_one_message("kind", kOneMessage, "--depth 1"));
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out,
             Catch::Contains("kind assumed 7 lemmas (of 7 candidates, the invariants stated, no "
                             "mining; Houdini proved them inductive in 0 rounds):"));
  CHECK_THAT(text.out, Catch::Contains("--invariant 'sender.state == DONE -> sender.next == 1': "
                                       "proved inductive, assumed\n"));
  CHECK_THAT(text.out, Catch::Contains("proved by kind for runs of any length; the inductive "
                                       "invariant (checked again by synack"));
}

TEST_CASE("a stated invariant that is not inductive is named with the step that breaks it",
          "[smt-stated]") {
  // Without "the sender has not moved on while it waits", a retransmission after the last
  // message carries payload 1: the frame fact breaks, from a state where all the others hold.
  std::vector<std::string> missing = kOneMessage;
  missing.erase(missing.begin() + 5);  // sender.state != DONE -> sender.next == 0
  nlohmann::json r = result_of(check_one_message("kind", missing, "--depth 1"), 3);
  CHECK(r.at("verdict") == "inconclusive");
  const auto& stated = r.at("stated_invariants");
  REQUIRE(stated.size() == 6);
  CHECK(stated[0].at("assumed") == true);  // the bit's parity holds alone
  CHECK(stated[1].at("assumed") == false);
  const std::string why = stated[1].at("why");
  CHECK_THAT(why, Catch::StartsWith("not inductive: a step from a state where every invariant "
                                    "stated and the "));
  CHECK_THAT(why, Catch::Contains(" lemmas kept hold makes it false:\nstate 0: sender.state="));
  CHECK_THAT(why, Catch::Contains("\nstep: sender."));
  // The state after the step violates it: a frame with a payload other than 0.
  const std::string after = why.substr(why.find("\nstate 1: "));
  CHECK_THAT(after, Catch::Contains("s2r[0].payload="));
  CHECK_THAT(after, !Catch::Contains("s2r[0].payload=0"));

  // A fact false where the run starts.
  nlohmann::json initial = result_of(
      check_one_message("kind", {"receiver_history.delivered == 1", kOneMessage[0]}, "--depth 1"),
      3);
  CHECK(initial.at("stated_invariants")[0].at("assumed") == false);
  CHECK(initial.at("stated_invariants")[0].at("why") ==
        "false in an initial state:\nstate 0: sender.state=READY sender.next=0 sender.bit=0 "
        "receiver.expected=0 receiver_history.delivered=0 receiver_history.misdelivered=0");
  CHECK(initial.at("stated_invariants")[1].at("assumed") == true);

  // Beside mining: the user's facts join the mined candidates, beyond their cap.
  nlohmann::json mined =
      result_of(check_one_message("kind", {"receiver_history.delivered == 1", kOneMessage[0]},
                                  "--depth 1 --lemmas mine"),
                0);
  CHECK(mined.at("verdict") == "holds");
  CHECK(mined.at("lemmas").at("reachable_states").get<int>() > 0);
  CHECK(mined.at("stated_invariants")[0].at("assumed") == false);
  CHECK(mined.at("stated_invariants")[1].at("assumed") == true);
}

TEST_CASE("a stated invariant over a variable the property cannot see is said to be of no use",
          "[smt-stated]") {
  // The segment's tag is written and never read for no-stale-connection: the encoding drops
  // it, so a fact about it is reported unused rather than refused (it may serve another
  // property of the same run).
  Run r = run_synack(
      "check tcp/three-way-handshake --property no-stale-connection --engine kind --depth 0 "
      "--invariant 'c2s[0].tag == 0' --invariant 'client.passive <= 1'");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains(
                        "--invariant 'c2s[0].tag == 0': not assumed, it reads c2s[0].tag, which "
                        "cannot affect no-stale-connection (outside the property's cone of "
                        "influence, so the encoding leaves it out): no fact about it can help "
                        "this proof\n"));
  CHECK_THAT(r.out, Catch::Contains("--invariant 'client.passive <= 1': proved inductive, "
                                    "assumed\n"));
}

TEST_CASE("--invariant refuses what it cannot strengthen, in one line", "[smt-stated]") {
  const std::string arq = "check arq/stop-and-wait --property in-order-exactly-once ";
  struct Case {
    std::string args, err;
  };
  const std::vector<Case> cases = {
      {arq + "--engine kind --invariant 'sender.nxt == 0'",
       "synack: --invariant 'sender.nxt == 0': unknown slot 'sender.nxt'; did you mean "
       "sender.next or sender.bit? (slots: sender.state, sender.next, sender.bit, "
       "receiver.state, receiver.expected, s2r[0].present, s2r[0].ack, s2r[0].bit, "
       "s2r[0].payload, s2r[1].present, s2r[1].ack, s2r[1].bit, ... (11 more))\n"},
      {arq + "--engine kind --invariant 'sender.next +'",
       "synack: --invariant 'sender.next +': expected a slot name, a value, a number or '(' at "
       "column 14 (near the end)\n"},
      {arq + "--engine kind --invariant ''",
       "synack: --invariant: must not be empty (see 'synack --help')\n"},
      {arq + "--engine bmc --invariant 'sender.next == 0'",
       "synack: --invariant: applies to --engine kind, spacer or prove, which prove always "
       "properties with it, not bmc\n"},
      {arq + "--invariant 'sender.next == 0'",
       "synack: --invariant: applies to --engine kind, spacer or prove, which prove always "
       "properties with it, not explicit\n"},
      {"check arq/stop-and-wait --property completes --engine kind --invariant 'sender.next == "
       "0'",
       "synack: --invariant: strengthens proofs of always properties, and completes is "
       "eventually; name an always property with --property\n"},
      {"check arq/stop-and-wait --swarm 2 --invariant 'sender.next == 0'",
       "synack: --swarm: --invariant cannot be combined: stated invariants strengthen the Z3 "
       "engines' proofs, and a swarm's members are explicit-state searches\n"},
      {"check --all --engine kind --invariant 'sender.next == 0'",
       "synack: --invariant: states facts over one scenario's variables, and this run checks 22 "
       "scenarios; name one\n"},
  };
  for (const Case& c : cases) {
    Run r = run_synack(c.args);
    INFO(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == c.err);
    CHECK(r.out.empty());
  }
}
