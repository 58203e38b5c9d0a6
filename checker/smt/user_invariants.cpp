#include "checker/smt/user_invariants.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/smt/property_encoding.hpp"
#include "checker/smt/smt_run.hpp"

namespace synack::checker::smt {
namespace {

// One variable of the composition as a stated fact reads it: the engines' copy of it, or
// the value it never leaves.
struct Source {
  std::string name;
  std::optional<std::size_t> kept;
  std::int64_t constant = 0;
  std::int64_t lo = 0, hi = 0;
  bool left_out = false;  // outside the cone of influence: neither kept nor constant
};

class ExpressionFact final : public StatedFact {
 public:
  ExpressionFact(std::string text, Expr expr, std::shared_ptr<const std::vector<Source>> sources)
      : text_(std::move(text)),
        expr_(std::move(expr)),
        reads_(expr_.slots_read()),
        sources_(std::move(sources)) {}

  z3::expr at(const z3::expr_vector& s) const override {
    // s.ctx(), not a context kept here: prove's two engines each have their own.
    return encode_property(expr_, s.ctx(), [&](std::size_t slot) {
      const Source& src = (*sources_)[slot];
      if (src.kept) return SlotTerm{s[static_cast<int>(*src.kept)], src.lo, src.hi};
      return SlotTerm{s.ctx().int_val(src.constant), src.constant, src.constant};
    });
  }

  bool holds(const std::vector<std::int64_t>& s) const override {
    std::vector<Value> values(sources_->size(), 0);
    for (std::size_t slot : reads_) values[slot] = value(slot, s);
    return expr_.holds(values.data());
  }

  const std::string& text() const override { return text_; }

 private:
  std::int64_t value(std::size_t slot, const std::vector<std::int64_t>& s) const {
    const Source& src = (*sources_)[slot];
    return src.kept ? s[*src.kept] : src.constant;
  }

  std::string text_;
  Expr expr_;
  std::vector<std::size_t> reads_;
  std::shared_ptr<const std::vector<Source>> sources_;  // one table for all invariants
};

// The expression language's names are a layout's slots: one slot per variable of the
// composition, numbered as enc.variables(), an actor's or monitor's as the model has it
// (its value names: ESTABLISHED), a channel position's field by its encoding name.
Layout stated_names(const SystemEncoding& enc) {
  const Layout& model = enc.system().layout();
  Layout names;
  for (const SystemEncoding::Variable& v : enc.variables()) {
    std::optional<std::size_t> own = model.find(v.var->name);
    names.add(own ? model.slot(*own)
                  : Slot{v.var->name, std::max<std::int64_t>(v.var->hi, 0), {}, {}});
  }
  return names;
}

Expr parse_stated(const StatedText& stated, const Layout& names) {
  try {
    return Expr::parse(stated.text, names);
  } catch (const InputError& e) {
    // The parser names the text as a property's; said once, as the option's.
    std::string why = e.what();
    const std::string own = "property '" + stated.text + "': ";
    if (why.rfind(own, 0) == 0) why.erase(0, own.size());
    throw InputError(fmt::format("{} '{}': {}", stated.origin, stated.text, why));
  }
}

}  // namespace

void check_stated_names(const SystemEncoding& explored, const std::vector<StatedText>& texts) {
  Layout names = stated_names(explored);
  for (const StatedText& stated : texts) parse_stated(stated, names);
}

std::vector<Stated> read_stated(const SystemEncoding& enc, const std::string& property,
                                const std::vector<StatedText>& texts) {
  Layout names = stated_names(enc);
  auto sources = std::make_shared<std::vector<Source>>();
  for (const SystemEncoding::Variable& v : enc.variables())
    sources->push_back({v.var->name, v.kept, v.constant.value_or(0), v.var->lo, v.var->hi,
                        !v.kept && !v.constant});
  std::vector<Stated> out;
  for (const StatedText& stated : texts) {
    Expr expr = parse_stated(stated, names);
    Stated one{stated, std::nullopt, ""};
    for (std::size_t slot : expr.slots_read())
      if ((*sources)[slot].left_out && one.unusable.empty())
        one.unusable = fmt::format(
            "it reads {}, which cannot affect {} (outside the property's cone of influence, "
            "so the encoding leaves it out): no fact about it can help this proof",
            (*sources)[slot].name, property);
    if (one.unusable.empty()) {
      Candidate c;
      c.kind = Candidate::kStated;
      c.stated = std::make_shared<const ExpressionFact>(stated.text, std::move(expr), sources);
      one.candidate = std::move(c);
    }
    out.push_back(std::move(one));
  }
  return out;
}

std::vector<Candidate> stated_candidates(const std::vector<Stated>& stated) {
  std::vector<Candidate> out;
  for (const Stated& s : stated)
    if (s.candidate) out.push_back(*s.candidate);
  return out;
}

MinedLemmas prove_stated(const SystemEncoding& enc, std::vector<Candidate> stated,
                         const Deadline& deadline) {
  MinedLemmas out;
  Lemmas lemmas;
  lemmas.candidates = stated.size();
  auto started = std::chrono::steady_clock::now();
  HoudiniAnswer h = houdini(enc, std::move(stated), deadline);
  lemmas.seconds.houdini =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!h.kept) {
    out.reason = "houdini: z3 gave up (" + h.reason + ")";
    return out;
  }
  lemmas.facts = std::move(*h.kept);
  lemmas.rounds = h.rounds;
  lemmas.undecided = h.undecided;
  out.lemmas = std::move(lemmas);
  return out;
}

namespace {

// settle_stated's questions may each take this much of Z3's work: more than one of
// Houdini's calls (which may have dropped the invariant undecided), not the whole budget.
constexpr unsigned kSettleResourceLimit = 4 * kHoudiniCallResourceLimit;

// "a step from a state where PREMISE hold(s) makes it false:" and the states, one per line.
std::string broken_by(const SystemEncoding& enc, Unrolling& u, const Answer& a,
                      const std::string& premise, bool singular, const char* suffix) {
  auto group = static_cast<std::size_t>(model_values(*a.model, u.input(0)).at(0));
  return fmt::format(
      "not inductive: a step from a state where {} hold{}{} makes it false:\nstate 0: {}\nstep: "
      "{}\nstate 1: {}",
      premise, singular ? "s" : "", suffix, describe_state(enc, model_values(*a.model, u.state(0))),
      enc.system().group_name(group), describe_state(enc, model_values(*a.model, u.state(1))));
}

std::string counted(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::vector<Result::StatedInvariant> settle_stated(const SystemEncoding& enc,
                                                   const std::vector<Stated>& stated,
                                                   Lemmas& lemmas, const Deadline& deadline) {
  auto kept = [&](const Candidate& c) {
    return std::any_of(lemmas.facts.begin(), lemmas.facts.end(), [&](const Candidate& f) {
      return f.kind == Candidate::kStated && f.stated == c.stated;
    });
  };
  const std::size_t mined = static_cast<std::size_t>(
      std::count_if(lemmas.facts.begin(), lemmas.facts.end(),
                    [](const Candidate& f) { return f.kind != Candidate::kStated; }));
  Unrolling u(enc);
  z3::solver solver(enc.context());
  z3::params limit(enc.context());
  limit.set("rlimit", kSettleResourceLimit);
  solver.set(limit);
  std::vector<Result::StatedInvariant> out;
  // Dropped ones still open (index into `stated`), and what the last question about each
  // answered.
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < stated.size(); ++i) {
    const Stated& s = stated[i];
    out.push_back({s.text.text, s.text.origin, false, s.unusable});
    if (!s.candidate) continue;
    if (kept(*s.candidate)) {
      out[i].assumed = true;
      continue;
    }
    Answer initial = check_goal(solver, u.initial() && !s.candidate->at(u.state(0)), deadline);
    if (initial.result == z3::sat)
      out[i].why = "false in an initial state:\nstate 0: " +
                   describe_state(enc, model_values(*initial.model, u.state(0)));
    else if (initial.result == z3::unknown)
      out[i].why = "Z3 could not decide whether it holds initially (" + initial.reason + ")";
    else
      open.push_back(i);
  }
  auto breaks = [&](const Candidate& c) { return u.transition(0) && !c.at(u.state(1)); };
  auto from_lemmas = [&] { return u.fixed_ranges(0) && !u.bad(0) && lemmas.at(u.state(0)); };
  // Houdini drops a candidate it cannot decide within its work limit. One that holds
  // initially and that no step from a state of the lemmas and itself breaks is added back:
  // the lemmas were inductive on their own, so they stay inductive with it. Until nothing
  // changes, since one added back may be what another needs.
  std::vector<Answer> alone(stated.size());
  for (bool added = true; added;) {
    added = false;
    for (std::size_t i : open) {
      if (out[i].assumed) continue;
      const Candidate& c = *stated[i].candidate;
      alone[i] = check_goal(solver, from_lemmas() && c.at(u.state(0)) && breaks(c), deadline);
      if (alone[i].result != z3::unsat) continue;
      lemmas.facts.push_back(c);
      out[i].assumed = added = true;
    }
  }
  // Ivy's question for the rest: a step from a state where everything stated that holds
  // initially holds (a contradiction or a false invariant among them would make it
  // vacuous), then the last answer about it alone.
  z3::expr_vector every(enc.context());
  std::size_t proved = 0;
  for (std::size_t i = 0; i < stated.size(); ++i) {
    proved += out[i].assumed;
    if (out[i].assumed || std::find(open.begin(), open.end(), i) != open.end())
      every.push_back(stated[i].candidate->at(u.state(0)));
  }
  // "it, the 2 invariants stated and proved and the 5 lemmas mined": what a state holds.
  auto premise = [&](const char* first, std::size_t also_proved) {
    std::vector<std::string> parts{first};
    if (also_proved > 0)
      parts.push_back("the " + counted(also_proved, "invariant", "invariants") +
                      " stated and proved");
    if (mined > 0) parts.push_back("the " + counted(mined, "lemma", "lemmas") + " mined");
    std::string text = parts[0];
    for (std::size_t k = 1; k < parts.size(); ++k)
      text += (k + 1 == parts.size() ? " and " : ", ") + parts[k];
    return text;
  };
  for (std::size_t i : open) {
    if (out[i].assumed) continue;
    const Candidate& c = *stated[i].candidate;
    Answer together = check_goal(solver, from_lemmas() && z3::mk_and(every) && breaks(c), deadline);
    if (together.result == z3::sat) {
      bool all = every.size() > 1;
      out[i].why = broken_by(enc, u, together,
                             premise(all ? "every invariant stated that holds initially" : "it", 0),
                             mined == 0, "");
    } else if (alone[i].result == z3::sat) {
      out[i].why = broken_by(
          enc, u, alone[i], premise("it", proved), proved == 0 && mined == 0,
          together.result == z3::unsat
              ? " (with the other invariants stated it would be inductive, but some of them are "
                "not)"
              : "");
    } else {
      out[i].why = "Z3 could not decide whether a step breaks it (" +
                   (together.result == z3::unknown ? together.reason : alone[i].reason) + ")";
    }
  }
  return out;
}

}  // namespace synack::checker::smt
