// A header that only first.cpp of the fixture includes: an overload of scale() for int,
// defined in fourth.cpp, outside the batch.
#pragma once
namespace fixture {
long scale(int value);
}  // namespace fixture
