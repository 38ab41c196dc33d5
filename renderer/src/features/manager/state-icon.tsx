import type { DomainState } from '../../../../preload/contract';

export type StateTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

export const STATE_TONES: Readonly<Record<DomainState, StateTone>> = {
  running: 'success',
  blocked: 'success',
  paused: 'warning',
  pmsuspended: 'warning',
  shutdown: 'info',
  crashed: 'danger',
  shutoff: 'neutral',
  saved: 'neutral',
  nostate: 'neutral',
};

function Glyph({ state }: { state: DomainState }) {
  switch (state) {
    case 'running':
    case 'blocked':
      return <path d="M6.2 4.6v6.8a.45.45 0 0 0 .7.38l5.3-3.4a.45.45 0 0 0 0-.76L6.9 4.22a.45.45 0 0 0-.7.38Z" />;
    case 'paused':
    case 'pmsuspended':
      return (
        <>
          <rect x="5" y="4.5" width="2.2" height="7" rx="0.6" />
          <rect x="8.8" y="4.5" width="2.2" height="7" rx="0.6" />
        </>
      );
    case 'shutdown':
      return <path d="M7.2 4h1.6v4.6H7.2zM5.3 6a3.4 3.4 0 1 0 5.4 0l1 .95A4.8 4.8 0 1 1 4.3 6.95Z" />;
    case 'crashed':
      return <path d="M5.4 4.3 8 6.9l2.6-2.6 1.1 1.1L9.1 8l2.6 2.6-1.1 1.1L8 9.1l-2.6 2.6-1.1-1.1L6.9 8 4.3 5.4Z" />;
    case 'saved':
      return <path d="M5 4h4.8L11.5 5.7V12H4.5V4.5A.5.5 0 0 1 5 4Zm1 1v2.2h3.6V5Zm-.2 4.2V11h4.4V9.2Z" />;
    case 'shutoff':
    case 'nostate':
      return <rect x="5" y="5" width="6" height="6" rx="1" />;
  }
}

/** The coloured badge of a domain state. Decorative: the state's text is always next to it. */
export function StateIcon({ state }: { state: DomainState }) {
  return (
    <svg
      className={`state-icon tone-${STATE_TONES[state]}`}
      width="18"
      height="18"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      <circle className="state-icon-disc" cx="8" cy="8" r="7.5" />
      <g className="state-icon-glyph">
        <Glyph state={state} />
      </g>
    </svg>
  );
}
