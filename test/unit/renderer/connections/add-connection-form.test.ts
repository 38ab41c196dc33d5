import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../../preload/contract';
import { connectHint, formUri, HYPERVISOR_OPTIONS, INITIAL_FORM, remoteAllowed, setRemote, type AddConnectionForm } from '../../../../renderer/src/features/connections/add-connection-form';
import { connectionActions } from '../../../../renderer/src/features/connections/connection-actions';
import { isAddConnectionShortcut } from '../../../../renderer/src/features/connections/connections-ui';

const form = (patch: Partial<AddConnectionForm>): AddConnectionForm => ({ ...INITIAL_FORM, ...patch });

describe('the Add Connection form', () => {
  it('offers virt-manager’s hypervisors, then Custom URI', () => {
    expect(HYPERVISOR_OPTIONS.map((o) => o.label)).toEqual([
      'QEMU/KVM',
      'QEMU/KVM user session',
      'Xen',
      'Libvirt-LXC',
      'Bhyve',
      'Virtuozzo',
      'Custom URI…',
    ]);
  });

  it('starts local QEMU/KVM with autoconnect', () => {
    expect(formUri(INITIAL_FORM)).toEqual({ ok: true, uri: 'qemu:///system' });
    expect(INITIAL_FORM.autoconnect).toBe(true);
  });

  it.each<[Partial<AddConnectionForm>, string]>([
    [{ hypervisor: 'qemu-session' }, 'qemu:///session'],
    [{ hypervisor: 'xen' }, 'xen:///'],
    [{ hypervisor: 'lxc', remote: true, user: 'root', host: 'h1' }, 'lxc+ssh://root@h1/'],
    [{ hypervisor: 'qemu', remote: true, user: '', host: 'h1', port: '2222' }, 'qemu+ssh://h1:2222/system'],
    [{ hypervisor: 'qemu', remote: true, user: 'a b', host: 'fe80::1' }, 'qemu+ssh://a%20b@[fe80::1]/system'],
    // SSH fields are ignored where remote is not offered.
    [{ hypervisor: 'qemu-session', remote: true, host: 'h1' }, 'qemu:///session'],
    [{ hypervisor: 'custom', customUri: '  qemu+tls://h1/system?no_verify=1 ' }, 'qemu+tls://h1/system?no_verify=1'],
  ])('builds %j as %s', (patch, uri) => {
    expect(formUri(form(patch))).toEqual({ ok: true, uri });
  });

  it.each<[Partial<AddConnectionForm>, RegExp]>([
    [{ remote: true, host: ' ' }, /A hostname is required/],
    [{ remote: true, host: 'h1', port: 'abc' }, /port must be between/],
    [{ remote: true, host: 'h1', port: '70000' }, /port must be between/],
    [{ remote: true, host: 'h 1' }, /hostname may use only/],
    [{ hypervisor: 'custom', customUri: '' }, /Enter a libvirt URI/],
    [{ hypervisor: 'custom', customUri: 'qemu+ext:///system' }, /^Invalid URI: the 'ext' transport/],
    [{ hypervisor: 'custom', customUri: 'qemu+ssh://h/system?command=/bin/sh' }, /'command' parameter/],
    [{ hypervisor: 'custom', customUri: 'not a uri' }, /^Invalid URI: URI contains spaces/],
  ])('refuses %j', (patch, problem) => {
    const r = formUri(form(patch));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it('turning SSH on prefills root and turns autoconnect off; off turns it back on', () => {
    const on = setRemote(INITIAL_FORM, true);
    expect(on).toMatchObject({ remote: true, user: 'root', autoconnect: false });
    expect(setRemote({ ...on, user: 'admin' }, false)).toMatchObject({ remote: false, user: 'admin', autoconnect: true });
    expect(setRemote({ ...INITIAL_FORM, user: 'me' }, true).user).toBe('me');
  });

  it('hides SSH for the user session and custom URIs', () => {
    expect(remoteAllowed('qemu')).toBe(true);
    expect(remoteAllowed('qemu-session')).toBe(false);
    expect(remoteAllowed('custom')).toBe(false);
  });

  it('hints at SSH keys for ssh URIs only', () => {
    expect(connectHint('qemu+ssh://h/system')).toMatch(/SSH key/);
    expect(connectHint('qemu:///system')).toBeUndefined();
  });

  it('opens on Ctrl+Shift+N (or Cmd), not with Alt or without Shift', () => {
    const k = { ctrlKey: true, metaKey: false, shiftKey: true, altKey: false, key: 'N' };
    expect(isAddConnectionShortcut(k)).toBe(true);
    expect(isAddConnectionShortcut({ ...k, ctrlKey: false, metaKey: true, key: 'n' })).toBe(true);
    expect(isAddConnectionShortcut({ ...k, shiftKey: false })).toBe(false);
    expect(isAddConnectionShortcut({ ...k, altKey: true })).toBe(false);
  });
});

describe('connection row actions', () => {
  const base: ConnectionInfo = { id: 'c1', uri: 'test:///default', label: 'Test', saved: true, autoconnect: true, state: { kind: 'connecting' } };
  const enabled = (c: ConnectionInfo) => connectionActions(c).filter((a) => a.enabled).map((a) => a.action);

  it('offers Connect only while disconnected, Disconnect otherwise or while retrying', () => {
    expect(enabled({ ...base, state: { kind: 'disconnected', reason: 'x' } })).toEqual(['connect', 'rename', 'autoconnect', 'remove']);
    expect(enabled({ ...base, state: { kind: 'connected', hostname: 'h', libvirtVersion: '9' } })).toEqual(['disconnect', 'rename', 'autoconnect', 'remove']);
    expect(enabled({ ...base, state: { kind: 'disconnected', reason: 'x', retryAt: 1 } })).toEqual(['connect', 'disconnect', 'rename', 'autoconnect', 'remove']);
  });

  it('shows autoconnect as a checked item', () => {
    expect(connectionActions({ ...base, autoconnect: false }).find((a) => a.action === 'autoconnect')?.checked).toBe(false);
  });
});
