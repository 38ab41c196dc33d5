/**
 * Whether guests on a QEMU host can use hardware virtualization, from the
 * host's capabilities XML: libvirt lists a `<domain type='kvm'/>` guest type
 * only when /dev/kvm is there and usable by the daemon. Returns the banner
 * text when they cannot, undefined when they can or the question does not
 * apply (test, LXC, Xen drivers).
 */
export function virtualizationWarning(uri: string, hostname: string, capabilitiesXml: string): string | undefined {
  if (!/^qemu(\+[a-z0-9]+)?:/i.test(uri)) return undefined;
  if (/<domain\s+type=['"]kvm['"]/.test(capabilitiesXml)) return undefined;
  // The host CPU's feature list says whether VT-x/AMD-V is there at all.
  const hostCpu = /<host>[\s\S]*?<cpu>([\s\S]*?)<\/cpu>/.exec(capabilitiesXml)?.[1] ?? '';
  const hasHardware = /<feature\s+name=['"](vmx|svm)['"]/.test(hostCpu);
  const why = hasHardware
    ? `KVM is not available on ${hostname} (/dev/kvm is missing or not usable by libvirt)`
    : `${hostname}'s CPU does not offer hardware virtualization (VT-x/AMD-V) to this system`;
  return `${why}: guests will run under slow software emulation.`;
}
