// The behaviour of one implementation across its releases: a folder VERSION/PROTOCOL.dot
// (tlsprint's layout: openssl/1.0.1g/TLS12.dot), the versions in release order
// (learned/version_order), grouped into behaviour classes by canonical form
// (learned/canonical: renumbered states or reordered lines are the same behaviour), and
// for each consecutive pair that behaves differently, the shortest input sequence that
// tells them apart (learned/equivalence).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "learned/equivalence.hpp"

namespace synack::learned {

struct VersionHistory {
  std::string protocol;               // "TLS12": the file read in each version's folder
  std::vector<std::string> versions;  // in release order, those with the file
  std::vector<std::string> files;     // each version's model, FOLDER/VERSION/PROTOCOL.dot
  std::vector<std::string> without;   // version folders without it, in release order
  // Behaviour class of each version: 0 for the first version's, then numbered by first
  // appearance (a class can come back after another).
  std::vector<std::size_t> class_of;
  std::vector<std::size_t> class_states;  // states of each class's minimal machine
  struct Change {
    std::size_t before = 0, after = 0;  // indices into `versions`, consecutive
    Comparison comparison;
  };
  std::vector<Change> changes;
  std::size_t classes() const { return class_states.size(); }
};

// Throws InputError when the folder is missing or holds no VERSION/PROTOCOL.dot, or
// when a model is malformed or nondeterministic (naming its file and line).
VersionHistory version_history(const std::string& folder, const std::string& protocol);

}  // namespace synack::learned
