// Symmetry's canonical form checked by brute force against the orbits on a toy built to be
// hard for it (from an independent review): a coordinator that sends a member messages
// naming OTHER members and keeps a member's index itself, members that may keep one too,
// over channels of every policy (timed, ordered, duplicating); and a permute hook right on
// the generators only, which the soundness checks must refuse.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <numeric>
#include <set>

#include "checker/check.hpp"
#include "checker/machine.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "symmetry_helpers.hpp"
#include "synack/scenario.hpp"

namespace {

using namespace synack::checker;
using symmetry_test::brute_force;
using symmetry_test::Counts;

// kWrongOffGenerators: the messages' hook is right on the generators only;
// kLocalWrongOffGenerators: the coordinator's variables' hook is.
enum class Hook { kGood, kWrongOffGenerators, kLocalWrongOffGenerators };

struct ToyCodec final : MessageCodec {
  ToyCodec(int members, Hook hook, bool with_ports) : n(members), mode(hook), ports(with_ports) {}
  int n;
  Hook mode;
  bool ports;  // the coordinator's: port = the member a message is for, or names first
  Value hello(int w) const { return w; }
  Value notify(int to, int about) const { return n + to * n + about; }
  Value ack(int w, int about) const { return n + n * n + w * n + about; }
  // kind 0 hello(a), 1 notify(a=to, b=about), 2 ack(a=who, b=about)
  void decode(Value m, int& kind, int& a, int& b) const {
    if (m < n) {
      kind = 0, a = static_cast<int>(m), b = 0;
    } else if (m < n + n * n) {
      kind = 1, a = static_cast<int>((m - n) / n), b = static_cast<int>((m - n) % n);
    } else {
      kind = 2, a = static_cast<int>((m - n - n * n) / n),
      b = static_cast<int>((m - n - n * n) % n);
    }
  }
  Value count() const override { return n + 2 * n * n; }
  std::string print(Value m) const override {
    int k, a, b;
    decode(m, k, a, b);
    static const char* names[] = {"Hello", "Notify", "Ack"};
    return std::string(names[k]) + "(" + std::to_string(a) + "," + std::to_string(b) + ")";
  }
  bool has_ports() const override { return ports; }
  std::optional<std::size_t> port(Value m) const override {
    if (!ports) return std::nullopt;
    int k, a, b;
    decode(m, k, a, b);
    return static_cast<std::size_t>(a);
  }
  static bool is_generator(const MemberPermutation& p) {
    const auto& im = p.image();
    std::size_t n = im.size();
    if (n < 2) return true;
    std::vector<int> swap(n), cycle(n);
    std::iota(swap.begin(), swap.end(), 0);
    std::swap(swap[0], swap[1]);
    for (std::size_t i = 0; i < n; ++i) cycle[i] = static_cast<int>((i + 1) % n);
    bool identity = true;
    for (std::size_t i = 0; i < n; ++i) identity = identity && im[i] == static_cast<int>(i);
    return identity || im == swap || im == cycle;
  }
  std::optional<Value> permute(Value m, const MemberPermutation& p) const override {
    int k, a, b;
    decode(m, k, a, b);
    int pb = p(b);
    // Not a group action: right on the generators (all the soundness checks try), the
    // `about` field left alone by any other renaming.
    if (mode == Hook::kWrongOffGenerators && !is_generator(p)) pb = b;
    if (k == 0) return hello(p(a));
    if (k == 1) return notify(p(a), pb);
    return ack(p(a), pb);
  }
};

class ToyMachine;

class ToyRunner final : public MachineRunner {
 public:
  explicit ToyRunner(const MachineType& m) : m_(m), local_(m.initial_local()) {}
  Firing fire_env(std::size_t event, Outbox& out) override {
    std::vector<Value> next(local_.size());
    Firing f = m_.fire_env(event, local_.data(), next.data(), out);
    if (f.fired) local_ = next;
    return f;
  }
  Firing fire_message(Value message, Outbox& out) override {
    std::vector<Value> next(local_.size());
    Firing f = m_.fire_message(message, local_.data(), next.data(), out);
    if (f.fired) local_ = next;
    return f;
  }
  void read_local(Value* local) const override { std::copy(local_.begin(), local_.end(), local); }
  void advance_clock() override {}
  void start_from(const Value* local) override { local_.assign(local, local + local_.size()); }

 private:
  const MachineType& m_;
  std::vector<Value> local_;
};

// Coordinator: `last` (0: none, else member + 1) is the member whose Hello is waiting for a
// partner; on the second Hello both are told about each other; an Ack(w, a) with a != w is
// forwarded to a as Notify(a, w): a message naming another member than its addressee.
class Coordinator final : public MachineType {
 public:
  Coordinator(int n, std::shared_ptr<ToyCodec> codec) : n_(n), codec_(std::move(codec)) {
    vars_ = {{"last", n}, {"acks", 2}};
  }
  std::string machine_name() const override { return "coord"; }
  const std::vector<std::string>& state_names() const override { return states_; }
  const std::vector<VariableSpec>& variables() const override { return vars_; }
  const std::vector<EventSpec>& env_events() const override { return events_; }
  const std::vector<RowSpec>& rows() const override { return rows_; }
  const MessageCodec& codec() const override { return *codec_; }
  std::vector<Value> initial_local() const override { return {0, 0, 0}; }
  const std::vector<Value>& end_states() const override { return ends_; }
  Firing fire_env(std::size_t, const Value* l, Value* next, Outbox&) const override {
    std::copy(l, l + 3, next);
    return {};
  }
  Firing fire_message(Value m, const Value* l, Value* next, Outbox& out) const override {
    std::copy(l, l + 3, next);
    int k, a, b;
    codec_->decode(m, k, a, b);
    if (k == 0) {
      if (l[1] == 0) {
        next[1] = a + 1;
      } else {
        int j = static_cast<int>(l[1]) - 1;
        out.messages[out.count++] = codec_->notify(a, j);
        if (j != a) out.messages[out.count++] = codec_->notify(j, a);
        next[1] = 0;
      }
      return {true, "rcv Hello", 1};
    }
    if (k == 2) {
      next[2] = std::min<Value>(l[2] + 1, 2);
      if (a != b && l[2] < 2) out.messages[out.count++] = codec_->notify(b, a);
      return {true, "rcv Ack", 2};
    }
    return {};
  }
  bool permute_local(const Value* l, Value* out, const MemberPermutation& p) const override {
    out[0] = l[0];
    out[1] = l[1] == 0 ? 0 : p(static_cast<int>(l[1]) - 1) + 1;
    if (codec_->mode == Hook::kLocalWrongOffGenerators && !ToyCodec::is_generator(p)) out[1] = l[1];
    out[2] = l[2];
    return true;
  }
  std::unique_ptr<MachineRunner> make_runner() const override {
    return std::make_unique<ToyRunner>(*this);
  }

 private:
  int n_;
  std::shared_ptr<ToyCodec> codec_;
  std::vector<std::string> states_ = {"RUN"};
  std::vector<VariableSpec> vars_;
  std::vector<EventSpec> events_ = {{"reset"}};
  std::vector<RowSpec> rows_ = {{"RUN", "reset", "", "", ""},
                                {"RUN", "rcv Hello", "", "", ""},
                                {"RUN", "rcv Ack", "", "", ""}};
  std::vector<Value> ends_;
};

// Member: IDLE -hello-> SENT -Notify-> GOT1 (acks) -Notify-> GOT2; `self_named`: a Notify
// about itself arrived.
class Member final : public MachineType {
 public:
  Member(int self, std::shared_ptr<ToyCodec> codec, bool named = false)
      : self_(self), codec_(std::move(codec)), named_(named) {
    if (named_) vars_.push_back({"heard", codec_->n});
  }
  bool permute_local(const Value* l, Value* out, const MemberPermutation& p) const override {
    if (!named_) return MachineType::permute_local(l, out, p);
    out[0] = l[0], out[1] = l[1];
    out[2] = l[2] == 0 ? 0 : p(static_cast<int>(l[2]) - 1) + 1;
    return true;
  }
  std::string machine_name() const override { return "member"; }
  const std::vector<std::string>& state_names() const override { return states_; }
  const std::vector<VariableSpec>& variables() const override { return vars_; }
  const std::vector<EventSpec>& env_events() const override { return events_; }
  const std::vector<RowSpec>& rows() const override { return rows_; }
  const MessageCodec& codec() const override { return *codec_; }
  std::vector<Value> initial_local() const override {
    if (named_) return {0, 0, 0};
    return {0, 0};
  }
  const std::vector<Value>& end_states() const override { return ends_; }
  Firing fire_env(std::size_t, const Value* l, Value* next, Outbox& out) const override {
    std::copy(l, l + local_size(), next);
    if (l[0] != 0) return {};
    next[0] = 1;
    out.messages[out.count++] = codec_->hello(self_);
    return {true, "hello", 0};
  }
  Firing fire_message(Value m, const Value* l, Value* next, Outbox& out) const override {
    std::copy(l, l + local_size(), next);
    int k, a, b;
    codec_->decode(m, k, a, b);
    if (k != 1) return {true, "ignore", 2};
    if (a != self_) return {true, "ignore", 2};
    if (b == self_) next[1] = 1;
    if (named_) next[2] = b + 1;
    if (l[0] == 1) {
      next[0] = 2;
      out.messages[out.count++] = codec_->ack(self_, b);
    } else if (l[0] == 2) {
      next[0] = 3;
    }
    return {true, "rcv Notify", 1};
  }
  std::unique_ptr<MachineRunner> make_runner() const override {
    return std::make_unique<ToyRunner>(*this);
  }

 private:
  int self_;
  std::shared_ptr<ToyCodec> codec_;
  bool named_;
  std::vector<std::string> states_ = {"IDLE", "SENT", "GOT1", "GOT2"};
  std::vector<VariableSpec> vars_ = {{"self_named", 1}};
  std::vector<EventSpec> events_ = {{"hello"}};
  std::vector<RowSpec> rows_ = {{"IDLE", "hello", "SENT", "", ""},
                                {"SENT", "rcv Notify", "GOT1", "", ""},
                                {"*", "ignore", "", "", ""}};
  std::vector<Value> ends_;
};

synack::Scenario toy(int n, ChannelPolicy policy, Hook hook, bool named = false) {
  return synack::ScenarioBuilder("toy/notify", "a coordinator naming other members")
      .param("m.count", n, 1, 8, "members")
      .model([=](synack::Composition& c) {
        auto codec = std::make_shared<ToyCodec>(n, hook, true);
        auto member_codec = std::make_shared<ToyCodec>(n, hook, false);
        auto coord = c.actor("c", std::make_shared<Coordinator>(n, codec), {"reset"});
        auto m = c.actors("m", n,
                          [&](int i) { return std::make_shared<Member>(i, member_codec, named); },
                          {"hello"});
        c.channels("c_m", coord, m, policy);
        c.channels("m_c", m, coord, policy);
      })
      .symmetric("m")
      .always("sane", "forall r in m: r.state <= 3", "trivially true")
      .build();
}

Counts brute_force_at_defaults(const synack::Scenario& s) {
  return brute_force(s, s.defaults());
}

}  // namespace

TEST_CASE("symmetry: messages naming other members, every channel policy: one state per class") {
  struct Config {
    int capacity, dups;
    bool ordered;
    int msl;
  };
  for (Config cfg : {Config{1, 0, false, 0}, Config{2, 0, false, 0}, Config{2, 1, false, 0},
                     Config{2, 0, true, 0}, Config{1, 0, false, 2}, Config{2, 1, true, 1},
                     Config{2, 1, false, 2}})
    for (int n : {1, 2, 3, 4}) {
      // Four members and three with the larger channels cost tens of seconds by brute
      // force (every renaming of every state): kept for the plainest channel.
      if (n == 4 && (cfg.capacity > 1 || cfg.msl > 0)) continue;
      if (n == 3 && cfg.capacity > 1 && (cfg.msl > 0 || cfg.dups > 0)) continue;
      ChannelPolicy policy;
      policy.capacity = cfg.capacity;
      policy.max_duplicates = cfg.dups;
      policy.ordered = cfg.ordered;
      policy.msl = cfg.msl;
      INFO("members " << n << ", capacity " << cfg.capacity << ", duplicates " << cfg.dups
                      << ", ordered " << cfg.ordered << ", msl " << cfg.msl);
      Counts c = brute_force_at_defaults(toy(n, policy, Hook::kGood));
      CHECK(c.states > c.orbits - (n == 1 ? c.orbits : 0));
      CHECK(c.not_in_orbit == 0);
      CHECK(c.not_invariant == 0);
      CHECK(c.classes == c.orbits);
      CHECK(c.reduced == c.orbits);
    }
}

TEST_CASE("symmetry: a member variable naming a member (every order tried): one state per class") {
  for (int cap : {1, 2})
    for (int n : {2, 3, 4}) {
      if (n == 4 && cap == 2) continue;
      ChannelPolicy policy;
      policy.capacity = cap;
      policy.max_duplicates = 0;
      INFO("members " << n << ", capacity " << cap);
      Counts c = brute_force_at_defaults(toy(n, policy, Hook::kGood, true));
      CHECK(c.not_in_orbit == 0);
      CHECK(c.not_invariant == 0);
      CHECK(c.classes == c.orbits);
      CHECK(c.reduced == c.orbits);
    }
}

TEST_CASE("symmetry: a permute hook right on the generators only is refused with one line") {
  // It passed every check on the generators, and the reduced search then stored 667 states
  // for 3 members where the system has 516, and found a violation the system does not have.
  ChannelPolicy policy;
  policy.capacity = 1;
  synack::Scenario s = toy(3, policy, Hook::kWrongOffGenerators);
  std::vector<PropertySpec> props(s.properties.begin(), s.properties.end());
  try {
    with_symmetry(s.build(s.defaults()), s.symmetric, props);
    FAIL("accepted");
  } catch (const synack::InputError& e) {
    CHECK(std::string(e.what()) ==
          "symmetry over m: c's permute hook does not rename as renamings compose: "
          "Notify(0,1) renamed by [0 2 1] then by [1 0 2] is Notify(1,0), by the two at once "
          "[1 2 0] is Notify(1,2) (a hook must rename each member it names through the "
          "renaming it is given, p(i) or p.bits(set))");
  }
}

TEST_CASE("symmetry: a variables' hook right on the generators only is refused with one line") {
  ChannelPolicy policy;
  policy.capacity = 1;
  synack::Scenario s = toy(3, policy, Hook::kLocalWrongOffGenerators);
  std::vector<PropertySpec> props(s.properties.begin(), s.properties.end());
  try {
    with_symmetry(s.build(s.defaults()), s.symmetric, props);
    FAIL("accepted");
  } catch (const synack::InputError& e) {
    CHECK_THAT(std::string(e.what()),
               Catch::StartsWith("symmetry over m: c's permute hook for its variables does not "
                                 "rename as renamings compose: local state (0 2 0) renamed by "));
  }
}

// Past 2^24 hook calls the law was checked on renamings spread evenly over all n!, and a
// hook wrong on the others would have passed (as the one above passed every check on the
// generators): an assumption behind the reduced search's verdicts. Now refused.
TEST_CASE("symmetry: a hook too large to check on every renaming is refused, not sampled") {
  ChannelPolicy policy;
  policy.capacity = 1;
  synack::Scenario s = toy(8, policy, Hook::kGood);
  std::vector<PropertySpec> props(s.properties.begin(), s.properties.end());
  CHECK_THROWS_WITH(with_symmetry(s.build(s.defaults()), s.symmetric, props),
                    "symmetry over m: c's codec: checking that its permute hook renames as "
                    "renamings compose takes 8! renamings of 136 messages, more than 16777216 "
                    "hook calls in all; give the array fewer members, or run without --symmetry");
  // Seven members: 5,040 renamings of 105 messages, every one checked.
  synack::Scenario seven = toy(7, policy, Hook::kGood);
  CHECK_NOTHROW(with_symmetry(seven.build(seven.defaults()), seven.symmetric, props));
}
