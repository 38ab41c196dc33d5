import type { Hypervisor, HypervisorConnection, OpenOptions } from '../libvirt/types';
import type { SshMultiplexer } from './ssh-multiplexer';
import { sshTargetOf } from './ssh-target';

/**
 * Opens `+ssh` URIs through the host's shared SSH master (started first, so
 * its failure is reported in ssh's own words), everything else as is. The
 * connection keeps the user's URI; only libvirt sees the rewritten one.
 */
export function sshAwareHypervisor(inner: Hypervisor, mux: SshMultiplexer): Hypervisor {
  return {
    async open(uri: string, options?: OpenOptions): Promise<HypervisorConnection> {
      const target = sshTargetOf(uri);
      if (!target) return inner.open(uri, options);
      await mux.ensureMaster(target);
      const conn = await inner.open(mux.libvirtUri(uri), options);
      return new Proxy(conn, { get: (obj, prop) => (prop === 'uri' ? uri : Reflect.get(obj, prop, obj)) });
    },
  };
}
