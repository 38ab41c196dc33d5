import type { ConsoleDevice } from '../../../../preload/contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** `<name>-YYYY-MM-DD_HH-MM-SS.png` in local time: sorts by date, and is a valid file name everywhere. */
export function screenshotFileName(name: string, now: Date = new Date()): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '') || 'guest';
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}_${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  return `${safe}-${stamp}.png`;
}

/**
 * Saves a blob through a download link (browser mode, and Electron until it
 * offers a save dialog).
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The graphical console first, then serial and text consoles, each in main's order. */
export function sortConsoles(devices: readonly ConsoleDevice[]): ConsoleDevice[] {
  return [...devices.filter((d) => d.kind === 'vnc'), ...devices.filter((d) => d.kind !== 'vnc')];
}

/** The console shown: the user's pick while the guest offers it, else the first one. */
export function pickConsole(devices: readonly ConsoleDevice[], chosen: string | undefined): ConsoleDevice | undefined {
  return devices.find((d) => d.id === chosen) ?? devices[0];
}
