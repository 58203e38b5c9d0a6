// The cache of machine steps (checker/firing_cache.hpp) answers exactly what the machines'
// interpreter answers: on every bundled scenario (successors and coverage row counts, with
// the cache and without), on many random local states of the TCP congestion sender with a
// cache so small that steps keep evicting one another, and for a machine that throws.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/firing_cache.hpp"
#include "checker/system.hpp"
#include "forwarding_machine.hpp"
#include "helpers.hpp"

using synack::InputError;
using synack::checker::Firing;
using synack::checker::FiringCache;
using synack::checker::MachineType;
using synack::checker::Outbox;
using synack::checker::SentMessages;
using synack::checker::System;
using synack::checker::Value;

namespace {

struct Walked {
  std::size_t states = 0, steps = 0;
  std::vector<std::string> differences;
};

// Breadth-first over at most `cap` states of `cached`, every group applied (with coverage
// counting, as the explicit engine does) in both systems; the row counts must agree too.
Walked walk(const System& cached, const System& uncached, std::size_t cap) {
  Walked out;
  const std::size_t n = cached.layout().size();
  std::vector<std::uint64_t> rows_cached(cached.row_count()), rows_uncached(cached.row_count());
  std::set<std::vector<Value>> seen{cached.initial_state()};
  std::deque<std::vector<Value>> queue{cached.initial_state()};
  while (!queue.empty() && out.states < cap) {
    std::vector<Value> from = std::move(queue.front());
    queue.pop_front();
    ++out.states;
    for (std::size_t g = 0; g < cached.group_count(); ++g) {
      std::vector<Value> a(n), b(n);
      const bool took_a = cached.apply_counting(g, from.data(), a.data(), rows_cached.data());
      const bool took_b = uncached.apply_counting(g, from.data(), b.data(), rows_uncached.data());
      if (took_a != took_b || (took_a && a != b)) {
        if (out.differences.size() < 5) out.differences.push_back(cached.group_name(g));
        continue;
      }
      if (!took_a) continue;
      ++out.steps;
      if (seen.insert(a).second) queue.push_back(std::move(a));
    }
  }
  if (rows_cached != rows_uncached) out.differences.push_back("coverage row counts");
  return out;
}

// What one call of the machine gave: the firing, the next local state if it fired, the
// messages, or the error it threw.
struct Answer {
  bool fired = false;
  const char* event = nullptr;
  int row = -1;
  std::vector<Value> next, sent;
  std::string error;
  bool operator==(const Answer&) const = default;
};

Answer answer_of(const Firing& f, const Value* next, std::size_t size, const Value* sent,
                 std::size_t count) {
  Answer a{f.fired, f.event, f.row, {}, {sent, sent + count}, {}};
  if (f.fired) a.next.assign(next, next + size);
  return a;
}

Answer direct(const MachineType& m, bool env, Value input, const std::vector<Value>& local) {
  std::vector<Value> next(local.size(), -7);
  Outbox out;
  try {
    const Firing f =
        env ? m.fire_env(static_cast<std::size_t>(input), local.data(), next.data(), out)
            : m.fire_message(input, local.data(), next.data(), out);
    return answer_of(f, next.data(), next.size(), out.messages.data(), out.count);
  } catch (const InputError& e) {
    return {false, nullptr, -1, {}, {}, e.what()};
  }
}

Answer cached(FiringCache& cache, const MachineType& m, bool env, Value input,
              const std::vector<Value>& local) {
  std::vector<Value> next(local.size(), -7);
  SentMessages sent;
  const FiringCache::Key key{0, env, input, local.data(), local.size()};
  try {
    const Firing f = cache.recall(key, next.data(), sent)
                         ? cache.recalled()
                         : cache.compute(key, m, next.data(), sent);
    return answer_of(f, next.data(), next.size(), sent.messages.data(), sent.count);
  } catch (const InputError& e) {
    return {false, nullptr, -1, {}, {}, e.what()};
  }
}

// A machine that counts its calls and, on message 1 from a local state whose first
// variable is 3, fails as a machine whose variable leaves its range does.
class Throwing final : public synack::testing::ForwardingMachine {
 public:
  using ForwardingMachine::ForwardingMachine;
  Firing fire_env(std::size_t e, const Value* l, Value* n, Outbox& o) const override {
    ++calls;
    return inner().fire_env(e, l, n, o);
  }
  Firing fire_message(Value m, const Value* l, Value* n, Outbox& o) const override {
    ++calls;
    if (m == 1 && l[1] == 3) throw InputError("sender: variable snd_una = 9 outside 0..7");
    return inner().fire_message(m, l, n, o);
  }
  mutable int calls = 0;
};

std::shared_ptr<const MachineType> congestion_sender() {
  auto model = synack::testing::build("tcp/congestion");
  const auto& sys = dynamic_cast<const System&>(*model);
  for (std::size_t a = 0; a < sys.actor_names().size(); ++a)
    if (sys.actor_names()[a] == "sender") return sys.actor_machine_ptr(a);
  throw std::logic_error("tcp/congestion has no sender");
}

}  // namespace

TEST_CASE(
    "the cache of machine steps gives the interpreter's successors and row counts on every "
    "bundled scenario",
    "[firing_cache][scenarios]") {
  std::size_t compared = 0, steps = 0;
  for (const auto& scenario : synack::properties::bundled_scenarios()) {
    if (!scenario.error.empty()) continue;
    auto with = synack::testing::build(scenario.name);
    auto without = synack::testing::build(scenario.name);
    auto* c = dynamic_cast<System*>(with.get());
    auto* u = dynamic_cast<System*>(without.get());
    if (!c || !u) continue;
    u->cache_machine_steps_for_testing(false);
    const Walked w = walk(*c, *u, 2000);
    INFO(scenario.name << ": " << w.states << " states, " << w.steps << " steps");
    CHECK(w.differences == std::vector<std::string>{});
    ++compared;
    steps += w.steps;
  }
  // Every bundled scenario built as a System, up to 2,000 states each.
  CHECK(compared == 22);
  CHECK(steps == 121327);
}

TEST_CASE("the cache and the interpreter agree on tcp/congestion's whole state space",
          "[firing_cache]") {
  synack::checker::Limits limits;
  limits.explore_all = true;
  auto with = synack::testing::check("tcp/congestion", {"channel.capacity=1"}, limits);
  auto model = synack::testing::build("tcp/congestion", {"channel.capacity=1"});
  dynamic_cast<System&>(*model).cache_machine_steps_for_testing(false);
  auto without = synack::checker::check_properties(*model, with.properties, limits);
  REQUIRE(with.results.size() == without.size());
  for (std::size_t i = 0; i < without.size(); ++i) {
    CHECK(with.results[i].verdict == without[i].verdict);
    CHECK(with.results[i].states == without[i].states);
    CHECK(with.results[i].transitions == without[i].transitions);
  }
  CHECK(with.results[0].states == 54836);
  CHECK(with.results[0].transitions == 181010);
}

TEST_CASE("a small cache answers what the machine answers on random local states",
          "[firing_cache]") {
  const auto sender = congestion_sender();
  const MachineType& m = *sender;
  FiringCache cache(m.local_size(), 4);  // four entries: steps keep evicting one another
  REQUIRE(cache.entries() == 4);
  std::mt19937_64 random(19);
  std::vector<Value> local(m.local_size());
  std::size_t fired = 0, errors = 0, compared = 0;
  for (int i = 0; i < 3000; ++i) {
    local[0] = static_cast<Value>(random() % m.state_names().size());
    for (std::size_t v = 0; v < m.variables().size(); ++v)
      local[v + 1] = static_cast<Value>(random() % (m.variables()[v].max + 1));
    for (std::size_t e = 0; e < m.env_events().size() + m.codec().count(); ++e) {
      const bool env = e < m.env_events().size();
      const Value input = static_cast<Value>(env ? e : e - m.env_events().size());
      const Answer want = direct(m, env, input, local);
      // Twice: once computed (or recalled from an earlier state), once recalled.
      REQUIRE(cached(cache, m, env, input, local) == want);
      REQUIRE(cached(cache, m, env, input, local) == want);
      ++compared;
      fired += want.fired;
      errors += !want.error.empty();
    }
  }
  CHECK(compared > 20000);
  CHECK(fired > 1000);
  CHECK(cache.hits() > compared / 2);
  CHECK(cache.misses() > 1000);
}

TEST_CASE("a local state larger than the cache was made for is run and never remembered",
          "[firing_cache]") {
  const auto sender = congestion_sender();
  const MachineType& m = *sender;
  REQUIRE(m.local_size() > 2);
  FiringCache cache(2, 64);  // made for actors of at most two values
  const std::vector<Value> local = m.initial_local();
  for (std::size_t e = 0; e < m.env_events().size(); ++e) {
    const Answer want = direct(m, true, static_cast<Value>(e), local);
    REQUIRE(cached(cache, m, true, static_cast<Value>(e), local) == want);
    REQUIRE(cached(cache, m, true, static_cast<Value>(e), local) == want);
  }
  CHECK(cache.hits() == 0);
  CHECK(cache.misses() == 2 * m.env_events().size());
}

TEST_CASE("a step that throws is not cached and throws the same error again", "[firing_cache]") {
  const auto counting = std::make_shared<Throwing>(congestion_sender());
  const MachineType& m = *counting;
  FiringCache cache(m.local_size(), 64);
  std::vector<Value> local = m.initial_local();
  local[1] = 3;
  const Answer first = cached(cache, m, false, 1, local);
  const Answer second = cached(cache, m, false, 1, local);
  CHECK(first.error == "sender: variable snd_una = 9 outside 0..7");
  CHECK(second.error == first.error);
  CHECK(counting->calls == 2);  // both ran the machine: nothing was remembered
  // A step that does not throw is remembered: the second call is recalled. Its first ran
  // the machine twice, as the first steps a cache computes do (they are compared, to find
  // a machine that is not deterministic).
  const Answer env_first = cached(cache, m, true, 0, m.initial_local());
  const Answer env_second = cached(cache, m, true, 0, m.initial_local());
  CHECK(env_second == env_first);
  CHECK(counting->calls == 4);
  CHECK(cache.hits() == 1);
}

namespace {

// One System, cached, beside the same scenario uncached, walked breadth-first a state at
// a time so that several Systems' walks interleave on one thread.
struct Pair {
  std::unique_ptr<synack::checker::Model> with, without;
  std::deque<std::vector<Value>> queue;
  std::set<std::vector<Value>> seen;
  std::size_t states = 0, steps = 0, differences = 0;

  explicit Pair(const std::vector<std::string>& sets)
      : with(synack::testing::build("tcp/three-way-handshake", sets)),
        without(synack::testing::build("tcp/three-way-handshake", sets)) {
    dynamic_cast<System&>(*without).cache_machine_steps_for_testing(false);
    queue.push_back(with->initial_state());
    seen.insert(queue.back());
  }
  void step_one_state() {
    if (queue.empty()) return;
    const std::vector<Value> from = std::move(queue.front());
    queue.pop_front();
    ++states;
    const std::size_t n = with->layout().size();
    for (std::size_t g = 0; g < with->group_count(); ++g) {
      std::vector<Value> a(n), b(n);
      const bool took_a = with->apply(g, from.data(), a.data());
      const bool took_b = without->apply(g, from.data(), b.data());
      if (took_a != took_b || (took_a && a != b)) ++differences;
      if (!took_a || took_a != took_b) continue;
      ++steps;
      if (seen.insert(a).second) queue.push_back(std::move(a));
    }
  }
};

// Forwards to a machine; when `scribble`, a step that does not fire writes next_local.
class Scribbling final : public synack::testing::ForwardingMachine {
 public:
  using ForwardingMachine::ForwardingMachine;
  Firing fire_env(std::size_t e, const Value* l, Value* n, Outbox& o) const override {
    return scribbled(inner().fire_env(e, l, n, o), n);
  }
  Firing fire_message(Value m, const Value* l, Value* n, Outbox& o) const override {
    return scribbled(inner().fire_message(m, l, n, o), n);
  }
  bool scribble = false;

 private:
  Firing scribbled(Firing f, Value* next) const {
    if (!f.fired && scribble) next[0] += 1;
    return f;
  }
};

}  // namespace

TEST_CASE("Systems alive together on one thread never answer from one another's steps",
          "[firing_cache]") {
  // Six models of one scenario (more than the four caches a thread keeps): the same actors
  // and local states, but machines that answer differently (sequence space, ISN step).
  std::vector<std::unique_ptr<Pair>> pairs;
  for (const char* space : {"tcp.seq_space=16", "tcp.seq_space=8", "tcp.seq_space=4"})
    for (const char* step : {"tcp.isn_step=1", "tcp.isn_step=3"})
      pairs.push_back(std::make_unique<Pair>(std::vector<std::string>{space, step}));
  for (int round = 0; round < 300; ++round)
    for (auto& p : pairs) p->step_one_state();
  std::size_t steps = 0, differences = 0;
  for (const auto& p : pairs) {
    CHECK(p->states == 300);
    steps += p->steps;
    differences += p->differences;
  }
  CHECK(differences == 0);
  CHECK(steps > 6 * 300);
}

TEST_CASE("a step that does not fire but writes next_local is not remembered", "[firing_cache]") {
  const auto machine = std::make_shared<Scribbling>(congestion_sender());
  const MachineType& m = *machine;
  FiringCache cache(m.local_size(), 64);
  const std::vector<Value> local = m.initial_local();
  // Message 0 is not taken by the sender in its initial state (checked below).
  const FiringCache::Key key{0, false, 0, local.data(), local.size()};
  std::vector<Value> next(local.size(), 5);
  SentMessages sent;

  machine->scribble = true;
  REQUIRE_FALSE(cache.compute(key, m, next.data(), sent).fired);
  CHECK(next[0] == 6);
  CHECK_FALSE(cache.recall(key, next.data(), sent));
  // Left untouched, the same step is remembered and recalled.
  machine->scribble = false;
  CHECK_FALSE(cache.compute(key, m, next.data(), sent).fired);
  CHECK(next[0] == 6);
  CHECK(cache.recall(key, next.data(), sent));
  CHECK_FALSE(cache.recalled().fired);
  CHECK(sent.count == 0);
}

// A swarm member that runs out of memory making its thread's cache is reported and the
// next member goes on, on the same thread: the owner used to stay recorded beside no
// cache, and that member's first step dereferenced it (a segmentation fault under
// `ulimit -v`).
TEST_CASE("a thread's cache whose making ran out of memory is made again on its next use",
          "[firing_cache]") {
  const auto sender = congestion_sender();
  const MachineType& m = *sender;
  std::vector<Value> local(m.local_size());
  // Every cache this thread keeps has run a step (more owners than it keeps caches).
  for (int i = 0; i < 64; ++i) {
    FiringCache& used = FiringCache::of(FiringCache::new_owner(), m.local_size());
    cached(used, m, true, 0, local);
    REQUIRE(used.misses() + used.hits() > 0);
  }
  const std::uint64_t owner = FiringCache::new_owner();
  CHECK_THROWS_AS(FiringCache::of(owner, std::size_t{1} << 40), std::bad_alloc);
  FiringCache& cache = FiringCache::of(owner, m.local_size());
  CHECK(cache.hits() == 0);  // a new cache, not another System's
  CHECK(cache.misses() == 0);
  CHECK(cached(cache, m, true, 0, local) == direct(m, true, 0, local));
  CHECK(cache.misses() == 1);
  CHECK(&FiringCache::of(owner, m.local_size()) == &cache);
}
