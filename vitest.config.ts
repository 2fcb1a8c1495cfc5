import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        setupFiles: ['language/polyfills/object-group-by.cjs', 'test/setup/wasm-engine.ts'],
        testTimeout: 60_000,
        hookTimeout: 120_000
    }
});
