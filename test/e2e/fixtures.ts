import { test as base, expect } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server-process';
import { ManagerPage } from './pages/manager-page';

interface Fixtures {
  /** URIs passed to the server as --connect (none: the default choice). */
  connect: string[];
  /** Extra environment for the server process. */
  serverEnv: Record<string, string>;
  server: RunningServer;
  manager: ManagerPage;
}

export const test = base.extend<Fixtures>({
  connect: [['test:///default'], { option: true }],
  serverEnv: [{}, { option: true }],
  server: async ({ connect, serverEnv }, use) => {
    const server = await startServer(connect, [], undefined, serverEnv);
    await use(server);
    await server.stop();
  },
  manager: async ({ page, server }, use) => {
    await page.goto(server.url);
    await use(new ManagerPage(page));
  },
});

export { expect };
