import type { DomainAction } from '../../../../preload/contract';
import { ForceOffIcon, PauseIcon, RebootIcon, ResumeIcon, RunIcon, ShutDownIcon } from '../../components/icons';

export function ActionIcon({ action }: { action: DomainAction }) {
  switch (action) {
    case 'start':
      return <RunIcon />;
    case 'suspend':
      return <PauseIcon />;
    case 'resume':
      return <ResumeIcon />;
    case 'shutdown':
      return <ShutDownIcon />;
    case 'reboot':
      return <RebootIcon />;
    case 'destroy':
      return <ForceOffIcon />;
  }
}
