import { describe, expect, it } from 'vitest';
import { defaultPoolPath, defaultPoolXml } from '../../../main/install/default-pool';

describe('defaultPoolPath (virt-manager’s default pool directory)', () => {
  const env = { HOME: '/home/ann' };
  it('system daemons, local or remote, keep images in /var/lib/libvirt/images', () => {
    expect(defaultPoolPath('qemu:///system', env)).toBe('/var/lib/libvirt/images');
    expect(defaultPoolPath('qemu+ssh://root@host/system', env)).toBe('/var/lib/libvirt/images');
    expect(defaultPoolPath('qemu+unix:///system?socket=/run/x', env)).toBe('/var/lib/libvirt/images');
  });
  it('a local session daemon uses the user’s XDG data directory', () => {
    expect(defaultPoolPath('qemu:///session', env)).toBe('/home/ann/.local/share/libvirt/images');
    expect(defaultPoolPath('qemu+unix:///session?socket=/tmp/d/libvirt-sock', env)).toBe('/home/ann/.local/share/libvirt/images');
    expect(defaultPoolPath('qemu:///session', { ...env, XDG_DATA_HOME: '/data/ann' })).toBe('/data/ann/libvirt/images');
    // the XDG spec ignores a relative XDG_DATA_HOME
    expect(defaultPoolPath('qemu:///session', { ...env, XDG_DATA_HOME: 'rel' })).toBe('/home/ann/.local/share/libvirt/images');
  });
  it('no default pool where the daemon’s home is unknown or the driver is not QEMU', () => {
    expect(defaultPoolPath('qemu+ssh://ann@host/session', env)).toBeNull();
    expect(defaultPoolPath('test:///default', env)).toBeNull();
    expect(defaultPoolPath('lxc:///system', env)).toBeNull();
  });
  it('escapes the path in the pool XML', () => {
    expect(defaultPoolXml('/a&b')).toBe("<pool type='dir'><name>default</name><target><path>/a&amp;b</path></target></pool>");
  });
});

describe('uriPath', () => {
  it('is the path without query or host, so ?socket= URIs count as system or session', async () => {
    const { uriPath } = await import('../../../main/install/default-pool');
    expect(uriPath('qemu:///session?socket=/run/user/1000/libvirt/libvirt-sock')).toBe('/session');
    expect(uriPath('qemu+ssh://root@host:2222/system?keyfile=/k')).toBe('/system');
    expect(uriPath('test:///default')).toBe('/default');
    expect(uriPath('not a uri')).toBe('');
  });
});
