import { describe, expect, it } from 'vitest';
import type { DomainDetails } from '../../../preload/contract';
import { formDirty, formFrom, moveBoot, patchFrom } from '../../../renderer/src/features/details/details-model';

const details: DomainDetails = {
  name: 'web1',
  uuid: '00000000-0000-4000-8000-000000000001',
  title: 'Web',
  description: '',
  hypervisor: 'qemu',
  arch: 'x86_64',
  machine: 'pc',
  firmware: 'BIOS',
  osId: '',
  active: false,
  persistent: true,
  installPhase: false,
  autostart: false,
  vcpus: { current: 1, max: 1 },
  memory: { currentMiB: 96, maxMiB: 96 },
  boot: { order: [{ dev: 'hd', enabled: true }, { dev: 'cdrom', enabled: false }, { dev: 'network', enabled: false }], menu: false, style: 'os' },
  kernel: { kernel: '/k', initrd: '/i', cmdline: 'quiet' },
  devices: [],
  xml: '<domain/>',
};

describe('details form', () => {
  it('sends only what changed', () => {
    const f = formFrom(details);
    expect(formDirty(details, f)).toBe(false);
    expect(patchFrom(details, f)).toEqual({ patch: {} });
    const edited = { ...f, memCurrent: '128', memMax: '128', vcpuCurrent: '2', vcpuMax: '2', autostart: true };
    expect(formDirty(details, edited)).toBe(true);
    expect(patchFrom(details, edited)).toEqual({ patch: { memory: { currentMiB: 128, maxMiB: 128 }, vcpus: { current: 2, max: 2 }, autostart: true } });
  });

  it('turns the boot list into the enabled devices in order', () => {
    const f = formFrom(details);
    const order = moveBoot(
      f.bootOrder.map((b) => ({ ...b, enabled: b.dev !== 'cdrom' })),
      2,
      -1,
    );
    expect(order.map((b) => b.dev)).toEqual(['hd', 'network', 'cdrom']);
    expect(moveBoot(order, 0, -1)).toBe(order);
    expect(patchFrom(details, { ...f, bootOrder: moveBoot(order, 1, -1), bootMenu: true })).toEqual({ patch: { boot: { order: ['network', 'hd'], menu: true } } });
  });

  it.each([
    [{ vcpuCurrent: '3', vcpuMax: '2' }, /Current vCPUs cannot be more/],
    [{ vcpuCurrent: '1.5' }, /whole number/],
    [{ memCurrent: '' }, /Current memory must be a whole number/],
    [{ memCurrent: '200', memMax: '100' }, /Current memory cannot be more/],
    [{ name: 'a/b' }, /cannot contain/],
    [{ kernel: 'vmlinuz' }, /absolute path/],
    [{ kernel: '', initrd: '/i' }, /initrd needs a kernel/],
  ])('refuses %j', (edit, problem) => {
    const r = patchFrom(details, { ...formFrom(details), ...edit });
    expect('problem' in r ? r.problem : '').toMatch(problem);
  });

  it('does not rename a running guest', () => {
    const running = { ...details, active: true };
    expect(patchFrom(running, { ...formFrom(running), name: 'other' })).toEqual({ problem: 'Shut the guest down to rename it' });
  });
});
