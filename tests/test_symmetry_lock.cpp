// Symmetry over a lock server's clients, an independent reviewer's model
// (tests/library/lock_machines.hpp). The server's `holder` starting at 0 ("client 0 holds
// the lock") ties the model to client[0]: refused with a line that says so and what to
// start it with, where it said "server is not built as server is". Started past the last
// member, it is accepted (its port(), written for the Grants it sends, no longer refused
// over an Acquire it never sends) and reduced to exactly its classes. Members built or
// started otherwise are named too.
#include <catch2/catch.hpp>

#include <functional>
#include <iostream>
#include <sstream>

#include "forwarding_machine.hpp"
#include "library/lock_machines.hpp"
#include "symmetry_helpers.hpp"
#include "synack/cli.hpp"

namespace {

using symmetry_test::brute_force;
using symmetry_test::Counts;
using MachinePtr = std::shared_ptr<const synack::Machine>;

// The server and client.count clients, either machine made otherwise by `server` or
// `client` when given.
struct Otherwise {
  std::function<MachinePtr(MachinePtr)> server;
  std::function<MachinePtr(const lock::Params&, MachinePtr)> client;
};

synack::Scenario lock_scenario(bool nobody_past_last, const Otherwise& otherwise = {}) {
  return synack::ScenarioBuilder("test/lock", "a lock server and its clients")
      .param("client.count", 3, 2, 4, "clients")
      .channel_params(1, 0)
      .model([=](synack::Composition& c) {
        lock::Params p;
        p.clients = c.param("client.count");
        p.nobody_past_last = nobody_past_last;
        MachinePtr made = lock::make_server(p);
        auto server = c.actor("server", otherwise.server ? otherwise.server(made) : made, {});
        auto clients = c.actors("client", p.clients,
                                [&](int i) {
                                  lock::Params own = p;
                                  own.self = i;
                                  MachinePtr m = lock::make_client(own);
                                  return otherwise.client ? otherwise.client(own, m) : m;
                                },
                                {"want", "done"});
        c.channels("to_server", clients, server, c.channel_policy());
        c.channels("to_client", server, clients, c.channel_policy());
      })
      .always("exclusive", "(count c in client: c.state == HOLDING) <= 1",
              "one client holds the lock at a time")
      .symmetric("client")
      .build();
}

std::string refusal(const synack::Scenario& s) {
  try {
    synack::checker::with_symmetry(s.build(s.defaults()), s.symmetric, s.properties);
  } catch (const synack::InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

// A client that declares other control states, or starts in another one.
class OtherClient final : public synack::testing::ForwardingMachine {
 public:
  OtherClient(MachinePtr m, bool renamed_state)
      : ForwardingMachine(std::move(m)), renamed_(renamed_state) {
    states_ = inner().state_names();
    if (renamed_) states_.back() = "HELD";
  }
  const std::vector<std::string>& state_names() const override { return states_; }
  std::vector<synack::checker::Value> initial_local() const override {
    std::vector<synack::checker::Value> local = inner().initial_local();
    if (!renamed_) local[0] = 1;  // WAITING
    return local;
  }

 private:
  bool renamed_;
  std::vector<std::string> states_;
};

// The server with `holder` declared 0..clients - 1: no value left for "nobody".
class NoSpareHolder final : public synack::testing::ForwardingMachine {
 public:
  explicit NoSpareHolder(MachinePtr m) : ForwardingMachine(std::move(m)) {
    vars_ = inner().variables();
    --vars_.at(0).max;
  }
  const std::vector<synack::checker::VariableSpec>& variables() const override { return vars_; }
  bool permute_local(const synack::checker::Value* local, synack::checker::Value* out,
                     const synack::checker::MemberPermutation& p) const override {
    return inner().permute_local(local, out, p);
  }

 private:
  std::vector<synack::checker::VariableSpec> vars_;
};

// A server whose port() is one off: a Grant for client i goes to client i + 1 (as if its
// first channel led to another actor and it forgot).
class OneOffServer final : public synack::testing::ForwardingMachine {
 public:
  explicit OneOffServer(MachinePtr m) : ForwardingMachine(std::move(m)), codec_(inner().codec()) {}
  const synack::checker::MessageCodec& codec() const override { return codec_; }
  bool permute_local(const synack::checker::Value* local, synack::checker::Value* out,
                     const synack::checker::MemberPermutation& p) const override {
    return inner().permute_local(local, out, p);
  }

 private:
  struct Codec final : synack::checker::MessageCodec {
    explicit Codec(const MessageCodec& inner) : c(inner) {}
    std::optional<synack::checker::Value> permute(
        synack::checker::Value m, const synack::checker::MemberPermutation& p) const override {
      return c.permute(m, p);
    }
    synack::checker::Value count() const override { return c.count(); }
    std::string print(synack::checker::Value m) const override { return c.print(m); }
    bool has_ports() const override { return true; }
    std::string signature() const override { return c.signature(); }
    std::optional<std::size_t> port(synack::checker::Value m) const override {
      const std::size_t clients = static_cast<std::size_t>(c.count() / 3);
      return (*c.port(m) + 1) % clients;
    }
    const MessageCodec& c;
  };
  Codec codec_;
};

}  // namespace

TEST_CASE("symmetry: a lock server whose holder starts at client 0 is refused naming it") {
  CHECK(refusal(lock_scenario(false)) ==
        "symmetry over client: server's initial state names a member of client: it starts with "
        "holder=0, which renaming client[0]->client[1] client[1]->client[0] makes holder=1 (its "
        "permute hook), so the members do not start alike; start it with holder=3, which no "
        "renaming moves, or check without --symmetry");
  // Declared with no value for "nobody", no start is suggested.
  Otherwise no_spare;
  no_spare.server = [](MachinePtr m) { return std::make_shared<NoSpareHolder>(m); };
  CHECK(refusal(lock_scenario(false, no_spare)) ==
        "symmetry over client: server's initial state names a member of client: it starts with "
        "holder=0, which renaming client[0]->client[1] client[1]->client[0] makes holder=1 (its "
        "permute hook), so the members do not start alike; start it naming no member (with "
        "values its permute hook leaves as they are under every renaming, such as one past the "
        "last member), or check without --symmetry");
  // The same on the command line: one line, exit 2.
  const synack::Catalog catalog = {lock_scenario(false)};
  std::vector<const char*> args = {"mytool", "check", "test/lock", "--symmetry"};
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  const int code =
      synack::run_cli(static_cast<int>(args.size()), const_cast<char**>(args.data()), catalog);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  CHECK(code == 2);
  CHECK(err.str() ==
        "mytool: --symmetry: test/lock: symmetry over client: server's initial state names a "
        "member of client: it starts with holder=0, which renaming client[0]->client[1] "
        "client[1]->client[0] makes holder=1 (its permute hook), so the members do not start "
        "alike; start it with holder=3, which no renaming moves, or check without --symmetry\n");
}

TEST_CASE("symmetry: the lock server started with no holder is reduced to its classes") {
  const synack::Scenario s = lock_scenario(true);
  CHECK(refusal(s) == "(accepted)");
  struct Expected {
    int clients;
    std::size_t states, classes;
  };
  for (const Expected& e : {Expected{2, 51, 27}, Expected{3, 216, 52}}) {
    INFO(e.clients << " clients");
    synack::ParamValues values = s.defaults();
    values["client.count"] = e.clients;
    Counts c = brute_force(s, values);
    CHECK(c.states == e.states);
    CHECK(c.classes == e.classes);
    CHECK(c.orbits == e.classes);
    CHECK(c.reduced == e.classes);
    CHECK(c.not_in_orbit == 0);
    CHECK(c.not_invariant == 0);
  }
  // Mutual exclusion holds, over the 52 classes of 3 clients' 216 states.
  auto reduced = synack::checker::with_symmetry(s.build(s.defaults()), s.symmetric, s.properties);
  const auto results = synack::checker::check_properties(*reduced, s.properties, {});
  REQUIRE(results.size() == 1);
  CHECK(results[0].verdict == synack::checker::Verdict::kHolds);
  CHECK(results[0].states == 52);
}

TEST_CASE("symmetry: members built or started otherwise are named") {
  auto other = [](bool renamed_state) {
    Otherwise o;
    o.client = [renamed_state](const lock::Params& p, MachinePtr m) -> MachinePtr {
      if (p.self == 1) return std::make_shared<OtherClient>(m, renamed_state);
      return m;
    };
    return o;
  };
  CHECK(refusal(lock_scenario(true, other(true))) ==
        "symmetry over client: client[1] runs another machine than client[0]: its control "
        "states are IDLE, WAITING, HELD where client[0]'s are IDLE, WAITING, HOLDING; the members "
        "must run the same machine");
  CHECK(refusal(lock_scenario(true, other(false))) ==
        "symmetry over client: client[1] starts with state WAITING where client[0] renamed by "
        "client[0]->client[1] client[1]->client[0] starts with state IDLE, so the members do not "
        "start alike; build them alike (what names a member renamed by a permute hook), or check "
        "without --symmetry");
}

TEST_CASE("symmetry: a port that does not follow the member a message names is refused") {
  // Only what the server can send is asked for its port: Grants (not the Acquires and
  // Releases its codec numbers too, which its port() sends to port 0).
  Otherwise one_off;
  one_off.server = [](MachinePtr m) { return std::make_shared<OneOffServer>(m); };
  CHECK(refusal(lock_scenario(true, one_off)) ==
        "symmetry over client: server sends Grant who=0 on port 1 (to client[1]); renamed by "
        "client[0]->client[1] client[1]->client[0] it should go to client[0], but Grant who=1 "
        "goes on port 2 (to client[2]); a message's port must follow the member it names (give "
        "its messages a permute hook, and a port() that reads the member they name)");
}
