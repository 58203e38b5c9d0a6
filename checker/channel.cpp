#include "checker/channel.hpp"

#include <algorithm>
#include <array>
#include <functional>

namespace synack::checker {

std::size_t Channel::slot_count() const {
  std::size_t cap = static_cast<std::size_t>(policy_.capacity);
  return cap + (timed() ? cap : 0) + (policy_.max_duplicates > 0 ? 1 : 0);
}

bool Channel::duplicate(Value* s, int k) const {
  if (policy_.max_duplicates == 0) return false;
  Value& used = s[dups_slot()];
  int cap = policy_.capacity;
  if (used >= policy_.max_duplicates || has(s, cap - 1)) return false;
  // The copy goes right behind the original, which keeps a FIFO channel in order.
  Value* first = s + base_;
  std::copy_backward(first + k, first + cap - 1, first + cap);
  if (timed()) {
    Value* ages = s + age_base();
    std::copy_backward(ages + k, ages + cap - 1, ages + cap);
  }
  ++used;
  normalize(s);
  return true;
}

bool Channel::tick(Value* s) const {
  if (!timed()) return false;
  bool changed = false;
  for (int k = policy_.capacity - 1; k >= 0; --k) {
    if (!has(s, k)) continue;
    changed = true;
    if (++s[age_base() + k] > policy_.msl) remove(s, k);
  }
  return changed;
}

void Channel::normalize(Value* s) const {
  if (policy_.ordered) return;
  // Descending (message, age) order puts the empty slots (0) last.
  if (!timed()) {
    std::sort(s + base_, s + base_ + policy_.capacity, std::greater<Value>());
    return;
  }
  int cap = policy_.capacity;
  std::array<std::pair<Value, Value>, 16> pairs{};
  for (int k = 0; k < cap; ++k) pairs[k] = {s[base_ + k], s[age_base() + k]};
  std::sort(pairs.begin(), pairs.begin() + cap, std::greater<>());
  for (int k = 0; k < cap; ++k) {
    s[base_ + k] = pairs[k].first;
    s[age_base() + k] = pairs[k].second;
  }
}

}  // namespace synack::checker
