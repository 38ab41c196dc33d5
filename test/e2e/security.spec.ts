import { test, expect } from './fixtures';

test.describe('browser mode security', () => {
  test('a wrong token is refused and shows why', async ({ page, server }) => {
    const res = await page.goto(`http://127.0.0.1:${server.port}/?token=not-the-token`);
    expect(res?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('not valid for this run');
  });

  test('the page is refused without the token', async ({ page, server }) => {
    const res = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(res?.status()).toBe(401);
  });

  test('a page from another origin cannot open the RPC socket, even after the user logged in', async ({ page, server, manager }) => {
    await manager.expectState('test', 'Running');
    // Same browser, cookie set; a foreign page (another origin) tries the socket.
    const other = await page.context().newPage();
    await other.goto('data:text/html,<title>evil</title>');
    const outcome = await other.evaluate(
      (port) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      server.port,
    );
    expect(outcome).toBe('refused');
  });
});

test('the RPC socket refuses a foreign Origin even with the session cookie', async ({ page, server, manager }) => {
  await manager.expectState('test', 'Running');
  const [cookie] = await page.context().cookies(`http://127.0.0.1:${server.port}`);
  expect(cookie?.httpOnly).toBe(true);
  const { default: WebSocket } = await import('ws');
  const status = (origin: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { origin, cookie: `${cookie!.name}=${cookie!.value}` } });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
  expect(await status('http://evil.example')).toBe(403);
  expect(await status(`http://127.0.0.1:${server.port}`)).toBe(101);
});
