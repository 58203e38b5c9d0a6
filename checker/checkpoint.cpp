#include "checker/checkpoint.hpp"

#include <fmt/format.h>

#include "checker/checkpoint_io.hpp"
#include "checker/errors.hpp"

namespace synack::checker {

namespace {

constexpr char kMagic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'C', 'P'};
// 2: the coverage counts after the decisions (version 1 had none, and a resume counted
// them again by expanding every parent before the checkpoint).
constexpr std::uint32_t kVersion = 2;
constexpr std::uint64_t kMaxIdentity = std::uint64_t{16} << 20;
constexpr const char* kFile = "checkpoint.synack";
// decided, verdict, state, states, transitions, store bytes
constexpr std::uint64_t kDecisionBytes = 1 + 1 + 4 + 8 + 8 + 8;

void put_counts(CheckpointWriter& w, const std::vector<std::uint64_t>& counts) {
  w.put(static_cast<std::uint64_t>(counts.size()));
  w.put_all(counts);
}

std::vector<std::uint64_t> get_counts(CheckpointReader& r) {
  return r.get_all<std::uint64_t>(r.get<std::uint64_t>());
}

}  // namespace

std::filesystem::path checkpoint_file(const std::filesystem::path& dir) {
  return dir / kFile;
}

void write_checkpoint(const std::filesystem::path& dir, const CheckpointData& data) {
  write_checkpoint_file(checkpoint_file(dir), kMagic, kVersion, [&](CheckpointWriter& w) {
    w.put(static_cast<std::uint64_t>(data.identity.size()));
    w.bytes(data.identity.data(), data.identity.size());
    w.put(data.words);
    w.put(static_cast<std::uint64_t>(data.parents.size()));
    w.put(data.next_parent);
    w.put(data.depth);
    w.put(data.level_end);
    w.put(data.transitions);
    w.put(static_cast<std::uint64_t>(data.decisions.size()));
    for (const CheckpointDecision& d : data.decisions) {
      w.put(static_cast<std::uint8_t>(d.decided));
      w.put(static_cast<std::uint8_t>(d.verdict));
      w.put(d.state);
      w.put(d.states);
      w.put(d.transitions);
      w.put(d.store_bytes);
    }
    put_counts(w, data.row_fired);
    put_counts(w, data.group_transitions);
    put_counts(w, data.group_new_states);
    w.put_all(data.states);
    w.put_all(data.parents);
  });
}

CheckpointData read_checkpoint(const std::filesystem::path& dir, const std::string& identity) {
  CheckpointReader r(checkpoint_file(dir), kMagic, kVersion);
  const std::string& path = r.path();
  CheckpointData d;
  auto identity_size = r.get<std::uint64_t>();
  if (identity_size > kMaxIdentity || identity_size > r.left()) r.bad("its header is damaged");
  d.identity.resize(identity_size);
  r.bytes(d.identity.data(), identity_size);
  if (d.identity != identity)
    throw InputError(fmt::format(
        "{} is a checkpoint of another question (another scenario, parameter, property, "
        "model file, --symmetry or not, or synack version); resume with the same command line, or "
        "start "
        "afresh without --resume",
        path));
  d.words = r.get<std::uint64_t>();
  auto count = r.get<std::uint64_t>();
  d.next_parent = r.get<std::uint64_t>();
  d.depth = r.get<std::uint64_t>();
  d.level_end = r.get<std::uint64_t>();
  d.transitions = r.get<std::uint64_t>();
  auto properties = r.get<std::uint64_t>();
  if (properties > r.left() / kDecisionBytes) r.bad("its header is damaged");
  for (std::uint64_t k = 0; k < properties; ++k) {
    CheckpointDecision c;
    c.decided = r.get<std::uint8_t>() != 0;
    c.verdict = static_cast<Verdict>(r.get<std::uint8_t>());
    c.state = r.get<std::uint32_t>();
    c.states = r.get<std::uint64_t>();
    c.transitions = r.get<std::uint64_t>();
    c.store_bytes = r.get<std::uint64_t>();
    if (c.decided && c.state >= count) r.bad("a decision names a state it does not hold");
    d.decisions.push_back(c);
  }
  d.row_fired = get_counts(r);
  d.group_transitions = get_counts(r);
  d.group_new_states = get_counts(r);
  // What is left must be exactly the states, the parents and the checksum.
  const std::uint64_t per_state = d.words * sizeof(std::uint64_t) + sizeof(std::uint32_t);
  if (d.words == 0 || d.words > 1024 || count == 0 || count > 0xffffffffULL ||
      count > (r.left() - sizeof(std::uint64_t)) / per_state ||
      count * per_state != r.left() - sizeof(std::uint64_t) || d.next_parent > count ||
      d.level_end > count)
    r.bad("its sizes do not add up");
  d.states.resize(count * d.words);
  r.bytes(d.states.data(), d.states.size() * sizeof(std::uint64_t));
  d.parents.resize(count);
  r.bytes(d.parents.data(), d.parents.size() * sizeof(std::uint32_t));
  return d;
}

}  // namespace synack::checker
