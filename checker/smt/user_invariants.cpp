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
  ExpressionFact(std::string text, Expr expr, std::vector<Source> sources)
      : text_(std::move(text)),
        expr_(std::move(expr)),
        reads_(expr_.slots_read()),
        sources_(std::move(sources)) {}

  z3::expr at(const z3::expr_vector& s) const override {
    // s.ctx(), not a context kept here: prove's two engines each have their own.
    return encode_property(expr_, s.ctx(), [&](std::size_t slot) {
      const Source& src = sources_[slot];
      if (src.kept) return SlotTerm{s[static_cast<int>(*src.kept)], src.lo, src.hi};
      return SlotTerm{s.ctx().int_val(src.constant), src.constant, src.constant};
    });
  }

  bool holds(const std::vector<std::int64_t>& s) const override {
    std::vector<Value> values(sources_.size(), 0);
    for (std::size_t slot : reads_) values[slot] = value(slot, s);
    return expr_.holds(values.data());
  }

  const std::string& text() const override { return text_; }

 private:
  std::int64_t value(std::size_t slot, const std::vector<std::int64_t>& s) const {
    const Source& src = sources_[slot];
    return src.kept ? s[*src.kept] : src.constant;
  }

  std::string text_;
  Expr expr_;
  std::vector<std::size_t> reads_;
  std::vector<Source> sources_;
};

}  // namespace

std::vector<Stated> read_stated(const SystemEncoding& enc, const std::string& property,
                                const std::vector<std::string>& texts) {
  const Layout& model = enc.system().layout();
  // The expression language's names are a layout's slots: one slot per variable of the
  // composition, numbered as enc.variables(), an actor's or monitor's as the model has it
  // (its value names: ESTABLISHED), a channel position's field by its encoding name.
  Layout names;
  std::vector<Source> sources;
  for (const SystemEncoding::Variable& v : enc.variables()) {
    std::optional<std::size_t> own = model.find(v.var->name);
    names.add(own ? model.slot(*own)
                  : Slot{v.var->name, std::max<std::int64_t>(v.var->hi, 0), {}, {}});
    sources.push_back({v.var->name, v.kept, v.constant.value_or(0), v.var->lo, v.var->hi,
                       !v.kept && !v.constant});
  }
  std::vector<Stated> out;
  for (const std::string& text : texts) {
    Expr expr = [&] {
      try {
        return Expr::parse(text, names);
      } catch (const InputError& e) {
        // The parser names the text as a property's; said once, as the option's.
        std::string why = e.what();
        const std::string own = "property '" + text + "': ";
        if (why.rfind(own, 0) == 0) why.erase(0, own.size());
        throw InputError(fmt::format("--invariant '{}': {}", text, why));
      }
    }();
    Stated one{text, std::nullopt, ""};
    for (std::size_t slot : expr.slots_read())
      if (sources[slot].left_out && one.unusable.empty())
        one.unusable = fmt::format(
            "it reads {}, which cannot affect {} (outside the property's cone of influence, "
            "so the encoding leaves it out): no fact about it can help this proof",
            sources[slot].name, property);
    if (one.unusable.empty()) {
      Candidate c;
      c.kind = Candidate::kStated;
      c.stated = std::make_shared<const ExpressionFact>(text, std::move(expr), sources);
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

std::vector<Result::StatedInvariant> settle_stated(const SystemEncoding& enc,
                                                   const std::vector<Stated>& stated,
                                                   Lemmas& lemmas, const Deadline& deadline) {
  auto kept = [&](const Candidate& c) {
    return std::any_of(lemmas.facts.begin(), lemmas.facts.end(), [&](const Candidate& f) {
      return f.kind == Candidate::kStated && f.stated == c.stated;
    });
  };
  Unrolling u(enc);
  z3::solver solver(enc.context());
  // Ivy's question first: a step from a state where everything stated holds. Only where
  // the conjunction answers nothing (the invariant follows from others that are not
  // inductive themselves) is it asked alone against the lemmas Houdini kept.
  z3::expr_vector every(enc.context());
  for (const Stated& s : stated)
    if (s.candidate) every.push_back(s.candidate->at(u.state(0)));
  const z3::expr all_stated = z3::mk_and(every);
  auto from_good = [&] { return u.fixed_ranges(0) && !u.bad(0) && lemmas.at(u.state(0)); };
  std::vector<Result::StatedInvariant> out;
  for (const Stated& s : stated) {
    Result::StatedInvariant verdict{s.text, false, s.unusable};
    if (!s.candidate) {
      out.push_back(std::move(verdict));
      continue;
    }
    const Candidate& c = *s.candidate;
    if (kept(c)) {
      verdict.assumed = true;
      out.push_back(std::move(verdict));
      continue;
    }
    auto broken = [&](const Answer& a, const char* where, const char* suffix) {
      auto group = static_cast<std::size_t>(model_values(*a.model, u.input(0)).at(0));
      return fmt::format(
          "not inductive: a step from a state where {}{} hold{} makes it false:\nstate 0: "
          "{}\nstep: {}\nstate 1: {}",
          where,
          lemmas.facts.empty() ? "" : fmt::format(" and the {} lemmas kept", lemmas.facts.size()),
          suffix, describe_state(enc, model_values(*a.model, u.state(0))),
          enc.system().group_name(group), describe_state(enc, model_values(*a.model, u.state(1))));
    };
    Answer initial = check_goal(solver, u.initial() && !c.at(u.state(0)), deadline);
    if (initial.result == z3::sat) {
      verdict.why = "false in an initial state:\nstate 0: " +
                    describe_state(enc, model_values(*initial.model, u.state(0)));
      out.push_back(std::move(verdict));
      continue;
    }
    if (initial.result == z3::unknown) {
      verdict.why = "Z3 could not decide whether it holds initially (" + initial.reason + ")";
      out.push_back(std::move(verdict));
      continue;
    }
    const z3::expr breaks = u.transition(0) && !c.at(u.state(1));
    Answer together = check_goal(solver, from_good() && all_stated && breaks, deadline);
    if (together.result == z3::sat) {
      verdict.why = broken(together, every.size() > 1 ? "every invariant stated" : "it", "");
    } else {
      Answer alone = check_goal(solver, from_good() && c.at(u.state(0)) && breaks, deadline);
      if (alone.result == z3::unsat) {
        // Houdini dropped it undecided within its work limit; alone it is inductive with
        // the lemmas, so they stay inductive with it.
        lemmas.facts.push_back(c);
        verdict.assumed = true;
      } else if (alone.result == z3::sat) {
        verdict.why = broken(alone, "it",
                             " (with every invariant stated it would be inductive, but some of "
                             "them are not)");
      } else {
        verdict.why = "Z3 could not decide whether a step breaks it (" + alone.reason + ")";
      }
    }
    out.push_back(std::move(verdict));
  }
  return out;
}

}  // namespace synack::checker::smt
