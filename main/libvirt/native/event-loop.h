// Process-wide libvirt initialisation and the libvirt event-loop thread.
#pragma once

namespace virtdesk {

// Idempotent; safe to call from every Node environment (worker_threads,
// Electron) that loads the addon. Must run before the first virConnectOpen:
// libvirt only wires up events and keepalive for connections opened after an
// event implementation is registered.
void EnsureLibvirtInitialized();

}  // namespace virtdesk
