import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** libvirt's in-process demo host: always there, no daemon needed. */
export const DEMO_URI = 'test:///default';

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What to open when the user named nothing: the system daemon if it answers,
 * else the per-user session if QEMU is installed, else the demo host.
 */
export function defaultUriCandidates(hasQemu = onPath('qemu-system-x86_64') || onPath('qemu-kvm')): string[] {
  return ['qemu:///system', ...(hasQemu ? ['qemu:///session'] : []), DEMO_URI];
}
