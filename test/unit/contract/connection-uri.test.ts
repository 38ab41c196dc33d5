import { describe, expect, it } from 'vitest';
import { buildConnectionUri, defaultConnectionLabel, libvirtUri } from '../../../preload/contract';

describe('buildConnectionUri (Add Connection)', () => {
  it.each([
    [{ hypervisor: 'qemu' }, 'qemu:///system'],
    [{ hypervisor: 'qemu-session' }, 'qemu:///session'],
    [{ hypervisor: 'xen' }, 'xen:///'],
    [{ hypervisor: 'lxc', remote: { host: 'box' } }, 'lxc+ssh://box/'],
    [{ hypervisor: 'qemu', remote: { user: 'root', host: 'kvm1.example', port: 2222 } }, 'qemu+ssh://root@kvm1.example:2222/system'],
    [{ hypervisor: 'qemu', remote: { user: 'a b', host: 'fe80::1' } }, 'qemu+ssh://a%20b@[fe80::1]/system'],
  ] as const)('%j → %s, which the contract accepts', (spec, uri) => {
    expect(buildConnectionUri(spec)).toEqual({ ok: true, uri });
    expect(libvirtUri.check(uri)).toBeUndefined();
  });

  it('explains what is missing or wrong', () => {
    expect(buildConnectionUri({ hypervisor: 'qemu', remote: { host: ' ' } })).toEqual({ ok: false, problem: 'A hostname is required for remote connections.' });
    expect(buildConnectionUri({ hypervisor: 'qemu-session', remote: { host: 'h' } })).toMatchObject({ ok: false });
    expect(buildConnectionUri({ hypervisor: 'qemu', remote: { host: 'h; rm -rf /' } })).toMatchObject({ ok: false });
    expect(buildConnectionUri({ hypervisor: 'qemu', remote: { host: 'h', port: 70000 } })).toMatchObject({ ok: false });
  });
});

describe('defaultConnectionLabel', () => {
  it('names connections as virt-manager does', () => {
    expect(defaultConnectionLabel('qemu:///system')).toBe('QEMU/KVM');
    expect(defaultConnectionLabel('qemu:///session')).toBe('QEMU/KVM User session');
    expect(defaultConnectionLabel('qemu+ssh://root@kvm1:22/system')).toBe('QEMU/KVM: kvm1');
    expect(defaultConnectionLabel('test:///default')).toBe('Test');
    expect(defaultConnectionLabel('test:///work/x/mixed-states.xml')).toBe('Test: mixed-states.xml');
  });
});
