import type { NativeStream } from './native/api/stream';
import type { ByteStream } from './types';

/**
 * A libvirt stream (a serial console) as the ByteStream the console
 * transports use. The native stream has one listener per event and a
 * promise-returning write; consumers want several close listeners, writes
 * they need not await, and a close that always fires exactly once, with a
 * reason only when the far end failed.
 */
export function nativeByteStream(native: NativeStream): ByteStream {
  let closed = false;
  const dataListeners: ((chunk: Buffer) => void)[] = [];
  const closeListeners: ((reason?: string) => void)[] = [];
  const end = (reason?: string) => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l(reason);
  };
  native.onEnd(() => end());
  native.onError((err) => end(err.message));
  return {
    write(chunk) {
      if (closed) return;
      // A failed send means the stream is dead; onError reports why, but not
      // for writes racing an abort, so close here as well.
      native.write(chunk).catch((err: Error) => {
        end(err.message);
        void native.abort();
      });
    },
    pause: () => native.pause(),
    resume: () => native.resume(),
    close() {
      if (!closed) void native.abort();
      end();
    },
    onData(listener) {
      dataListeners.push(listener);
      // Reading starts with the first listener: nothing is lost before it.
      if (dataListeners.length === 1) native.onData((chunk) => dataListeners.forEach((l) => l(chunk)));
    },
    onClose: (listener) => void closeListeners.push(listener),
  };
}
