import { constants, openSync } from 'node:fs';
import tty from 'node:tty';

export interface PtyLink {
  onData(listener: (text: string) => void): void;
  write(text: string): void;
  close(): void;
}

/**
 * A guest's serial pty, read through libuv's tty handle (epoll), never with
 * blocking reads on the thread pool: a read there waits until the guest
 * prints, which a paused or idle guest may never do, and four such reads
 * would starve every other file operation of the test process.
 */
export function openPty(path: string): PtyLink {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  // A pty whose guest went away reads as EIO: that ends the wait, the caller's timer reports it.
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  return {
    onData: (listener) => void input.on('data', (chunk: Buffer) => listener(chunk.toString())),
    write: (text) => void output.write(text),
    close() {
      input.destroy();
      output.destroy();
    },
  };
}
