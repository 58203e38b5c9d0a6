// How Catch2 prints a store's insert result (store::Inserted) when a comparison fails:
// "index 5, added", "index 5, present" or "full". Without it a failed REQUIRE(a == b)
// between two stores' answers printed "{?} == {?}".
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "checker/store/inserted.hpp"

namespace Catch {
template <>
struct StringMaker<synack::checker::store::Inserted> {
  static std::string convert(const synack::checker::store::Inserted& inserted) {
    if (!inserted) return "full";
    return "index " + std::to_string(inserted.index()) +
           (inserted.added() ? ", added" : ", present");
  }
};
}  // namespace Catch
