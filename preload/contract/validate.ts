import type { ArgsOf, Method } from './api';
import { absolutePathProblem, archProblem, installSpecProblem, installUrlProblem, jobIdProblem, storagePathListProblem, type InstallSpec } from './install';
import { detailsPatchProblem, domainXmlTextProblem, type DetailsPatch } from './details';
import { MAX_TAGS, domainNameProblem, tagProblem, type ConnectionOptions, type DomainRef, type StatsSettings } from './types';

/**
 * A schema checks one untrusted value and says what is wrong with it.
 * The phantom `_type` ties it to the TypeScript type it guards, so the
 * method table below cannot pair a method with the wrong schema.
 */
export interface Schema<T> {
  readonly check: (value: unknown) => string | undefined;
  readonly _type?: T;
}

type ArgsSchema<A extends unknown[]> = { readonly [K in keyof A]: Schema<A[K]> };

function schema<T>(check: (value: unknown) => string | undefined): Schema<T> {
  return { check };
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export const connectionId = schema<string>((v) =>
  typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? undefined : 'connection id must be a short identifier',
);

export const uuid = schema<string>((v) =>
  typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)
    ? undefined
    : 'uuid must be a lowercase RFC 4122 string',
);

/**
 * libvirt URIs are `driver[+transport]://[user@][host][:port]/[path][?params]`.
 * The `ext` transport and the `command`/`netcat`/`proxy` parameters make libvirt
 * run a program of the URI's choosing, so a renderer may not ask for them:
 * such URIs are accepted only from the command line (`--connect`).
 */
export const libvirtUri = schema<string>((v) => {
  if (typeof v !== 'string' || v.trim() === '') return 'URI must be a non-empty string';
  if (v.length > 2048) return 'URI is longer than 2048 characters';
  if (CONTROL_CHARS.test(v) || /\s/.test(v)) return 'URI contains spaces or control characters';
  const m = /^([a-z][a-z0-9]*)(?:\+([a-z0-9]+))?:\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(v);
  if (!m) return 'URI must look like driver[+transport]://[user@][host][:port]/path, e.g. qemu:///system';
  if (m[2]?.toLowerCase() === 'ext') return "the 'ext' transport runs an arbitrary command and is not allowed here";
  const params = new URLSearchParams(m[5] ?? '');
  for (const p of ['command', 'netcat', 'proxy']) {
    if (params.has(p)) return `the '${p}' parameter runs a program and is not allowed here`;
  }
  return undefined;
});

export const connectionOptions = schema<ConnectionOptions>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'options must be an object';
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'autoconnect' && k !== 'label')) return 'options take only autoconnect and label';
  if (typeof o.autoconnect !== 'boolean') return 'autoconnect must be true or false';
  if (o.label !== undefined && (typeof o.label !== 'string' || o.label.length > 200 || CONTROL_CHARS.test(o.label))) {
    return 'the name must be text of at most 200 characters, without control characters';
  }
  return undefined;
});

export const domainRef = schema<DomainRef>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'domain reference must be an object';
  const keys = Object.keys(v);
  if (keys.length !== 2 || !keys.includes('connectionId') || !keys.includes('uuid'))
    return 'domain reference must have exactly connectionId and uuid';
  const r = v as Record<string, unknown>;
  return connectionId.check(r.connectionId) ?? uuid.check(r.uuid);
});

export const consoleDeviceId = schema<string>((v) =>
  typeof v === 'string' && /^(vnc|serial|console)[0-9]{1,2}$/.test(v) ? undefined : 'console id must look like vnc0, serial0 or console0',
);

export const statsSettings = schema<StatsSettings>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'stats settings must be an object';
  const o = v as Record<string, unknown>;
  const keys = ['intervalSec', 'memory', 'disk', 'network'];
  if (Object.keys(o).length !== keys.length || !keys.every((k) => k in o)) return 'stats settings take exactly intervalSec, memory, disk and network';
  if (typeof o.intervalSec !== 'number' || !Number.isInteger(o.intervalSec) || o.intervalSec < 1 || o.intervalSec > 60)
    return 'the interval must be a whole number of seconds from 1 to 60';
  if (typeof o.memory !== 'boolean' || typeof o.disk !== 'boolean' || typeof o.network !== 'boolean') return 'memory, disk and network must be true or false';
  return undefined;
});

export const authRequestId = schema<string>((v) =>
  typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? undefined : 'auth request id must be a short identifier',
);

/** At most this many answers per request, each at most this long. */
export const MAX_AUTH_VALUES = 8;
export const MAX_AUTH_VALUE_LENGTH = 1024;

/** The user's answers to a prompt, or null to cancel. The problem text never quotes a value: they are secrets. */
export const authValues = schema<string[] | null>((v) => {
  if (v === null) return undefined;
  if (!Array.isArray(v)) return 'answers must be an array of strings, or null to cancel';
  if (v.length === 0 || v.length > MAX_AUTH_VALUES) return `answers must have 1 to ${MAX_AUTH_VALUES} entries`;
  for (let i = 0; i < v.length; i++) {
    const a = v[i] as unknown;
    if (typeof a !== 'string') return `answer ${i + 1} must be a string`;
    if (a.length > MAX_AUTH_VALUE_LENGTH) return `answer ${i + 1} is longer than ${MAX_AUTH_VALUE_LENGTH} characters`;
    if (a.includes('\u0000')) return `answer ${i + 1} contains a NUL character`;
  }
  return undefined;
});

/**
 * A console password to remember, or null to forget it. VNC itself uses 8
 * bytes, VeNCrypt more; 1024 is generous. NUL cannot travel in RFB.
 */
export const consolePasswordOrNull = schema<string | null>((v) => {
  if (v === null) return undefined;
  if (typeof v !== 'string' || v === '') return 'password must be a non-empty string, or null to forget it';
  if (v.length > 1024) return 'password is longer than 1024 characters';
  if (v.includes('\u0000')) return 'password contains a NUL character';
  return undefined;
});
export const tagList = schema<string[]>((v) => {
  if (!Array.isArray(v)) return 'tags must be a list';
  if (v.length > MAX_TAGS) return `at most ${MAX_TAGS} tags`;
  for (const t of v) {
    const problem = tagProblem(t);
    if (problem) return problem;
  }
  if (new Set(v.map((t: string) => t.toLowerCase())).size !== v.length) return 'tags must not repeat';
  return undefined;
});

export const domainName = schema<string>((v) => domainNameProblem(v));

export const installSpec = schema<InstallSpec>((v) => installSpecProblem(v));
export const localPath = schema<string>((v) => absolutePathProblem(v, 'the path'));
export const installUrl = schema<string>((v) => installUrlProblem(v));
export const guestArch = schema<string>((v) => archProblem(v));
export const jobId = schema<string>((v) => jobIdProblem(v));
export const storagePaths = schema<string[]>((v) => storagePathListProblem(v));
export const detailsPatch = schema<DetailsPatch>((v) => detailsPatchProblem(v, domainNameProblem));
export const domainXmlText = schema<string>((v) => domainXmlTextProblem(v));

/** One schema list per method: the runtime allowlist of the service host. */
export const METHOD_SCHEMAS: { readonly [M in Method]: ArgsSchema<ArgsOf<M>> } = {
  'connections.list': [],
  'connections.add': [libvirtUri, connectionOptions],
  'connections.connect': [connectionId],
  'connections.close': [connectionId],
  'connections.remove': [connectionId],
  'connections.update': [connectionId, connectionOptions],
  'domains.list': [connectionId],
  'domains.xml': [domainRef],
  'domains.start': [domainRef],
  'domains.shutdown': [domainRef],
  'domains.reboot': [domainRef],
  'domains.destroy': [domainRef],
  'domains.suspend': [domainRef],
  'domains.resume': [domainRef],
  'domains.setTags': [domainRef, tagList],
  'domains.rename': [domainRef, domainName],
  'domains.delete': [domainRef],
  'consoles.list': [domainRef],
  'consoles.open': [domainRef, consoleDeviceId],
  'stats.settings': [],
  'stats.configure': [statsSettings],
  'auth.pending': [],
  'auth.respond': [authRequestId, authValues],
  'consoles.passwordStore': [],
  'consoles.savedPassword': [domainRef],
  'consoles.rememberPassword': [domainRef, consolePasswordOrNull],
  'install.options': [connectionId],
  'install.osList': [],
  'install.detect': [connectionId, localPath],
  'install.detectUrl': [connectionId, installUrl, guestArch],
  'install.check': [installSpec],
  'install.create': [installSpec],
  'install.begin': [domainRef],
  'jobs.cancel': [jobId],
  'domains.storage': [domainRef],
  'domains.deleteWithStorage': [domainRef, storagePaths],
  'domains.details': [domainRef],
  'domains.applyDetails': [domainRef, detailsPatch],
  'domains.defineXml': [domainRef, domainXmlText],
};

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHOD_SCHEMAS, name);
}

/** Returns a description of what is wrong with the arguments, or undefined when they are fine. */
export function checkArgs(method: Method, args: unknown): string | undefined {
  if (!Array.isArray(args)) return 'arguments must be an array';
  const schemas = METHOD_SCHEMAS[method] as readonly Schema<unknown>[];
  if (args.length !== schemas.length) return `${method} takes ${schemas.length} argument(s), got ${args.length}`;
  for (let i = 0; i < schemas.length; i++) {
    const problem = schemas[i]!.check(args[i]);
    if (problem) return `argument ${i + 1}: ${problem}`;
  }
  return undefined;
}
