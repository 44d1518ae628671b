import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 15000,
    // Most tests wait on loopback sockets and timers, not the CPU: two workers overlap them even on two cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // bin.ts only wires the process to main(), which the tests drive in-process; generated types hold no code.
      exclude: ['src/cli/bin.ts', 'src/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      // Set at the level reached (Node 20: 92.2 / 84.0 / 93.8 / 95.4 %), within half a point for V8's
      // differences between Node versions: coverage may rise, never silently fall.
      thresholds: { statements: 92, branches: 83.5, functions: 93, lines: 95 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/network-failures.test.ts'],
          // The files share nothing but caches of immutable data; not re-importing the modules for each
          // file halves the suite's wall time.
          isolate: false,
        },
      },
      {
        extends: true,
        // nock patches node:http for the whole process: it keeps a process of its own.
        test: { name: 'nock', include: ['test/network-failures.test.ts'], isolate: true },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          // The library's type contract: `tsc` must accept what compiles and reject what must not.
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
    ],
  },
});
