// The install service's side of tree URLs, on the fake hypervisor: remote
// connections are refused (the kernel would be downloaded here, where the
// remote host cannot read it), ISOs are recognised without a request.
import { describe, expect, it } from 'vitest';
import type { InstallSpec } from '../../../preload/contract';
import { InstallService } from '../../../main/install/install-service';
import { ConnectionService } from '../../../main/services/connection-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeConnection, FakeHypervisor, RecordingSink } from '../fakes/fake-hypervisor';

const REMOTE = 'qemu+ssh://root@far.example/system';

async function setup(uri: string) {
  const hv = new FakeHypervisor();
  hv.hosts.set(uri, () => new FakeConnection(uri, []));
  const sink = new RecordingSink();
  const connections = new ConnectionService(hv, sink, silentLogger);
  const info = await connections.open(uri);
  return { install: new InstallService(connections, sink), id: info.id };
}

const spec = (connectionId: string, url: string): InstallSpec => ({
  connectionId,
  name: 'vdtu-remote',
  source: { kind: 'url', url, kernelArgs: '' },
  osId: null,
  arch: 'x86_64',
  machine: null,
  virtType: 'qemu',
  memoryMiB: 128,
  vcpus: 1,
  storage: { kind: 'none' },
  network: { kind: 'none' },
  firmware: 'bios',
  customize: false,
});

describe('install service and tree URLs', () => {
  it('refuses install trees on remote connections, saying what to do instead', async () => {
    const { install, id } = await setup(REMOTE);
    const message = `Install trees can be used only on this machine’s own connections for now; on ${REMOTE} give the URL of an ISO image`;
    await expect(install.detectUrl(id, 'http://127.0.0.1:9/fedora/os/', 'x86_64')).rejects.toThrow(message);
    const { problems } = await install.check(spec(id, 'http://127.0.0.1:9/fedora/os/'));
    expect(problems).toContainEqual({ field: 'source', severity: 'error', message });
  });

  it('recognises an ISO URL by its name without asking the server (its answer is checked at Finish)', async () => {
    const { install, id } = await setup(REMOTE);
    expect(await install.detectUrl(id, 'http://127.0.0.1:9/netinst.iso', 'x86_64')).toEqual({ kind: 'iso', os: null });
  });
});
