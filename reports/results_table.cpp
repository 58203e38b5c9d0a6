#include "reports/results_table.hpp"

#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "checker/symmetry/symmetric_model.hpp"
#include "reports/sequence_chart.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

struct TableRow {
  std::vector<std::string> cells;
};

std::string render(const std::vector<std::string>& header, const std::vector<TableRow>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const TableRow& r : rows)
    for (std::size_t c = 0; c < r.cells.size(); ++c)
      width[c] = std::max(width[c], r.cells[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c)
      out += fmt::format("{}{:<{}}", c ? "  " : "", cells[c], c + 1 == cells.size() ? 0 : width[c]);
    return out + "\n";
  };
  std::string out = line(header);
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 2;
  out += std::string(total - 2, '-') + "\n";
  for (const TableRow& r : rows) out += line(r.cells);
  return out;
}

}  // namespace

std::string format_results_table(const std::vector<ScenarioRun>& runs, const TableOptions& opts) {
  std::vector<std::string> header = {"scenario", "property", "kind", "verdict"};
  if (opts.show_expected) header.insert(header.end(), {"expected", "check"});
  header.insert(header.end(), {"states", "transitions", "depth", "seconds"});
  std::vector<TableRow> rows;
  for (const ScenarioRun& run : runs) {
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      std::string verdict = checker::verdict_text(r);
      if (!r.limit.empty()) verdict += " (" + r.limit + ")";
      if (r.vacuous) verdict += " (vacuous)";
      TableRow row{{run.scenario->name, r.property, checker::to_string(r.kind), verdict}};
      if (opts.show_expected) {
        // (--expect refuses a rule that states no verdict; "-" keeps the table honest
        // should one ever reach it.)
        const std::optional<checker::Verdict>& expected = run.properties[i].expected;
        row.cells.push_back(expected ? checker::to_string(*expected) : "-");
        row.cells.push_back(!expected                ? "-"
                            : *expected == r.verdict ? "as expected"
                                                     : "UNEXPECTED");
      }
      row.cells.insert(row.cells.end(),
                       {std::to_string(r.states), std::to_string(r.transitions),
                        std::to_string(r.depth), fmt::format("{:.3f}", r.seconds)});
      rows.push_back(std::move(row));
    }
  }
  return render(header, rows);
}

std::string format_notes(const std::vector<ScenarioRun>& runs) {
  std::string out;
  for (const ScenarioRun& run : runs) {
    for (const std::string& note : run.scenario->notes)
      out += fmt::format("note: {}: {}\n", run.scenario->name, note);
    // The table's states would otherwise read as the reachable states.
    if (dynamic_cast<const checker::SymmetricModel*>(run.model.get()))
      out += fmt::format(
          "note: {}: --symmetry: states and transitions are of representatives, one state "
          "per class of states that differ only by renaming the members\n",
          run.scenario->name);
  }
  return out;
}

namespace {

std::string indented(const std::string& text) {
  std::string out = "    ";
  for (char c : text) out += c == '\n' ? std::string("\n    ") : std::string(1, c);
  return out + "\n";
}

// A proof's inductive invariant, or why induction did not close.
// --max-errors on a scenario with assumptions: the traces left out, and why.
std::string dropped_note(const checker::Result& r, const ScenarioRun::DroppedTraces& d) {
  std::string leave;
  for (const std::string& a : d.leave) leave += (leave.empty() ? "" : " or ") + a;
  std::size_t found = r.traces.size() + d.count;
  std::string which = r.traces.empty()
                          ? fmt::format("none of the {} violating states found is shown", found)
                          : fmt::format("{} of the {} violating states found {} not shown", d.count,
                                        found, d.count == 1 ? "is" : "are");
  bool one = d.count == 1;
  return fmt::format("{}: {} leave{} {}, so {} no run{} of the models", which,
                     one ? "its trace" : "their traces", one ? "s" : "", leave,
                     one ? "it is" : "they are", one ? "" : "s");
}

std::string proof_or_cti(const std::string& scenario, const checker::Result& r,
                         const checker::Layout& layout);

// Each stated invariant's verdict, one line each (a long text shortened: the JSON has it
// whole), the states of why one was not assumed indented under it.
std::string stated_lines(const std::string& scenario, const checker::Result& r) {
  constexpr std::size_t kShown = 160;
  std::string out;
  for (const checker::Result::StatedInvariant& s : r.stated) {
    std::string text =
        s.text.size() <= kShown
            ? s.text
            : fmt::format("{}... ({} characters)", s.text.substr(0, kShown), s.text.size());
    std::size_t first_line = s.why.find('\n');
    out += fmt::format(
        "{} {}: {} '{}': {}\n", scenario, r.property, s.origin, text,
        s.assumed ? "proved inductive, assumed" : "not assumed, " + s.why.substr(0, first_line));
    if (first_line != std::string::npos) out += indented(s.why.substr(first_line + 1));
  }
  return out.empty() ? out : "\n" + out;
}

// What stands behind a Z3 engine's answer when there is no trace: the lemmas it was given,
// a proof's inductive invariant, or why induction did not close.
std::string format_proof_evidence(const std::string& scenario, const checker::Result& r,
                                  const checker::Layout& layout) {
  std::string lemmas;
  auto listed = [&] { return r.lemma_count > 0 ? ":" : ""; };
  auto counted = [](std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  auto facts = [&] { return r.lemma_count > 0 ? indented(r.lemmas) : std::string(); };
  if (r.lemma_samples == 0 && r.lemma_candidates == 0 && r.lemma_stated > 0)  // no mining
    lemmas = fmt::format(
        "\n{} {}: {} assumed {} (of {} given to Houdini, no mining; it proved them inductive in "
        "{}){}\n{}",
        scenario, r.property, r.engine, counted(r.lemma_count, "lemma", "lemmas"),
        counted(r.lemma_stated, "stated invariant", "stated invariants"),
        counted(r.lemma_rounds, "round", "rounds"), listed(), facts());
  else if (r.lemma_candidates > 0)
    lemmas = fmt::format(
        "\n{} {}: {} assumed {} lemmas (of {} candidates mined from {} reachable states{}; "
        "Houdini proved them inductive in {} rounds){}{}\n{}",
        scenario, r.property, r.engine, r.lemma_count, r.lemma_candidates, r.lemma_samples,
        r.lemma_stated > 0
            ? ", and " + counted(r.lemma_stated, "stated invariant", "stated invariants")
            : "",
        r.lemma_rounds, r.lemma_note.empty() ? "" : " (" + r.lemma_note + ")", listed(), facts());
  return lemmas + stated_lines(scenario, r) + proof_or_cti(scenario, r, layout);
}

// The named values of the slots an invariant mentions: Z3 prints a control state as its
// number ("(not (<= sender.state 1))"), so the proof says what the numbers stand for:
// "where sender.state: 0 READY, 1 WAIT_ACK, 2 DONE".
std::string value_legend(const std::string& invariant, const checker::Layout& layout) {
  auto mentions = [&](const std::string& name) {
    auto part = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' ||
             c == ']' || c == '-';
    };
    for (std::size_t at = invariant.find(name); at != std::string::npos;
         at = invariant.find(name, at + 1)) {
      const std::size_t end = at + name.size();
      if ((at == 0 || !part(invariant[at - 1])) &&
          (end == invariant.size() || !part(invariant[end])))
        return true;
    }
    return false;
  };
  std::string out;
  for (const checker::Slot& slot : layout.slots()) {
    if (slot.value_names.empty() || !mentions(slot.name)) continue;
    std::vector<std::string> values;
    for (std::size_t v = 0; v < slot.value_names.size(); ++v)
      values.push_back(fmt::format("{} {}", v, slot.value_names[v]));
    out += fmt::format("    where {}: {}\n", slot.name, fmt::join(values, ", "));
  }
  return out;
}

std::string proof_or_cti(const std::string& scenario, const checker::Result& r,
                         const checker::Layout& layout) {
  if (!r.invariant.empty())
    return fmt::format(
               "\n{} {}: proved by {} for runs of any length; the inductive invariant (checked "
               "again by synack: initial states inside, closed under every step, no target "
               "state inside):\n{}",
               scenario, r.property, r.engine, indented(r.invariant)) +
           value_legend(r.invariant, layout);
  if (!r.cti.empty()) {
    // prove's counterexample to induction is the k-induction entrant's (Spacer has none).
    const char* whose = r.engine == "prove" ? "k-induction's " : "a ";
    return fmt::format("\n{} {}: not proved by {}; {}counterexample to induction:\n{}", scenario,
                       r.property, r.engine, whose, indented(r.cti));
  }
  return "";
}

}  // namespace

std::string format_all_traces(const std::vector<ScenarioRun>& runs, bool charts, std::size_t width,
                              bool changes) {
  std::string out;
  for (const ScenarioRun& run : runs) {
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      out += format_proof_evidence(run.scenario->name, r, run.model->layout());
      if (r.vacuous) {
        const bool classes = dynamic_cast<const checker::SymmetricModel*>(run.model.get());
        // A Z3 proof counts no states: it proved the premise unreachable
        // (checker/smt/premise_proof.hpp).
        const std::string premise =
            !r.premise_proved_by.empty()
                ? fmt::format("{} proved that the premise '{}' holds in no reachable state",
                              r.premise_proved_by, r.premise)
                : fmt::format("the premise '{}' holds in none of the {} reachable {}", r.premise,
                              r.states, classes ? "classes of states (--symmetry)" : "states");
        out += fmt::format("\n{} {}: holds vacuously: {}, so {}\n", run.scenario->name, r.property,
                           premise,
                           r.kind == checker::PropertyKind::kLeadsTo
                               ? "nothing ever had to follow"
                               : "the implication with that premise asked nothing of any state");
      }
      const ScenarioRun::DroppedTraces none;
      const ScenarioRun::DroppedTraces& dropped = run.dropped.empty() ? none : run.dropped.at(i);
      if (!r.trace) {
        if (dropped.count > 0)
          out += fmt::format("\n{} {}: {}\n", run.scenario->name, r.property,
                             dropped_note(r, dropped));
        continue;
      }
      // --max-errors: every distinct violating state found, shortest first.
      std::vector<const checker::Trace*> traces;
      for (const checker::Trace& t : r.traces) traces.push_back(&t);
      if (traces.empty()) traces.push_back(&*r.trace);
      for (std::size_t t = 0; t < traces.size(); ++t) {
        std::string which = r.several ? fmt::format(" {} of {}", t + 1, traces.size()) : "";
        out += '\n';
        out += trace_heading(
            fmt::format("{} {}: {}{}", run.scenario->name, r.property, trace_role(r.kind), which),
            fmt::format("{}, replayed through {}", trace_shape(*traces[t]),
                        run.model->replayed_through()),
            width);
        if (!r.fairness.empty() || checker::is_liveness(r.kind))
          out += wrap_text("    ", checker::formula(run.properties[i]), "      ", width);
        out += format_trace(*run.model, run.properties[i], *traces[t], width, changes);
        if (charts) {
          out += '\n';
          out += chart_text(build_chart(*run.model, *traces[t]), width);
        }
      }
      if (r.several && !r.traces_limit.empty())
        out += fmt::format("    ({} distinct violating states found before the {} limit)\n",
                           r.traces.size() + dropped.count, r.traces_limit);
      if (dropped.count > 0) out += fmt::format("    ({})\n", dropped_note(r, dropped));
    }
  }
  return out;
}

}  // namespace synack::reports
