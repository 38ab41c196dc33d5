import type { ReactNode } from 'react';
import { DOMAIN_STATE_LABELS, type DomainAction, type DomainSummary } from '../../../../preload/contract';
import { SpinnerIcon } from '../../components/icons';
import type { ColumnId } from '../../store';
import { GuestStatCell } from '../stats/stats-cells';
import type { StatsColumn } from '../stats/stats-columns';
import { StateIcon } from './state-icon';

export interface CellContext {
  domain: DomainSummary;
  pending: DomainAction | undefined;
  /** Clicking a tag chip filters by it. */
  onTag(tag: string): void;
}

export interface ColumnDef {
  header: string;
  /** Its CSS grid track. */
  track: string;
  className: string;
  render(ctx: CellContext): ReactNode;
}

/**
 * Every column the manager can show, keyed by the store's ColumnId. The grid's
 * `grid-template-columns` is built from the visible ones, so a new column is
 * one entry here plus its id in COLUMN_ORDER (list-slice.ts).
 */
export const COLUMNS: Readonly<Record<ColumnId, ColumnDef>> = {
  name: {
    header: 'Name',
    track: 'minmax(12rem, 1fr)',
    className: 'cell-name',
    render: ({ domain }) => (
      <>
        <span className="domain-name">{domain.name}</span>
        {domain.title ? <span className="domain-title">{domain.title}</span> : null}
      </>
    ),
  },
  state: {
    header: 'State',
    track: 'minmax(9rem, 12rem)',
    className: 'cell-state',
    render: ({ domain, pending }) => (
      <>
        {pending ? <SpinnerIcon className="state-icon-busy" size={18} /> : <StateIcon state={domain.state} />}
        <span className="state-label">{DOMAIN_STATE_LABELS[domain.state]}</span>
      </>
    ),
  },
  tags: {
    header: 'Tags',
    track: 'minmax(8rem, 16rem)',
    className: 'cell-tags',
    render: ({ domain, onTag }) =>
      domain.tags.map((tag) => (
        <button
          key={tag}
          type="button"
          tabIndex={-1}
          className="tag-chip"
          aria-label={`Filter by tag ${tag}`}
          onClick={(e) => {
            e.stopPropagation();
            onTag(tag);
          }}
        >
          {tag}
        </button>
      )),
  },
  guestCpu: statsColumn('guestCpu', 'CPU'),
  hostCpu: statsColumn('hostCpu', 'Host CPU'),
  memory: statsColumn('memory', 'Memory'),
  disk: statsColumn('disk', 'Disk I/O', 'minmax(6.5rem, 7.5rem)'),
  network: statsColumn('network', 'Network I/O', 'minmax(6.5rem, 7.5rem)'),
};

/** The columns a user may hide or show (View menu); the name always shows. */
export const OPTIONAL_COLUMNS: readonly { id: ColumnId; label: string }[] = [
  { id: 'state', label: 'State' },
  { id: 'tags', label: 'Tags' },
  { id: 'guestCpu', label: 'Guest CPU usage' },
  { id: 'hostCpu', label: 'Host CPU usage' },
  { id: 'memory', label: 'Memory usage' },
  { id: 'disk', label: 'Disk I/O' },
  { id: 'network', label: 'Network I/O' },
];

function statsColumn(column: StatsColumn, header: string, track = 'minmax(7.5rem, 9rem)'): ColumnDef {
  return {
    header,
    track,
    className: `cell-stats cell-${column}`,
    render: ({ domain }) => <GuestStatCell connectionId={domain.connectionId} uuid={domain.uuid} column={column} />,
  };
}

export function gridTemplate(columns: readonly ColumnId[]): string {
  return columns.map((c) => COLUMNS[c].track).join(' ');
}

/** Domain rows have one fixed height, so the list can place 1,000 of them without measuring. */
export const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the viewport. */
export const OVERSCAN = 8;
