import { describe, expect, it } from 'vitest';
import { METHOD_SCHEMAS, allowedActions, checkArgs, isMethod, libvirtUri, type DomainState } from '../../../preload/contract';
import { ConsoleService } from '../../../main/consoles/console-service';
import { AuthService } from '../../../main/services/auth-service';
import { createHandlers } from '../../../main/services/handlers';
import { ConnectionService } from '../../../main/services/connection-service';
import { DomainService } from '../../../main/services/domain-service';
import { StatsService } from '../../../main/stats/stats-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeHypervisor, RecordingSink } from '../fakes/fake-hypervisor';

const ref = { connectionId: 'c1', uuid: '00000000-0000-4000-8000-000000000001' };

describe('contract', () => {
  it('has a handler for every method and a validator for every handler', () => {
    const conns = new ConnectionService(new FakeHypervisor(), new RecordingSink(), silentLogger);
    const stats = new StatsService(conns, new RecordingSink(), silentLogger);
    const handlers = createHandlers(conns, new DomainService(conns), new ConsoleService(conns), stats, new AuthService(new RecordingSink(), silentLogger));
    stats.stop();
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(METHOD_SCHEMAS).sort());
    for (const fn of Object.values(handlers)) expect(typeof fn).toBe('function');
  });

  it('knows only its own methods, not inherited object keys', () => {
    expect(isMethod('domains.start')).toBe(true);
    expect(isMethod('toString')).toBe(false);
    expect(isMethod('__proto__')).toBe(false);
    expect(isMethod(42)).toBe(false);
  });

  it.each([
    ['domains.start', [ref]],
    ['connections.add', ['qemu+ssh://root@host:2222/system?keyfile=/root/.ssh/id', { autoconnect: false }]],
    ['connections.add', ['test:///work/fixtures/host.xml', { autoconnect: true, label: 'Fixtures' }]],
    ['connections.update', ['c1', { autoconnect: true, label: '' }]],
    ['connections.list', []],
    ['stats.configure', [{ intervalSec: 60, memory: false, disk: true, network: false }]],
    ['consoles.passwordStore', []],
    ['consoles.savedPassword', [ref]],
    ['consoles.rememberPassword', [ref, 's3cret']],
    ['consoles.rememberPassword', [ref, 'pässwörd with spaces & "quotes"']],
    ['consoles.rememberPassword', [ref, null]],
  ])('accepts %s %j', (method, args) => {
    expect(checkArgs(method as never, args)).toBeUndefined();
  });

  it.each([
    ['domains.start', 'not an array'],
    ['domains.start', []],
    ['domains.start', [ref, ref]],
    ['domains.start', [{ ...ref, uuid: 'NOT-A-UUID' }]],
    ['domains.start', [{ ...ref, extra: 1 }]],
    ['domains.start', [{ connectionId: '../../etc', uuid: ref.uuid }]],
    ['domains.start', [null]],
    ['connections.add', ['', { autoconnect: false }]],
    ['connections.add', ['not a uri', { autoconnect: false }]],
    ['connections.add', ['qemu:///system\n', { autoconnect: false }]],
    ['connections.add', [42, { autoconnect: false }]],
    ['connections.add', ['qemu:///system']],
    ['connections.add', ['qemu:///system', { autoconnect: 'yes' }]],
    ['connections.add', ['qemu:///system', { autoconnect: true, label: 'x\u0000y' }]],
    ['connections.add', ['qemu:///system', { autoconnect: true, evil: 1 }]],
    ['connections.close', [{}]],
    ['stats.configure', [{ intervalSec: 0, memory: true, disk: true, network: true }]],
    ['stats.configure', [{ intervalSec: 61, memory: true, disk: true, network: true }]],
    ['stats.configure', [{ intervalSec: 1.5, memory: true, disk: true, network: true }]],
    ['stats.configure', [{ intervalSec: 1, memory: 'yes', disk: true, network: true }]],
    ['stats.configure', [{ intervalSec: 1, memory: true, disk: true }]],
    ['stats.configure', [{ intervalSec: 1, memory: true, disk: true, network: true, cpu: false }]],
    ['consoles.passwordStore', [ref]],
    ['consoles.savedPassword', []],
    ['consoles.savedPassword', ['c1']],
    ['consoles.savedPassword', [{ ...ref, uuid: 'x' }]],
    ['consoles.rememberPassword', [ref]],
    ['consoles.rememberPassword', [ref, '']],
    ['consoles.rememberPassword', [ref, 42]],
    ['consoles.rememberPassword', [ref, undefined]],
    ['consoles.rememberPassword', [ref, { password: 'x' }]],
    ['consoles.rememberPassword', [ref, 'a\u0000b']],
    ['consoles.rememberPassword', [ref, 'x'.repeat(1025)]],
    ['consoles.rememberPassword', [{ connectionId: 'c1' }, 'pw']],
  ])('rejects %s %j', (method, args) => {
    expect(checkArgs(method as never, args)).toMatch(/./);
  });

  it('refuses URIs that would make libvirt run a program', () => {
    expect(libvirtUri.check('qemu+ext:///system?command=/bin/sh')).toMatch(/ext/);
    expect(libvirtUri.check('qemu+ssh://h/system?command=/tmp/evil')).toMatch(/command/);
    expect(libvirtUri.check('qemu+ssh://h/system?netcat=/tmp/nc')).toMatch(/netcat/);
  });

  it('enables actions by state as virt-manager does', () => {
    const acts = (state: DomainState, id: number | null) => [...allowedActions({ state, id })].sort();
    expect(acts('running', 1)).toEqual(['destroy', 'reboot', 'shutdown', 'suspend']);
    expect(acts('paused', 1)).toEqual(['destroy', 'resume']);
    expect(acts('shutoff', null)).toEqual(['start']);
    expect(acts('saved', null)).toEqual(['start']);
    expect(acts('crashed', null)).toEqual(['start']);
    expect(acts('crashed', 3)).toEqual(['destroy', 'start']);
    expect(acts('pmsuspended', 2)).toEqual(['destroy']);
  });
});

describe('validators of the list methods', () => {
  it.each([
    ['domains.setTags', [ref, []]],
    ['domains.setTags', [ref, ['web', '<b>', 'a'.repeat(32), 'ünï ☃']]],
    ['domains.rename', [ref, 'new-name']],
    ['domains.rename', [ref, 'x'.repeat(199)]],
    ['domains.delete', [ref]],
  ])('accepts %s %j', (method, args) => {
    expect(checkArgs(method as never, args)).toBeUndefined();
  });

  it.each([
    ['domains.setTags', [ref, 'web']],
    ['domains.setTags', [ref, ['']]],
    ['domains.setTags', [ref, ['a'.repeat(33)]]],
    ['domains.setTags', [ref, ['a\u0000b']]],
    ['domains.setTags', [ref, ['tab\there']]],
    ['domains.setTags', [ref, [' padded']]],
    ['domains.setTags', [ref, ['web', 'WEB']]],
    ['domains.setTags', [ref, [42]]],
    ['domains.setTags', [ref, Array.from({ length: 65 }, (_, i) => `t${i}`)]],
    ['domains.rename', [ref, '']],
    ['domains.rename', [ref, 'a/b']],
    ['domains.rename', [ref, 'x'.repeat(200)]],
    ['domains.rename', [ref, 'line\nbreak']],
    ['domains.rename', [ref]],
    ['domains.delete', [ref, true]],
    ['domains.delete', [{ ...ref, uuid: 'x' }]],
  ])('rejects %s %j', (method, args) => {
    expect(checkArgs(method as never, args)).toMatch(/./);
  });
});
