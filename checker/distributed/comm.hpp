// The few collective operations the distributed search needs, over MPI's standard C API
// (Open MPI or MPICH alike), on 64-bit words. Internal to checker/distributed: only its
// .cpp files include <mpi.h>.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace synack::checker::distributed {

using Words = std::vector<std::uint64_t>;

// Words every rank received from every other in one exchange: from rank r, the range
// [offset[r], offset[r + 1]) of `words`.
struct Received {
  Words words;
  std::vector<std::size_t> offset;
  std::size_t size_from(int rank) const { return offset[rank + 1] - offset[rank]; }
  const std::uint64_t* from(int rank) const { return words.data() + offset[rank]; }
};

// Text carried in words (an error message from the rank that met it).
Words words_of(const std::string& text);
std::string text_of(const std::uint64_t* words, std::size_t count);

class Comm {
 public:
  explicit Comm(MPI_Comm comm);
  int rank() const { return rank_; }
  int size() const { return size_; }
  MPI_Comm handle() const { return comm_; }

  // Sends outbox[r] to rank r, for every r at once (MPI_Alltoall of the counts, then
  // MPI_Alltoallv of the words). Every rank must call it, with size() outboxes.
  Received exchange(const std::vector<Words>& outbox) const;
  // The same when each rank knows already how many words every rank sends it (a reply,
  // as long as what it answers): no MPI_Alltoall of the counts.
  Received exchange(const std::vector<Words>& outbox,
                    const std::vector<std::size_t>& expected) const;
  // Every rank's `mine` (the same length everywhere), rank after rank.
  Words all_gather(const Words& mine) const;
  void sum(Words& words) const;
  void min(Words& words) const;
  // Root's words to every rank; the others' vectors are resized to match.
  void broadcast(Words& words, int root) const;

  // Bytes this rank has sent to the others in exchanges and gathers: the search's
  // communication volume (the small reductions and broadcasts are left out).
  std::uint64_t bytes_sent() const { return bytes_sent_; }
  // Seconds this rank spent in exchanges, gathers and reductions: sending, receiving, and
  // waiting for ranks with more work in the round.
  double seconds_in_mpi() const { return seconds_in_mpi_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  mutable std::uint64_t bytes_sent_ = 0;
  mutable double seconds_in_mpi_ = 0;
};

}  // namespace synack::checker::distributed
