// Install tree URLs: .treeinfo parsing, osinfo-db tree matching, kernel
// arguments, and detection against a real local HTTP server.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstallUrlError, inspectInstallUrl } from '../../../main/install/install-tree';
import { composeKernelArgs, treeInstaller } from '../../../main/install/kernel-args';
import { OSINFO_OS_DIR } from '../../../main/install/osinfo';
import { kernelLayouts, loadOsTrees, matchTreeInfo, matchTreeUrl, parseOsTrees } from '../../../main/install/osinfo-trees';
import { parseTreeInfo, treeInfoImages } from '../../../main/install/treeinfo';
import { FEDORA37_TREEINFO, closedPort, serveTree, type TreeServer } from '../../support/tree-server';

const trees = parseOsTrees(readFileSync(join(__dirname, 'osinfo-trees-fixture.xml'), 'utf8'));

describe('.treeinfo', () => {
  it('reads family, version, arch, variant and the images of a productmd treeinfo', () => {
    const info = parseTreeInfo(FEDORA37_TREEINFO)!;
    expect(info).toMatchObject({ family: 'Fedora', version: '37', arch: 'x86_64', variant: 'Server' });
    expect(treeInfoImages(info, 'x86_64')).toEqual({ kernel: 'images/pxeboot/vmlinuz', initrd: 'images/pxeboot/initrd.img' });
    expect(treeInfoImages(info, 'aarch64')).toBeUndefined(); // an x86_64 tree
  });

  it('falls back to [release] and [tree] without [general]; is undefined for anything else', () => {
    const info = parseTreeInfo('[release]\nname = CentOS Stream\nversion = 9\n[tree]\narch = aarch64\n[images-aarch64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n')!;
    expect(info).toMatchObject({ family: 'CentOS Stream', version: '9', arch: 'aarch64', variant: '' });
    expect(treeInfoImages(info, 'aarch64')).toEqual({ kernel: 'images/pxeboot/vmlinuz', initrd: 'images/pxeboot/initrd.img' });
    expect(parseTreeInfo('<html><body>Not Found</body></html>')).toBeUndefined();
    expect(parseTreeInfo('')).toBeUndefined();
    expect(treeInfoImages(parseTreeInfo('[general]\nfamily = Fedora\nversion = 37\n')!, 'x86_64')).toBeUndefined();
  });
});

describe('osinfo-db trees', () => {
  it('matches a treeinfo to its OS, anchored (Fedora 3 is not Fedora 37) and with libosinfo patterns', () => {
    expect(matchTreeInfo(trees, { family: 'Fedora', version: '37', arch: 'x86_64', variant: 'Server' })).toBe('http://fedoraproject.org/fedora/37');
    expect(matchTreeInfo(trees, { family: 'Fedora', version: '37', arch: 'x86_64', variant: 'Everything' })).toBe('http://fedoraproject.org/fedora/37');
    expect(matchTreeInfo(trees, { family: 'Fedora', version: '3', arch: 'x86_64', variant: '' })).toBe('http://fedoraproject.org/fedora/3');
    expect(matchTreeInfo(trees, { family: 'Red Hat Enterprise Linux', version: '9.0', arch: 'x86_64', variant: '' })).toBe('http://redhat.com/rhel/9.0');
    expect(matchTreeInfo(trees, { family: 'Fedora', version: '99', arch: 'x86_64', variant: '' })).toBeUndefined();
  });

  it('matches a tree URL, a mirror of it, or its codename; not a sibling release', () => {
    expect(matchTreeUrl(trees, 'https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/', 'x86_64')[0]?.osId).toBe('http://debian.org/debian/12');
    expect(matchTreeUrl(trees, 'http://ftp.fr.debian.org/pub/debian/dists/bookworm/main/installer-amd64', 'x86_64')[0]?.osId).toBe('http://debian.org/debian/12');
    expect(matchTreeUrl(trees, 'http://mirror.example/ubuntu/dists/jammy-updates/main/installer-amd64/', 'x86_64')).toEqual([]);
    expect(matchTreeUrl(trees, 'http://mirror.example/jammy/installer-amd64/', 'x86_64')[0]?.osId).toBe('http://ubuntu.com/ubuntu/22.04');
    expect(matchTreeUrl(trees, 'https://deb.debian.org/debian/dists/bookworm/main/installer-arm64/', 'aarch64')[0]?.url).toBe('http://deb.debian.org/debian/dists/bookworm/main/installer-arm64');
    expect(matchTreeUrl(trees, 'http://mirror.example/fedora/linux/releases/36/Server/x86_64/os/', 'x86_64')).toEqual([]);
  });

  it('lists each kernel layout once per arch', () => {
    expect(kernelLayouts(trees, 'x86_64')).toEqual([
      { kernel: 'current/images/netboot/debian-installer/amd64/linux', initrd: 'current/images/netboot/debian-installer/amd64/initrd.gz' },
      { kernel: 'current/legacy-images/netboot/ubuntu-installer/amd64/linux', initrd: 'current/legacy-images/netboot/ubuntu-installer/amd64/initrd.gz' },
    ]);
  });

  it('reads the installed osinfo-db: Fedora 37 by treeinfo, Debian 11 by URL, a handful of layouts', () => {
    // Debian's osinfo-db, installed by scripts/install-system-deps.sh: missing, this fails, never skips.
    expect(existsSync(OSINFO_OS_DIR), `${OSINFO_OS_DIR} (install osinfo-db)`).toBe(true);
    const db = loadOsTrees();
    expect(matchTreeInfo(db, { family: 'Fedora', version: '37', arch: 'x86_64', variant: 'Server' })).toBe('http://fedoraproject.org/fedora/37');
    expect(matchTreeUrl(db, 'http://deb.debian.org/debian/dists/bullseye/main/installer-amd64/', 'x86_64')[0]?.osId).toBe('http://debian.org/debian/11');
    const layouts = kernelLayouts(db, 'x86_64');
    expect(layouts.length).toBeGreaterThan(1);
    expect(layouts.length).toBeLessThan(12); // probing stays a handful of HEAD requests
  });
});

describe('kernel arguments', () => {
  it('adds inst.repo for Anaconda trees, install= for SUSE, nothing for Debian; then the user’s', () => {
    const url = 'http://127.0.0.1:8080/fedora/37/os/';
    expect(composeKernelArgs('console=ttyS0', treeInstaller({ distro: 'fedora', family: 'linux' }, 'Fedora'), url)).toBe(`inst.repo=${url} console=ttyS0`);
    expect(composeKernelArgs('', treeInstaller(null, 'Red Hat Enterprise Linux'), url)).toBe(`inst.repo=${url}`);
    expect(composeKernelArgs(' quiet ', treeInstaller({ distro: 'opensuse', family: 'linux' }, ''), url)).toBe(`install=${url} quiet`);
    expect(composeKernelArgs('', treeInstaller(null, 'openSUSE Leap'), url)).toBe(`install=${url}`);
    expect(composeKernelArgs('priority=low', treeInstaller({ distro: 'debian', family: 'linux' }, ''), url)).toBe('priority=low');
    expect(composeKernelArgs('', treeInstaller(null, ''), url)).toBe('');
    expect(composeKernelArgs('', 'anaconda', url, { distro: 'centos', version: '6.10' })).toBe(`method=${url}`);
  });

  it('does not add what the user gave already', () => {
    expect(composeKernelArgs('inst.repo=http://other/ console=ttyS0', 'anaconda', 'http://x/')).toBe('inst.repo=http://other/ console=ttyS0');
    expect(composeKernelArgs('install=http://other/', 'suse', 'http://x/')).toBe('install=http://other/');
  });
});

describe('detecting a network install URL (a real local HTTP server)', () => {
  let work: string;
  let fedora: TreeServer;
  let debian: TreeServer;
  let empty: TreeServer;
  const DEB = '/debian/dists/bookworm/main/installer-amd64/';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vdtu-tree-'));
    writeFileSync(join(work, 'vmlinuz'), 'kernel');
    writeFileSync(join(work, 'initrd'), 'initrd');
    const k = { file: join(work, 'vmlinuz') };
    const i = { file: join(work, 'initrd') };
    fedora = await serveTree({ '/f37/os/.treeinfo': { text: FEDORA37_TREEINFO }, '/f37/os/images/pxeboot/vmlinuz': k, '/f37/os/images/pxeboot/initrd.img': i, '/noarm/.treeinfo': { text: '[general]\nfamily = Fedora\nversion = 37\narch = aarch64\n[images-aarch64]\nkernel = k\ninitrd = i\n' }, '/missing/.treeinfo': { text: FEDORA37_TREEINFO } });
    debian = await serveTree({ [`${DEB}current/images/netboot/debian-installer/amd64/linux`]: k, [`${DEB}current/images/netboot/debian-installer/amd64/initrd.gz`]: i, '/plain/current/images/netboot/debian-installer/amd64/linux': k, '/plain/current/images/netboot/debian-installer/amd64/initrd.gz': i });
    empty = await serveTree({});
  });
  afterAll(async () => {
    await Promise.all([fedora?.close(), debian?.close(), empty?.close()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('an ISO by its name', async () => {
    expect(await inspectInstallUrl('http://127.0.0.1:1/x/debian.iso', 'x86_64', { trees })).toEqual({ kind: 'iso' });
  });

  it('a Fedora tree from its .treeinfo, with or without the trailing slash', async () => {
    for (const url of [`${fedora.origin}/f37/os/`, `${fedora.origin}/f37/os`]) {
      expect(await inspectInstallUrl(url, 'x86_64', { trees })).toEqual({
        kind: 'tree',
        osId: 'http://fedoraproject.org/fedora/37',
        family: 'Fedora',
        kernel: `${fedora.origin}/f37/os/images/pxeboot/vmlinuz`,
        initrd: `${fedora.origin}/f37/os/images/pxeboot/initrd.img`,
        base: `${fedora.origin}/f37/os/`,
      });
    }
  });

  it('a Debian 12 tree without .treeinfo, by the layout osinfo-db lists for it', async () => {
    const found = await inspectInstallUrl(`${debian.origin}${DEB}`, 'x86_64', { trees });
    expect(found).toMatchObject({ kind: 'tree', osId: 'http://debian.org/debian/12', kernel: `${debian.origin}${DEB}current/images/netboot/debian-installer/amd64/linux` });
    // the same layout elsewhere: found, OS unknown (Debian 12 and testing share it)
    expect(await inspectInstallUrl(`${debian.origin}/plain/`, 'x86_64', { trees })).toMatchObject({ kind: 'tree', osId: null, initrd: `${debian.origin}/plain/current/images/netboot/debian-installer/amd64/initrd.gz` });
  });

  it('clear errors: nothing there, no kernel for the arch, a kernel missing, a server that refuses connections', async () => {
    await expect(inspectInstallUrl(`${empty.origin}/nothing/`, 'x86_64', { trees })).rejects.toThrow(
      new InstallUrlError(`No install tree at ${empty.origin}/nothing/: found no .treeinfo, treeinfo, nor a kernel where osinfo-db's x86_64 trees have one (tried .treeinfo, treeinfo, current/images/netboot/debian-installer/amd64/linux, current/legacy-images/netboot/ubuntu-installer/amd64/linux)`),
    );
    await expect(inspectInstallUrl(`${fedora.origin}/noarm/`, 'x86_64', { trees })).rejects.toThrow(`The install tree ${fedora.origin}/noarm/ has no kernel for x86_64 in its .treeinfo (it has: aarch64)`);
    await expect(inspectInstallUrl(`${fedora.origin}/missing/`, 'x86_64', { trees })).rejects.toThrow(`The install tree ${fedora.origin}/missing/ names ${fedora.origin}/missing/images/pxeboot/vmlinuz in its .treeinfo, but it is not there`);
    const port = await closedPort();
    await expect(inspectInstallUrl(`http://127.0.0.1:${port}/os/`, 'x86_64', { trees })).rejects.toThrow(`The URL http://127.0.0.1:${port}/os/ does not answer: connection refused`);
    await expect(inspectInstallUrl('ftp://127.0.0.1/os/', 'x86_64', { trees })).rejects.toThrow(/HTTP or HTTPS only/);
  });
});
