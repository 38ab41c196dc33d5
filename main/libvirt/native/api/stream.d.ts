// Streams (NativeStream) and the stream-carrying domain methods of
// NativeConnection (see ../addon.d.ts). Implemented in stream-core.cc
// (I/O engine), stream.cc (this object) and stream-calls.cc.
import type { NativeLibvirtErrorFields } from '../addon';

/** An error delivered by a stream: libvirt's fields when libvirt reported it. */
export type NativeStreamError = Error & Partial<NativeLibvirtErrorFields>;

/**
 * One libvirt stream (virStreamNew with VIR_STREAM_NONBLOCK): a serial
 * console, a volume upload or download. Bytes are read and written on
 * libvirt's event-loop thread (virStreamEventAddCallback), never on the
 * connection's worker, so an open console does not hold up other calls.
 * Chunks are copies: JS buffers never cross threads.
 *
 * Reading: nothing is read until `onData` is set. Then chunks flow until
 * `pause()`; after `pause()` returns no further `onData` call happens until
 * `resume()`. Back-pressure is automatic as well: at most ~1 MiB that JS has
 * not yet received is read ahead (queued for the JS thread or held while
 * paused); above that, reading stops until JS catches up. Note that the
 * libvirt client library itself keeps receiving what the daemon sends (it has
 * no flow control for downloads), so a long pause of a fast download grows
 * the process by what the daemon sent meanwhile; download big volumes in
 * offset/length windows if that matters.
 *
 * Writing: write() resolves once libvirt took the bytes, so awaiting it is
 * back-pressure: into a sink that stops reading (a suspended guest's console)
 * only ~150 KiB are taken (pty, daemon queue, socket), then writes wait.
 * Caveat (libvirtd): while it holds stream packets it cannot deliver, the
 * daemon stops reading the whole connection (max_client_requests, default 5),
 * so every other call on that connection waits too, and after its keepalive
 * timeout (~30 s) the daemon drops the connection. Write into sinks that may
 * stall (consoles) over a connection of their own.
 *
 * Ending: exactly one of `onEnd` (the peer ended the stream and the final
 * virStreamFinish succeeded), `onError` (I/O error, the peer failed, or the
 * connection was closed with close()), a settled `finish()` or `abort()`.
 * After any of these the stream is released (virStreamEventRemoveCallback,
 * virStreamFinish/Abort, virStreamFree, once). A stream that is neither
 * flowing to an `onData` listener nor waited for by a promise may be garbage
 * collected, which aborts it. Callbacks never run synchronously inside the
 * method that registered them.
 *
 * The methods of this object are not wrapped by openLibvirt's error mapping:
 * rejections and onError values are native Errors carrying
 * NativeLibvirtErrorFields when libvirt reported them.
 */
export interface NativeStream {
  /** Sets (replaces) the data listener and starts reading unless paused. */
  onData(cb: (chunk: Buffer) => void): void;
  /** The peer ended the stream (EOF, then a successful virStreamFinish); delivered after the last chunk. */
  onEnd(cb: () => void): void;
  /** Asynchronous failure; undelivered chunks are dropped. Not called for a failed finish() (its promise rejects) or after abort(). */
  onError(cb: (err: NativeStreamError) => void): void;
  /**
   * virStreamSend of a copy of `chunk`, queued behind earlier writes; resolves
   * once libvirt accepted every byte. Await it for back-pressure. Rejects on
   * read-only streams (downloads) and after finish()/abort()/end.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Stops reading (stops asking libvirt for READABLE events); no onData until resume(). */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /**
   * virStreamFinish once the queued writes are sent (an upload is complete
   * only when this resolves: the daemon reports write errors here).
   * Idempotent: resolves if the stream already ended or finished; rejects if
   * it failed or was aborted.
   */
  finish(): Promise<void>;
  /**
   * virStreamAbort; pending writes and finish() reject, and no onData/onEnd
   * follows (not even for chunks already read). Idempotent; always resolves,
   * also on an already ended stream.
   */
  abort(): Promise<void>;
}

export interface NativeScreenshot {
  /** MIME type chosen by the hypervisor: image/png (QEMU >= 7.1 via libvirt), or image/x-portable-pixmap. */
  mime: string;
  data: Buffer;
}

export interface NativeStreamApi {
  /**
   * virDomainOpenConsole: a bidirectional NativeStream on the domain's console.
   * `devName` null = the first console/serial. flags: VIR_DOMAIN_CONSOLE_FORCE (1)
   * takes the console from another client (whose stream then ends or fails),
   * VIR_DOMAIN_CONSOLE_SAFE (2) refuses consoles without safe locking.
   * Closing the stream leaves the guest running; destroying the guest ends it.
   */
  domainOpenConsole(uuid: string, devName: string | null, flags: number): Promise<NativeStream>;
  /**
   * virDomainScreenshot of `screen` (0 = first head), read fully. flags: 0.
   * The image travels through a blocking stream on the worker: it is one
   * bounded answer (the daemon has it whole before sending), capped at 256 MiB.
   */
  domainScreenshot(uuid: string, screen: number, flags: number): Promise<NativeScreenshot>;
}
