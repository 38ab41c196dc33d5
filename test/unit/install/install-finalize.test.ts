import { describe, expect, it } from 'vitest';
import { buildDomainXml } from '../../../main/install/domain-builder';
import { finalizeInstallXml, isInstallPhase } from '../../../main/install/install-finalize';
import { profiles } from './profiles';

describe('finishing an install run', () => {
  const isoInstall = () => buildDomainXml(profiles()['linux-virtio-q35']!);

  it('marks only install runs', () => {
    expect(isInstallPhase(isoInstall())).toBe(true);
    expect(isInstallPhase(buildDomainXml(profiles()['direct-kernel-boot']!))).toBe(false);
    expect(finalizeInstallXml(buildDomainXml(profiles().import!))).toBeNull();
  });

  it('empties the install CD-ROM, boots from the disk, reboots again and drops the marker', () => {
    const done = finalizeInstallXml(isoInstall())!;
    expect(done.scratch).toEqual([]);
    expect(done.xml).not.toContain('debian-12.iso');
    expect(done.xml).toMatch(/<disk type="file" device="cdrom">\s*<driver name="qemu" type="raw"\/>\s*<target dev="sda" bus="sata"\/>/);
    expect(done.xml).toContain('<boot dev="hd"/>');
    expect(done.xml).not.toContain('dev="cdrom"/>');
    expect(done.xml).toContain('<on_reboot>restart</on_reboot>');
    expect(done.xml).not.toContain('virtdesk.dev/xmlns/install');
    // the OS profile stays: it is the guest's, not the install's
    expect(done.xml).toContain('libosinfo:os id="http://debian.org/debian/12"');
    expect(isInstallPhase(done.xml)).toBe(false);
  });

  it('keeps changes made before the install started and XML it does not know', () => {
    const edited = isoInstall()
      .replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static'>3</vcpu>")
      .replace('<on_poweroff>', '<seclabel type="dynamic" model="selinux"><label>odd</label></seclabel>\n  <on_poweroff>')
      .replace("<disk type='file' device='disk'>", "<disk type='file' device='disk'>\n      <serial>custom-serial</serial>");
    const xml = finalizeInstallXml(edited)!.xml;
    expect(xml).toContain('<vcpu placement="static">3</vcpu>');
    expect(xml).toContain('<seclabel type="dynamic" model="selinux"><label>odd</label></seclabel>');
    expect(xml).toContain('<serial>custom-serial</serial>');
    expect(xml).toContain("/var/lib/libvirt/images/debian12.qcow2".replace(/'/g, '"'));
  });

  it('leaves a boot order set on devices alone', () => {
    const edited = isoInstall()
      .replace("    <boot dev='cdrom'/>\n    <boot dev='hd'/>\n", '')
      .replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <boot order='1'/>");
    const xml = finalizeInstallXml(edited)!.xml;
    expect(xml).not.toContain('<boot dev=');
    expect(xml).toContain('<boot order="1"/>');
  });

  it('takes out a URL install kernel and names its files for removal', () => {
    const b = profiles()['direct-kernel-boot']!;
    const xml = buildDomainXml({ ...b, installPhase: true, scratch: ['/var/lib/libvirt/boot/virtinst-vmlinuz-x', '/var/lib/libvirt/boot/virtinst-initrd-x'] });
    expect(xml).toContain('<on_reboot>destroy</on_reboot>');
    const done = finalizeInstallXml(xml)!;
    expect(done.scratch).toEqual(['/var/lib/libvirt/boot/virtinst-vmlinuz-x', '/var/lib/libvirt/boot/virtinst-initrd-x']);
    expect(done.xml).not.toMatch(/<kernel>|<initrd>|<cmdline>/);
    expect(done.xml).toContain('<boot dev="hd"/>');
  });

  it('refuses what is not a domain', () => {
    expect(() => finalizeInstallXml('<network/>')).toThrow(/Not a domain/);
    expect(() => finalizeInstallXml('<domain><name>x</domain>')).toThrow(/Not a domain/);
  });
});
