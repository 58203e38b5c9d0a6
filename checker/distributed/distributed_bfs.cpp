#include "checker/distributed/distributed_bfs.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "checker/checkpoint_coverage.hpp"
#include "checker/checkpoint_store.hpp"
#include "checker/distributed/checkpoints.hpp"
#include "checker/distributed/owned_states.hpp"
#include "checker/distributed/path_trace.hpp"
#include "checker/distributed/resume_successors.hpp"
#include "checker/distributed/round.hpp"
#include "checker/distributed/round_outcome.hpp"
#include "checker/distributed/search_checkpoint.hpp"
#include "checker/distributed/search_state.hpp"
#include "checker/distributed/verdicts.hpp"
#include "checker/distributed/wanted_states.hpp"
#include "checker/errors.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"
#include "checker/vacuity.hpp"

namespace synack::checker::distributed {

namespace {

using Clock = std::chrono::steady_clock;

// What each rank contributes to a round's gather, in this order, then the positions
// of the states the properties want (wanted_states.hpp).
enum Stat : std::size_t {
  kSliceCount,
  kNewStates,
  kTransitions,
  kBytes,
  kLimitBits,
  kError,
  kEvents
};
enum LimitBit : std::uint64_t { kStoreFull = 1, kMemory = 2, kSeconds = 4, kInterrupted = 8 };
// Not a limit: some rank's clock says a checkpoint is due.
constexpr std::uint64_t kCheckpointDue = 16;

// The limits each rank checks for itself, in the order the one-process search names them.
std::string limit_name(std::uint64_t bits) {
  if (bits & kStoreFull) return "store-capacity";
  if (bits & kMemory) return "max-memory";
  if (bits & kSeconds) return "max-seconds";
  if (bits & kInterrupted) return "interrupted";
  return {};
}

class Search {
 public:
  Search(const Comm& comm, const Model& model, const std::vector<PropertySpec>& specs,
         const Limits& limits, const ProgressFn& progress)
      : comm_(comm),
        model_(model),
        layout_(model.layout()),
        limits_(limits),
        progress_(progress),
        st_(layout_, limits.store),
        round_(model, comm, st_.owned),
        scratch_(layout_.size()),
        verdicts_(model, specs, limits.max_errors),
        premises_(model, specs) {
    if (auto open = model.open_initial_slots(); !open.empty())
      throw InputError(fmt::format(
          "{} starts at a value left open for the Z3 engines; the explicit engine starts from "
          "one initial state: pin it (tcp.isn=pinned) or use --engine bmc, kind or spacer",
          layout_.slot(open.front()).name));
    if (comm.size() > 65536)
      throw InputError(
          fmt::format("--distributed: {} ranks; the search addresses at most 65536", comm.size()));
    limits_.max_states = std::min<std::uint64_t>(limits_.max_states, kMaxIndex);
    st_.coverage.reset(model.row_count(), model.group_count());
    if (checkpoint_) question_ = checkpoint_question(*checkpoint_, model, specs, comm.size());
  }

  std::vector<Result> run(ExplorationStats* stats) {
    start_ = Clock::now();
    std::uint64_t resume_at = 0;
    const bool resuming = checkpoint_ && checkpoint_->resume;
    if (resuming)
      resume_at = resume();
    else
      start_from_initial_state();
    last_checkpoint_ = elapsed();
    std::string limit;
    bool stopped = verdicts_.done();
    if (!stopped && limits_.max_states <= 1) {
      limit = "max-states";
      stopped = true;
    }
    if (!stopped && resuming) {
      limit = limit_at_resume();
      stopped = !limit.empty();
    }
    for (std::size_t level = st_.depth; !stopped && st_.level_first < st_.level_last; ++level) {
      st_.depth = level;
      stopped = expand_level(limit, resume_at);
      resume_at = 0;
      if (stopped) break;
      st_.level_first = st_.level_last;
      st_.level_last = st_.states;
      st_.frontier.swap(st_.next_frontier);
      st_.next_frontier.clear();
    }
    const bool exhausted = !stopped;  // the frontier ran out
    const double seconds = elapsed();
    // Collective, on every rank alike.
    ExplorationStats summed = sum_over_ranks(comm_, st_, exhausted, limit);
    std::vector<Result> results = verdicts_.results(
        {st_.states, st_.transitions, st_.bytes, seconds}, st_.depth, exhausted, limit);
    for (Result& r : results) r.store = store_name(st_.owned.store.kind());
    // Collective: every rank has the same questions.
    premises_.mark_over(st_.owned.store, results, [this](Words& reached) { comm_.sum(reached); });
    if (stats) {
      *stats = std::move(summed);
      stats->seconds = seconds;
      stats->packed_bytes_per_state = layout_.words() * sizeof(std::uint64_t);
    }
    return results;
  }

 private:
  // Every rank builds the initial state; its owner stores it. What it decides is decided
  // with one state and no transition, as in one process.
  void start_from_initial_state() {
    std::vector<Value> initial = model_.initial_state();
    const Words packed = initial_packed();
    const int owner = initial_owner();
    if (comm_.rank() == owner) {
      st_.owned.store.insert(packed.data(), StateStore::kNoParent);
      st_.owned.parent_local.push_back(StateStore::kNoParent);
      st_.owned.parent_rank.push_back(0);
      st_.frontier.push_back({0, 0});
    }
    st_.states = 1;
    st_.level_first = 0;
    st_.level_last = 1;
    Words bytes{st_.owned.bytes()};
    comm_.sum(bytes);
    st_.bytes = bytes[0];
    for (std::size_t k = 0; k < verdicts_.size(); ++k)
      if (verdicts_.wants_state(k, initial.data())) decide(k, 1, 0, owner, 0);
  }

  Words initial_packed() const {
    std::vector<Value> initial = model_.initial_state();
    Words packed(layout_.words());
    layout_.pack(initial.data(), packed.data());
    return packed;
  }
  int initial_owner() const {
    const std::uint64_t hash = st_.owned.store.hash(initial_packed().data());
    return static_cast<int>(owner_of(hash, static_cast<std::uint32_t>(comm_.size())));
  }

  // The level's parents in rounds of consecutive global indices, from `from` on when
  // resuming.
  bool expand_level(std::string& limit, std::uint64_t from) {
    // Every rank expands up to round_states parents per round: larger rounds synchronise
    // less often, smaller ones hold less in the exchange buffers (16,384 by default).
    const std::uint64_t per_round =
        std::uint64_t{limits_.round_states > 0 ? limits_.round_states : 1u << 14} *
        static_cast<std::uint64_t>(comm_.size());
    std::size_t begin = 0;
    const std::uint64_t start = std::max(st_.level_first, from);
    while (begin < st_.frontier.size() && st_.frontier[begin].index < start) ++begin;
    for (std::uint64_t first = start; first < st_.level_last; first += per_round) {
      const std::uint64_t last = std::min(st_.level_last, first + per_round);
      std::size_t end = begin;
      while (end < st_.frontier.size() && st_.frontier[end].index < last) ++end;
      if (run_round(first, last, begin, end, limit)) return true;
      begin = end;
    }
    return false;
  }

  bool run_round(std::uint64_t first, std::uint64_t last, std::size_t begin, std::size_t end,
                 std::string& limit) {
    const std::size_t n = verdicts_.size();
    WantedStates wanted(verdicts_);
    auto dead_end = [&](const FrontierEntry& parent, const Value* state) {
      const Position at = position(parent.index, kAfterSuccessors);
      for (std::size_t k = 0; k < n; ++k)
        if (wanted.could_take(k, at) && verdicts_.wants_dead_end(k, state))
          wanted.take(k, at, parent.local);
    };
    round_.expand(st_.frontier.data() + begin, end - begin, model_.row_count() > 0, dead_end);
    for (std::size_t i = 0; i < round_.new_count(); ++i) {
      const auto local = static_cast<std::uint32_t>(round_.first_new() + i);
      st_.owned.store.unpack(local, layout_, scratch_.data());
      for (std::size_t k = 0; k < n; ++k)
        if (wanted.could_take(k, round_.new_key(i)) && verdicts_.wants_state(k, scratch_.data()))
          wanted.take(k, round_.new_key(i), local);
    }

    // One gather tells every rank what every rank found.
    Words mine(kEvents + wanted.words());
    mine[kSliceCount] = round_.send_keys(first, last);
    mine[kNewStates] = round_.new_count();
    mine[kTransitions] = round_.transitions();
    mine[kBytes] = bytes();
    mine[kLimitBits] = local_limits();
    mine[kError] = round_.error();
    wanted.write(mine.data() + kEvents);
    const Words all = comm_.all_gather(mine);
    wanted.merge(all, mine.size(), kEvents, comm_.size());
    RoundEvents ev;
    wanted.describe(verdicts_, ev);
    std::uint64_t new_total = 0, transitions_total = 0, bytes_total = 0, limit_bits = 0;
    std::vector<std::uint64_t> slice_first(static_cast<std::size_t>(comm_.size()) + 1, st_.states);
    for (int r = 0; r < comm_.size(); ++r) {
      const std::uint64_t* theirs = &all[static_cast<std::size_t>(r) * mine.size()];
      slice_first[r + 1] = slice_first[r] + theirs[kSliceCount];
      new_total += theirs[kNewStates];
      transitions_total += theirs[kTransitions];
      bytes_total += theirs[kBytes];
      limit_bits |= theirs[kLimitBits];
      ev.error = std::min(ev.error, theirs[kError]);
    }
    round_.receive_indices(slice_first[comm_.rank()]);
    st_.bytes = bytes_total;
    ev.cut = cut_position(slice_first);
    ev.other_limit = limit_name(limit_bits);
    const RoundOutcome out = settle_round(ev);
    if (out.kind == RoundOutcome::Kind::kError) throw_machine_error(ev.error);

    // The global counts at each decision, and where the search stops.
    std::vector<Position> at;
    for (std::size_t k = 0; k < n; ++k)
      if (out.decides[k]) at.push_back(ev.first_event[k]);
    at.push_back(out.kind == RoundOutcome::Kind::kStop ? out.stop : kNowhere);
    Words counts;
    for (Position p : at) {
      counts.push_back(round_.new_states_up_to(p));
      counts.push_back(round_.transitions_up_to(p));
    }
    // The whole round's counts are in the gather already.
    if (at.size() > 1 || at.back() != kNowhere)
      comm_.sum(counts);
    else
      counts = {new_total, transitions_total};
    decide_round(out, wanted, counts);

    st_.states += counts[counts.size() - 2];
    st_.transitions += counts.back();
    const bool stop = out.kind == RoundOutcome::Kind::kStop;
    round_.add_coverage(stop ? out.stop : kNowhere, st_.coverage);
    if (stop && out.stop != kNowhere) {
      limit = out.limit;
      // The one-process search counts a new level when --max-states stops it at or
      // within its level's last parent.
      if (limit == "max-states" && parent_of(out.stop) + 1 == st_.level_last) ++st_.depth;
      return true;
    }
    // The whole round is taken: its states join the next level.
    const std::size_t from = st_.next_frontier.size();
    for (std::size_t i = 0; i < round_.new_count(); ++i)
      st_.next_frontier.push_back(
          {round_.new_index(i), static_cast<std::uint32_t>(round_.first_new() + i)});
    std::sort(st_.next_frontier.begin() + static_cast<std::ptrdiff_t>(from),
              st_.next_frontier.end(),
              [](const FrontierEntry& a, const FrontierEntry& b) { return a.index < b.index; });
    // A clean point between rounds, as is a stop for time, memory or a signal: such a run
    // can go on from here.
    if (checkpoint_ && (stop ? out.limit != "store-capacity" : (limit_bits & kCheckpointDue)))
      save(last);
    if (stop) {
      limit = out.limit;
      return true;
    }
    report_progress(last);
    return false;
  }

  void save(std::uint64_t next_parent) {
    save_checkpoint(comm_, checkpoint_->dir, question_, generation_++,
                    capture(st_, verdicts_, next_parent, layout_.words(),
                            rank_identity(question_, comm_.rank())));
    last_checkpoint_ = elapsed();
  }

  // The search as the checkpoint left it; decided properties get their traces again, from
  // the ranks that hold each state of them, and replay them.
  std::uint64_t resume() {
    std::uint64_t generation = 0;
    const RankCheckpoint part = load_checkpoint(comm_, checkpoint_->dir, question_, generation);
    generation_ = generation + 1;
    const std::string where = rank_checkpoint_file(checkpoint_->dir, generation, comm_.rank());
    // A part that does not fit may be one rank's only: thrown on every rank, or the others
    // would wait for it in the search's first collective.
    std::string failure;
    std::uint64_t next_parent = 0;
    try {
      if (part.decisions.size() != verdicts_.size())
        throw InputError(where + " does not fit this model; start afresh without --resume");
      // A slot beyond its range would be expanded as if reachable (or blamed on a
      // machine). Checked before the store holds them: it keeps a state only in the
      // bytes its slots reach, so bits past them would be lost and the state stored as
      // another.
      if (part.words == layout_.words()) {  // else restore says the part does not fit
        PackedStateCheck check(layout_);
        for (std::size_t i = 0; i < part.parent_local.size(); ++i)
          if (std::string why = check.fault(&part.packed[i * layout_.words()], i, where);
              !why.empty())
            throw InputError(why);
      }
      next_parent = restore(st_, part, layout_.words(), where);
    } catch (const InputError& e) {
      failure = e.what();
    }
    throw_if_any_failed(comm_, failure);
    failure = coverage_fault(
        comm_, model_, st_,
        rank_checkpoint_file(checkpoint_->dir, generation, 0).parent_path().string());
    throw_if_any_failed(comm_, failure);
    // Every parent link must name a state its rank holds: a trace follows them across
    // ranks, and a link out of range would read past a store.
    const Words counts = comm_.all_gather({st_.owned.parent_local.size()});
    if (!links_fit(st_, counts))
      failure = where +
                " is not a usable checkpoint: a link names a state no rank holds; start "
                "afresh without --resume";
    else
      failure = roots_fault(st_, initial_packed().data(), comm_.rank() == initial_owner(), where);
    throw_if_any_failed(comm_, failure);
    failure = expanded_successors_fault(comm_, model_, st_, next_parent,
                                        std::filesystem::path(where).parent_path().string());
    throw_if_any_failed(comm_, failure);
    failure = undecided_fault(st_, layout_, verdicts_, part, where);
    throw_if_any_failed(comm_, failure);
    for (std::size_t k = 0; k < part.decisions.size(); ++k) {
      const RankDecision& d = part.decisions[k];
      if (!d.decided) continue;
      // A decision no search makes (a part made by hand) would be reported as found: a
      // verdict the kind never gives, a trace to a state that violates nothing. Every
      // rank has the verdict (the parts agree on it), the owner the state.
      if (d.verdict != verdicts_.deciding_verdict(k))
        failure = hand_made(where, fmt::format("the verdict of {} is not one a search of it gives",
                                               verdicts_.name(k)));
      else if (d.owner == static_cast<std::uint64_t>(comm_.rank())) {
        st_.owned.store.unpack(d.local, layout_, scratch_.data());
        if (!verdicts_.decides(k, scratch_.data()))
          failure = hand_made(where, fmt::format("the state that decided {} does not decide it",
                                                 verdicts_.name(k)));
      }
      throw_if_any_failed(comm_, failure);
      Trace trace = rebuild_trace(comm_, model_, st_.owned, static_cast<int>(d.owner), d.local);
      verify_by_replay(model_, trace);
      verdicts_.decide(k, {d.states, d.transitions, d.store_bytes, elapsed()}, std::move(trace),
                       d.owner, d.local);
    }
    return next_parent;
  }

  // A checkpoint at or past the resume's --max-states or --max-memory: stop before the first
  // round (no round's cut can fall before the states it starts with), with the checkpoint's
  // figures, which may count the rest of the round that crossed a smaller limit (README).
  std::string limit_at_resume() {
    if (st_.states >= limits_.max_states) return "max-states";
    Words over{limit_bytes(0) >= limits_.max_memory_bytes ? 1u : 0u};
    comm_.sum(over);
    return over[0] > 0 ? "max-memory" : "";
  }

  // The insertion of the --max-states-th state, if this round makes it: its key, from
  // the rank whose slice numbered it.
  Position cut_position(const std::vector<std::uint64_t>& slice_first) const {
    const std::uint64_t cut = limits_.max_states - 1;
    if (cut < st_.states || cut >= slice_first.back()) return kNowhere;
    int slice = 0;
    while (slice_first[slice + 1] <= cut) ++slice;
    Words key;
    if (comm_.rank() == slice) key.push_back(round_.slice_key(cut - slice_first[slice]));
    comm_.broadcast(key, slice);
    return key.at(0);
  }

  // The round's decisions, and under --max-errors the further violations, up to where
  // the search stops; each with its trace, rebuilt by every rank from the owner's state.
  void decide_round(const RoundOutcome& out, const WantedStates& wanted, const Words& counts) {
    const Position stop = out.kind == RoundOutcome::Kind::kStop ? out.stop : kNowhere;
    for (std::size_t k = 0, j = 0; k < verdicts_.size(); ++k) {
      const bool decides = out.decides[k];
      for (const WantedStates::Found& f : wanted.found(k)) {
        if (f.at > stop) break;
        const std::uint32_t local = wanted.local_of(k, f.at);
        if (decides && &f == &wanted.found(k).front()) {
          decide(k, st_.states + counts[2 * j], st_.transitions + counts[2 * j + 1], f.owner,
                 local);
          ++j;
          continue;
        }
        Trace trace = rebuild_trace(comm_, model_, st_.owned, f.owner, local);
        verify_by_replay(model_, trace);
        verdicts_.add_violation(k, std::move(trace));
      }
    }
  }

  // Every rank rebuilds the trace to the deciding state and replays it.
  void decide(std::size_t k, std::uint64_t states, std::uint64_t transitions, int owner,
              std::uint32_t local) {
    Trace trace = rebuild_trace(comm_, model_, st_.owned, owner, local);
    verify_by_replay(model_, trace);
    verdicts_.decide(k, {states, transitions, st_.bytes, elapsed()}, std::move(trace),
                     static_cast<std::uint32_t>(owner), local);
  }

  // A machine threw on a parent before anything else stopped the search: the run to that
  // parent, as the one-process search reports it.
  [[noreturn]] void throw_machine_error(Position at) {
    Words owner{round_.error() == at ? static_cast<std::uint64_t>(comm_.rank())
                                     : static_cast<std::uint64_t>(comm_.size())};
    comm_.min(owner);
    const int root = static_cast<int>(owner[0]);
    Words info;
    if (comm_.rank() == root) {
      info = words_of(round_.error_message());
      info.push_back(round_.error_group());
    }
    comm_.broadcast(info, root);
    const std::string message = text_of(info.data(), info.size() - 1);
    Trace before = rebuild_trace(comm_, model_, st_.owned, root, round_.error_local());
    throw_step_error(model_, before, static_cast<std::size_t>(info.back()), InputError(message),
                     "explicit");
  }

  // What this rank holds, by sizes (OwnedStates::bytes), for the figures the run reports.
  std::size_t bytes() const {
    return st_.owned.bytes() + round_.bytes() +
           (st_.frontier.size() + st_.next_frontier.size()) * sizeof(FrontierEntry);
  }

  // What --max-memory weighs: states, parent links, frontier entries (the round's new states
  // as entries already), not the round's buffers, full at the check and empty after a
  // resume: a function of where the search is, so a resume stops where its run would.
  // `pending`: the round's new states on this rank, 0 between rounds.
  std::size_t limit_bytes(std::size_t pending) const {
    return st_.owned.bytes() +
           (st_.frontier.size() + st_.next_frontier.size() + pending) * sizeof(FrontierEntry);
  }

  std::uint64_t local_limits() const {
    std::uint64_t bits = 0;
    if (round_.store_full()) bits |= kStoreFull;
    if (limit_bytes(round_.new_count()) >= limits_.max_memory_bytes) bits |= kMemory;
    if (limits_.max_seconds > 0 && elapsed() >= limits_.max_seconds) bits |= kSeconds;
    if (limits_.interrupt_requested()) bits |= kInterrupted;
    if (checkpoint_ && elapsed() - last_checkpoint_ >= checkpoint_->every_seconds)
      bits |= kCheckpointDue;
    return bits;
  }

  void report_progress(std::uint64_t expanded) {
    if (!progress_ || comm_.rank() != 0) return;
    const double now = elapsed();
    if (now < next_progress_) return;
    next_progress_ = now + 1.0;
    progress_({st_.states, st_.states - expanded, st_.depth, st_.bytes, now});
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const Comm& comm_;
  const Model& model_;
  const Layout& layout_;
  Limits limits_;
  const ProgressFn& progress_;
  SearchState st_;
  Round round_;
  std::vector<Value> scratch_;
  Verdicts verdicts_;
  PremiseScan premises_;
  const CheckpointOptions* checkpoint_ = limits_.checkpoint;
  std::string question_;  // what a checkpoint of this search answers
  std::uint64_t generation_ = 0;
  double last_checkpoint_ = 0;
  double next_progress_ = 1.0;
  Clock::time_point start_;
};

}  // namespace

std::vector<Result> check_distributed(const Comm& comm, const Model& model,
                                      const std::vector<PropertySpec>& properties,
                                      const Limits& limits, ExplorationStats* stats,
                                      const ProgressFn& progress) {
  Search search(comm, model, properties, limits, progress);
  return search.run(stats);
}

}  // namespace synack::checker::distributed
