#include "checker/successors.hpp"

#include <algorithm>

#include "checker/errors.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

Expander::Expander(const Model& model, const StateStore& store, ExpansionRules rules,
                   unsigned threads, std::uint32_t round_states)
    : model_(model),
      layout_(model.layout()),
      store_(store),
      rules_(std::move(rules)),
      block_parents_(
          std::clamp<std::uint32_t>(round_states / (16 * std::max(1u, threads)), 1, 128)),
      pool_(std::max(1u, threads)) {
  scratch_.resize(pool_.size());
  for (Scratch& s : scratch_) {
    s.current.resize(layout_.size());
    s.next.resize(kStages * layout_.size() * model.group_count());
  }
  rules_.message_slot.resize(model.group_count(), -1);
}

unsigned expansion_threads(const Model& model, unsigned requested) {
  return model.numbers_messages_on_first_use() ? 1 : std::max(1u, requested);
}

void rethrow_expansion_error(const Model& model, const StateStore& store,
                             const ExpandedBlock& block) {
  const std::uint32_t parent = block.first_parent + block.parents;
  try {
    std::rethrow_exception(block.error);
  } catch (const StepError&) {
    throw;
  } catch (const InputError& e) {
    throw_step_error(model, reconstruct_trace(model, store, parent), block.error_group, e,
                     "explicit");
  }
}

void Expander::expand(std::uint32_t first, std::uint32_t last) {
  used_ = (last - first + block_parents_ - 1) / block_parents_;
  if (blocks_.size() < used_) blocks_.resize(used_);
  for (std::size_t b = 0; b < used_; ++b) {
    ExpandedBlock& block = blocks_[b];
    block.first_parent = first + static_cast<std::uint32_t>(b) * block_parents_;
    block.parents = std::min<std::uint32_t>(block_parents_, last - block.first_parent);
  }
  pool_.run(used_,
            [&](std::size_t b, unsigned worker) { expand_block(blocks_[b], scratch_[worker]); });
}

void Expander::expand_block(ExpandedBlock& block, Scratch& scratch) const {
  const std::uint32_t asked = block.parents;
  block.end.clear();
  block.dead_end_bits.clear();
  block.successors.clear();
  block.packed.clear();
  block.hashes.clear();
  if (rules_.count_rows) block.row_counts.assign(model_.row_count(), 0);
  block.error = nullptr;
  const std::size_t per_parent = layout_.size() * model_.group_count();
  auto next_of = [&](std::uint32_t p) { return &scratch.next[(p % kStages) * per_parent]; };
  std::uint32_t generated = 0;
  std::size_t kept = 0;  // successors new to the store so far, compacted in packed/hashes
  // Step t generates parent t, prefetches for parent t - 1 and resolves parent t - 2. A
  // parent that throws ends the generating; the parents before it are still resolved.
  for (std::uint32_t t = 0; t < asked + kStages - 1; ++t) {
    if (t < asked && !block.error) {
      try {
        generate(block.first_parent + t, block, scratch.stages[t % kStages], next_of(t), scratch);
        ++generated;
      } catch (...) {
        block.error = std::current_exception();
      }
    }
    if (t >= 1 && t - 1 < generated) prefetch_candidates(block, scratch.stages[(t - 1) % kStages]);
    if (t >= 2 && t - 2 < generated)
      resolve(block, scratch.stages[(t - 2) % kStages], next_of(t - 2), kept);
  }
  if (block.error) block.parents = generated;
  block.packed.resize(kept * layout_.words());
  block.hashes.resize(kept);
}

void Expander::generate(std::uint32_t parent, ExpandedBlock& block, Stage& stage, Value* next_base,
                        Scratch& scratch) const {
  const std::size_t slots = layout_.size(), words = layout_.words();
  store_.unpack(parent, layout_, scratch.current.data());
  const Value* current = scratch.current.data();
  std::uint64_t* row_counts = rules_.count_rows ? block.row_counts.data() : nullptr;
  stage.first = block.successors.size();
  stage.first_packed = block.hashes.size();
  // Generate, pack and hash every successor, and prefetch its table entry
  // (StateStore::prefetch_slot); the lookups come two parents later.
  std::size_t n = 0;
  for (std::size_t g = 0; g < model_.group_count(); ++g) {
    Value* next = &next_base[n * slots];
    bool enabled, liveness_only = false;
    try {
      enabled = row_counts ? model_.apply_counting(g, current, next, row_counts)
                           : model_.apply(g, current, next);
      if (!enabled && rules_.liveness_steps)
        enabled = liveness_only = model_.liveness_only_step(g, current, next);
    } catch (...) {
      block.error_group = g;
      throw;
    }
    if (!enabled) continue;
    Successor s;
    s.group = static_cast<std::uint16_t>(g);
    s.liveness_only = liveness_only;
    if (rules_.message_slot[g] >= 0) s.message = current[rules_.message_slot[g]] - 1;
    block.successors.push_back(s);
    block.packed.resize(block.packed.size() + words);
    std::uint64_t* packed = &block.packed[block.packed.size() - words];
    layout_.pack(next, packed);
    std::uint64_t h = store_.hash(packed);
    block.hashes.push_back(h);
    store_.prefetch_slot(h);
    ++n;
  }
  stage.count = n;
  stage.dead_end_bits = n == 0 && rules_.dead_end_bits ? rules_.dead_end_bits(current) : 0;
}

void Expander::prefetch_candidates(const ExpandedBlock& block, const Stage& stage) const {
  for (std::size_t k = 0; k < stage.count; ++k)
    store_.prefetch_candidate(block.hashes[stage.first_packed + k]);
}

// Looks the parent's successors up; keeps the packed form only of those the store does
// not hold yet, moved down to `kept` (never past a later parent's, which come after).
void Expander::resolve(ExpandedBlock& block, const Stage& stage, const Value* next,
                       std::size_t& kept) const {
  const std::size_t slots = layout_.size(), words = layout_.words();
  for (std::size_t k = 0; k < stage.count; ++k) {
    Successor& s = block.successors[stage.first + k];
    const std::size_t from = stage.first_packed + k;
    if (auto index = store_.find(&block.packed[from * words], block.hashes[from])) {
      s.known = true;
      s.index = *index;
      continue;
    }
    if (rules_.new_state_bits) s.bits = rules_.new_state_bits(&next[k * slots]);
    if (kept != from) {
      std::copy_n(&block.packed[from * words], words, &block.packed[kept * words]);
      block.hashes[kept] = block.hashes[from];
    }
    s.index = static_cast<std::uint32_t>(kept++);
  }
  block.end.push_back(static_cast<std::uint32_t>(stage.first + stage.count));
  block.dead_end_bits.push_back(stage.dead_end_bits);
}

}  // namespace synack::checker
