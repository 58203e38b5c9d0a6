// A header that only fifth.cpp of the fixture includes: a function template halve(),
// declared here and instantiated for int in fourth.cpp, outside the batch.
#pragma once
namespace fixture {
template <class T>
long halve(T value);
}  // namespace fixture
