import { connect, type Socket } from 'node:net';
import { CONSOLE_ERROR, ConsoleError, type ByteStream } from './byte-stream';

/** A ByteStream over an already connected socket. */
export function socketStream(socket: Socket): ByteStream {
  let closed = false;
  const closeListeners: ((reason?: string) => void)[] = [];
  const end = (reason?: string) => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l(reason);
  };
  socket.on('close', () => end());
  socket.on('error', (err) => end(err.message));
  socket.setNoDelay(true);
  return {
    write: (chunk) => void (!closed && socket.write(chunk)),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => {
      socket.destroy();
      end();
    },
    onData: (l) => void socket.on('data', l),
    onClose: (l) => void closeListeners.push(l),
  };
}

/** Connects to a TCP port or a unix socket; fails with a ConsoleError naming the endpoint. */
export function connectSocket(target: { host: string; port: number } | { path: string }, what: string, timeoutMs = 10_000): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    const socket = connect(target);
    const where = 'path' in target ? target.path : `${target.host}:${target.port}`;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConsoleError(CONSOLE_ERROR.UNREACHABLE, `Could not reach the ${what} at ${where}: no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socketStream(socket));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new ConsoleError(CONSOLE_ERROR.UNREACHABLE, `Could not reach the ${what} at ${where}: ${err.message}`));
    });
  });
}
