export type { ByteStream } from '../libvirt/types';

/** Why a console stream could not be opened: the code travels as a WebSocket close code. */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  constructor(
    /** 4000–4999: private WebSocket close codes. */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const CONSOLE_ERROR = {
  TICKET: 4008,
  NO_CONSOLE: 4004,
  UNREACHABLE: 4010,
  BUSY: 4011,
  NOT_RUNNING: 4009,
} as const;
