import { describe, expect, it } from 'vitest';
import { parseDomainConsoles } from '../../../main/libvirt/xml/domain-consoles';

const live = (devices: string) => `<domain type='qemu' id='3'><name>g</name><devices>${devices}</devices></domain>`;

describe('parseDomainConsoles', () => {
  it('reads a VNC port and listen address, serial ports, and lists console0 once', () => {
    const c = parseDomainConsoles(
      live(`<serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'/><alias name='serial0'/></serial>
            <console type='pty' tty='/dev/pts/3'><target type='serial' port='0'/><alias name='serial0'/></console>
            <console type='pty'><target type='virtio' port='1'/><alias name='console1'/></console>
            <graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>`),
    );
    expect(c.graphics).toEqual({ type: 'vnc', host: '127.0.0.1', port: 5901, hasPassword: false });
    expect(c.chars.map((x) => [x.id, x.alias, x.type, x.targetType])).toEqual([
      ['serial0', 'serial0', 'pty', 'isa-serial'],
      ['console1', 'console1', 'pty', 'virtio'],
    ]);
  });

  it('prefers a unix socket, maps a wildcard listen to loopback, notices a password and SPICE', () => {
    expect(parseDomainConsoles(live(`<graphics type='vnc' socket='/run/vnc.sock'/>`)).graphics).toEqual({ type: 'vnc', socket: '/run/vnc.sock', hasPassword: false });
    expect(parseDomainConsoles(live(`<graphics type='vnc' port='5900' listen='0.0.0.0' passwd='x'/>`)).graphics).toEqual({ type: 'vnc', host: '127.0.0.1', port: 5900, hasPassword: true });
    expect(parseDomainConsoles(live(`<graphics type='spice' port='5930'/>`)).graphics).toEqual({ type: 'unsupported', graphicsType: 'spice' });
    expect(parseDomainConsoles(live(`<graphics type='vnc' port='-1' autoport='yes'/>`)).graphics?.type).toBe('unsupported');
  });

  it('has no consoles without devices, and refuses broken or foreign XML', () => {
    expect(parseDomainConsoles(`<domain><name>x</name></domain>`)).toEqual({ graphics: undefined, chars: [] });
    expect(() => parseDomainConsoles('<domain><devices>')).toThrow(/domain XML/);
    expect(() => parseDomainConsoles('<network/>')).toThrow(/domain XML/);
  });
});
