import { describe, expect, it } from 'vitest';
import { SEND_KEY_COMBOS, XK, chord, sendSteps, textToKeySteps, typeSteps, type KeyStep } from '../../../renderer/src/features/console/keysyms';

// noVNC's own tables, read from the package (its exports only name rfb.js).
async function noVnc(): Promise<{ keysyms: Record<string, number>; scancodes: Record<string, number> }> {
  const load = async (path: string) =>
    ((await import(/* @vite-ignore */ new URL(`../../../node_modules/@novnc/novnc/core/input/${path}`, import.meta.url).href)) as { default: Record<string, number> })
      .default;
  return { keysyms: await load('keysym.js'), scancodes: await load('xtscancodes.js') };
}

const fmt = (steps: readonly KeyStep[]) => steps.map((s) => `${s.down ? '+' : '-'}${s.code}`).join(' ');

describe('keysyms', () => {
  it('agree with noVNC’s keysym table', async () => {
    const { keysyms } = await noVnc();
    for (const [name, value] of Object.entries(XK)) expect(keysyms[`XK_${name}`], name).toBe(value);
    expect(keysyms.XK_F12).toBe(XK.F1 + 11);
  });

  it('use key codes noVNC can turn into scancodes (QEMU extended key events)', async () => {
    const { scancodes } = await noVnc();
    const codes = new Set<string>();
    for (const combo of SEND_KEY_COMBOS) for (const k of combo.keys) codes.add(k.code);
    for (const s of textToKeySteps('azAZ09 !@#$%^&*()-_=+[{]}\\|;:\'",<.>/?`~\t\n').steps) codes.add(s.code);
    for (const code of codes) expect(scancodes[code], code).toBeGreaterThan(0);
  });
});

describe('Send Key menu', () => {
  it('offers virt-manager’s combinations, in order, with the exact names', () => {
    expect(SEND_KEY_COMBOS.map((c) => c.label)).toEqual([
      'Ctrl+Alt+Delete',
      'Ctrl+Alt+Backspace',
      ...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`),
      'Print Screen',
    ]);
  });

  it('presses modifiers first and releases in reverse, as noVNC’s sendCtrlAltDel does', () => {
    const cad = chord(SEND_KEY_COMBOS[0]!.keys);
    expect(cad).toEqual([
      { keysym: XK.Control_L, code: 'ControlLeft', down: true },
      { keysym: XK.Alt_L, code: 'AltLeft', down: true },
      { keysym: XK.Delete, code: 'Delete', down: true },
      { keysym: XK.Delete, code: 'Delete', down: false },
      { keysym: XK.Alt_L, code: 'AltLeft', down: false },
      { keysym: XK.Control_L, code: 'ControlLeft', down: false },
    ]);
    const f12 = chord(SEND_KEY_COMBOS.find((c) => c.label === 'Ctrl+Alt+F12')!.keys);
    expect(f12[2]).toEqual({ keysym: 0xffc9, code: 'F12', down: true });
    expect(fmt(chord(SEND_KEY_COMBOS.at(-1)!.keys))).toBe('+PrintScreen -PrintScreen');
  });

  it('sends each step through sendKey', () => {
    const calls: [number, string | null, boolean | undefined][] = [];
    sendSteps({ sendKey: (k, c, d) => calls.push([k, c, d]) }, chord(SEND_KEY_COMBOS[1]!.keys));
    expect(calls.map((c) => c[2])).toEqual([true, true, true, false, false, false]);
    expect(calls[2]).toEqual([XK.BackSpace, 'Backspace', true]);
  });
});

describe('typing text', () => {
  it('types lower case, digits and space as single keys, with keysym = code point', () => {
    const { steps, skipped } = textToKeySteps('ls -l 2');
    expect(skipped).toEqual([]);
    expect(fmt(steps)).toBe('+KeyL -KeyL +KeyS -KeyS +Space -Space +Minus -Minus +KeyL -KeyL +Space -Space +Digit2 -Digit2');
    expect(steps[0]!.keysym).toBe(0x6c);
  });

  it('holds Shift for capitals and shifted symbols, sending the shifted keysym', () => {
    const { steps } = textToKeySteps('A!:~');
    expect(fmt(steps)).toBe(
      '+ShiftLeft +KeyA -KeyA -ShiftLeft +ShiftLeft +Digit1 -Digit1 -ShiftLeft +ShiftLeft +Semicolon -Semicolon -ShiftLeft +ShiftLeft +Backquote -Backquote -ShiftLeft',
    );
    expect(steps[1]).toEqual({ keysym: 0x41, code: 'KeyA', down: true });
    expect(steps.find((s) => s.code === 'Backquote')!.keysym).toBe(0x7e);
  });

  it('turns newlines (LF, CRLF, CR) into one Enter each, and tabs into Tab', () => {
    expect(fmt(textToKeySteps('a\nb\r\nc\rd\te').steps)).toBe(
      '+KeyA -KeyA +Enter -Enter +KeyB -KeyB +Enter -Enter +KeyC -KeyC +Enter -Enter +KeyD -KeyD +Tab -Tab +KeyE -KeyE',
    );
    expect(textToKeySteps('\n').steps[0]!.keysym).toBe(XK.Return);
  });

  it('covers every printable ASCII character and leaves out the rest, saying which', () => {
    let ascii = '';
    for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
    expect(textToKeySteps(ascii).skipped).toEqual([]);
    expect(textToKeySteps('héllo €\u0007').skipped).toEqual(['é', '€', '\u0007']);
  });

  it('types at a pace, once per character, and stops when aborted', async () => {
    const sent: number[] = [];
    const target = { sendKey: (k: number) => void sent.push(k) };
    const { steps } = textToKeySteps('abc');
    expect(await typeSteps(target, steps, { delayMs: 0 })).toBe(6);
    const abort = new AbortController();
    const p = typeSteps(target, textToKeySteps('xyz').steps, { delayMs: 5, signal: abort.signal });
    abort.abort();
    expect(await p).toBeLessThan(6);
  });
});
