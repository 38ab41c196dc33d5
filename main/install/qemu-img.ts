// qemu-img (Debian package qemu-utils) for local image files: what format an
// image is, and converting VMDK/VDI to qcow2 with progress and cancel.
import { execFile, spawn } from 'node:child_process';

export interface ImageInfo {
  format: string;
  virtualSize: number;
  actualSize: number;
}

export function imageInfo(path: string): Promise<ImageInfo> {
  return new Promise((resolve, reject) => {
    execFile('qemu-img', ['info', '--output=json', '-U', path], { timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error((stderr || err.message).trim()));
        return;
      }
      try {
        const j = JSON.parse(stdout) as { format?: string; 'virtual-size'?: number; 'actual-size'?: number };
        resolve({ format: j.format ?? 'raw', virtualSize: j['virtual-size'] ?? 0, actualSize: j['actual-size'] ?? 0 });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Formats the wizard converts into a pool rather than using in place. */
export const CONVERTED_FORMATS = new Set(['vmdk', 'vdi', 'vhdx', 'vpc', 'parallels', 'qed']);

/**
 * `qemu-img convert -p -O qcow2`: reports 0–1 as it goes; the signal kills it
 * (the partial output is the caller's to remove).
 */
export function convertToQcow2(src: string, dst: string, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('cancelled'));
      return;
    }
    const child = spawn('qemu-img', ['convert', '-p', '-O', 'qcow2', src, dst], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      // "    (12.50/100%)\r"
      const all = [...buf.matchAll(/\(([\d.]+)\/100%\)/g)];
      const last = all[all.length - 1];
      if (last) {
        onProgress(Math.min(1, Number(last[1]) / 100));
        buf = buf.slice(last.index! + last[0].length);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    const onAbort = () => child.kill('SIGTERM');
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(new Error('cancelled'));
      else if (code === 0) resolve();
      else reject(new Error(stderr.trim() || `qemu-img convert exited with ${code}`));
    });
  });
}
