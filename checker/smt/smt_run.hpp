// What the safety and the liveness halves of `synack check --engine bmc|kind|spacer` share
// (checker/smt/smt_check.cpp, checker/smt/smt_liveness.cpp): one exploration of the
// composition per run, and following a Z3 path through the explicit interpreter.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <z3++.h>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

// One exploration of the composition serves every property of a run (it does not depend on
// the property, and it is most of the encoding's work). It is made when the first property
// needs it; a model the encoding cannot take gives each property the same reason.
// `liveness_steps`: the liveness graph's steps too (SystemEncoding's constructor).
class Exploration {
 public:
  // Exploring stops once `budget` expires (OutOfBudget; nothing is kept, and the next
  // property finds the budget spent).
  Exploration(const System& sys, bool liveness_steps, const Deadline& budget)
      : sys_(sys), liveness_(liveness_steps), budget_(budget) {}
  const System& system() const { return sys_; }
  const SystemEncoding& get();
  // Every Z3 term of the run lives here: what Z3Watchdog interrupts.
  z3::context& context() { return ctx_; }

 private:
  const System& sys_;
  bool liveness_;
  const Deadline& budget_;
  z3::context ctx_;
  std::optional<SystemEncoding> enc_;
  std::optional<std::string> why_;
};

// A Z3 path followed through the explicit model and replayed through the real machines
// (InternalError on any disagreement). `cycle_start`: the path is a lasso (Trace's
// cycle_start), checked by verify_lasso. The steps of a liveness encoding may be the
// liveness graph's own (Model::liveness_only_step), a lasso's or a run's out of range.
Trace follow_path(const Model& model, const SystemEncoding& enc, const SmtPath& path,
                  const char* engine, bool out_of_range,
                  std::optional<std::size_t> cycle_start = std::nullopt);

// `r` as inconclusive at the budget (`budget.why()`), its time since `started`.
Result timed_out(Result& r, std::chrono::steady_clock::time_point started, const Deadline& budget);

// What Z3 threw while working for `r`: once the budget has expired it is the watchdog's
// interrupt (inconclusive, as timed_out); else synack's own bug (InternalError).
Result z3_failed(Result& r, std::chrono::steady_clock::time_point started, const Deadline& budget,
                 const z3::exception& e);

// Mining's answer in `r`: the lemmas' text (`text` of them) and counts; or, with none, `r`
// inconclusive, why (the budget's once it is spent, else mining's reason), its time since
// `started`. The lemmas, if any.
std::optional<Lemmas> take_mined(Result& r, MinedLemmas mined, const Deadline& budget,
                                 std::chrono::steady_clock::time_point started,
                                 const std::function<std::string(const Lemmas&)>& text);

// A state of `enc` in slot names, one line: the actors' and monitors' kept variables, then
// the fields of the channel positions that hold a message (empty ones would drown the
// rest), each value as its slot prints it ("client.state=SYN-SENT ... c2s[0].seq=7").
std::string describe_state(const SystemEncoding& enc, const std::vector<std::int64_t>& state);

// Before any property runs, with --invariant: every stated invariant parses against the
// composition's names (InputError, exit 2, naming the first that does not), and the model
// can be encoded at all (`explored` null: it is not a composition). A budget spent while
// exploring leaves the question to each property, which then reports the budget.
void check_stated_early(Exploration* explored, const std::vector<StatedText>& stated);

// The lemmas kind or spacer assume for `p`, as `request` asks: mined (mine_lemmas), the
// user's stated invariants proved with them (checker/smt/user_invariants), each stated
// one's verdict in r.stated; into `r` as take_mined does. None: `r` is decided
// (inconclusive, why). Throws InputError for a stated invariant that does not parse (which
// check_stated_early has already refused); one over a variable the encoding leaves out is
// reported unused in r.stated.
std::optional<Lemmas> strengthen(Result& r, const SystemEncoding& enc, const PropertySpec& p,
                                 const LemmaRequest& request, const Deadline& budget,
                                 std::chrono::steady_clock::time_point started);

// A proof as printed: Spacer's invariant (over state variables) and the lemmas it was
// given; k-induction's where it closed at k <= 1 (the lemmas and "no target state"), else
// none.
std::string proof_invariant(Engine engine, const SmtOutcome& o, const std::string& lemmas);

// An engine's answer `o` for the always or sometimes property `p`, encoded as `enc`, as
// `r`'s verdict (r.engine names the engine in a trace's errors): a path followed and
// replayed (follow_path), a proof's invariant with `r.lemmas`, or why not and the
// counterexample to induction in slot names.
void read_outcome(Result& r, const SystemEncoding& enc, const PropertySpec& p, Engine engine,
                  SmtOutcome o, const Deadline& budget);

// A liveness property with a Z3 engine (checker/smt/smt_liveness.cpp).
Result check_liveness_one(Exploration& explored, const PropertySpec& p, Engine engine,
                          const SmtLimits& limits, const Deadline& budget, LemmaSource lemmas);

}  // namespace synack::checker::smt
