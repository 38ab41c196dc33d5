#include "worker-thread.h"

#include <pthread.h>

#include <thread>

namespace virtdesk {

WorkerThread::WorkerThread(const std::string& name) : queue_(std::make_shared<Queue>()) {
  std::thread(Loop, queue_, name).detach();
}

WorkerThread::~WorkerThread() { Stop(); }

bool WorkerThread::Post(Job job) {
  {
    std::lock_guard<std::mutex> lock(queue_->mu);
    if (queue_->stopping) return false;
    queue_->jobs.push_back(std::move(job));
  }
  queue_->cv.notify_one();
  return true;
}

void WorkerThread::Stop() {
  {
    std::lock_guard<std::mutex> lock(queue_->mu);
    queue_->stopping = true;
  }
  queue_->cv.notify_one();
}

void WorkerThread::Loop(std::shared_ptr<Queue> queue, std::string name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());  // 15 = kernel limit
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(queue->mu);
      queue->cv.wait(lock, [&] { return queue->stopping || !queue->jobs.empty(); });
      if (queue->jobs.empty()) return;  // stopping and drained
      job = std::move(queue->jobs.front());
      queue->jobs.pop_front();
    }
    job();  // run without the lock so Post() never waits on libvirt
  }
}

}  // namespace virtdesk
