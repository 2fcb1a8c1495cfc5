// Bad input never crashes the review tools: every prefix of a real campaign file (cut at many
// points, mid-word and mid-string included) either renders or is refused with a located error.
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { findCampaign } from '../../language/graph/source.js';
import { toGraph } from '../../language/graph/to-graph.js';
import { compareVersions, SyntaxErrors } from '../../language/review/compare.js';
import { loadVersion } from '../../language/review/load-sources.js';
import { renderMermaid } from '../../language/review/mermaid.js';
import { renderSvg } from '../../language/review/svg.js';
import { tempProject } from '../temp-project.js';
import { campaign, fixtureText, REVIEW_FIXTURES } from './review-helpers.js';

const text = fixtureText('new-branch', 'new');
// Cuts inside the campaign, where the statements are: 12 evenly spaced points plus awkward ones.
const start = text.indexOf('campaign spring');
const cuts = [...Array.from({ length: 12 }, (_, i) => start + Math.floor(((text.length - start) * (i + 1)) / 13)),
    text.indexOf('"{{firstName}}') + 3, text.indexOf('order by') + 3, text.indexOf('tiers.silverOnes') + 6];

describe('truncated files', () => {
    test('the renderers draw whatever parses, as well-formed SVG and Mermaid', async () => {
        let drawn = 0;
        for (const cut of cuts) {
            const path = join(REVIEW_FIXTURES, 'cut.campaign');
            const version = await loadVersion([{ label: 'cut', path, text: text.slice(0, cut) }]);
            const document = version.sources[0].document;
            const found = findCampaign(document.parseResult.value, 'spring');
            if (!found) continue;
            const graph = toGraph(document, found);
            const svg = await renderSvg(graph, { standalone: true });
            expect(XMLValidator.validate(svg), `cut at ${cut}`).toBe(true);
            expect(renderMermaid(graph).startsWith('flowchart LR\n')).toBe(true);
            drawn++;
        }
        // Error recovery keeps the campaign of most prefixes: they were really drawn.
        expect(drawn).toBeGreaterThan(cuts.length / 2);
    });

    test('diff refuses a version that does not parse with a located error, never a crash', async () => {
        const before = [{ label: 'old', path: '/x/spring.campaign', text }];
        let refused = 0;
        for (const cut of cuts) {
            const after = [{ label: 'new', path: '/x/spring.campaign', text: text.slice(0, cut) }];
            try {
                await compareVersions(before, after);
            } catch (error) {
                expect(error, `cut at ${cut}`).toBeInstanceOf(SyntaxErrors);
                for (const line of (error as SyntaxErrors).errors) expect(line).toMatch(/^new:\d+:\d+ \S/);
                refused++;
            }
        }
        expect(refused).toBeGreaterThan(cuts.length / 2);
    });

    test('the render command on a broken file: drawn, with the number of errors said', async () => {
        const root = tempProject({ 'c.campaign': text.slice(0, text.indexOf('tiers.silverOnes') + 6) }, 'campaign-robust-');
        const result = await campaign(root, 'render', 'c.campaign');
        expect(result.code).toBe(0);
        expect(result.err).toMatch(/^campaign render: c\.campaign has \d+ errors? \(see campaign check\)\n$/);
        expect(XMLValidator.validate(result.out)).toBe(true);
    });
});
