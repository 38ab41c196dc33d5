import { buildConnectionUri, HYPERVISOR_LABELS, libvirtUri, type BuiltUri, type HypervisorChoice } from '../../../../preload/contract';

/** The hypervisor combo (CONN-01): virt-manager's entries, then "Custom URI...". */
export type HypervisorOption = HypervisorChoice | 'custom';

export const HYPERVISOR_OPTIONS: readonly { value: HypervisorOption; label: string }[] = [
  ...(Object.keys(HYPERVISOR_LABELS) as HypervisorChoice[]).map((value) => ({ value, label: HYPERVISOR_LABELS[value] })),
  { value: 'custom', label: 'Custom URI…' },
];

export interface AddConnectionForm {
  hypervisor: HypervisorOption;
  remote: boolean;
  user: string;
  host: string;
  /** As typed; empty means ssh's default. */
  port: string;
  autoconnect: boolean;
  customUri: string;
}

export const INITIAL_FORM: AddConnectionForm = {
  hypervisor: 'qemu',
  remote: false,
  user: '',
  host: '',
  port: '',
  autoconnect: true,
  customUri: '',
};

/** SSH is offered for every hypervisor but the user session and a custom URI (CONN-02). */
export function remoteAllowed(hypervisor: HypervisorOption): hypervisor is Exclude<HypervisorChoice, 'qemu-session'> {
  return hypervisor !== 'custom' && hypervisor !== 'qemu-session';
}

/** Turning SSH on prefills "root" and turns autoconnect off; off turns it back on (CONN-02, CONN-04). */
export function setRemote(form: AddConnectionForm, remote: boolean): AddConnectionForm {
  return { ...form, remote, autoconnect: !remote, user: remote && form.user === '' ? 'root' : form.user };
}

/**
 * The URI the form stands for, or what is wrong: the generated one (the
 * contract's buildConnectionUri) or the custom one as the contract's
 * validator judges it, so the dialog refuses exactly what main would.
 */
export function formUri(form: AddConnectionForm): BuiltUri {
  if (form.hypervisor === 'custom') {
    const uri = form.customUri.trim();
    if (uri === '') return { ok: false, problem: 'Enter a libvirt URI, e.g. qemu+ssh://root@host/system' };
    const problem = libvirtUri.check(uri);
    return problem ? { ok: false, problem: `Invalid URI: ${problem}` } : { ok: true, uri };
  }
  if (!form.remote || !remoteAllowed(form.hypervisor)) return buildConnectionUri({ hypervisor: form.hypervisor });
  const portText = form.port.trim();
  const port = portText === '' ? undefined : /^\d+$/.test(portText) ? Number(portText) : NaN;
  return buildConnectionUri({
    hypervisor: form.hypervisor,
    remote: { host: form.host, ...(form.user.trim() ? { user: form.user } : {}), ...(port !== undefined ? { port } : {}) },
  });
}

/** virt-manager's hints under a connect error (CONN-14). */
export function connectHint(uri: string): string | undefined {
  if (/^[a-z0-9]+\+ssh:/i.test(uri)) {
    return 'Virtdesk connects with your SSH keys and agent (no password prompts): configure SSH key access for the remote host, and check the host name and port.';
  }
  return undefined;
}
