// A network install URL: an ISO (attached as a network CD-ROM) or a
// distribution's install tree, whose kernel and initrd the guest boots. As
// virt-install does: the tree's .treeinfo says what it is and where its
// kernel is; trees without one (Debian, Ubuntu) are found at the layouts
// osinfo-db lists, probed with HEAD requests.
import { kernelLayouts, loadOsTrees, matchTreeInfo, matchTreeUrl, type OsTree } from './osinfo-trees';
import { parseTreeInfo, treeInfoImages } from './treeinfo';

export type UrlInstall =
  | { kind: 'iso' }
  | {
      kind: 'tree';
      /** The osinfo OS the tree installs, or null when osinfo-db does not know it. */
      osId: string | null;
      /** The treeinfo family ("Fedora"), or '' for trees found by layout. */
      family: string;
      kernel: string;
      initrd: string;
      /** The tree's URL, ending in '/'. */
      base: string;
    };

/** A URL that is no install the app can use; the message names the URL and what was tried. */
export class InstallUrlError extends Error {}

const TIMEOUT_MS = 8000;
const MAX_TREEINFO_BYTES = 1024 * 1024;

export function isIsoUrl(url: string): boolean {
  return /\.iso(\?.*)?$/i.test(url);
}

/** Why a fetch threw, in words ("connection refused"). */
export function fetchProblem(err: unknown, timedOut: boolean, timeoutMs = TIMEOUT_MS): string {
  if (timedOut) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  return (cause?.code && known[cause.code]) ?? cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** A network failure (the server is not there), as opposed to an HTTP status. */
class Unreachable extends Error {}

async function request(url: string, method: 'GET' | 'HEAD', signal?: AbortSignal): Promise<Response> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  try {
    return await fetch(url, { method, redirect: 'follow', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new Unreachable(fetchProblem(err, timeout.aborted));
  }
}

/** The body as text, or undefined for an error status or an oversized body. */
async function getText(url: string, signal?: AbortSignal): Promise<string | undefined> {
  const res = await request(url, 'GET', signal);
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_TREEINFO_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  return (await res.text()).slice(0, MAX_TREEINFO_BYTES);
}

/** Whether a file is there: HEAD, or a one-byte GET where HEAD is refused. */
async function exists(url: string, signal?: AbortSignal): Promise<boolean> {
  try {
    let res = await request(url, 'HEAD', signal);
    if (res.status === 405 || res.status === 501) {
      res = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal: signal ?? AbortSignal.timeout(TIMEOUT_MS) });
      await res.body?.cancel().catch(() => undefined);
    }
    return res.ok;
  } catch (err) {
    if (signal?.aborted) throw err;
    return false;
  }
}

function treeBase(url: string): string {
  const u = new URL(url);
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.toString();
}

/**
 * What the URL is. ISOs are recognised by name (they are checked for an
 * answer by the caller); anything else must be an install tree, else an
 * InstallUrlError says why not.
 */
export async function inspectInstallUrl(url: string, arch: string, opts: { trees?: readonly OsTree[]; signal?: AbortSignal } = {}): Promise<UrlInstall> {
  if (isIsoUrl(url)) return { kind: 'iso' };
  if (/^ftp:/i.test(url)) throw new InstallUrlError(`Install trees can be fetched over HTTP or HTTPS only; ${url} is FTP (give the URL of an ISO, or an HTTP mirror)`);
  const base = treeBase(url);
  const trees = opts.trees ?? loadOsTrees();
  const tried: string[] = [];
  try {
    for (const name of ['.treeinfo', 'treeinfo']) {
      const at = new URL(name, base).toString();
      tried.push(name);
      const info = parseTreeInfo((await getText(at, opts.signal)) ?? '');
      if (!info) continue;
      const images = treeInfoImages(info, arch);
      if (!images) {
        const archs = [...info.images.keys()].filter((k) => info.images.get(k)?.kernel);
        throw new InstallUrlError(`The install tree ${url} has no kernel for ${arch} in its ${name} (it has: ${archs.join(', ') || 'none'})`);
      }
      const kernel = new URL(images.kernel, base).toString();
      const initrd = new URL(images.initrd, base).toString();
      for (const f of [kernel, initrd]) {
        if (!(await exists(f, opts.signal))) throw new InstallUrlError(`The install tree ${url} names ${f} in its ${name}, but it is not there`);
      }
      return { kind: 'tree', osId: matchTreeInfo(trees, { ...info, arch: info.arch || arch }) ?? null, family: info.family, kernel, initrd, base };
    }

    // No treeinfo: the layouts osinfo-db lists, those of the trees this URL mirrors first.
    const matched = matchTreeUrl(trees, url, arch);
    const layouts = kernelLayouts([...matched, ...trees], arch);
    if (layouts.length === 0) throw new InstallUrlError(`${url} has no .treeinfo, and osinfo-db knows no other install tree layout for ${arch}`);
    // All at once: a handful of HEAD requests, bounded by the timeout.
    const found = await Promise.all(layouts.map(async (l) => (await exists(new URL(l.kernel, base).toString(), opts.signal)) && (await exists(new URL(l.initrd, base).toString(), opts.signal))));
    const i = found.indexOf(true);
    if (i < 0) {
      tried.push(...layouts.map((l) => l.kernel));
      throw new InstallUrlError(`No install tree at ${url}: found no .treeinfo, treeinfo, nor a kernel where osinfo-db's ${arch} trees have one (tried ${tried.join(', ')})`);
    }
    const layout = layouts[i]!;
    const os = matched.find((t) => t.kernel === layout.kernel && t.initrd === layout.initrd);
    return { kind: 'tree', osId: os?.osId ?? null, family: '', kernel: new URL(layout.kernel, base).toString(), initrd: new URL(layout.initrd, base).toString(), base };
  } catch (err) {
    if (err instanceof Unreachable) throw new InstallUrlError(`The URL ${url} does not answer: ${err.message}`);
    throw err;
  }
}
