import { AlertIcon } from './icons';

export interface NotificationItem {
  id: number;
  message: string;
  detail?: string;
}

export interface NotificationsProps {
  items: readonly NotificationItem[];
  onDismiss(id: number): void;
}

/** Error notifications; each stays until dismissed. */
export function Notifications({ items, onDismiss }: NotificationsProps) {
  if (items.length === 0) return null;
  return (
    <section className="notifications" aria-label="Notifications">
      {items.map((n) => (
        <div key={n.id} className="notification notification-danger" role="alert">
          <AlertIcon className="notification-icon" />
          <div className="notification-text">
            <p className="notification-message">{n.message}</p>
            {n.detail ? <p className="notification-detail">{n.detail}</p> : null}
          </div>
          <button type="button" className="btn btn-plain notification-dismiss" onClick={() => onDismiss(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
