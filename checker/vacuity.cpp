#include "checker/vacuity.hpp"

#include <algorithm>

#include "checker/symmetry/soundness.hpp"
#include "checker/symmetry/symmetric_model.hpp"

namespace synack::checker {

PremiseScan::PremiseScan(const Model& model, const std::vector<PropertySpec>& specs)
    : layout_(model.layout()) {
  const auto* symmetric = dynamic_cast<const SymmetricModel*>(&model);
  for (std::size_t k = 0; k < specs.size(); ++k) {
    if (specs[k].kind != PropertyKind::kAlways) continue;
    for (Expr& premise : Expr::parse(specs[k].expression, layout_).premises())
      if (!symmetric || !renaming_fault(symmetric->symmetry(), premise))
        questions_.push_back({k, std::move(premise)});
  }
}

bool PremiseScan::asked(const Result& r) {
  return r.kind == PropertyKind::kAlways && r.verdict == Verdict::kHolds && r.limit.empty();
}

std::vector<std::uint64_t> PremiseScan::reached(const StateStore& store,
                                                const std::vector<Result>& results) const {
  std::vector<std::uint64_t> answers(questions_.size(), 1);
  std::vector<std::size_t> open;  // questions not yet answered
  for (std::size_t q = 0; q < questions_.size(); ++q)
    if (asked(results.at(questions_[q].result))) {
      answers[q] = 0;
      open.push_back(q);
    }
  std::vector<Value> state(layout_.size());
  for (std::size_t i = 0; i < store.size() && !open.empty(); ++i) {
    store.unpack(static_cast<std::uint32_t>(i), layout_, state.data());
    std::erase_if(open, [&](std::size_t q) {
      if (!questions_[q].premise.holds(state.data())) return false;
      answers[q] = 1;
      return true;
    });
  }
  return answers;
}

void PremiseScan::mark(std::vector<Result>& results,
                       const std::vector<std::uint64_t>& reached) const {
  for (std::size_t q = 0; q < questions_.size(); ++q) {
    Result& r = results.at(questions_[q].result);
    if (!asked(r) || reached.at(q) != 0 || r.vacuous) continue;  // the first premise unmet
    r.vacuous = true;
    r.premise = questions_[q].premise.text();
  }
}

void PremiseScan::mark_over(const StateStore& store, std::vector<Result>& results,
                            const std::function<void(std::vector<std::uint64_t>&)>& sum) const {
  if (empty()) return;
  std::vector<std::uint64_t> answers = reached(store, results);
  if (sum) sum(answers);
  mark(results, answers);
}

}  // namespace synack::checker
