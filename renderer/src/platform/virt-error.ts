import type { ErrorCode, ErrorInfo, Result } from '../../../preload/contract';

/** A failed call, carrying the contract's `ErrorInfo` as it came from main (or from the transport). */
export class VirtError extends Error {
  override readonly name = 'VirtError';
  readonly info: ErrorInfo;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }

  get code(): ErrorCode {
    return this.info.code;
  }

  get detail(): string | undefined {
    return this.info.detail;
  }
}

export function internalError(message: string, detail?: string): VirtError {
  return new VirtError(detail === undefined ? { code: 'internal', message } : { code: 'internal', message, detail });
}

/** The `ErrorInfo` of anything a call can throw; unexpected throws become `internal`. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof VirtError) return err.info;
  if (err instanceof Error) return { code: 'internal', message: 'Unexpected error', detail: err.message };
  return { code: 'internal', message: 'Unexpected error', detail: String(err) };
}

function isErrorInfo(v: unknown): v is ErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.code === 'string' &&
    typeof e.message === 'string' &&
    (e.detail === undefined || typeof e.detail === 'string')
  );
}

/**
 * Turns a transport's `Result` into a value or a thrown `VirtError`. The shape
 * is checked because the value crossed a process (or network) boundary.
 */
export function unwrapResult<T>(result: unknown): T {
  if (typeof result === 'object' && result !== null) {
    const r = result as Partial<Result<unknown>> & Record<string, unknown>;
    if (r.ok === true && 'value' in r) return r.value as T;
    if (r.ok === true) return undefined as T; // `void` methods may omit `value` once serialized
    if (r.ok === false && isErrorInfo(r.error)) throw new VirtError(r.error);
  }
  throw internalError('The Virtdesk service sent a malformed reply');
}
