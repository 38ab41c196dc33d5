import { useAppStore } from '../../store/use-app-store';

/** One banner per connected host whose guests cannot use hardware virtualization (from the host check on connect). */
export function HostWarnings() {
  const connections = useAppStore((s) => s.connections);
  const order = useAppStore((s) => s.connectionOrder);
  const warnings = order.flatMap((id) => {
    const c = connections[id];
    return c?.state.kind === 'connected' && c.state.virtualizationWarning ? [{ id, label: c.label, text: c.state.virtualizationWarning }] : [];
  });
  if (warnings.length === 0) return null;
  return (
    <div className="host-warnings">
      {warnings.map((w) => (
        <p key={w.id} role="status" className="banner banner-warning" aria-label={`${w.label}: no hardware virtualization`}>
          {w.text}
        </p>
      ))}
    </div>
  );
}
