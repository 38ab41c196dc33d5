import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SshMultiplexer } from '../../../main/ssh/ssh-multiplexer';

describe('SshMultiplexer', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The wrapper libvirt runs for a +ssh URI (the command= parameter main adds). */
  function wrapperOf(mux: SshMultiplexer, uri: string): string {
    const command = new URLSearchParams(mux.libvirtUri(uri).split('?')[1]).get('command');
    expect(command).toBeTruthy();
    return readFileSync(command!, 'utf8');
  }

  it('passes an ssh_config given to it (-F) to libvirt’s ssh runs too, quoted', () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-mux-'));
    const mux = new SshMultiplexer({ runtimeDir: join(dir, 'ssh'), configFile: "/tmp/my config's", extraOptions: ['StrictHostKeyChecking=yes'] });
    const script = wrapperOf(mux, 'qemu+ssh://root@host:2222/system');
    expect(script).toContain(`'-F' '/tmp/my config'\\''s' '-o' 'StrictHostKeyChecking=yes' "$@"`);
    expect(script).toContain('ControlMaster=no');
  });

  it('leaves ~/.ssh/config to ssh when given none', () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-mux-'));
    const script = wrapperOf(new SshMultiplexer({ runtimeDir: join(dir, 'ssh') }), 'qemu+ssh://host/system');
    expect(script).not.toContain('-F');
  });
});
