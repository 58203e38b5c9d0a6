// Verdicts that rest on an assumption the same run checks.
//
// A learned model composed with a peer is known only on its alphabet: when the peer sends
// a segment that is none of its inputs (`inputs-valid`), or it answers with an output the
// peer has no input for (`outputs-accepted`), or a learned side facing a spec machine
// opens a second connection its mapper cannot number (`one-connection`), the composition
// goes on with a guess (the segment is taken as nothing, the output is not sent, the ISN
// is reused). Such a scenario names those
// properties as its assumptions (Selection::assumptions), and every other verdict of the
// run is judged against them:
//
//   - a verdict backed by a trace (an always or deadlock-free violation, a sometimes
//     witness, a liveness lasso) stands when the assumption holds in every state of the
//     trace: the run never left the alphabet, so it is a run of the models. Otherwise it
//     becomes inconclusive, naming the assumption and the step where the trace leaves it.
//     Under --max-errors the search finds several traces: each that leaves an assumption
//     is dropped and counted (ScenarioRun::dropped, shown in the text and JSON), and the
//     verdict rests on the shortest that stays inside; when none does, it is inconclusive
//     as above. A violation is never reported on a dropped trace alone.
//   - a verdict backed by the whole state space (always, deadlock-free or liveness holds,
//     sometimes violated: "no reachable state") stands only when the assumption holds. If
//     the assumption is violated, or was not decided (a limit), it becomes inconclusive,
//     naming the assumption and the length of its counterexample.
//
// The assumptions themselves keep their verdicts (each is judged against the others).
#pragma once

#include "reports/scenario_run.hpp"

namespace synack::cli {

// Rewrites run.results in place. Throws InternalError when an assumption is not among the
// run's properties or is not an always property (prepare_runs puts them there).
void qualify_by_assumptions(reports::ScenarioRun& run);

}  // namespace synack::cli
