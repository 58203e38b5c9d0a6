// The coverage counts a checkpoint carries (checker/coverage.hpp: rows fired, transitions
// and new states per group), checked when read. A resume takes them as they are instead
// of counting the parents expanded before the checkpoint again, which re-applied every
// group to every one of them and made a resume slower than the run it resumed; so a
// checkpoint whose counts no search wrote must be refused, not reported as the coverage.
// The checksum catches a torn or edited file; these checks catch a file made by hand
// whose counts do not fit the model or do not add up to the checkpoint's own figures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "checker/coverage.hpp"
#include "checker/model.hpp"

namespace synack::checker {

// Each answer is "" or what is wrong, "coverage counts ...", for the caller to say whose
// ("its", "its parts'") in its one line.

// What is wrong with `counts`, or "": not one count per row of the model (`rows`) and per
// group (`groups`). Checked before anything else reads them (or, in the distributed
// search, adds them up over the ranks).
std::string coverage_shape_fault(const Coverage& counts, std::size_t rows, std::size_t groups);

// What is wrong with `counts`, of the right shape, or "": every transition the search took
// is one group's, every state but the initial one is a new state of one group, and no
// group found more new states than it generated transitions.
std::string coverage_totals_fault(const Coverage& counts, const Model& model,
                                  std::uint64_t transitions, std::uint64_t states);

}  // namespace synack::checker
