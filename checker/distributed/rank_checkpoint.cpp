#include "checker/distributed/rank_checkpoint.hpp"

#include <fmt/format.h>

#include "checker/checkpoint_io.hpp"
#include "checker/errors.hpp"

namespace synack::checker::distributed {

namespace {

constexpr char kRankMagic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'D', 'R'};
constexpr char kGenerationMagic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'D', 'G'};
constexpr std::uint32_t kRankVersion = 1;
constexpr std::uint64_t kMaxRankIdentity = std::uint64_t{16} << 20;
constexpr const char* kGenerationFile = "distributed.synack";

void put_identity(CheckpointWriter& w, const std::string& identity) {
  w.put(static_cast<std::uint64_t>(identity.size()));
  w.bytes(identity.data(), identity.size());
}

void expect_identity(CheckpointReader& r, const std::string& identity) {
  auto size = r.get<std::uint64_t>();
  if (size > kMaxRankIdentity || size > r.left()) r.bad("its header is damaged");
  std::string found(size, '\0');
  r.bytes(found.data(), size);
  if (found != identity)
    throw InputError(fmt::format(
        "{} is a checkpoint of another question (another scenario, parameter, property, "
        "model file, --symmetry or not, number of ranks or synack version); resume with the same "
        "command line "
        "and as many ranks, or start afresh without --resume",
        r.path()));
}

template <class T>
void put_vector(CheckpointWriter& w, const std::vector<T>& v) {
  w.put(static_cast<std::uint64_t>(v.size()));
  w.put_all(v);
}

template <class T>
std::vector<T> get_vector(CheckpointReader& r) {
  return r.get_all<T>(r.get<std::uint64_t>());
}

}  // namespace

std::filesystem::path rank_checkpoint_file(const std::filesystem::path& dir,
                                           std::uint64_t generation, int rank) {
  return dir / fmt::format("gen-{}", generation) / fmt::format("rank-{}.synack", rank);
}

void write_rank_checkpoint(const std::filesystem::path& file, const RankCheckpoint& d) {
  write_checkpoint_file(file, kRankMagic, kRankVersion, [&](CheckpointWriter& w) {
    put_identity(w, d.identity);
    for (std::uint64_t v : {d.words, d.depth, d.level_first, d.level_last, d.next_parent, d.states,
                            d.transitions, d.bytes})
      w.put(v);
    w.put(static_cast<std::uint64_t>(d.decisions.size()));
    for (const RankDecision& c : d.decisions) {
      w.put(static_cast<std::uint8_t>(c.decided));
      w.put(static_cast<std::uint8_t>(c.verdict));
      w.put(c.owner);
      w.put(c.local);
      w.put(c.states);
      w.put(c.transitions);
      w.put(c.store_bytes);
    }
    put_vector(w, d.row_fired);
    put_vector(w, d.group_transitions);
    put_vector(w, d.group_new_states);
    put_vector(w, d.packed);
    put_vector(w, d.parent_local);
    put_vector(w, d.parent_rank);
    put_vector(w, d.frontier_index);
    put_vector(w, d.frontier_local);
    put_vector(w, d.next_index);
    put_vector(w, d.next_local);
  });
}

RankCheckpoint read_rank_checkpoint(const std::filesystem::path& file,
                                    const std::string& identity) {
  CheckpointReader r(file, kRankMagic, kRankVersion);
  RankCheckpoint d;
  expect_identity(r, identity);
  d.identity = identity;
  for (std::uint64_t* v : {&d.words, &d.depth, &d.level_first, &d.level_last, &d.next_parent,
                           &d.states, &d.transitions, &d.bytes})
    *v = r.get<std::uint64_t>();
  auto decisions = r.get<std::uint64_t>();
  if (decisions > r.left() / 34) r.bad("its header is damaged");
  for (std::uint64_t k = 0; k < decisions; ++k) {
    RankDecision c;
    c.decided = r.get<std::uint8_t>() != 0;
    c.verdict = static_cast<Verdict>(r.get<std::uint8_t>());
    c.owner = r.get<std::uint32_t>();
    c.local = r.get<std::uint32_t>();
    c.states = r.get<std::uint64_t>();
    c.transitions = r.get<std::uint64_t>();
    c.store_bytes = r.get<std::uint64_t>();
    d.decisions.push_back(c);
  }
  d.row_fired = get_vector<std::uint64_t>(r);
  d.group_transitions = get_vector<std::uint64_t>(r);
  d.group_new_states = get_vector<std::uint64_t>(r);
  d.packed = get_vector<std::uint64_t>(r);
  d.parent_local = get_vector<std::uint32_t>(r);
  d.parent_rank = get_vector<std::uint16_t>(r);
  d.frontier_index = get_vector<std::uint64_t>(r);
  d.frontier_local = get_vector<std::uint32_t>(r);
  d.next_index = get_vector<std::uint64_t>(r);
  d.next_local = get_vector<std::uint32_t>(r);
  // What is left is the checksum; the parts must fit one another.
  const std::uint64_t count = d.parent_local.size();
  bool fits = r.left() == sizeof(std::uint64_t) && d.words > 0 && d.words <= 1024 &&
              d.packed.size() == count * d.words && d.parent_rank.size() == count &&
              d.frontier_index.size() == d.frontier_local.size() &&
              d.next_index.size() == d.next_local.size() && d.level_first <= d.next_parent &&
              d.next_parent <= d.level_last && d.level_last <= d.states;
  for (std::uint32_t local : d.frontier_local) fits = fits && local < count;
  for (std::uint32_t local : d.next_local) fits = fits && local < count;
  if (!fits) r.bad("its sizes do not add up");
  return d;
}

std::filesystem::path generation_file(const std::filesystem::path& dir) {
  return dir / kGenerationFile;
}

void write_generation(const std::filesystem::path& dir, const std::string& identity,
                      std::uint64_t generation) {
  write_checkpoint_file(generation_file(dir), kGenerationMagic, kRankVersion,
                        [&](CheckpointWriter& w) {
                          put_identity(w, identity);
                          w.put(generation);
                        });
}

std::uint64_t read_generation(const std::filesystem::path& dir, const std::string& identity) {
  CheckpointReader r(generation_file(dir), kGenerationMagic, kRankVersion);
  expect_identity(r, identity);
  auto generation = r.get<std::uint64_t>();
  if (r.left() != sizeof(std::uint64_t)) r.bad("its sizes do not add up");
  return generation;
}

}  // namespace synack::checker::distributed
