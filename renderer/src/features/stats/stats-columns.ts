/** The graph columns of the manager, virt-manager's View > Graph menu. */
export type StatsColumn = 'guestCpu' | 'hostCpu' | 'memory' | 'disk' | 'network';
