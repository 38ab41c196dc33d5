import { describe, expect, it } from 'vitest';
import { virtualizationWarning } from '../../../main/services/host-check';

const caps = (hostFeatures: string, domainTypes: string[]) =>
  `<capabilities><host><uuid>x</uuid><cpu><arch>x86_64</arch><model>Skylake</model>${hostFeatures}</cpu></host>` +
  `<guest><os_type>hvm</os_type><arch name='x86_64'>${domainTypes.map((t) => `<domain type='${t}'/>`).join('')}</arch></guest></capabilities>`;

describe('virtualizationWarning', () => {
  it('says nothing when libvirt offers KVM guests', () => {
    expect(virtualizationWarning('qemu:///system', 'h1', caps("<feature name='vmx'/>", ['qemu', 'kvm']))).toBeUndefined();
  });

  it('blames /dev/kvm when the CPU has VT-x or AMD-V but libvirt offers no KVM', () => {
    expect(virtualizationWarning('qemu+ssh://root@h1/system', 'h1', caps("<feature name='svm'/>", ['qemu']))).toBe(
      'KVM is not available on h1 (/dev/kvm is missing or not usable by libvirt): guests will run under slow software emulation.',
    );
  });

  it('blames the CPU when it offers no hardware virtualization', () => {
    expect(virtualizationWarning('qemu:///session', 'h1', caps("<feature name='pdpe1gb'/>", ['qemu']))).toMatch(
      /^h1's CPU does not offer hardware virtualization \(VT-x\/AMD-V\).*slow software emulation\.$/,
    );
  });

  it('does not apply to drivers other than QEMU', () => {
    expect(virtualizationWarning('test:///default', 'h1', caps('', ['test']))).toBeUndefined();
    expect(virtualizationWarning('lxc:///system', 'h1', caps('', ['lxc']))).toBeUndefined();
  });
});
