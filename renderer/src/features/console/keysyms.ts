// Key events for the graphical console: the Send Key combinations and typing
// text. Each event carries an X11 keysym and the DOM `code` of the physical
// key: noVNC sends QEMU's extended key event (a scancode, so the guest's own
// layout decides) when the server supports it, and the bare keysym otherwise.
// Values are those of noVNC's core/input/keysym.js (a unit test compares).

export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Print: 0xff61,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
} as const;

export interface Key {
  keysym: number;
  /** KeyboardEvent.code of the key, e.g. "ControlLeft". */
  code: string;
}

export interface KeyStep extends Key {
  down: boolean;
}

const CTRL: Key = { keysym: XK.Control_L, code: 'ControlLeft' };
const ALT: Key = { keysym: XK.Alt_L, code: 'AltLeft' };
const SHIFT: Key = { keysym: XK.Shift_L, code: 'ShiftLeft' };

/** Presses the keys in order, then releases them in reverse order. */
export function chord(keys: readonly Key[]): KeyStep[] {
  return [...keys.map((k) => ({ ...k, down: true })), ...[...keys].reverse().map((k) => ({ ...k, down: false }))];
}

export interface KeyCombo {
  /** The menu item's name. */
  label: string;
  keys: readonly Key[];
}

const fKey = (n: number): Key => ({ keysym: XK.F1 + n - 1, code: `F${n}` });

/** The Send Key menu, in virt-manager's order (CON-07). */
export const SEND_KEY_COMBOS: readonly KeyCombo[] = [
  { label: 'Ctrl+Alt+Delete', keys: [CTRL, ALT, { keysym: XK.Delete, code: 'Delete' }] },
  { label: 'Ctrl+Alt+Backspace', keys: [CTRL, ALT, { keysym: XK.BackSpace, code: 'Backspace' }] },
  ...Array.from({ length: 12 }, (_, i) => ({ label: `Ctrl+Alt+F${i + 1}`, keys: [CTRL, ALT, fKey(i + 1)] })),
  { label: 'Print Screen', keys: [{ keysym: XK.Print, code: 'PrintScreen' }] },
];

// A US keyboard: for each printable ASCII character, its key and whether Shift is held.
// X11 keysyms of printable ASCII equal their code points.
const KEYS_BY_CHAR = new Map<string, { code: string; shift: boolean }>();
{
  const add = (chars: string, codes: readonly string[], shift: boolean) =>
    [...chars].forEach((c, i) => KEYS_BY_CHAR.set(c, { code: codes[i]!, shift }));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const letterCodes = [...letters].map((c) => `Key${c.toUpperCase()}`);
  add(letters, letterCodes, false);
  add(letters.toUpperCase(), letterCodes, true);
  const digitCodes = [...'1234567890'].map((d) => `Digit${d}`);
  add('1234567890', digitCodes, false);
  add('!@#$%^&*()', digitCodes, true);
  const punctCodes = ['Minus', 'Equal', 'BracketLeft', 'BracketRight', 'Backslash', 'Semicolon', 'Quote', 'Comma', 'Period', 'Slash', 'Backquote'];
  add("-=[]\\;',./`", punctCodes, false);
  add('_+{}|:"<>?~', punctCodes, true);
  KEYS_BY_CHAR.set(' ', { code: 'Space', shift: false });
}

export interface TypedText {
  steps: KeyStep[];
  /** Characters that have no key on a US keyboard (left out). */
  skipped: string[];
}

/**
 * The key events that type `text` on a US keyboard layout: printable ASCII,
 * Tab, and newlines as Enter (CRLF counts once). Anything else is skipped and
 * reported.
 */
export function textToKeySteps(text: string): TypedText {
  const steps: KeyStep[] = [];
  const skipped: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\r' || c === '\n') {
      if (c === '\r' && chars[i + 1] === '\n') i++;
      steps.push(...chord([{ keysym: XK.Return, code: 'Enter' }]));
      continue;
    }
    if (c === '\t') {
      steps.push(...chord([{ keysym: XK.Tab, code: 'Tab' }]));
      continue;
    }
    const key = KEYS_BY_CHAR.get(c);
    if (!key) {
      skipped.push(c);
      continue;
    }
    const k: Key = { keysym: c.codePointAt(0)!, code: key.code };
    steps.push(...chord(key.shift ? [SHIFT, k] : [k]));
  }
  return { steps, skipped };
}

/** Something that sends one key event (noVNC's RFB.sendKey). */
export interface KeySender {
  sendKey(keysym: number, code: string | null, down?: boolean): void;
}

export function sendSteps(target: KeySender, steps: readonly KeyStep[]): void {
  for (const s of steps) target.sendKey(s.keysym, s.code, s.down);
}

/**
 * Types key events a character at a time, so a slow guest's small keyboard
 * buffer (QEMU's PS/2 queue holds 16 bytes) never overflows. Stops early when
 * `signal` aborts. Resolves with the number of steps sent.
 */
export async function typeSteps(target: KeySender, steps: readonly KeyStep[], options: { delayMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  const delay = options.delayMs ?? 12;
  let sent = 0;
  for (const s of steps) {
    if (options.signal?.aborted) break;
    target.sendKey(s.keysym, s.code, s.down);
    sent++;
    // Pause after each key is released, i.e. once per character.
    if (!s.down && delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  return sent;
}
