import type { DomainSummary } from '../../../../preload/contract';

/** Spacing of automatic reconnects; each takes a fresh ticket (they are single-use). */
export const RECONNECT_DELAY_MS = 1000;
/** Failed attempts in a row before the console stops trying and offers Reconnect. */
export const MAX_RECONNECT_ATTEMPTS = 5;

/** Close codes main uses when it could not reach the console (see main/consoles/byte-stream.ts). */
export const CLOSE_NO_CONSOLE = 4004;
export const CLOSE_BAD_TICKET = 4008;
export const CLOSE_NOT_RUNNING = 4009;
export const CLOSE_UNREACHABLE = 4010;
export const CLOSE_BUSY = 4011;

/** How one connection attempt (or an established connection) ended. */
export interface ConsoleEnd {
  /** For people: shown after "Disconnected: ". */
  reason: string;
  /** The stream's close code, when it closed. */
  code?: number;
  /** Trying again cannot help (no such console, authentication refused or cancelled). */
  permanent?: boolean;
}

export type NextStep =
  | { kind: 'retry'; delayMs: number; attempt: number; maxAttempts: number }
  | { kind: 'wait-for-guest' }
  | { kind: 'stop' };

/**
 * What to do after a console ended. `failures` counts the attempts that failed
 * in a row, this one included (a connection that worked resets it).
 */
export function nextStep(input: { running: boolean; failures: number; end: ConsoleEnd }): NextStep {
  // The guest went down: nothing to reach until it runs again; then it starts over.
  if (!input.running) return { kind: 'wait-for-guest' };
  if (input.end.permanent || input.end.code === CLOSE_NO_CONSOLE) return { kind: 'stop' };
  if (input.failures > MAX_RECONNECT_ATTEMPTS) return { kind: 'stop' };
  return { kind: 'retry', delayMs: RECONNECT_DELAY_MS, attempt: input.failures, maxAttempts: MAX_RECONNECT_ATTEMPTS };
}

/** Whether the guest has consoles to reach: it has a live QEMU process (running, paused, shutting down...). */
export function guestIsUp(domain: Pick<DomainSummary, 'id' | 'state'> | undefined): boolean {
  return domain !== undefined && domain.id !== null && domain.state !== 'shutoff';
}

/** A close event as a sentence; main's reason when it gave one. */
export function describeClose(code: number, reason: string): string {
  const said = reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (said) return said;
  switch (code) {
    case 1000:
      return 'The console closed';
    case 1001:
    case 1006:
      return 'The connection to the console was lost';
    case CLOSE_BAD_TICKET:
      return 'The console link expired';
    default:
      return `The console closed (code ${code})`;
  }
}
