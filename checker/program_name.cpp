#include "checker/program_name.hpp"

#include <utility>

namespace synack::checker {

namespace {

// Set before any worker thread starts and put back after they all ended: no lock needed.
std::string& current_name() {
  static std::string name = "synack";
  return name;
}

}  // namespace

const std::string& program_name() {
  return current_name();
}

ProgramNameScope::ProgramNameScope(std::string name) : previous_(std::move(current_name())) {
  current_name() = std::move(name);
}

ProgramNameScope::~ProgramNameScope() {
  current_name() = std::move(previous_);
}

}  // namespace synack::checker
