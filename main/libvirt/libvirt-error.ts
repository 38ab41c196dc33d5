/** A failure reported by libvirt, with its own error code, domain and level. */
export class LibvirtError extends Error {
  override readonly name = 'LibvirtError';
  constructor(
    message: string,
    readonly code: number,
    readonly domain: number,
    readonly level: number,
  ) {
    super(message);
  }

  static from(err: unknown): LibvirtError | Error {
    if (err instanceof LibvirtError) return err;
    if (err instanceof Error && (err as { libvirtError?: boolean }).libvirtError) {
      const e = err as Error & { code: number; domain: number; level: number };
      return new LibvirtError(e.message, e.code, e.domain, e.level);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** virErrorNumber values we branch on. */
export const VIR_ERR = {
  NO_DOMAIN: 42,
  OPERATION_INVALID: 55,
  NO_CONNECT: 5,
  SYSTEM_ERROR: 38,
  INVALID_CONN: 6,
  AUTH_FAILED: 45,
  AUTH_CANCELLED: 79,
  NO_DOMAIN_METADATA: 80,
} as const;
