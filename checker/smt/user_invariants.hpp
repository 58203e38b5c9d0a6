// Invariants the user states (`synack check --invariant EXPR`, with kind, spacer or prove):
// the facts an engineer knows a proof needs and mining does not find. Each is an
// expression in the property language over the encoding's variables: actor and monitor
// slots by name (`client.state == ESTABLISHED -> server.irs == client.iss`) and the
// channels' positions as the lemmas print them (`c2s[0].present`, `c2s[0].seq`,
// `c2s.dups`). Nothing stated is trusted: each becomes a candidate beside the mined ones
// (Candidate::kStated), Houdini keeps it only if Z3 proves it inductive together with the
// others, and a proof checks it again from scratch like every lemma. One that is not kept
// is asked about again (settle_stated): an initial state where it is false, or a step from
// a state where every invariant stated and the lemmas hold to one where it does not (Ivy's
// question), both states printed in slot names, so the user sees why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "checker/smt/houdini.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

// One stated invariant: its candidate, or why it cannot be one for this property (it reads
// a variable outside the property's cone of influence, which the encoding leaves out: no
// fact about it can help this proof, though it may help another property's).
struct Stated {
  StatedText text;
  std::optional<Candidate> candidate;
  std::string unusable;
};

// Parses each of `texts` against the composition's variables (`explored`, the encoding
// made before any property's: its names are every property's), so that a name or syntax
// error is refused before anything runs. Throws InputError as read_stated.
void check_stated_names(const SystemEncoding& explored, const std::vector<StatedText>& texts);

// Each of `texts` over enc's variables, for `property`. Throws InputError naming the
// invariant and what is wrong with it as an expression (with the nearest valid names).
std::vector<Stated> read_stated(const SystemEncoding& enc, const std::string& property,
                                const std::vector<StatedText>& texts);
// Their candidates, for Houdini.
std::vector<Candidate> stated_candidates(const std::vector<Stated>& stated);

// The stated candidates alone through Houdini (no mining): the lemmas kept, or why not.
MinedLemmas prove_stated(const SystemEncoding& enc, std::vector<Candidate> stated,
                         const Deadline& deadline);

// After Houdini: the verdict on each of `stated`, in order. One that `lemmas` lacks is asked
// about again, each question within a work limit: whether it holds initially; whether it is
// inductive alone with the lemmas (Houdini may drop a candidate it could not decide within
// its own limit): then it is kept after all, added to `lemmas`, repeated until none is
// added; else a step from a state where every invariant stated that holds initially and
// the lemmas hold (Ivy's question: is the user's conjunction inductive?), or failing that
// the step found with it alone, printed with both states.
std::vector<Result::StatedInvariant> settle_stated(const SystemEncoding& enc,
                                                   const std::vector<Stated>& stated,
                                                   Lemmas& lemmas, const Deadline& deadline);

}  // namespace synack::checker::smt
