// Which state store a search keeps its states in (`--store`): `plain` keeps every state
// packed, word for word (the fastest); `tree` keeps it tree-compressed (about a third of
// the memory, more CPU). Both are exact and number states alike, so every result but
// the memory figures is the same with either.
#pragma once

#include <optional>
#include <string_view>

namespace synack::checker {

enum class StoreKind { kPlain, kTree };

constexpr std::string_view store_name(StoreKind kind) {
  return kind == StoreKind::kTree ? "tree" : "plain";
}

constexpr std::optional<StoreKind> store_named(std::string_view name) {
  if (name == "plain") return StoreKind::kPlain;
  if (name == "tree") return StoreKind::kTree;
  return std::nullopt;
}

}  // namespace synack::checker
