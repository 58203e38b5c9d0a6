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
    s.next.resize(layout_.size() * model.group_count());
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
  for (std::uint32_t p = 0; p < asked; ++p) {
    try {
      expand_parent(block.first_parent + p, block, scratch);
    } catch (...) {
      block.error = std::current_exception();
      block.parents = p;
      return;
    }
  }
}

void Expander::expand_parent(std::uint32_t parent, ExpandedBlock& block, Scratch& scratch) const {
  const std::size_t slots = layout_.size(), words = layout_.words();
  store_.unpack(parent, layout_, scratch.current.data());
  const Value* current = scratch.current.data();
  std::uint64_t* row_counts = rules_.count_rows ? block.row_counts.data() : nullptr;
  const std::size_t first = block.successors.size();
  const std::size_t first_packed = block.hashes.size();
  // Generate, pack and hash every successor first, then look them all up, so that the
  // store's cache misses overlap (StateStore::prefetch_slot).
  std::size_t n = 0;
  for (std::size_t g = 0; g < model_.group_count(); ++g) {
    Value* next = &scratch.next[n * slots];
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
  for (std::size_t k = 0; k < n; ++k) store_.prefetch_candidate(block.hashes[first_packed + k]);
  // Keep the packed form only of the successors the store does not hold yet.
  std::size_t kept = first_packed;
  for (std::size_t k = 0; k < n; ++k) {
    Successor& s = block.successors[first + k];
    const std::size_t from = first_packed + k;
    if (auto index = store_.find(&block.packed[from * words], block.hashes[from])) {
      s.known = true;
      s.index = *index;
      continue;
    }
    if (rules_.new_state_bits) s.bits = rules_.new_state_bits(&scratch.next[k * slots]);
    if (kept != from) {
      std::copy_n(&block.packed[from * words], words, &block.packed[kept * words]);
      block.hashes[kept] = block.hashes[from];
    }
    s.index = static_cast<std::uint32_t>(kept++);
  }
  block.packed.resize(kept * words);
  block.hashes.resize(kept);
  block.end.push_back(static_cast<std::uint32_t>(block.successors.size()));
  block.dead_end_bits.push_back(n == 0 && rules_.dead_end_bits ? rules_.dead_end_bits(current) : 0);
}

}  // namespace synack::checker
