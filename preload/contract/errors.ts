// Errors travel as values: Electron keeps only `message` of a thrown error,
// and a WebSocket has no notion of exceptions at all.

export type ErrorCode =
  | 'invalid-argument' // the validator refused the call; nothing was done
  | 'unknown-method'
  | 'not-found' // connection or domain does not exist (any more)
  | 'not-connected' // the connection exists but is not usable right now
  | 'libvirt' // libvirt refused; `detail` carries its message
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  /** One sentence a sysadmin can act on. */
  message: string;
  /** The underlying reason, e.g. libvirt's own message, when there is one. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
