import { domainKey, type DomainRef, type DomainSummary } from '../../../preload/contract';
import type { SliceCreator } from './types';

export interface DomainsData {
  /** Every known domain, by `domainKey` (`connectionId/uuid`). */
  domains: Readonly<Record<string, DomainSummary>>;
  /** Per connection, its domain keys sorted by name. */
  domainKeysByConnection: Readonly<Record<string, readonly string[]>>;
}

export interface DomainsSlice extends DomainsData {
  /** A connection's full list: replaces what was known of it. */
  domainsListed(connectionId: string, domains: readonly DomainSummary[]): void;
  domainChanged(domain: DomainSummary): void;
  domainRemoved(ref: DomainRef): void;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Name order as a person reads it ("vm2" before "vm10"), stable for equal names. */
export function compareDomains(a: DomainSummary, b: DomainSummary): number {
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);
}

function sortedKeys(domains: Readonly<Record<string, DomainSummary>>, keys: Iterable<string>): string[] {
  const list: DomainSummary[] = [];
  for (const k of keys) {
    const d = domains[k];
    if (d) list.push(d);
  }
  return list.sort(compareDomains).map(domainKey);
}

function sameDomain(a: DomainSummary, b: DomainSummary): boolean {
  return (
    a.name === b.name &&
    a.title === b.title &&
    a.id === b.id &&
    a.state === b.state &&
    a.persistent === b.persistent &&
    a.description === b.description &&
    a.metadataLoaded === b.metadataLoaded &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

// Pure reducers: the slice's actions and the batched event reducer share them.

export function replaceDomains(s: DomainsData, connectionId: string, list: readonly DomainSummary[]): DomainsData {
  const domains: Record<string, DomainSummary> = {};
  for (const [k, d] of Object.entries(s.domains)) if (d.connectionId !== connectionId) domains[k] = d;
  const keys: string[] = [];
  for (const d of list) {
    if (d.connectionId !== connectionId) continue;
    const k = domainKey(d);
    const old = s.domains[k];
    // Keep unchanged objects so rows that did not change do not re-render.
    domains[k] = old && sameDomain(old, d) ? old : d;
    keys.push(k);
  }
  return {
    domains,
    domainKeysByConnection: { ...s.domainKeysByConnection, [connectionId]: sortedKeys(domains, keys) },
  };
}

export function upsertDomain(s: DomainsData, d: DomainSummary): DomainsData {
  const k = domainKey(d);
  const old = s.domains[k];
  if (old && sameDomain(old, d)) return s;
  const domains = { ...s.domains, [k]: d };
  const current = s.domainKeysByConnection[d.connectionId] ?? [];
  // Re-sort only when the order can change: a new domain or a new name.
  const keys = old && old.name === d.name ? current : sortedKeys(domains, old ? current : [...current, k]);
  return {
    domains,
    domainKeysByConnection: keys === current ? s.domainKeysByConnection : { ...s.domainKeysByConnection, [d.connectionId]: keys },
  };
}

/** Many upserts in one copy of the record (a background metadata batch can carry 1,000). */
export function upsertDomains(s: DomainsData, list: readonly DomainSummary[]): DomainsData {
  let domains: Record<string, DomainSummary> | undefined;
  const resort = new Set<string>();
  const added = new Map<string, string[]>();
  for (const d of list) {
    const k = domainKey(d);
    const old = (domains ?? s.domains)[k];
    if (old && sameDomain(old, d)) continue;
    domains ??= { ...s.domains };
    domains[k] = d;
    if (!old) added.set(d.connectionId, [...(added.get(d.connectionId) ?? []), k]);
    else if (old.name !== d.name) resort.add(d.connectionId);
  }
  if (!domains) return s;
  let byConnection = s.domainKeysByConnection;
  for (const id of new Set([...resort, ...added.keys()])) {
    const current = byConnection[id] ?? [];
    byConnection = { ...byConnection, [id]: sortedKeys(domains, [...current, ...(added.get(id) ?? [])]) };
  }
  return { domains, domainKeysByConnection: byConnection };
}

export function removeDomain(s: DomainsData, ref: DomainRef): DomainsData {
  const k = domainKey(ref);
  if (!(k in s.domains)) return s;
  const { [k]: _removed, ...domains } = s.domains;
  const current = s.domainKeysByConnection[ref.connectionId] ?? [];
  return {
    domains,
    domainKeysByConnection: { ...s.domainKeysByConnection, [ref.connectionId]: current.filter((x) => x !== k) },
  };
}

export function dropConnectionDomains(s: DomainsData, connectionId: string): DomainsData {
  if (!(connectionId in s.domainKeysByConnection) && !Object.values(s.domains).some((d) => d.connectionId === connectionId))
    return s;
  const domains: Record<string, DomainSummary> = {};
  for (const [k, d] of Object.entries(s.domains)) if (d.connectionId !== connectionId) domains[k] = d;
  const { [connectionId]: _dropped, ...domainKeysByConnection } = s.domainKeysByConnection;
  return { domains, domainKeysByConnection };
}

// The actions go through `applyEvents`, so a direct call and an event do exactly the same.
export const createDomainsSlice: SliceCreator<DomainsSlice> = (_set, get) => ({
  domains: {},
  domainKeysByConnection: {},
  domainsListed: (connectionId, domains) =>
    get().applyEvents([{ name: 'domains.listed', payload: { connectionId, domains: [...domains] } }]),
  domainChanged: (d) => get().applyEvents([{ name: 'domains.changed', payload: d }]),
  domainRemoved: (ref) => get().applyEvents([{ name: 'domains.removed', payload: ref }]),
});
