// The threads the explorer's HTTP server answers requests on (cpp-httplib's TaskQueue),
// started on the calling thread before the server listens, so that a system refusing
// threads (a process limit, no memory for a stack) is one line and exit 2. cpp-httplib's
// own pool starts them on the listening thread, where a refused one ends the process
// (std::terminate), and leaves the threads it started unjoined when a later one fails.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace synack::explore {

class RequestPool : public httplib::TaskQueue {
 public:
  // Starts `threads` threads. Throws InputError naming the one the system refused, after
  // stopping those started before it.
  explicit RequestPool(std::size_t threads);
  ~RequestPool() override { shutdown(); }
  RequestPool(const RequestPool&) = delete;
  RequestPool& operator=(const RequestPool&) = delete;

  void enqueue(std::function<void()> task) override;
  // Runs the tasks already queued, then joins every thread. Idempotent.
  void shutdown() override;

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace synack::explore
