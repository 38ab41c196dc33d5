import { SpinnerIcon } from './icons';

/** Shown while the browser has lost its WebSocket to the Virtdesk service. */
export function TransportBanner({ lost }: { lost: boolean }) {
  if (!lost) return null;
  return (
    <div className="banner banner-warning" role="alert">
      <SpinnerIcon />
      <span>Lost contact with the Virtdesk service. Reconnecting…</span>
    </div>
  );
}
