import { randomUUID } from 'node:crypto';
import type { AuthCredential, AuthRequest } from '../../preload/contract';
import type { Authenticator, CredentialRequest } from '../libvirt/types';
import type { EventSink, Logger } from './event-sink';
import { ServiceError } from './service-error';

/** virt-manager waits forever; we give up after two minutes so a forgotten prompt does not hold a connect open. */
export const AUTH_TIMEOUT_MS = 120_000;

export const AUTH_CANCELLED_MESSAGE = 'authentication was cancelled';

export interface AuthServiceOptions {
  timeoutMs?: number;
  now?: () => number;
  newId?: () => string;
}

interface Pending {
  request: AuthRequest;
  resolve(values: string[]): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Carries libvirt's credential requests (virConnectOpenAuth's callback) to
 * whichever window answers first: `auth.requested` out, `auth.respond` back,
 * `auth.settled` to close the prompt everywhere. A cancel or a timeout fails
 * the connect with a message saying so. Answers are passed straight to libvirt
 * and never stored or logged.
 */
export class AuthService {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly events: EventSink,
    private readonly log: Logger,
    options: AuthServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? AUTH_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => randomUUID());
  }

  /** How long libvirt itself should wait per answer: a little longer than we do, so our message wins. */
  get libvirtTimeoutMs(): number {
    return this.timeoutMs + 10_000;
  }

  /** An authenticator for opening `uri` (the URI the user knows, not a rewritten one). */
  authenticator(uri: string): Authenticator {
    return (requests) => this.prompt(uri, requests);
  }

  prompt(uri: string, requests: readonly CredentialRequest[]): Promise<string[]> {
    const requestId = this.newId();
    const credentials = requests.map((r): AuthCredential => ({ ...r }));
    const request: AuthRequest = { requestId, uri, credentials, expiresAt: this.now() + this.timeoutMs };
    // Only the kinds asked for: prompts can name users, answers never appear here.
    this.log.info(`${uri} asks for credentials (${credentials.map((c) => c.type).join(', ')})`);
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(requestId, 'timeout');
        reject(new Error(`no credentials were entered within ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      timer.unref?.();
      this.pending.set(requestId, { request, resolve, reject, timer });
      this.events.emit('auth.requested', request);
    });
  }

  pendingRequests(): AuthRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** The user's answer (values in request order) or null for Cancel. */
  respond(requestId: string, values: readonly string[] | null): void {
    const p = this.pending.get(requestId);
    if (!p) throw new ServiceError('not-found', 'This sign-in request has already ended (answered, cancelled or timed out).');
    if (values !== null && values.length !== p.request.credentials.length) {
      throw new ServiceError('invalid-argument', `Expected ${p.request.credentials.length} answer(s), got ${values.length}`);
    }
    this.settle(requestId, values === null ? 'cancelled' : 'answered');
    if (values === null) {
      this.log.info(`${p.request.uri}: the user cancelled the credentials prompt`);
      p.reject(new Error(AUTH_CANCELLED_MESSAGE));
    } else {
      p.resolve([...values]);
    }
  }

  /** Cancels every pending request (on quit). */
  cancelAll(): void {
    for (const [id, p] of [...this.pending]) {
      this.settle(id, 'cancelled');
      p.reject(new Error(AUTH_CANCELLED_MESSAGE));
    }
  }

  private settle(requestId: string, outcome: 'answered' | 'cancelled' | 'timeout'): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    this.events.emit('auth.settled', { requestId, outcome });
  }
}
