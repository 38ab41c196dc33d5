// libvirt-side event callbacks. They run on the libvirt event-loop thread,
// copy what they need into plain structs and post them to a JsChannel.
#pragma once

#include <libvirt/libvirt.h>

namespace virtdesk {

// virConnectCloseFunc registered by onClose(). Exposed because
// virConnectUnregisterCloseCallback identifies the callback by pointer.
void OnConnectionClosed(virConnectPtr conn, int reason, void* opaque) noexcept;

}  // namespace virtdesk
