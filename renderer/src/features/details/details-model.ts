// The details form as plain data: filled from what main read, turned back into
// the smallest patch (only what the user changed), checked before it is sent.
import { MAX_MEMORY_MIB, MAX_VCPUS, domainNameProblem, type BootDev, type DetailsPatch, type DomainDetails } from '../../../../preload/contract';

export interface DetailsForm {
  name: string;
  title: string;
  description: string;
  autostart: boolean;
  vcpuCurrent: string;
  vcpuMax: string;
  memCurrent: string;
  memMax: string;
  bootOrder: { dev: BootDev; enabled: boolean }[];
  bootMenu: boolean;
  kernel: string;
  initrd: string;
  cmdline: string;
}

export const BOOT_LABELS: Record<BootDev, string> = { hd: 'Hard disk', cdrom: 'CD-ROM', network: 'Network (PXE)', fd: 'Floppy' };

export function formFrom(d: DomainDetails): DetailsForm {
  return {
    name: d.name,
    title: d.title,
    description: d.description,
    autostart: d.autostart,
    vcpuCurrent: String(d.vcpus.current),
    vcpuMax: String(d.vcpus.max),
    memCurrent: String(d.memory.currentMiB),
    memMax: String(d.memory.maxMiB),
    bootOrder: d.boot.order.map((b) => ({ ...b })),
    bootMenu: d.boot.menu,
    kernel: d.kernel?.kernel ?? '',
    initrd: d.kernel?.initrd ?? '',
    cmdline: d.kernel?.cmdline ?? '',
  };
}

function whole(s: string, what: string, max: number): number | string {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number`;
  const n = Number(t);
  if (n < 1 || n > max) return `${what} must be from 1 to ${max}`;
  return n;
}

const enabledOrder = (o: DetailsForm['bootOrder']) => o.filter((b) => b.enabled).map((b) => b.dev);

/** The patch for what changed, or the first problem with the form. An empty patch means nothing to apply. */
export function patchFrom(d: DomainDetails, f: DetailsForm): { patch: DetailsPatch } | { problem: string } {
  const patch: DetailsPatch = {};
  if (f.name !== d.name) {
    const p = domainNameProblem(f.name);
    if (p) return { problem: p };
    if (d.active) return { problem: 'Shut the guest down to rename it' };
    patch.name = f.name;
  }
  if (f.title !== d.title) {
    if (/[\r\n]/.test(f.title)) return { problem: 'the title must be one line' };
    patch.title = f.title;
  }
  if (f.description !== d.description) patch.description = f.description;
  if (f.autostart !== d.autostart) patch.autostart = f.autostart;
  const vc = whole(f.vcpuCurrent, 'Current vCPUs', MAX_VCPUS);
  const vm = whole(f.vcpuMax, 'Maximum vCPUs', MAX_VCPUS);
  if (typeof vc === 'string') return { problem: vc };
  if (typeof vm === 'string') return { problem: vm };
  if (vc > vm) return { problem: 'Current vCPUs cannot be more than the maximum' };
  if (vc !== d.vcpus.current || vm !== d.vcpus.max) patch.vcpus = { current: vc, max: vm };
  const mc = whole(f.memCurrent, 'Current memory', MAX_MEMORY_MIB);
  const mm = whole(f.memMax, 'Maximum memory', MAX_MEMORY_MIB);
  if (typeof mc === 'string') return { problem: mc };
  if (typeof mm === 'string') return { problem: mm };
  if (mc > mm) return { problem: 'Current memory cannot be more than the maximum' };
  if (mc !== d.memory.currentMiB || mm !== d.memory.maxMiB) patch.memory = { currentMiB: mc, maxMiB: mm };
  const order = enabledOrder(f.bootOrder);
  if (order.join() !== enabledOrder(d.boot.order).join() || f.bootMenu !== d.boot.menu) patch.boot = { order, menu: f.bootMenu };
  if (d.kernel && (f.kernel !== d.kernel.kernel || f.initrd !== d.kernel.initrd || f.cmdline !== d.kernel.cmdline)) {
    for (const [v, what] of [
      [f.kernel, 'The kernel'],
      [f.initrd, 'The initrd'],
    ] as const) {
      if (v !== '' && !v.startsWith('/')) return { problem: `${what} must be an absolute path` };
    }
    if (f.kernel === '' && f.initrd !== '') return { problem: 'An initrd needs a kernel' };
    if (/[\r\n]/.test(f.cmdline)) return { problem: 'The kernel arguments must be one line' };
    patch.kernel = { kernel: f.kernel, initrd: f.initrd, cmdline: f.cmdline };
  }
  return { patch };
}

/** Whether the form differs from what was read. */
export function formDirty(d: DomainDetails, f: DetailsForm): boolean {
  const base = formFrom(d);
  return JSON.stringify(base) !== JSON.stringify(f);
}

/** Moves the boot entry at `index` up (-1) or down (+1). */
export function moveBoot(order: DetailsForm['bootOrder'], index: number, by: -1 | 1): DetailsForm['bootOrder'] {
  const to = index + by;
  if (to < 0 || to >= order.length) return order;
  const next = [...order];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}
