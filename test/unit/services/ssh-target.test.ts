import { describe, expect, it } from 'vitest';
import { sshTargetOf, targetArgs, targetKey } from '../../../main/ssh/ssh-target';

describe('sshTargetOf', () => {
  it('reads user, host, port and keyfile of +ssh URIs only', () => {
    expect(sshTargetOf('qemu+ssh://root@10.1.2.3:2222/system?keyfile=/k&no_verify=1')).toEqual({ user: 'root', host: '10.1.2.3', port: 2222, keyfile: '/k' });
    expect(sshTargetOf('qemu+ssh://host.example/system')).toEqual({ host: 'host.example' });
    expect(sshTargetOf('qemu+ssh://admin@[fe80::1]:22/system')).toEqual({ user: 'admin', host: 'fe80::1', port: 22 });
    expect(sshTargetOf('qemu:///system')).toBeUndefined();
    expect(sshTargetOf('qemu+tcp://host/system')).toBeUndefined();
  });
  it('builds ssh arguments that end option parsing before the host', () => {
    expect(targetArgs({ user: 'u', host: '-oProxyCommand=x', port: 2 })).toEqual(['-p', '2', '-l', 'u', '--', '-oProxyCommand=x']);
    expect(targetKey({ host: 'h' })).toBe('@h:22');
  });
});
