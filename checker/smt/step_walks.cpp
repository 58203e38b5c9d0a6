#include "checker/smt/step_walks.hpp"

#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

StepWalker::StepWalker(z3::solver& step, const z3::expr_vector& before,
                       const z3::expr_vector& input, const z3::expr_vector& after,
                       const std::vector<SmtVar>& input_vars, std::uint64_t seed)
    : solver_(step),
      before_(before),
      input_(input),
      after_(after),
      input_vars_(input_vars),
      random_(seed) {}

std::optional<std::vector<std::int64_t>> StepWalker::ask(const z3::expr_vector& assumptions) {
  if (solver_.check(assumptions) != z3::sat) return std::nullopt;
  return model_values(solver_.get_model(), after_);
}

std::optional<std::vector<std::int64_t>> StepWalker::successor(
    const std::vector<std::int64_t>& from) {
  z3::context& ctx = solver_.ctx();
  z3::expr_vector pinned(ctx);
  for (std::size_t v = 0; v < from.size(); ++v)
    pinned.push_back(before_[static_cast<int>(v)] == ctx.int_val(from[v]));
  // Z3 alone picks the same input from every state (the first group); a random one spreads
  // the walk. A binary input (the product's `save`) is 1 on one step in eight, so walks
  // see long prefixes before it as well as short ones.
  z3::expr_vector chosen(ctx);  // a copy of an expr_vector would share its elements
  for (const z3::expr& e : pinned) chosen.push_back(e);
  for (std::size_t i = 0; i < input_vars_.size(); ++i) {
    const SmtVar& in = input_vars_[i];
    std::int64_t value = in.lo;
    if (in.lo == 0 && in.hi == 1)
      value = random_() % 8 == 0 ? 1 : 0;
    else if (in.hi > in.lo)
      value = in.lo +
              static_cast<std::int64_t>(random_() % static_cast<std::uint64_t>(in.hi - in.lo + 1));
    chosen.push_back(input_[static_cast<int>(i)] == ctx.int_val(value));
  }
  if (auto next = ask(chosen)) return next;
  return ask(pinned);
}

std::vector<std::vector<std::int64_t>> StepWalker::walk(std::vector<std::int64_t> from,
                                                        std::size_t steps) {
  std::vector<std::vector<std::int64_t>> out;
  for (std::size_t i = 0; i < steps; ++i) {
    std::optional<std::vector<std::int64_t>> next = successor(from);
    if (!next) break;
    out.push_back(*next);
    from = std::move(*next);
  }
  return out;
}

}  // namespace synack::checker::smt
