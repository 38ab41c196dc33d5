import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
        oxc: { jsx: { runtime: 'automatic' } },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.itest.ts'],
          environment: 'node',
          // Real daemons and a real guest: slower than unit tests, and not in parallel
          // (they share libvirtd and the guest's name).
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
