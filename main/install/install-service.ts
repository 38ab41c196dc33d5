// The New VM wizard's back end: what a host offers, checks of a spec, and the
// creation job (disk, definition, start) that rolls back what it made when a
// step fails or the user cancels.
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  domainNameProblem,
  type DomainRef,
  type ErrorInfo,
  type InstallCheck,
  type InstallOptions,
  type InstallProblem,
  type InstallSpec,
  type JobStarted,
  type NetworkOption,
  type OsInfo,
  type PoolOption,
  type UrlDetection,
  type VolumeOption,
} from '../../preload/contract';
import { LibvirtError, type HypervisorConnection } from '../libvirt';
import { parseCapabilities, parseDomainCapabilities, parsePoolXml } from '../libvirt/xml/host-caps';
import type { ConnectionService } from '../services/connection-service';
import { silentLogger, type EventSink, type Logger } from '../services/event-sink';
import { ServiceError } from '../services/service-error';
import { bootDir, bootFileName, downloadTo, ensureBootDir } from './boot-download';
import { buildDomainXml, type BuildBoot, type BuildDisk, type DomainBuild } from './domain-builder';
import { DEFAULT_POOL, defaultPoolPath, defaultPoolXml, uriPath } from './default-pool';
import { InstallRunWatcher } from './install-run-watcher';
import { detectMedia, findOs, GENERIC_OS, loadOsList } from './osinfo';
import { InstallUrlError, fetchProblem, inspectInstallUrl, isIsoUrl, type UrlInstall } from './install-tree';
import { composeKernelArgs, treeInstaller } from './kernel-args';
import { CONVERTED_FORMATS, convertToQcow2, imageInfo } from './qemu-img';
import { escapeXml } from './xml-writer';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;


function isLocalUri(uri: string): boolean {
  return !/^[a-z0-9]+(\+[a-z0-9]+)?:\/\/[^/]/i.test(uri) || /^[a-z0-9]+(\+unix)?:\/\/(localhost)?\//i.test(uri);
}

/** "1.5 GiB", "64 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(bytes % GiB === 0 ? 0 : 1)} GiB`;
  return `${Math.round(bytes / MiB)} MiB`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Test seam: runs after each step, e.g. to force a failure once the disk exists. */
export interface InstallHooks {
  afterStep?(step: 'disk' | 'define', spec: InstallSpec): Promise<void> | void;
}

interface Job {
  id: string;
  abort: AbortController;
  cancellable: boolean;
}

/** What one creation attempt made, in order, so a failure undoes exactly that. */
interface Created {
  volumes: { key: string; path: string }[];
  domain?: { uuid: string; name: string };
  tempDirs: string[];
  /** Local files downloaded for the install run (a tree's kernel and initrd). */
  files: string[];
}

export class InstallService {
  private readonly jobs = new Map<string, Job>();

  /** Finishes install runs when their guest first stops (on every host, whoever started them). */
  private readonly runs: InstallRunWatcher;

  constructor(
    private readonly connections: ConnectionService,
    private readonly events: EventSink,
    private readonly hooks: InstallHooks = {},
    log: Logger = silentLogger,
  ) {
    this.runs = new InstallRunWatcher(connections, log, (id) => isLocalUri(this.uri(id)));
  }

  private uri(connectionId: string): string {
    const info = this.connections.list().find((c) => c.id === connectionId);
    if (!info) throw new ServiceError('not-found', `No connection ${connectionId}`);
    return info.uri;
  }

  osList(): OsInfo[] {
    return loadOsList();
  }

  async detect(connectionId: string, path: string): Promise<OsInfo | null> {
    if (!isLocalUri(this.uri(connectionId))) throw new ServiceError('invalid-argument', 'Media can be detected only on this machine’s own connections');
    if (!existsSync(path)) throw new ServiceError('invalid-argument', `${path} does not exist`);
    try {
      return await detectMedia(path);
    } catch (err) {
      throw new ServiceError('internal', `Could not detect the OS of ${path}`, message(err));
    }
  }

  async detectUrl(connectionId: string, url: string, arch: string): Promise<UrlDetection> {
    // An ISO is recognised by its name; whether it answers is the check's (at Finish), as before trees.
    if (isIsoUrl(url)) return { kind: 'iso', os: null };
    const found = await this.inspectUrl(connectionId, url, arch);
    if (found.kind === 'iso') return { kind: 'iso', os: null };
    return { kind: 'tree', os: found.osId ? (findOs(found.osId) ?? null) : null, kernel: found.kernel, initrd: found.initrd };
  }

  /** What a network install URL is; a clear ServiceError when it is no install this connection can use. */
  private async inspectUrl(connectionId: string, url: string, arch: string): Promise<UrlInstall> {
    this.uri(connectionId); // an unknown connection is an error; the URL itself is fetched from here, whatever the host
    if (isIsoUrl(url)) {
      const answer = await urlAnswers(url);
      if (answer) throw new ServiceError('invalid-argument', `The URL ${url} does not answer: ${answer}`);
      return { kind: 'iso' };
    }
    try {
      return await inspectInstallUrl(url, arch);
    } catch (err) {
      if (err instanceof InstallUrlError) throw new ServiceError('invalid-argument', err.message);
      throw new ServiceError('internal', `Could not inspect ${url}`, message(err));
    }
  }

  async options(connectionId: string): Promise<InstallOptions> {
    const uri = this.uri(connectionId);
    const conn = this.connections.connection(connectionId);
    const local = isLocalUri(uri);
    const node = await conn.nodeSummary();
    const { memoryMiB: allocatedMemoryMiB, vcpus: allocatedVcpus } = await this.allocated(connectionId, conn);
    const caps = parseCapabilities(await conn.capabilities());
    const defaultArch = caps.arches.find((a) => a.arch === caps.hostArch)?.arch ?? caps.arches[0]?.arch ?? 'x86_64';
    let uefi = false;
    let tpm = false;
    const arch = caps.arches.find((a) => a.arch === defaultArch);
    try {
      const dc = parseDomainCapabilities(await conn.domainCapabilities(defaultArch, null, arch?.virtTypes[0] ?? null));
      uefi = dc.uefi;
      tpm = dc.tpmEmulator;
    } catch {
      // drivers without domain capabilities (test:///) offer BIOS only
    }
    const { pools, volumes } = await this.pools(conn, uri);
    return {
      connectionId,
      local,
      hostMemoryMiB: Math.floor(node.memoryKiB / 1024),
      hostCpus: node.cpus,
      allocatedMemoryMiB,
      allocatedVcpus,
      arches: caps.arches,
      defaultArch,
      uefi,
      tpm,
      pools,
      volumes,
      networks: await this.networks(conn, uri, local),
    };
  }

  /** Memory and vCPUs the running guests hold (virt-manager's overcommit figures). */
  private async allocated(connectionId: string, conn: HypervisorConnection): Promise<{ memoryMiB: number; vcpus: number }> {
    let kib = 0;
    let vcpus = 0;
    const running = this.connections.domains(connectionId).filter((x) => x.id !== null).map((d) => d.uuid);
    // One round trip for the whole host; a guest gone meanwhile is null.
    for (const c of running.length > 0 ? await conn.domainCounters(running) : []) {
      if (!c) continue;
      kib += c.memoryKiB;
      vcpus += c.vcpus;
    }
    return { memoryMiB: Math.round(kib / 1024), vcpus };
  }

  private async pools(conn: HypervisorConnection, uri: string): Promise<{ pools: PoolOption[]; volumes: VolumeOption[] }> {
    const pools: PoolOption[] = [];
    const volumes: VolumeOption[] = [];
    let list;
    try {
      list = await conn.listPools();
    } catch {
      return { pools, volumes };
    }
    for (const p of list) {
      let type = '';
      let path = '';
      let capacityBytes = 0;
      let availableBytes = 0;
      try {
        ({ type, path } = parsePoolXml(await conn.poolXml(p.uuid)));
        if (p.active) ({ capacity: capacityBytes, available: availableBytes } = await conn.poolStats(p.uuid));
      } catch {
        continue;
      }
      pools.push({ name: p.name, uuid: p.uuid, type, active: p.active, path, capacityBytes, availableBytes });
      if (p.active) {
        try {
          for (const v of await conn.listVolumes(p.uuid)) volumes.push({ pool: p.name, name: v.name, path: v.path, capacityBytes: v.capacity });
        } catch {
          // a pool that cannot list its volumes offers none
        }
      }
    }
    const defaultPath = defaultPoolPath(uri);
    if (!pools.some((p) => p.name === DEFAULT_POOL) && defaultPath) {
      // CONN-16: made on first use, as virt-manager does
      pools.push({ name: DEFAULT_POOL, uuid: '', type: 'dir', active: false, path: defaultPath, capacityBytes: 0, availableBytes: 0 });
    }
    pools.sort((a, b) => (a.name === DEFAULT_POOL ? -1 : b.name === DEFAULT_POOL ? 1 : a.name.localeCompare(b.name)));
    return { pools, volumes };
  }

  private async networks(conn: HypervisorConnection, uri: string, local: boolean): Promise<NetworkOption[]> {
    const out: NetworkOption[] = [];
    try {
      for (const n of await conn.listNetworks()) {
        out.push({ choice: { kind: 'network', name: n.name }, label: `Virtual network '${n.name}'${n.active ? '' : ' (inactive)'}`, active: n.active });
      }
    } catch {
      // no network driver
    }
    if (uriPath(uri) === '/session') out.push({ choice: { kind: 'user' }, label: 'Usermode networking', active: true });
    if (local) {
      try {
        for (const dev of readdirSync('/sys/class/net')) {
          if (existsSync(`/sys/class/net/${dev}/bridge`)) {
            if (!/^virbr\d+$/.test(dev)) out.push({ choice: { kind: 'bridge', name: dev }, label: `Bridge device ${dev}`, active: true });
          } else if (existsSync(`/sys/class/net/${dev}/device`)) {
            out.push({ choice: { kind: 'direct', dev }, label: `Host device ${dev}: macvtap`, active: true });
          }
        }
      } catch {
        // no sysfs
      }
    }
    out.push({ choice: { kind: 'none' }, label: 'No network', active: true });
    return out;
  }

  /** Checks a spec against the host. Errors block creation; warnings do not. */
  async check(spec: InstallSpec): Promise<InstallCheck> {
    return { problems: (await this.checkSpec(spec)).problems };
  }

  /** The check, and what a network install URL turned out to be (the creation job uses it). */
  private async checkSpec(spec: InstallSpec): Promise<{ problems: InstallProblem[]; urlInstall?: UrlInstall }> {
    const problems: InstallProblem[] = [];
    let urlInstall: UrlInstall | undefined;
    const add = (field: string, severity: 'error' | 'warning', msg: string) => problems.push({ field, severity, message: msg });
    const uri = this.uri(spec.connectionId);
    const conn = this.connections.connection(spec.connectionId);
    const local = isLocalUri(uri);

    const nameProblem = domainNameProblem(spec.name);
    if (nameProblem) add('name', 'error', `Invalid name: ${nameProblem}`);
    else if (this.connections.domains(spec.connectionId).some((d) => d.name === spec.name)) add('name', 'error', `A guest named ${spec.name} already exists`);

    const os = spec.osId ? findOs(spec.osId) : null;
    if (spec.osId && !os) add('os', 'error', `Unknown operating system ${spec.osId}`);

    // host resources: overcommit is a warning (FEATURES NEW-09), as in virt-manager
    const node = await conn.nodeSummary();
    const hostMiB = Math.floor(node.memoryKiB / 1024);
    const alloc = await this.allocated(spec.connectionId, conn);
    if (spec.memoryMiB > hostMiB) {
      add('memory', 'warning', `${spec.memoryMiB} MiB is more than the host's physical memory (${hostMiB} MiB); running guests already have ${alloc.memoryMiB} MiB.`);
    } else if (alloc.memoryMiB + spec.memoryMiB > hostMiB) {
      add('memory', 'warning', `Memory overcommit: running guests have ${alloc.memoryMiB} MiB of the host's ${hostMiB} MiB; with ${spec.memoryMiB} MiB more that is ${alloc.memoryMiB + spec.memoryMiB} MiB.`);
    }
    if (os?.minimum.memoryMiB && spec.memoryMiB < os.minimum.memoryMiB) add('memory', 'warning', `${os.name} needs at least ${os.minimum.memoryMiB} MiB of memory.`);
    if (spec.vcpus > node.cpus) add('vcpus', 'warning', `${spec.vcpus} vCPUs is more than the host's ${node.cpus} CPUs (running guests have ${alloc.vcpus}).`);
    else if (alloc.vcpus + spec.vcpus > node.cpus) add('vcpus', 'warning', `CPU overcommit: running guests have ${alloc.vcpus} vCPUs on the host's ${node.cpus} CPUs; with ${spec.vcpus} more that is ${alloc.vcpus + spec.vcpus}.`);

    // arch / virt type / firmware
    try {
      const caps = parseCapabilities(await conn.capabilities());
      const arch = caps.arches.find((a) => a.arch === spec.arch);
      if (!arch) add('arch', 'error', `This host cannot run ${spec.arch} guests`);
      else {
        if (!arch.virtTypes.includes(spec.virtType)) add('arch', 'error', `${spec.virtType.toUpperCase()} is not available for ${spec.arch} guests here (offered: ${arch.virtTypes.join(', ') || 'none'})`);
        if (spec.machine && arch.machines.length > 0 && !arch.machines.includes(spec.machine)) add('arch', 'error', `Machine type ${spec.machine} is not offered for ${spec.arch}`);
      }
    } catch {
      // the test driver's capabilities are thin; libvirt judges at define time
    }
    if (spec.firmware === 'efi' || os?.tpm) {
      let dc = { uefi: false, tpmEmulator: false };
      try {
        dc = parseDomainCapabilities(await conn.domainCapabilities(spec.arch, spec.machine, spec.virtType));
      } catch {
        // unknown: let libvirt decide
      }
      if (spec.firmware === 'efi' && !dc.uefi) add('firmware', 'error', 'This host offers no UEFI firmware (install ovmf on it)');
      if (os?.tpm && !dc.tpmEmulator) add('firmware', 'warning', `${os.name} needs a TPM 2.0, and this host has no emulated TPM (install swtpm on it)`);
    }
    if (os?.uefi === 'required' && spec.firmware !== 'efi') add('firmware', 'error', `${os.name} needs UEFI firmware`);

    // install source
    const src = spec.source;
    const needFile = (path: string, what: string) => {
      if (local && !existsSync(path)) add('source', 'error', `${what} ${path} does not exist`);
    };
    if (src.kind === 'iso') needFile(src.path, 'The ISO');
    if (src.kind === 'kernel') {
      needFile(src.kernel, 'The kernel');
      if (src.initrd) needFile(src.initrd, 'The initrd');
    }
    if (src.kind === 'pxe' && spec.network.kind === 'none') add('network', 'error', 'A network boot (PXE) needs a network');
    if (src.kind === 'url') {
      try {
        urlInstall = await this.inspectUrl(spec.connectionId, src.url, spec.arch);
      } catch (err) {
        add('source', 'error', err instanceof ServiceError ? err.message : message(err));
      }
      // A remote host gets the kernel and initrd as volumes of the disk's pool, else of the default one.
      if (urlInstall?.kind === 'tree' && !local && spec.storage.kind !== 'new') await this.checkPoolSpace(conn, uri, DEFAULT_POOL, 0, '', add, 'source');
    }
    let importInfo: { format: string; virtualSize: number; actualSize: number } | undefined;
    if (src.kind === 'import') {
      needFile(src.path, 'The disk image');
      if (local && existsSync(src.path)) {
        try {
          importInfo = await imageInfo(src.path);
        } catch (err) {
          add('source', 'error', `Cannot read the disk image ${src.path}: ${message(err)}`);
        }
      }
      if (importInfo && CONVERTED_FORMATS.has(importInfo.format)) {
        await this.checkPoolSpace(conn, uri, src.pool, Math.max(importInfo.actualSize, MiB), `${spec.name}.qcow2`, add, 'source');
      }
    }

    // storage
    const st = spec.storage;
    if (src.kind !== 'import') {
      if (st.kind === 'new') await this.checkPoolSpace(conn, uri, st.pool, st.sizeMiB * MiB, volumeName(spec.name, st.format), add, 'storage');
      if (st.kind === 'existing') {
        const vol = await conn.volumeByPath(st.path).catch(() => null);
        if (!vol && !(local && existsSync(st.path))) add('storage', 'error', `The disk ${st.path} does not exist`);
      }
      if (st.kind === 'none' && (src.kind === 'manual' || src.kind === 'pxe') && !spec.customize) add('storage', 'warning', 'The guest has no disk to install to');
    }

    // network
    if (spec.network.kind === 'network') {
      const nets = await conn.listNetworks().catch(() => []);
      const net = nets.find((n) => n.name === (spec.network as { name: string }).name);
      if (!net) add('network', 'error', `There is no virtual network '${spec.network.name}'`);
      else if (!net.active && !spec.customize) add('network', 'error', `The virtual network '${net.name}' is not active: start it first, or choose another`);
    }
    return { problems, urlInstall };
  }

  private async checkPoolSpace(
    conn: HypervisorConnection,
    uri: string,
    poolName: string,
    bytes: number,
    volName: string,
    add: (field: string, severity: 'error' | 'warning', msg: string) => void,
    field: string,
  ): Promise<void> {
    const pools = await conn.listPools().catch(() => []);
    const pool = pools.find((p) => p.name === poolName);
    if (!pool) {
      if (poolName === DEFAULT_POOL && defaultPoolPath(uri)) return; // made on first use
      add(field, 'error', `There is no storage pool '${poolName}'`);
      return;
    }
    if (!pool.active) {
      add(field, 'error', `The storage pool '${poolName}' is not active: start it first`);
      return;
    }
    await conn.refreshPool(pool.uuid).catch(() => undefined);
    const stats = await conn.poolStats(pool.uuid);
    if (bytes > stats.available) {
      add(field, 'error', `The disk needs ${formatBytes(bytes)}, but pool '${poolName}' has only ${formatBytes(stats.available)} free (of ${formatBytes(stats.capacity)}).`);
    }
    const vols = await conn.listVolumes(pool.uuid).catch(() => []);
    if (vols.some((v) => v.name === volName)) add(field, 'error', `Pool '${poolName}' already has a volume ${volName}`);
  }

  /** Checks, then starts the job; its progress and outcome come as events. */
  async create(spec: InstallSpec): Promise<JobStarted> {
    const { problems, urlInstall } = await this.checkSpec(spec);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new ServiceError('invalid-argument', errors.map((e) => e.message).join(' '));
    const job: Job = { id: randomBytes(12).toString('base64url'), abort: new AbortController(), cancellable: true };
    this.jobs.set(job.id, job);
    // After the reply: the renderer learns the id before the first event.
    setImmediate(() => void this.run(job, spec, urlInstall));
    return { jobId: job.id };
  }

  /** Begin Installation (customize): the install run starts, finished at its first reboot. */
  async begin(ref: DomainRef): Promise<void> {
    const conn = this.connections.connection(ref.connectionId);
    await this.runs.ready(ref.connectionId);
    try {
      await conn.start(ref.uuid);
    } catch (err) {
      throw err instanceof LibvirtError ? new ServiceError('libvirt', 'Could not start the installation', err.message) : err;
    }
    this.connections.refreshDomain(ref.connectionId, ref.uuid);
  }

  async cancel(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job) throw new ServiceError('not-found', 'That job has finished or never existed');
    if (!job.cancellable) throw new ServiceError('invalid-argument', 'The guest is being started and can no longer be cancelled');
    job.abort.abort();
  }

  private progress(job: Job, step: string, fraction: number | null, cancellable = true): void {
    job.cancellable = cancellable;
    this.events.emit('jobs.progress', { jobId: job.id, step, fraction, cancellable });
  }

  private async run(job: Job, spec: InstallSpec, urlInstall?: UrlInstall): Promise<void> {
    const created: Created = { volumes: [], tempDirs: [], files: [] };
    const signal = job.abort.signal;
    const cancelled = () => {
      if (signal.aborted) throw new Error('cancelled');
    };
    let conn: HypervisorConnection | undefined;
    try {
      conn = this.connections.connection(spec.connectionId);
      const os = spec.osId ? (findOs(spec.osId) ?? null) : null;
      const disks: BuildDisk[] = [];
      let boot: BuildBoot = { kind: 'hd' };
      let scratch: string[] | undefined;
      const src = spec.source;

      // 0. a tree's kernel and initrd: the longest step, and nothing to undo yet when it fails
      if (src.kind === 'url' && urlInstall?.kind === 'tree') {
        const files = await this.downloadBootFiles(job, conn, spec, urlInstall, created);
        const installer = treeInstaller(os, urlInstall.family);
        boot = { kind: 'kernel', kernel: files.kernel, initrd: files.initrd, cmdline: composeKernelArgs(src.kernelArgs, installer, src.url, os) };
        scratch = [files.kernel, files.initrd];
        cancelled();
      }

      // 1. storage
      if (src.kind === 'import') {
        const info = await imageInfo(src.path);
        if (CONVERTED_FORMATS.has(info.format)) {
          const vol = await this.convertIntoPool(job, conn, spec, src.path, src.pool, created);
          disks.push({ device: 'disk', source: { file: vol.path }, format: 'qcow2' });
        } else {
          disks.push({ device: 'disk', source: { file: src.path }, format: info.format === 'qcow2' ? 'qcow2' : 'raw' });
        }
      } else if (spec.storage.kind === 'new') {
        const st = spec.storage;
        const pool = await this.ensurePool(job, conn, spec.connectionId, st.pool);
        cancelled();
        const name = volumeName(spec.name, st.format);
        this.progress(job, `Creating disk ${name} (${formatBytes(st.sizeMiB * MiB)}) in pool '${st.pool}'`, null);
        const allocation = st.sparse ? 0 : st.sizeMiB * MiB;
        const xml = `<volume><name>${escapeXml(name)}</name><capacity unit='bytes'>${st.sizeMiB * MiB}</capacity><allocation unit='bytes'>${allocation}</allocation><target><format type='${st.format}'/></target></volume>`;
        const vol = await conn.createVolume(pool, xml, st.format === 'qcow2' && !st.sparse);
        created.volumes.push({ key: vol.key, path: vol.path });
        disks.push({ device: 'disk', source: { file: vol.path }, format: st.format });
      } else if (spec.storage.kind === 'existing') {
        const path = spec.storage.path;
        const vol = await conn.volumeByPath(path).catch(() => null);
        let format = 'raw';
        if (isLocalUri(this.uri(spec.connectionId)) && existsSync(path)) format = (await imageInfo(path).catch(() => ({ format: 'raw' }))).format;
        else if (vol && /\.qcow2$/.test(vol.path)) format = 'qcow2';
        disks.push({ device: 'disk', source: { file: path }, format });
      }
      await this.hooks.afterStep?.('disk', spec);
      cancelled();

      // 2. boot source
      if (src.kind === 'iso') {
        // a host optical drive (/dev/sr0) is a block device, an ISO a file
        disks.push({ device: 'cdrom', source: src.path.startsWith('/dev/') ? { block: src.path } : { file: src.path } });
        boot = { kind: 'cdrom' };
      } else if (src.kind === 'url' && urlInstall?.kind !== 'tree') {
        disks.push({ device: 'cdrom', source: { url: src.url } });
        boot = { kind: 'cdrom' };
      } else if (src.kind === 'pxe') boot = { kind: 'network' };
      else if (src.kind === 'kernel') boot = { kind: 'kernel', kernel: src.kernel, initrd: src.initrd, cmdline: src.args };

      const build: DomainBuild = {
        name: spec.name,
        uuid: randomUUID(),
        os: os ?? (spec.osId === null ? GENERIC_OS : null),
        virtType: spec.virtType,
        arch: spec.arch,
        machine: spec.machine,
        memoryMiB: spec.memoryMiB,
        vcpus: spec.vcpus,
        firmware: spec.firmware,
        tpm: !!os?.tpm,
        boot,
        disks,
        network: spec.network,
        installPhase: boot.kind === 'cdrom' || scratch !== undefined,
        scratch,
      };

      // 3. define
      this.progress(job, `Defining ${spec.name}`, null);
      // Customize defines the install run too: Begin Installation boots the media.
      const info = await conn.defineXml(buildDomainXml(build));
      created.domain = { uuid: info.uuid, name: info.name };
      this.connections.refreshDomain(spec.connectionId, info.uuid);
      await this.hooks.afterStep?.('define', spec);
      cancelled();

      // 4. start
      let started = false;
      if (!spec.customize) {
        this.progress(job, `Starting ${spec.name}`, null, false);
        await this.runs.ready(spec.connectionId);
        await conn.start(info.uuid);
        started = true;
        this.connections.refreshDomain(spec.connectionId, info.uuid);
      }
      const domain: DomainRef = { connectionId: spec.connectionId, uuid: info.uuid };
      for (const d of created.tempDirs) rmSync(d, { recursive: true, force: true });
      this.events.emit('jobs.finished', { jobId: job.id, ok: true, domain, name: spec.name, started });
    } catch (err) {
      const isCancel = signal.aborted;
      const rolledBack = conn ? await this.rollback(conn, spec.connectionId, created) : [];
      const error: ErrorInfo = isCancel
        ? { code: 'invalid-argument', message: `Creating ${spec.name} was cancelled` }
        : err instanceof ServiceError
          ? err.toInfo()
          : err instanceof LibvirtError
            ? { code: 'libvirt', message: `Could not create ${spec.name}`, detail: err.message }
            : { code: 'internal', message: `Could not create ${spec.name}`, detail: message(err) };
      this.events.emit('jobs.finished', { jobId: job.id, ok: false, cancelled: isCancel, error, rolledBack });
    } finally {
      this.jobs.delete(job.id);
    }
  }

  /** Undoes what one attempt created, newest first; says what it removed (and what it could not). */
  private async rollback(conn: HypervisorConnection, connectionId: string, created: Created): Promise<string[]> {
    const done: string[] = [];
    if (created.domain) {
      const { uuid, name } = created.domain;
      await conn.destroy(uuid).catch(() => undefined);
      try {
        await conn.undefine(uuid, 1 | 2 | 4);
        done.push(`the definition of ${name}`);
      } catch (err) {
        done.push(`could NOT remove the definition of ${name}: ${message(err)}`);
      }
      this.connections.refreshDomain(connectionId, uuid);
    }
    for (const v of [...created.volumes].reverse()) {
      try {
        await conn.deleteVolume(v.key);
        done.push(`the disk ${v.path}`);
      } catch (err) {
        done.push(`could NOT delete the disk ${v.path}: ${message(err)}`);
      }
    }
    for (const d of created.tempDirs) rmSync(d, { recursive: true, force: true });
    for (const f of [...created.files].reverse()) {
      try {
        rmSync(f, { force: true });
        done.push(`the downloaded ${f}`);
      } catch (err) {
        done.push(`could NOT delete ${f}: ${message(err)}`);
      }
    }
    return done;
  }

  /**
   * A tree's kernel and initrd, downloaded with progress and cancel where the
   * hypervisor reads them: on this machine into its boot directory; for a
   * remote host into a temporary directory here, then uploaded into a volume
   * of the guest's pool (the default pool without a new disk) there.
   */
  private async downloadBootFiles(job: Job, conn: HypervisorConnection, spec: InstallSpec, tree: Extract<UrlInstall, { kind: 'tree' }>, created: Created): Promise<{ kernel: string; initrd: string }> {
    const uri = this.uri(spec.connectionId);
    const local = isLocalUri(uri);
    let dir: string;
    if (local) {
      dir = bootDir(uri);
      try {
        ensureBootDir(dir);
      } catch (err) {
        throw new ServiceError('internal', `Could not create ${dir} for the installer's kernel`, message(err));
      }
    } else {
      dir = mkdtempSync(join(tmpdir(), 'virtdesk-boot-'));
      created.tempDirs.push(dir);
    }
    const poolName = spec.storage.kind === 'new' ? spec.storage.pool : DEFAULT_POOL;
    const poolUuid = local ? '' : await this.ensurePool(job, conn, spec.connectionId, poolName);
    const out: string[] = [];
    const parts = [
      { url: tree.kernel, role: 'vmlinuz' as const, share: [0, 0.5] },
      { url: tree.initrd, role: 'initrd.img' as const, share: [0.5, 1] },
    ];
    for (const p of parts) {
      const name = bootFileName(spec.name, p.role);
      const dest = join(dir, name);
      if (local) created.files.push(dest);
      const what = p.url.slice(p.url.lastIndexOf('/') + 1) || p.url;
      // remote: half of the share downloads, half uploads
      const [from, to] = [p.share[0]!, local ? p.share[1]! : (p.share[0]! + p.share[1]!) / 2];
      this.progress(job, `Downloading ${what}`, from);
      try {
        await downloadTo(p.url, dest, job.abort.signal, (done, total) =>
          this.progress(job, `Downloading ${what} (${formatBytes(done)}${total ? ` of ${formatBytes(total)}` : ''})`, total ? from + ((to - from) * done) / total : null),
        );
      } catch (err) {
        if (job.abort.signal.aborted) throw err;
        throw new ServiceError('invalid-argument', `Could not download ${p.url}`, err instanceof TypeError ? fetchProblem(err, false) : message(err));
      }
      if (local) {
        out.push(dest);
        continue;
      }
      const vol = await this.uploadIntoPool(job, conn, poolUuid, poolName, dest, name, created, (f) => this.progress(job, `Copying ${name} into pool '${poolName}'`, to + (p.share[1]! - to) * f));
      rmSync(dest, { force: true });
      out.push(vol.path);
    }
    return { kernel: out[0]!, initrd: out[1]! };
  }

  /** A local file into a new raw volume of the pool, through libvirt (so remote hosts get it), with cancel. */
  private async uploadIntoPool(
    job: Job,
    conn: HypervisorConnection,
    poolUuid: string,
    poolName: string,
    file: string,
    name: string,
    created: Created,
    onProgress: (fraction: number) => void,
  ): Promise<{ path: string }> {
    const size = statSync(file).size;
    // A raw volume of the file's size: the bytes uploaded are the file itself; the refresh then sees its format.
    const vol = await conn.createVolume(poolUuid, `<volume><name>${escapeXml(name)}</name><capacity unit='bytes'>${size}</capacity><allocation unit='bytes'>0</allocation><target><format type='raw'/></target></volume>`);
    created.volumes.push({ key: vol.key, path: vol.path });
    const upload = await conn.uploadVolume(vol.key);
    let sent = 0;
    let lastReport = 0;
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
        if (job.abort.signal.aborted) throw new Error('cancelled');
        await upload.write(chunk as Buffer);
        sent += (chunk as Buffer).length;
        if (sent - lastReport > 4 * MiB || sent === size) {
          lastReport = sent;
          onProgress(size === 0 ? 1 : sent / size);
        }
      }
      await upload.finish();
    } catch (err) {
      await upload.abort().catch(() => undefined);
      throw err;
    }
    await conn.refreshPool(poolUuid);
    return { path: vol.path };
  }

  /** The pool's UUID; the default pool is defined, built and started when missing (CONN-16). */
  private async ensurePool(job: Job, conn: HypervisorConnection, connectionId: string, name: string): Promise<string> {
    const pools = await conn.listPools();
    const pool = pools.find((p) => p.name === name);
    if (pool) return pool.uuid;
    const path = name === DEFAULT_POOL ? defaultPoolPath(this.uri(connectionId)) : null;
    if (!path) throw new ServiceError('not-found', `There is no storage pool '${name}'`);
    this.progress(job, `Creating the default storage pool at ${path}`, null);
    const made = await conn.createPersistentPool(defaultPoolXml(path));
    return made.uuid;
  }

  /**
   * VMDK, VDI and the like: `qemu-img convert` to a local temporary qcow2,
   * then uploaded into a new pool volume through libvirt (so the pool owns it,
   * and it works the same on remote hosts), both with progress and cancel.
   */
  private async convertIntoPool(job: Job, conn: HypervisorConnection, spec: InstallSpec, path: string, poolName: string, created: Created): Promise<{ path: string }> {
    const poolUuid = await this.ensurePool(job, conn, spec.connectionId, poolName);
    const dir = mkdtempSync(join(tmpdir(), 'virtdesk-convert-'));
    created.tempDirs.push(dir);
    const tmp = join(dir, 'disk.qcow2');
    const name = `${spec.name}.qcow2`;
    this.progress(job, `Converting ${path} to qcow2`, 0);
    await convertToQcow2(path, tmp, (f) => this.progress(job, `Converting ${path} to qcow2`, f * 0.5), job.abort.signal);
    const vol = await this.uploadIntoPool(job, conn, poolUuid, poolName, tmp, name, created, (f) => this.progress(job, `Copying ${name} into pool '${poolName}'`, 0.5 + 0.5 * f));
    rmSync(dir, { recursive: true, force: true });
    created.tempDirs = created.tempDirs.filter((d) => d !== dir);
    return { path: vol.path };
  }
}

export function volumeName(name: string, format: 'qcow2' | 'raw'): string {
  return `${name.replace(/[^A-Za-z0-9_.+-]/g, '_')}.${format === 'qcow2' ? 'qcow2' : 'img'}`;
}

/** undefined when the URL answers (any HTTP status below 400), else why not. */
export async function urlAnswers(url: string, timeoutMs = 8000): Promise<string | undefined> {
  if (/^ftp:/i.test(url)) return undefined; // fetch cannot ask; libvirt/QEMU will say
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    let res = await fetch(url, { method: 'HEAD', signal: ctl.signal, redirect: 'follow' });
    if (res.status === 405 || res.status === 501) res = await fetch(url, { method: 'GET', headers: { Range: 'bytes=0-0' }, signal: ctl.signal });
    if (res.status >= 400) return `HTTP ${res.status} ${res.statusText}`.trim();
    return undefined;
  } catch (err) {
    if (ctl.signal.aborted) return `no answer within ${timeoutMs / 1000} s`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const known: Record<string, string> = { ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', EAI_AGAIN: 'host not found', ECONNRESET: 'connection reset', EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable' };
    return (cause?.code && known[cause.code]) ?? cause?.code ?? cause?.message ?? message(err);
  } finally {
    clearTimeout(timer);
  }
}
