import { expect, test } from 'vitest';
import { createTestServices } from './test-services.js';

test('documents parsed by the test helper link against the built-in library', async () => {
    const { parse } = createTestServices();
    const document = await parse('entity E { key id: int\n name: string }\nfilter f on E where lower(name) = "x"', { validation: true });
    expect(document.diagnostics?.filter(d => d.severity === 1).map(d => d.message)).toEqual([]);
});
