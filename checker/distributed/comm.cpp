#include "checker/distributed/comm.hpp"

#include <chrono>
#include <climits>
#include <cstring>
#include <stdexcept>

namespace synack::checker::distributed {

namespace {

// MPI counts are ints; a round's buffers are far smaller, but a count that does not fit
// must never wrap silently.
int count_of(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX))
    throw std::length_error("a distributed exchange exceeds MPI's 2^31 - 1 words per message");
  return static_cast<int>(n);
}

// Adds the time until the end of the scope to a rank's seconds in MPI.
class Timed {
 public:
  explicit Timed(double& total) : total_(total) {}
  ~Timed() {
    total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  Timed(const Timed&) = delete;
  Timed& operator=(const Timed&) = delete;

 private:
  double& total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

}  // namespace

Words words_of(const std::string& text) {
  Words words(1 + (text.size() + 7) / 8, 0);
  words[0] = text.size();
  std::memcpy(words.data() + 1, text.data(), text.size());
  return words;
}

std::string text_of(const std::uint64_t* words, std::size_t count) {
  if (count == 0 || (words[0] + 7) / 8 > count - 1) return "(garbled message)";
  return std::string(reinterpret_cast<const char*>(words + 1), words[0]);
}

Comm::Comm(MPI_Comm comm) : comm_(comm) {
  check(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
}

Received Comm::exchange(const std::vector<Words>& outbox) const {
  std::vector<int> send_counts(size_), recv_counts(size_);
  for (int r = 0; r < size_; ++r) send_counts[r] = count_of(outbox[r].size());
  {
    Timed timed(seconds_in_mpi_);
    check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm_),
          "MPI_Alltoall");
  }
  return exchange(outbox, std::vector<std::size_t>(recv_counts.begin(), recv_counts.end()));
}

Received Comm::exchange(const std::vector<Words>& outbox,
                        const std::vector<std::size_t>& expected) const {
  Timed timed(seconds_in_mpi_);
  std::vector<int> send_counts(size_), recv_counts(size_), send_displs(size_), recv_displs(size_);
  std::size_t total_send = 0;
  for (int r = 0; r < size_; ++r) {
    send_counts[r] = count_of(outbox[r].size());
    send_displs[r] = count_of(total_send);
    total_send += outbox[r].size();
    if (r != rank_) bytes_sent_ += outbox[r].size() * sizeof(std::uint64_t);
  }
  Words send;
  send.reserve(total_send);
  for (const Words& box : outbox) send.insert(send.end(), box.begin(), box.end());
  Received in;
  in.offset.assign(size_ + 1, 0);
  for (int r = 0; r < size_; ++r) {
    recv_counts[r] = count_of(expected[r]);
    recv_displs[r] = count_of(in.offset[r]);
    in.offset[r + 1] = in.offset[r] + expected[r];
  }
  in.words.resize(in.offset[size_]);
  check(MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_UINT64_T,
                      in.words.data(), recv_counts.data(), recv_displs.data(), MPI_UINT64_T, comm_),
        "MPI_Alltoallv");
  return in;
}

Words Comm::all_gather(const Words& mine) const {
  Timed timed(seconds_in_mpi_);
  Words all(mine.size() * static_cast<std::size_t>(size_));
  bytes_sent_ += mine.size() * sizeof(std::uint64_t) * static_cast<std::size_t>(size_ - 1);
  check(MPI_Allgather(mine.data(), count_of(mine.size()), MPI_UINT64_T, all.data(),
                      count_of(mine.size()), MPI_UINT64_T, comm_),
        "MPI_Allgather");
  return all;
}

void Comm::sum(Words& words) const {
  Timed timed(seconds_in_mpi_);
  check(MPI_Allreduce(MPI_IN_PLACE, words.data(), count_of(words.size()), MPI_UINT64_T, MPI_SUM,
                      comm_),
        "MPI_Allreduce");
}

void Comm::min(Words& words) const {
  Timed timed(seconds_in_mpi_);
  check(MPI_Allreduce(MPI_IN_PLACE, words.data(), count_of(words.size()), MPI_UINT64_T, MPI_MIN,
                      comm_),
        "MPI_Allreduce");
}

void Comm::broadcast(Words& words, int root) const {
  Timed timed(seconds_in_mpi_);
  std::uint64_t n = words.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm_), "MPI_Bcast");
  words.resize(n);
  check(MPI_Bcast(words.data(), count_of(n), MPI_UINT64_T, root, comm_), "MPI_Bcast");
}

}  // namespace synack::checker::distributed
