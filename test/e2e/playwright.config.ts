import { defineConfig } from '@playwright/test';
import { electronBinary } from './electron-binary';

const chromium = process.env.VIRTDESK_CHROMIUM ?? '/usr/bin/chromium';
const electron = electronBinary();

// Browser mode is the primary e2e target (Debian's Chromium, never a downloaded
// browser). The electron project exists only where an Electron binary does:
// it is left out, not skipped, elsewhere, and run-tests says so.
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // Two cores: servers, Chromium and a TCG guest already compete for them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '../../test-results/reports/e2e.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    colorScheme: 'dark',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testMatch: /.*\.spec\.ts$/,
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
        },
      },
    },
    ...(electron ? [{ name: 'electron', testMatch: /electron\.spec\.ts$/ }] : []),
  ],
});
