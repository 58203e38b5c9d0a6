// Random spec monitors over stop-and-wait ARQ, for the differential test of the explicit
// and Z3 engines (tests/test_monitor_differential.cpp). Deterministic: a seed gives the
// same case on every machine (std::mt19937 draws, no std::*_distribution, whose results
// the standard leaves to the library).
//
// A case is one to three monitors of one to three variables (ranges 0..1 to 0..3) and one
// to four rules each. Rules read the actors' slots, the monitor's own variables and the
// earlier monitors' (before and after the step: `x'` is an earlier monitor's new value,
// the own monitor's old one), now and then a later monitor's, and the step's kind, actor,
// event and message fields; values use + - * / % min max and constants, most of them
// clamped into the variable's range and some not, so that some runs leave it. The
// properties are `always` and `sometimes` over the monitors' variables.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "synack/scenario.hpp"

namespace synack::testing::monitor_diff {

struct Property {
  bool always = true;
  std::string expression;
};

struct Case {
  int messages = 2;  // the ARQ sender's
  bool seq_bit = true;
  int capacity = 1;
  int duplicates = 0;
  bool ordered = true;
  std::vector<MonitorSpec> monitors;
  std::vector<Property> properties;
};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  Case make() {
    Case c;
    c.messages = 1 + pick(2);
    c.seq_bit = pick(4) != 0;
    c.capacity = pick(3) == 0 ? 2 : 1;
    c.duplicates = pick(4) == 0 ? 1 : 0;
    c.ordered = pick(2) == 0;
    const int monitors = 1 + pick(3);
    for (int m = 0; m < monitors; ++m) {
      MonitorSpec spec;
      spec.name = fmt::format("m{}", m);
      const int vars = 1 + pick(3);
      for (int v = 0; v < vars; ++v) {
        const auto max = static_cast<checker::Value>(1 + pick(3));
        const checker::Value initial = pick(4) == 0 ? pick(static_cast<int>(max) + 1) : 0;
        spec.vars.push_back({std::string(1, static_cast<char>('a' + v)), max, initial, {}});
      }
      c.monitors.push_back(spec);
    }
    for (std::size_t m = 0; m < c.monitors.size(); ++m) {
      const int rules = 1 + pick(4);
      for (int r = 0; r < rules; ++r) c.monitors[m].rules.push_back(rule(c, m));
    }
    const int properties = 2 + pick(3);
    for (int p = 0; p < properties; ++p) c.properties.push_back(property(c));
    return c;
  }

 private:
  std::mt19937 rng_;

  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
  template <class T>
  const T& one_of(const std::vector<T>& xs) {
    return xs[static_cast<std::size_t>(pick(static_cast<int>(xs.size())))];
  }

  static std::string var(const MonitorSpec& m, std::size_t v) {
    return m.name + "." + m.vars[v].name;
  }

  // A slot monitor m's rule may read, before or after the step.
  std::string slot(const Case& c, std::size_t m) {
    const std::string name = unprimed_slot(c, m);
    return pick(2) == 0 ? name + "'" : name;
  }

  std::string unprimed_slot(const Case& c, std::size_t m) {
    static const std::vector<std::string> actors = {"sender.state", "sender.next", "sender.bit",
                                                    "receiver.expected"};
    const int where = pick(10);
    std::string name;
    if (where < 3 || (m == 0 && where < 6)) {
      name = one_of(actors);
    } else {
      // The own monitor or, most often, an earlier one (whose new value `x'` is); now and
      // then any, a later one included (whose `x'` is its old value).
      std::size_t other = m;
      if (where >= 5 && m > 0) other = static_cast<std::size_t>(pick(static_cast<int>(m)));
      if (where == 9) other = static_cast<std::size_t>(pick(static_cast<int>(c.monitors.size())));
      const MonitorSpec& spec = c.monitors[other];
      name = var(spec, static_cast<std::size_t>(pick(static_cast<int>(spec.vars.size()))));
    }
    return name;
  }

  std::string leaf(const Case& c, std::size_t m) {
    switch (pick(10)) {
      case 0:
      case 1:
        return std::to_string(pick(4));
      case 2:  // a product of two wraps around 64 bits, in every engine alike
        return "1000000000";
      case 3:
        return one_of(std::vector<std::string>{"step.message.ack", "step.message.bit",
                                               "step.message.payload", "step.kind", "step.actor",
                                               "step.event"});
      default:
        return slot(c, m);
    }
  }

  // Every draw is a statement of its own: the operands of + are evaluated in an order the
  // standard leaves open, and a seed must give the same case with every compiler.
  std::string term(const Case& c, std::size_t m, int depth) {
    if (depth <= 0 || pick(3) == 0) return leaf(c, m);
    if (depth >= 2 && pick(8) == 0) return "(" + condition(c, m, 0) + ")";  // 0 or 1
    const std::string a = term(c, m, depth - 1);
    std::string b = term(c, m, depth - 1);
    const int op = pick(7);
    if (op == 0) return "min(" + a + ", " + b + ")";
    if (op == 1) return "max(" + a + ", " + b + ")";
    const std::string sign = std::vector<std::string>{"+", "-", "*", "/", "%"}[op - 2];
    // A constant zero divisor is refused when parsed; a slot that is zero is not.
    if ((sign == "/" || sign == "%") && b == "0") b = "2";
    return "(" + a + " " + sign + " " + b + ")";
  }

  // A test of names: the step's, or the sender's control state.
  std::string named_test() {
    switch (pick(5)) {
      case 0: {
        const std::string op = one_of(std::vector<std::string>{"==", "!="});
        return "step.kind " + op + " " +
               one_of(std::vector<std::string>{"env", "deliver", "lose", "duplicate"});
      }
      case 1:
        return "step.actor == " + one_of(std::vector<std::string>{"sender", "receiver"});
      case 2:
        return "step.event == " + one_of(std::vector<std::string>{"none", "send", "timeout"});
      case 3: {
        const std::string state = one_of(std::vector<std::string>{"sender.state", "sender.state'"});
        return state + " == " + one_of(std::vector<std::string>{"READY", "WAIT_ACK", "DONE"});
      }
      default:
        return "true";
    }
  }

  std::string condition(const Case& c, std::size_t m, int depth) {
    const int k = depth <= 0 ? pick(2) : pick(9);
    if (k == 1) return named_test();
    if (k == 8) {  // what monitors usually ask: did it change?
      const std::string x = unprimed_slot(c, m);
      return "(" + x + "' != " + x + ")";
    }
    if (k == 7) return term(c, m, 1);  // true when not 0
    if (k == 0) {
      const std::string a = term(c, m, 1);
      const std::string op = one_of(std::vector<std::string>{"==", "!=", "<", "<=", ">", ">="});
      return "(" + a + " " + op + " " + term(c, m, 1) + ")";
    }
    const std::string a = condition(c, m, depth - 1);
    if (k == 2) return "!(" + a + ")";
    const std::string op = k == 3 ? " || " : k == 6 ? " -> " : " && ";
    return "(" + a + op + condition(c, m, depth - 1) + ")";
  }

  // Clamped into 0..max (the modulo keeps a negative value negative: out of range), a
  // copy, a count, or not clamped at all.
  std::string value(const Case& c, std::size_t m, std::size_t v) {
    const std::string t = term(c, m, 2);
    const std::string top = std::to_string(c.monitors[m].vars[v].max);
    switch (pick(9)) {
      case 0:
        return "min(max(" + t + ", 0), " + top + ")";
      case 1:
        return "(" + t + " % " + std::to_string(c.monitors[m].vars[v].max + 1) + ")";
      case 2:
        return "min(" + t + ", " + top + ")";
      case 3:
        return std::to_string(pick(static_cast<int>(c.monitors[m].vars[v].max) + 1));
      case 4:
        return "min(max(" + slot(c, m) + ", 0), " + top + ")";
      case 5:
        return "min(" + var(c.monitors[m], v) + " + 1, " + top + ")";
      default:
        return t;
    }
  }

  // Half the rules are as real monitors write them, so that the variables move: a change
  // or a name to watch, a copy, a count, a constant. Random ones mostly stay put.
  MonitorSpec::Rule rule(const Case& c, std::size_t m) {
    MonitorSpec::Rule r;
    const bool plain = pick(2) == 0;
    r.when = plain ? plain_condition(c, m) : condition(c, m, 2);
    const MonitorSpec& spec = c.monitors[m];
    const int sets = 1 + pick(2);
    for (int s = 0; s < sets; ++s) {
      const auto v = static_cast<std::size_t>(pick(static_cast<int>(spec.vars.size())));
      r.set.emplace_back(spec.vars[v].name, plain ? plain_value(c, m, v) : value(c, m, v));
    }
    return r;
  }

  std::string plain_condition(const Case& c, std::size_t m) {
    switch (pick(4)) {
      case 0:
        return named_test();
      case 1: {
        const std::string x = unprimed_slot(c, m);
        return x + "' != " + x;
      }
      case 2: {
        const std::string x = slot(c, m);
        return x + " == " + std::to_string(pick(3));
      }
      default: {
        const std::string x = unprimed_slot(c, m);
        return named_test() + " && " + x + "' != " + x;
      }
    }
  }

  std::string plain_value(const Case& c, std::size_t m, std::size_t v) {
    const std::string top = std::to_string(c.monitors[m].vars[v].max);
    switch (pick(4)) {
      case 0:
        return "min(" + slot(c, m) + ", " + top + ")";
      case 1:
        return "min(" + var(c.monitors[m], v) + " + 1, " + top + ")";
      case 2: {
        const std::string x = slot(c, m);
        return "(" + x + " + " + std::to_string(pick(3)) + ") % " +
               std::to_string(c.monitors[m].vars[v].max + 1);
      }
      default:
        return std::to_string(pick(static_cast<int>(c.monitors[m].vars[v].max) + 1));
    }
  }

  // Half of them about the last monitor, which reads the most others.
  Property property(const Case& c) {
    const MonitorSpec& m = pick(2) == 0 ? c.monitors.back() : one_of(c.monitors);
    const auto v = static_cast<std::size_t>(pick(static_cast<int>(m.vars.size())));
    const std::string x = var(m, v);
    const std::string k = std::to_string(pick(static_cast<int>(m.vars[v].max) + 1));
    switch (pick(5)) {
      case 0:
        return {true, x + " <= " + k};
      case 1:
        return {true, x + " != " + k};
      case 2: {
        const MonitorSpec& n = one_of(c.monitors);
        const std::string y =
            var(n, static_cast<std::size_t>(pick(static_cast<int>(n.vars.size()))));
        return {true, x + " <= " + y + " || sender.next < " + std::to_string(pick(3))};
      }
      case 3:
        return {false, x + " == " + k};
      default:
        return {false, x + " == " + k + " && sender.next == " + std::to_string(pick(3))};
    }
  }
};

inline Case generate(std::uint32_t seed) {
  return Generator(seed).make();
}

}  // namespace synack::testing::monitor_diff
