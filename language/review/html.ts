import type { CampaignGraph } from '../protocol.js';
import { escapeXml } from './escape.js';
import { FAMILY_STYLES, NEUTRAL } from './style.js';
import { renderSvg, type SvgOptions } from './svg.js';

/**
 * A self-contained HTML page of a campaign graph: the SVG inline, a legend, a little CSS, and no
 * external resource (no script, font, stylesheet or image from anywhere), so it opens from a CI
 * artifact or an e-mail attachment as it is.
 */
export async function renderHtml(graph: CampaignGraph, options: Omit<SvgOptions, 'standalone'> & { source?: string } = {}): Promise<string> {
    const svg = await renderSvg(graph, { ...options, standalone: false });
    const families = Object.entries(FAMILY_STYLES)
        .map(([family, style]) => `<li><span class="swatch" style="background:${style.color}"></span>${escapeXml(familyName(family))}</li>`)
        .join('');
    const facts = [
        `${graph.nodes.length} ${graph.nodes.length === 1 ? 'activity' : 'activities'}`,
        `${graph.edges.length} ${graph.edges.length === 1 ? 'transition' : 'transitions'}`,
        options.counts ? 'counts from a test run' : undefined,
        options.source
    ].filter(Boolean).map(f => escapeXml(f!)).join(' · ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign ${escapeXml(graph.campaign)}</title>
<style>
body { margin: 0; padding: 24px; font-family: ${NEUTRAL.fontFamily}; color: ${NEUTRAL.text}; background: ${NEUTRAL.background}; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.facts { margin: 0 0 16px; color: ${NEUTRAL.muted}; font-size: 13px; }
main { overflow: auto; border: 1px solid ${NEUTRAL.nodeStroke}; border-radius: 6px; }
main svg { display: block; }
ul.legend { list-style: none; padding: 0; margin: 12px 0 0; display: flex; gap: 16px; font-size: 12px; color: ${NEUTRAL.muted}; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
</style>
</head>
<body>
<header>
<h1>Campaign ${escapeXml(graph.campaign)}</h1>
<p class="facts">${facts}</p>
</header>
<main>
${svg}</main>
<ul class="legend">${families}</ul>
</body>
</html>
`;
}

function familyName(family: string): string {
    return { targeting: 'Targeting', flow: 'Flow control', channel: 'Channels', end: 'Alerts and ends' }[family] ?? family;
}
