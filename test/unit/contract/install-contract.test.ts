import { describe, expect, it } from 'vitest';
import { checkArgs } from '../../../preload/contract';

const spec = {
  connectionId: 'c1',
  name: 'vdtw-a',
  source: { kind: 'kernel', kernel: '/boot/vmlinuz', initrd: '', args: 'console=ttyS0' },
  osId: null,
  arch: 'x86_64',
  machine: null,
  virtType: 'qemu',
  memoryMiB: 128,
  vcpus: 1,
  storage: { kind: 'new', pool: 'default', sizeMiB: 64, format: 'qcow2', sparse: true },
  network: { kind: 'none' },
  firmware: 'bios',
  customize: false,
};

describe('install contract', () => {
  it.each([
    ['install.check', [spec]],
    ['install.create', [{ ...spec, source: { kind: 'url', url: 'https://example.org/x.iso', kernelArgs: '' }, network: { kind: 'network', name: 'default' } }]],
    ['install.create', [{ ...spec, source: { kind: 'import', path: '/img/a.vmdk', pool: 'default' }, storage: { kind: 'none' } }]],
    ['install.detect', ['c1', '/isos/debian.iso']],
    ['install.detectUrl', ['c1', 'https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/', 'x86_64']],
    ['jobs.cancel', ['abcdefgh12345678']],
    ['domains.deleteWithStorage', [{ connectionId: 'c1', uuid: '00000000-0000-4000-8000-000000000001' }, ['/var/lib/libvirt/images/a.qcow2']]],
  ])('accepts %s', (method, args) => {
    expect(checkArgs(method as never, args)).toBeUndefined();
  });

  it.each([
    ['install.check', [{ ...spec, extra: 1 }], /unexpected field extra/],
    ['install.check', [{ ...spec, memoryMiB: 1.5 }], /memory/],
    ['install.check', [{ ...spec, source: { kind: 'iso', path: 'relative.iso' } }], /absolute/],
    ['install.check', [{ ...spec, source: { kind: 'url', url: 'file:///etc/passwd', kernelArgs: '' } }], /http/],
    ['install.check', [{ ...spec, storage: { kind: 'new', pool: '../x', sizeMiB: 64, format: 'qcow2', sparse: true } }], /pool/],
    ['install.check', [{ ...spec, storage: { kind: 'new', pool: 'default', sizeMiB: 64, format: 'vmdk', sparse: true } }], /format/],
    ['install.check', [{ ...spec, network: { kind: 'bridge', name: 'br0; rm -rf /' } }], /network name/],
    ['install.detect', ['c1', 'x\n.iso'], /path/],
    ['install.detectUrl', ['c1', 'file:///etc/passwd', 'x86_64'], /http/],
    ['install.detectUrl', ['c1', 'http://example.org/\nos/', 'x86_64'], /control characters/],
    ['install.detectUrl', ['c1', 'http://example.org/os/', 'x86 64'], /architecture/],
    ['install.detectUrl', ['c1', 'http://example.org/os/'], /argument/],
    ['jobs.cancel', ['short'], /job id/],
    ['domains.deleteWithStorage', [{ connectionId: 'c1', uuid: '00000000-0000-4000-8000-000000000001' }, ['etc/passwd']], /absolute/],
  ])('refuses %s %j', (method, args, why) => {
    expect(checkArgs(method as never, args)).toMatch(why);
  });
});
