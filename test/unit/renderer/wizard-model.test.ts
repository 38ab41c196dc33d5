import { describe, expect, it } from 'vitest';
import type { InstallOptions, OsInfo } from '../../../preload/contract';
import { applyOs, filterOsList, initialState, networkFromKey, networkKey, overcommitWarnings, stepApplies, stepProblem, suggestName, toSpec } from '../../../renderer/src/features/create-vm/wizard-model';

const options: InstallOptions = {
  connectionId: 'c1',
  local: true,
  hostMemoryMiB: 8192,
  hostCpus: 4,
  allocatedMemoryMiB: 6144,
  allocatedVcpus: 3,
  arches: [{ arch: 'x86_64', machines: ['q35', 'pc'], virtTypes: ['kvm', 'qemu'] }],
  defaultArch: 'x86_64',
  uefi: true,
  tpm: true,
  pools: [
    { name: 'default', uuid: 'u1', type: 'dir', active: true, path: '/var/lib/libvirt/images', capacityBytes: 100 * 2 ** 30, availableBytes: 50 * 2 ** 30 },
    { name: 'fast', uuid: 'u2', type: 'dir', active: true, path: '/fast', capacityBytes: 2 ** 30, availableBytes: 2 ** 29 },
  ],
  volumes: [],
  networks: [
    { choice: { kind: 'network', name: 'default' }, label: "Virtual network 'default'", active: true },
    { choice: { kind: 'bridge', name: 'br0' }, label: 'Bridge device br0', active: true },
    { choice: { kind: 'none' }, label: 'No network', active: true },
  ],
};

const os = (patch: Partial<OsInfo>): OsInfo => ({
  id: 'http://example.org/os/1',
  shortId: 'exos1',
  name: 'Example OS 1',
  vendor: 'Example',
  version: '1',
  family: 'linux',
  distro: 'ex',
  releaseDate: '2023-01-01',
  eolDate: '',
  minimum: { memoryMiB: 512, vcpus: 1, storageGiB: 5 },
  recommended: { memoryMiB: 2048, vcpus: 2, storageGiB: 25 },
  virtioNet: true,
  virtioBlock: true,
  video: 'virtio',
  uefi: 'unknown',
  tpm: false,
  ...patch,
});

describe('wizard model', () => {
  it('starts from the host: default network, default pool, KVM where offered', () => {
    const s = initialState('c1', options);
    expect(s).toMatchObject({ network: 'network:default', pool: 'default', virtType: 'kvm', arch: 'x86_64', storageMode: 'new' });
  });

  it('takes memory, vCPUs, disk size and firmware from the OS, within the host', () => {
    const s = applyOs(initialState('c1', options), os({ recommended: { memoryMiB: 16384, vcpus: 8, storageGiB: 64 }, uefi: 'required' }), options);
    expect(s).toMatchObject({ memoryMiB: 8192, vcpus: 4, size: 64, sizeUnit: 'GiB', firmware: 'efi' });
  });

  it('skips storage for imports and checks each step', () => {
    const s = { ...initialState('c1', options), method: 'import' as const };
    expect(stepApplies(4, s)).toBe(false);
    expect(stepProblem(2, s, options)).toBe('Choose the disk image');
    expect(stepProblem(2, { ...s, importPath: 'rel.qcow2' }, options)).toBe('The disk image must be an absolute path');
    expect(stepProblem(5, { ...s, name: 'a/b' }, options)).toBe("Invalid name: the name cannot contain '/'");
    expect(stepProblem(4, { ...s, method: 'iso', size: 0 }, options)).toBe('The disk size must be more than 0');
  });

  it('warns about overcommit with the allocated and physical figures', () => {
    const s = { ...initialState('c1', options), memoryMiB: 4096, vcpus: 2 };
    expect(overcommitWarnings(s, options)).toEqual([
      "Memory overcommit: running guests have 6144 MiB of the host's 8192 MiB; with this guest 10240 MiB.",
      "CPU overcommit: running guests have 3 vCPUs on the host's 4 CPUs; with this guest 5.",
    ]);
    expect(overcommitWarnings({ ...s, memoryMiB: 9000, vcpus: 1 }, options)).toEqual(["9000 MiB is more than the host's physical memory (8192 MiB)."]);
  });

  it('builds the spec main validates', () => {
    const s = { ...initialState('c1', options), method: 'kernel' as const, kernel: '/k', initrd: '/i', kernelCmdline: 'console=ttyS0', size: 64, sizeUnit: 'MiB' as const, pool: 'fast', name: 'vm', network: 'none', virtType: 'qemu' as const };
    expect(toSpec(s)).toEqual({
      connectionId: 'c1',
      name: 'vm',
      source: { kind: 'kernel', kernel: '/k', initrd: '/i', args: 'console=ttyS0' },
      osId: null,
      arch: 'x86_64',
      machine: null,
      virtType: 'qemu',
      memoryMiB: 1024,
      vcpus: 1,
      storage: { kind: 'new', pool: 'fast', sizeMiB: 64, format: 'qcow2', sparse: true },
      network: { kind: 'none' },
      firmware: 'bios',
      customize: false,
    });
  });

  it('round-trips network choices through select values', () => {
    for (const n of options.networks) expect(networkFromKey(networkKey(n.choice))).toEqual(n.choice);
    expect(networkFromKey('direct:eth0')).toEqual({ kind: 'direct', dev: 'eth0' });
  });

  it('searches the OS list and hides end-of-life releases unless "show all"', () => {
    const list = [os({ id: 'a', name: 'Debian 12' }), os({ id: 'b', name: 'Debian 6', eolDate: '2016-02-29', releaseDate: '2011-02-06' }), os({ id: 'c', name: 'Fedora 38' })];
    const now = Date.parse('2024-06-01');
    expect(filterOsList(list, 'debian', false, now).map((o) => o.id)).toEqual(['a']);
    expect(filterOsList(list, 'debian', true, now).map((o) => o.id)).toEqual(['a', 'b']);
    expect(filterOsList(list, '', false, now).map((o) => o.id)).toEqual(['a', 'c']);
  });

  it('suggests a free name from the OS', () => {
    expect(suggestName(os({ shortId: 'debian12' }), ['debian12'])).toBe('debian12-2');
  });
});
