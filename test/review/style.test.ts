// The renderers and the visual editor colour families with the same VS Code theme variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FAMILY_STYLES } from '../../language/review/style.js';

test('each family uses the theme variable that webview/theme.css uses for it', () => {
    const css = readFileSync(join(__dirname, '../../webview/theme.css'), 'utf8');
    for (const [family, style] of Object.entries(FAMILY_STYLES)) {
        const declared = new RegExp(`--cs-${family}:\\s*var\\((--[\\w-]+)`).exec(css);
        expect(declared?.[1], family).toBe(style.cssVar);
    }
});
