// WorkerThread: one dedicated OS thread with a FIFO job queue.
//
// Each connection gets its own, so a slow or hung host only ever stalls its
// own queue: never another host, the JS thread, or libuv's shared threadpool
// (which fs/dns/crypto depend on).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace virtdesk {

class WorkerThread {
 public:
  using Job = std::function<void()>;

  // Starts the thread immediately. It is detached: it may be stuck in a
  // network call, and nobody (least of all a GC finalizer) should wait for it.
  explicit WorkerThread(const std::string& name);
  ~WorkerThread();  // Stop()s; the thread exits once its queue is drained

  // Any thread. Returns false if Stop() was already called.
  bool Post(Job job);

  // Any thread, idempotent. Jobs already queued still run, then the thread exits.
  void Stop();

  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

 private:
  // Shared with the detached thread so it outlives this object if needed.
  struct Queue {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Job> jobs;
    bool stopping = false;
  };
  static void Loop(std::shared_ptr<Queue> queue, std::string name);

  std::shared_ptr<Queue> queue_;
};

}  // namespace virtdesk
