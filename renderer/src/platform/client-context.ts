import { createContext, useContext } from 'react';
import type { VirtClient } from './client';

export const ClientContext = createContext<VirtClient | null>(null);

export function useClient(): VirtClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a <ClientContext> above it');
  return client;
}
