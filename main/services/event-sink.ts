import type { EventName, Events } from '../../preload/contract';

/** Where services publish contract events; the service host fans them out. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: Events[E]): void;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logs to stderr. Never pass secrets (passwords, tokens) to it. */
export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`[virtdesk] ${m}\n`),
  warn: (m) => process.stderr.write(`[virtdesk] warning: ${m}\n`),
  error: (m) => process.stderr.write(`[virtdesk] error: ${m}\n`),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
