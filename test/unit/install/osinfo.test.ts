import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOs, loadOsList, OSINFO_OS_DIR, parseDetectOutput, sortRecentFirst } from '../../../main/install/osinfo';
import { fixtureOs } from './profiles';

describe('osinfo reader', () => {
  it('reads name, vendor, dates, family and resources, inheriting what a derived OS leaves out', () => {
    const d12 = fixtureOs('http://debian.org/debian/12');
    expect(d12).toMatchObject({ shortId: 'debian12', name: 'Debian 12', vendor: 'Debian Project', family: 'linux', releaseDate: '2023-06-10' });
    expect(d12.recommended).toEqual({ memoryMiB: 2048, vcpus: 1, storageGiB: 20 });
    expect(d12.minimum).toEqual({ memoryMiB: 1024, vcpus: 1, storageGiB: 10 });
    expect(d12).toMatchObject({ virtioNet: true, virtioBlock: true, video: 'virtio', uefi: 'unknown', tpm: false });
  });

  it('knows Windows 11 needs UEFI and a TPM, and Windows 10 neither', () => {
    expect(fixtureOs('http://microsoft.com/win/11')).toMatchObject({ uefi: 'required', tpm: true, video: 'qxl', virtioBlock: false, minimum: { memoryMiB: 4096, vcpus: 2, storageGiB: 64 } });
    expect(fixtureOs('http://microsoft.com/win/10')).toMatchObject({ uefi: 'unknown', tpm: false });
  });

  it('sorts newest first', () => {
    const list = sortRecentFirst([fixtureOs('http://debian.org/debian/11'), fixtureOs('http://microsoft.com/win/11'), fixtureOs('http://debian.org/debian/12')]);
    expect(list.map((o) => o.shortId)).toEqual(['debian12', 'win11', 'debian11']);
  });

  it('parses osinfo-detect output', () => {
    expect(parseDetectOutput("Media is bootable.\nMedia is an installer for OS 'Debian 11 (x86_64)'\n")).toEqual({ name: 'Debian 11', arch: 'x86_64' });
    expect(parseDetectOutput('Media is bootable.\n')).toBeUndefined();
  });

  it('reads the installed osinfo-db', () => {
    // Debian's osinfo-db, installed by scripts/install-system-deps.sh: missing, this fails, never skips.
    expect(existsSync(OSINFO_OS_DIR), `${OSINFO_OS_DIR} (install osinfo-db)`).toBe(true);
    const list = loadOsList();
    expect(list.length).toBeGreaterThan(100);
    expect(findOs('debian11')?.name).toBe('Debian 11');
    expect(findOs('win11')).toMatchObject({ uefi: 'required', tpm: true });
  });
});
