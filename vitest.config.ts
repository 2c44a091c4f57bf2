import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Helm renders are CPU-bound; two cores, two workers
    maxWorkers: 2,
    // @actions/workflow-parser imports its schema JSON without an import attribute, which Node
    // refuses; inlined, vite loads it
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
