import RFB from '@novnc/novnc';
import type { StreamChannel } from '../../platform/client';
import type { ConsoleViewer, ViewerEvents } from './console-connection';
import { sendSteps, typeSteps, type KeyStep } from './keysyms';
import type { ConsoleEnd } from './reconnect-policy';

export type ScaleMode = 'fit' | 'none' | 'remote';

export const SCALE_LABELS: Readonly<Record<ScaleMode, string>> = {
  fit: 'Fit to window',
  none: '1:1',
  remote: 'Resize guest',
};

/** How long the RFB handshake may take once the stream is open (not counting a password prompt). */
export const HANDSHAKE_TIMEOUT_MS = 20_000;

export interface VncSessionHooks {
  /** The server wants credentials: ask, then call `sendCredentials` or `cancelCredentials`. */
  onCredentialsRequired(types: readonly string[]): void;
  /** The server refused the credentials. */
  onAuthFailed?(): void;
}

/**
 * The graphical console: one noVNC RFB per stream (an RFB object is single
 * use), drawn into `container`. Keeps the display options across reconnects.
 */
export class VncSession implements ConsoleViewer {
  #rfb: RFB | null = null;
  #scale: ScaleMode = 'fit';
  #visible = true;
  #typing: AbortController | null = null;
  #cancelCredentials: (() => void) | null = null;
  /** Restarts the handshake clock once the person answered the prompt. */
  #credentialsSent: (() => void) | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly hooks: VncSessionHooks,
  ) {}

  attach(channel: StreamChannel, events: ViewerEvents): { detach(): void } {
    const rfb = new RFB(this.container, channel, { shared: true });
    this.#rfb = rfb;
    this.#applyScale(rfb);
    rfb.background = 'transparent';
    rfb.focusOnClick = true;
    rfb.qualityLevel = 6;
    rfb.compressionLevel = 2;

    let settled = false;
    /** noVNC logs an error when a disconnected RFB is told to disconnect. */
    let rfbDone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => fail({ reason: 'The VNC server did not complete the connection' }), HANDSHAKE_TIMEOUT_MS);
    };
    const fail = (end: ConsoleEnd) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      events.failed(end);
    };

    const onConnect = () => {
      clearTimeout(timer);
      this.#cancelCredentials = null;
      this.#credentialsSent = null;
      events.connected();
    };
    const onDisconnect = (ev: CustomEvent<{ clean: boolean }>) => {
      rfbDone = true;
      // The channel's close (with main's reason) reaches the connection too; this covers
      // an RFB that gave up on its own while the channel stayed open.
      const info = channel.closeInfo;
      fail({
        reason: info?.reason || (ev.detail.clean ? 'The VNC server closed the connection' : 'The VNC connection failed'),
        ...(info ? { code: info.code } : {}),
      });
    };
    const onCredentials = (ev: CustomEvent<{ types: string[] }>) => {
      clearTimeout(timer); // a person is typing
      this.#cancelCredentials = () => fail({ reason: 'Authentication cancelled', permanent: true });
      this.#credentialsSent = startTimer;
      this.hooks.onCredentialsRequired(ev.detail.types);
    };
    const onSecurityFailure = (ev: CustomEvent<{ status: number; reason?: string }>) => {
      this.hooks.onAuthFailed?.();
      // Servers send C strings (QEMU's ends in NUL) and often just "Authentication failed".
      const said = (ev.detail.reason ?? '').replace(/[\u0000-\u001f]+/g, ' ').trim();
      const reason = !said || /^authentication failed\.?$/i.test(said) ? 'Authentication failed: wrong password' : `Authentication failed: ${said}`;
      fail({ reason, permanent: true });
    };
    rfb.addEventListener('connect', onConnect);
    rfb.addEventListener('disconnect', onDisconnect);
    rfb.addEventListener('credentialsrequired', onCredentials);
    rfb.addEventListener('securityfailure', onSecurityFailure);
    startTimer();

    return {
      detach: () => {
        settled = true;
        clearTimeout(timer);
        this.#typing?.abort();
        this.#typing = null;
        this.#cancelCredentials = null;
        this.#credentialsSent = null;
        rfb.removeEventListener('connect', onConnect);
        rfb.removeEventListener('disconnect', onDisconnect);
        rfb.removeEventListener('credentialsrequired', onCredentials);
        rfb.removeEventListener('securityfailure', onSecurityFailure);
        if (this.#rfb === rfb) this.#rfb = null;
        if (rfbDone) return;
        try {
          rfb.disconnect();
        } catch {
          // Already disconnected.
        }
      },
    };
  }

  sendCredentials(credentials: { username?: string; password: string }): void {
    this.#cancelCredentials = null;
    this.#credentialsSent?.();
    this.#credentialsSent = null;
    this.#rfb?.sendCredentials(credentials);
  }

  /** The server asked for credentials and nothing was sent yet (false once the attempt ended). */
  get awaitingCredentials(): boolean {
    return this.#cancelCredentials !== null;
  }

  cancelCredentials(): void {
    const cancel = this.#cancelCredentials;
    this.#cancelCredentials = null;
    cancel?.();
  }

  setScale(mode: ScaleMode): void {
    this.#scale = mode;
    if (this.#rfb) this.#applyScale(this.#rfb);
  }

  /** A hidden display has no size: it must not ask the guest for a 0×0 screen. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (this.#rfb) this.#applyScale(this.#rfb);
  }

  /**
   * Whether the server takes size requests (ExtendedDesktopSize). noVNC learns it from the
   * first screen update after connecting and keeps it to itself; undefined until known.
   */
  get canResizeGuest(): boolean | undefined {
    const v = (this.#rfb as unknown as { _supportsSetDesktopSize?: unknown } | null)?._supportsSetDesktopSize;
    return typeof v === 'boolean' ? v : undefined;
  }

  #applyScale(rfb: RFB): void {
    rfb.scaleViewport = this.#scale === 'fit';
    const resize = this.#scale === 'remote' && this.#visible;
    if (rfb.resizeSession !== resize) rfb.resizeSession = resize;
    // 1:1 larger than the window scrolls (the container does), rather than clipping.
    rfb.clipViewport = false;
  }

  sendKeys(steps: readonly KeyStep[]): void {
    if (!this.#rfb) return;
    sendSteps(this.#rfb, steps);
    this.#rfb.focus({ preventScroll: true });
  }

  /** Types key events at a pace the guest keeps up with; a new call or a disconnect stops the previous one. */
  async type(steps: readonly KeyStep[]): Promise<void> {
    const rfb = this.#rfb;
    if (!rfb) return;
    this.#typing?.abort();
    const typing = new AbortController();
    this.#typing = typing;
    await typeSteps(rfb, steps, { signal: typing.signal });
    if (this.#typing === typing) this.#typing = null;
    if (!typing.signal.aborted) rfb.focus({ preventScroll: true });
  }

  focus(): void {
    this.#rfb?.focus({ preventScroll: true });
  }

  /** The guest screen as PNG; null when there is none. */
  screenshot(): Promise<Blob | null> {
    const rfb = this.#rfb;
    if (!rfb) return Promise.resolve(null);
    return new Promise((resolve) => rfb.toBlob((blob) => resolve(blob), 'image/png'));
  }
}
