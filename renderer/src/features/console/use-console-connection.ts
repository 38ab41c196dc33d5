import { useCallback, useEffect, useRef, useState } from 'react';
import type { DomainRef } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { ConsoleConnection, type ConsoleStatus, type ConsoleViewer } from './console-connection';

/**
 * Keeps one console connected while the component lives: a ConsoleConnection
 * for (domain, device, viewer), told whenever the guest goes up or down.
 */
export function useConsoleConnection(viewer: ConsoleViewer | null, ref: DomainRef, deviceId: string, up: boolean): {
  status: ConsoleStatus;
  reconnect(): void;
} {
  const client = useClient();
  const [status, setStatus] = useState<ConsoleStatus>(up ? { kind: 'connecting' } : { kind: 'not-running' });
  const connection = useRef<ConsoleConnection | null>(null);
  const upRef = useRef(up);
  upRef.current = up;
  const { connectionId, uuid } = ref;

  useEffect(() => {
    if (!viewer) return;
    const conn = new ConsoleConnection({ client, ref: { connectionId, uuid }, deviceId, viewer, onStatus: setStatus });
    connection.current = conn;
    conn.setRunning(upRef.current);
    if (!upRef.current) setStatus({ kind: 'not-running' });
    return () => {
      conn.dispose();
      if (connection.current === conn) connection.current = null;
    };
  }, [client, viewer, connectionId, uuid, deviceId]);

  useEffect(() => {
    connection.current?.setRunning(up);
  }, [up]);

  const reconnect = useCallback(() => connection.current?.reconnect(), []);
  return { status, reconnect };
}
