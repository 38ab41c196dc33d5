/** The optional columns of the manager, virt-manager's View > Graph menu. */
export type StatsColumn = 'guestCpu' | 'hostCpu' | 'memory' | 'disk' | 'network';

export const STATS_COLUMNS: readonly { id: StatsColumn; label: string }[] = [
  { id: 'guestCpu', label: 'Guest CPU usage' },
  { id: 'hostCpu', label: 'Host CPU usage' },
  { id: 'memory', label: 'Memory usage' },
  { id: 'disk', label: 'Disk I/O' },
  { id: 'network', label: 'Network I/O' },
];

/** Host CPU is the guest CPU seen from the host: off by default to keep the row short. */
export const DEFAULT_STATS_COLUMNS: readonly StatsColumn[] = ['guestCpu', 'memory', 'disk', 'network'];
