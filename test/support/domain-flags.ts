// libvirt constants used by the domain/snapshot integration tests (values from
// libvirt-domain.h, libvirt-domain-snapshot.h and virterror.h).

export const ERR = {
  INTERNAL_ERROR: 1,
  NO_SUPPORT: 3,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  XML_ERROR: 27,
  NO_DOMAIN: 42,
  OPERATION_INVALID: 55,
  NO_DOMAIN_SNAPSHOT: 72,
  ARGUMENT_UNSUPPORTED: 74,
  NO_DOMAIN_METADATA: 80,
  XML_INVALID_SCHEMA: 92,
  DEVICE_MISSING: 99,
} as const;

export const STATE = { NOSTATE: 0, RUNNING: 1, BLOCKED: 2, PAUSED: 3, SHUTDOWN: 4, SHUTOFF: 5, CRASHED: 6, PMSUSPENDED: 7 } as const;

export const LIST = {
  ACTIVE: 1,
  INACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  RUNNING: 16,
  PAUSED: 32,
  SHUTOFF: 64,
  OTHER: 128,
  MANAGEDSAVE: 256,
  NO_MANAGEDSAVE: 512,
  AUTOSTART: 1024,
  NO_AUTOSTART: 2048,
  HAS_SNAPSHOT: 4096,
  NO_SNAPSHOT: 8192,
} as const;

export const XML = { SECURE: 1, INACTIVE: 2, UPDATE_CPU: 4, MIGRATABLE: 8 } as const;
export const DEFINE = { VALIDATE: 1 } as const;
export const UNDEFINE = { MANAGED_SAVE: 1, SNAPSHOTS_METADATA: 2, NVRAM: 4, KEEP_NVRAM: 8, CHECKPOINTS_METADATA: 16, TPM: 32, KEEP_TPM: 64 } as const;
export const START = { PAUSED: 1, AUTODESTROY: 2, BYPASS_CACHE: 4, FORCE_BOOT: 8 } as const;
export const SHUTDOWN = { DEFAULT: 0, ACPI_POWER_BTN: 1, GUEST_AGENT: 2, INITCTL: 4, SIGNAL: 8, PARAVIRT: 16 } as const;
export const REBOOT = SHUTDOWN;
export const AFFECT = { CURRENT: 0, LIVE: 1, CONFIG: 2 } as const;
export const MEM = { MAXIMUM: 4 } as const;
export const VCPU = { MAXIMUM: 4, GUEST: 8 } as const;
export const METADATA = { DESCRIPTION: 0, TITLE: 1, ELEMENT: 2 } as const;
export const JOB = { NONE: 0, BOUNDED: 1, UNBOUNDED: 2, COMPLETED: 3, FAILED: 4, CANCELLED: 5 } as const;
export const JOB_OPERATION = { SAVE: 2, MIGRATION_OUT: 5, SNAPSHOT: 6 } as const;
export const JOB_STATS = { COMPLETED: 1, KEEP_COMPLETED: 2 } as const;
export const IFADDR_SRC = { LEASE: 0, AGENT: 1, ARP: 2 } as const;
export const MIGRATE = {
  LIVE: 1,
  PEER2PEER: 2,
  TUNNELLED: 4,
  PERSIST_DEST: 8,
  UNDEFINE_SOURCE: 16,
  PAUSED: 32,
  NON_SHARED_DISK: 64,
  NON_SHARED_INC: 128,
  UNSAFE: 512,
  OFFLINE: 1024,
} as const;
export const SNAP_CREATE = {
  REDEFINE: 1,
  CURRENT: 2,
  NO_METADATA: 4,
  HALT: 8,
  DISK_ONLY: 16,
  REUSE_EXT: 32,
  QUIESCE: 64,
  ATOMIC: 128,
  LIVE: 256,
  VALIDATE: 512,
} as const;
export const SNAP_LIST = { ROOTS: 1, METADATA: 2, LEAVES: 4, NO_LEAVES: 8, INTERNAL: 256, EXTERNAL: 512, TOPOLOGICAL: 1024 } as const;
export const SNAP_REVERT = { RUNNING: 1, PAUSED: 2, FORCE: 4 } as const;
export const SNAP_DELETE = { CHILDREN: 1, METADATA_ONLY: 2, CHILDREN_ONLY: 4 } as const;

/** Our namespace for <metadata> elements. */
export const VIRTDESK_NS = 'https://virtdesk.org/xmlns/virtdesk/1.0';

/** Resolves with the rejection reason of `p`; fails if `p` resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: number };
  }
  throw new Error('expected the promise to reject');
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000, stepMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
