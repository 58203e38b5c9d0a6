#include "checker/channel.hpp"

#include <algorithm>
#include <functional>

namespace synack::checker {

std::size_t Channel::slot_count() const {
  return static_cast<std::size_t>(policy_.capacity) + (policy_.max_duplicates > 0 ? 1 : 0);
}

bool Channel::distinct_at(const Value* s, int k) const {
  if (!has(s, k)) return false;
  return k == 0 || s[base_ + k] != s[base_ + k - 1];
}

bool Channel::deliverable(const Value* s, int k) const {
  if (policy_.ordered) return k == 0 && has(s, 0);
  return distinct_at(s, k);
}

bool Channel::push(Value* s, Value message) const {
  for (int k = 0; k < policy_.capacity; ++k) {
    if (!has(s, k)) {
      s[base_ + k] = message + 1;
      normalize(s);
      return true;
    }
  }
  return false;
}

void Channel::remove(Value* s, int k) const {
  Value* first = s + base_;
  std::copy(first + k + 1, first + policy_.capacity, first + k);
  first[policy_.capacity - 1] = 0;
}

bool Channel::duplicate(Value* s, int k) const {
  if (policy_.max_duplicates == 0) return false;
  Value& used = s[base_ + policy_.capacity];
  if (used >= policy_.max_duplicates || has(s, policy_.capacity - 1)) return false;
  // The copy goes right behind the original, which keeps a FIFO channel in order.
  Value* first = s + base_;
  std::copy_backward(first + k, first + policy_.capacity - 1, first + policy_.capacity);
  ++used;
  normalize(s);
  return true;
}

void Channel::normalize(Value* s) const {
  if (policy_.ordered) return;
  // Descending order puts the empty slots (0) last.
  std::sort(s + base_, s + base_ + policy_.capacity, std::greater<Value>());
}

}  // namespace synack::checker
