import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        setupFiles: ['language/polyfills/object-group-by.cjs'],
        testTimeout: 60_000,
        hookTimeout: 120_000
    }
});
