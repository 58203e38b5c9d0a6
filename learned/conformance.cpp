// The product search of learned/conformance.hpp and the replay of its witness.
#include "learned/conformance.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "learned/analysis.hpp"

namespace synack::learned {

namespace {

using checker::Value;

// A product state: the learned state followed by the spec's local state.
using Key = std::vector<Value>;

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::size_t h = 1469598103934665603ull;
    for (Value v : k) h = (h ^ static_cast<std::size_t>(v)) * 1099511628211ull;
    return h;
  }
};

// What the spec does on one input: its local state after, and what it sends.
struct SpecStep {
  Key next;
  std::vector<Value> sent;
};

class Product {
 public:
  Product(const MealyMachine& model, const checker::MachineType& spec, const SymbolMap& map)
      : model_(model), spec_(spec), map_(map), messages_(spec, map.ignored_fields) {}

  // The spec's answer to model input `input` in local state `local` (the engine's
  // interpreter: stateless).
  SpecStep spec_step(std::size_t input, const Value* local) const {
    const SymbolMap::Input& in = map_.inputs[input];
    SpecStep s{Key(local, local + spec_.local_size()), {}};
    checker::Outbox out;
    checker::Firing f;
    if (in.kind == SymbolMap::Input::Kind::kEvent) {
      f = spec_.fire_env(in.event, local, s.next.data(), out);
    } else if (in.kind == SymbolMap::Input::Kind::kMessage) {
      Value m = message_for(in, model_.inputs[input], spec_, messages_, local);
      f = spec_.fire_message(m, local, s.next.data(), out);
    }
    if (!f.fired) s.next.assign(local, local + spec_.local_size());  // discarded: no change
    s.sent.assign(out.messages.begin(), out.messages.begin() + static_cast<long>(out.count));
    return s;
  }

  std::vector<std::string> kinds(const std::vector<Value>& sent) const {
    std::vector<std::string> k;
    for (Value m : sent) k.push_back(messages_.kind(m));
    return k;
  }

  std::vector<std::string> impl_as_spec(const Output& output) const {
    std::vector<std::string> k;
    for (const auto& s : output.symbols) {
      const auto& mapped = map_.outputs.at(s);
      k.insert(k.end(), mapped.begin(), mapped.end());
    }
    return k;
  }

  ConformStep describe(std::size_t input, const MealyMachine::Transition& t,
                       const SpecStep& s) const {
    ConformStep step;
    step.input = model_.inputs[input];
    step.impl_output = model_.outputs[t.output].text();
    step.impl_as_spec = impl_as_spec(model_.outputs[t.output]);
    for (Value m : s.sent) step.spec_sent.push_back(spec_.codec().print(m));
    step.spec_kinds = kinds(s.sent);
    step.spec_state = spec_.state_names().at(static_cast<std::size_t>(s.next[0]));
    return step;
  }

  // The steps of an input sequence, as the search ran them (the interpreter).
  ConformWitness witness(const std::vector<std::size_t>& inputs) const {
    ConformWitness steps;
    std::size_t state = model_.initial;
    Key local = spec_.initial_local();
    for (std::size_t in : inputs) {
      auto step = model_.step(state, in);
      SpecStep s = spec_step(in, local.data());
      steps.push_back(describe(in, *step, s));
      state = step->to;
      local = s.next;
    }
    return steps;
  }

  // Runs `inputs` again through the spec's real machine and the model's own step, and
  // throws InternalError where either disagrees with the search's steps.
  void replay(const std::vector<std::size_t>& inputs, const std::vector<ConformStep>& steps) const {
    auto runner = spec_.make_runner();
    std::size_t state = model_.initial;
    Key local(spec_.local_size());
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      auto fail = [&](const std::string& what) {
        throw InternalError(
            fmt::format("conformance witness of {} against {} does not replay at "
                        "step {} ({}): {}",
                        model_.name, spec_.machine_name(), k + 1, model_.inputs[inputs[k]], what));
      };
      auto t = model_.step(state, inputs[k]);
      if (!t) fail("the model declares no transition");
      if (model_.outputs[t->output].text() != steps[k].impl_output)
        fail("the model answers " + model_.outputs[t->output].text());
      state = t->to;
      runner->read_local(local.data());
      const SymbolMap::Input& in = map_.inputs[inputs[k]];
      checker::Outbox out;
      if (in.kind == SymbolMap::Input::Kind::kEvent)
        runner->fire_env(in.event, out);
      else if (in.kind == SymbolMap::Input::Kind::kMessage)
        runner->fire_message(
            message_for(in, model_.inputs[inputs[k]], spec_, messages_, local.data()), out);
      std::vector<std::string> sent;
      for (std::size_t i = 0; i < out.count; ++i)
        sent.push_back(spec_.codec().print(out.messages[i]));
      if (sent != steps[k].spec_sent)
        fail(fmt::format("the real spec machine sends [{}], the search said [{}]",
                         fmt::join(sent, ", "), fmt::join(steps[k].spec_sent, ", ")));
      runner->read_local(local.data());
      if (spec_.state_names().at(static_cast<std::size_t>(local[0])) != steps[k].spec_state)
        fail("the real spec machine is in " +
             spec_.state_names().at(static_cast<std::size_t>(local[0])));
    }
  }

 private:
  const MealyMachine& model_;
  const checker::MachineType& spec_;
  const SymbolMap& map_;
  SpecMessages messages_;
};

}  // namespace

Conformance check_conformance(const MealyMachine& model, const checker::MachineType& spec,
                              const SymbolMap& map, std::size_t max_states,
                              std::size_t max_findings) {
  require_deterministic(model, "conform");
  max_findings = std::max<std::size_t>(max_findings, 1);  // a difference is never hidden
  Product product(model, spec, map);
  Conformance result;
  std::vector<bool> offered(spec.env_events().size(), false);
  for (const auto& in : map.inputs)
    if (in.kind == SymbolMap::Input::Kind::kEvent) offered[in.event] = true;
  for (std::size_t e = 0; e < offered.size(); ++e)
    if (!offered[e]) result.events_never_offered.push_back(spec.env_events()[e].name);

  struct Node {
    std::size_t parent = 0, input = 0;
  };
  std::vector<Key> keys;
  std::vector<Node> nodes;
  std::unordered_map<Key, std::size_t, KeyHash> index;
  std::set<std::string> seen_kinds;
  Key initial{static_cast<Value>(model.initial)};
  for (Value v : spec.initial_local()) initial.push_back(v);
  index.emplace(initial, 0);
  keys.push_back(initial);
  nodes.push_back({});

  for (std::size_t n = 0; n < keys.size(); ++n) {
    for (std::size_t input = 0; input < model.inputs.size(); ++input) {
      auto t = model.step(static_cast<std::size_t>(keys[n][0]), input);
      if (!t) {
        ++result.undeclared;
        continue;
      }
      ++result.steps_checked;
      SpecStep s = product.spec_step(input, keys[n].data() + 1);
      if (product.kinds(s.sent) == product.impl_as_spec(model.outputs[t->output])) {
        Key next{static_cast<Value>(t->to)};
        next.insert(next.end(), s.next.begin(), s.next.end());
        if (index.count(next)) continue;
        if (keys.size() == max_states) {
          result.complete = false;
          result.product_states = keys.size();
          return result;
        }
        index.emplace(next, keys.size());
        keys.push_back(std::move(next));
        nodes.push_back({n, input});
        continue;
      }
      ++result.differing_steps;
      // The first difference of its kind in breadth-first order: a shortest witness. A kind
      // is where it happens (the spec's control state), the input and both answers: the
      // same silent answer to ChangeCipherSpec is one finding as the first message and
      // another after ClientHello (early CCS, CVE-2014-0224), where the spec is elsewhere.
      std::string kind = fmt::format("{}\n{}\n{}\n{}", keys[n][1], input, t->output,
                                     fmt::join(product.kinds(s.sent), "&"));
      if (!seen_kinds.insert(kind).second) continue;
      // One past the list: enough to say that more exist, not worth a witness.
      if (result.findings.size() == max_findings) {
        result.more_findings = true;
        result.product_states = keys.size();
        return result;
      }
      std::vector<std::size_t> inputs{input};
      for (std::size_t at = n; at != 0; at = nodes[at].parent) inputs.push_back(nodes[at].input);
      std::reverse(inputs.begin(), inputs.end());
      result.findings.push_back(product.witness(inputs));
      product.replay(inputs, result.findings.back());
    }
  }
  result.product_states = keys.size();
  return result;
}

}  // namespace synack::learned
