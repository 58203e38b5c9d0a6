// Invariants the user states (`synack check --invariant EXPR`, with kind, spacer or prove):
// the facts an engineer knows a proof needs and mining does not find. Each is an
// expression in the property language over the encoding's variables: actor and monitor
// slots by name (`client.state == ESTABLISHED -> server.irs == client.iss`) and the
// channels' positions as the lemmas print them (`c2s[0].present`, `c2s[0].seq`,
// `c2s.dups`). Nothing stated is trusted: each becomes a candidate beside the mined ones
// (Candidate::kStated), Houdini keeps it only if Z3 proves it inductive together with the
// others, and a proof checks it again from scratch like every lemma. One that is not kept
// is asked about once more, alone against the lemmas kept (Ivy's question): an initial
// state where it is false, or a step from a state where it and the lemmas hold to one where
// it does not, printed in its own variables, so the user sees why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "checker/smt/houdini.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

// One stated invariant: its candidate, or why it cannot be one for this property (it reads
// a variable outside the property's cone of influence, which the encoding leaves out: no
// fact about it can help this proof, though it may help another property's).
struct Stated {
  std::string text;
  std::optional<Candidate> candidate;
  std::string unusable;
};

// Each of `texts` over enc's variables, for `property`. Throws InputError naming the
// invariant and what is wrong with it as an expression (with the nearest valid names).
std::vector<Stated> read_stated(const SystemEncoding& enc, const std::string& property,
                                const std::vector<std::string>& texts);
// Their candidates, for Houdini.
std::vector<Candidate> stated_candidates(const std::vector<Stated>& stated);

// The stated candidates alone through Houdini (no mining): the lemmas kept, or why not.
MinedLemmas prove_stated(const SystemEncoding& enc, std::vector<Candidate> stated,
                         const Deadline& deadline);

// After Houdini: the verdict on each of `stated`, in order. One that `lemmas` lacks is asked
// about again: first from a state where every stated invariant and the lemmas hold (Ivy's
// question: is the user's conjunction inductive?), then, where that finds nothing, alone
// against the lemmas: kept after all (added to `lemmas`) if initial and no step from a
// state where it and the lemmas hold, and which is not bad, falsifies it (Houdini may drop
// a candidate it could not decide within its work limit); otherwise why, with the states.
std::vector<Result::StatedInvariant> settle_stated(const SystemEncoding& enc,
                                                   const std::vector<Stated>& stated,
                                                   Lemmas& lemmas, const Deadline& deadline);

}  // namespace synack::checker::smt
