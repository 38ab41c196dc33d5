#include "event-loop.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "errors.h"

namespace virtdesk {

namespace {

// Runs libvirt's default poll() loop forever. All event, close and keepalive
// callbacks fire on this thread; they only copy data and post it to JS.
// Detached on purpose: it blocks in poll() and must not keep Node alive.
void RunEventLoopForever() {
  pthread_setname_np(pthread_self(), "virt-events");
  for (;;) {
    if (virEventRunDefaultImpl() < 0) {
      // Should not happen; back off instead of spinning a core.
      virResetLastError();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

void EnsureLibvirtInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    virInitialize();  // required before using libvirt from several threads
    SilenceLibvirtErrorPrinting();
    virEventRegisterDefaultImpl();
    std::thread(RunEventLoopForever).detach();
  });
}

}  // namespace virtdesk
