// The command line of a tree install, as virt-install composes it: what the
// distribution's installer needs to find its tree, then the user's arguments.
import type { OsInfo } from '../../preload/contract';

const REDHAT_DISTROS = new Set(['fedora', 'rhel', 'centos', 'centos-stream', 'almalinux', 'rocky', 'scientificlinux', 'circle', 'miraclelinux', 'ol', 'oel', 'asianux', 'eln', 'silverblue']);
const REDHAT_FAMILY = /fedora|red hat|centos|alma|rocky|scientific|circle|miracle|oracle/i;
const SUSE_DISTROS = new Set(['opensuse', 'sles', 'sled', 'sle', 'slem', 'caasp']);
const SUSE = /suse/i;

export type TreeInstaller = 'anaconda' | 'suse' | 'other';

/** Which installer the tree boots: from the detected OS, else the treeinfo family. */
export function treeInstaller(os: Pick<OsInfo, 'distro' | 'family'> | null, treeFamily: string): TreeInstaller {
  if (os?.distro) {
    if (REDHAT_DISTROS.has(os.distro)) return 'anaconda';
    if (SUSE_DISTROS.has(os.distro)) return 'suse';
    return 'other';
  }
  if (REDHAT_FAMILY.test(treeFamily)) return 'anaconda';
  if (SUSE.test(treeFamily)) return 'suse';
  return 'other';
}

/**
 * Anaconda gets inst.repo=<tree> (method= before RHEL/CentOS 7), SUSE's
 * linuxrc install=<tree>; Debian and Ubuntu netboot installers need nothing.
 * An argument the user gave already is not added again.
 */
export function composeKernelArgs(userArgs: string, installer: TreeInstaller, treeUrl: string, os: Pick<OsInfo, 'distro' | 'version'> | null = null): string {
  const user = userArgs.trim();
  const has = (key: string) => user.split(/\s+/).some((a) => a.startsWith(`${key}=`));
  let repo: string | undefined;
  if (installer === 'anaconda') {
    const old = ['rhel', 'centos', 'scientificlinux', 'ol', 'oel'].includes(os?.distro ?? '') && Number.parseInt(os!.version, 10) < 7;
    const key = old ? 'method' : 'inst.repo';
    if (!has('inst.repo') && !has('method') && !has('repo')) repo = `${key}=${treeUrl}`;
  } else if (installer === 'suse' && !has('install')) repo = `install=${treeUrl}`;
  return [repo, user].filter((x) => x).join(' ');
}
