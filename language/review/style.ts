// The look of a campaign graph, shared by the renderers (SVG, HTML, Mermaid) and, through a plain
// import, by the webview: family colours, diff colours and node metrics. No imports but types, so
// the webview bundle pulls nothing else in.
import type { ActivityFamily } from '../protocol.js';

export interface FamilyStyle {
    /**
     * VS Code's theme variable for the family, the one webview/theme.css reads for `--cs-<family>`
     * (light, dark and high contrast; test/review/style.test.ts keeps the two in step).
     */
    readonly cssVar: string;
    /**
     * The variable's value in VS Code's default light theme: what standalone SVG and Mermaid use, on
     * the white pages of pull requests (theme.css falls back to the dark theme's values instead).
     */
    readonly color: string;
    /** A light tint of the colour for fills on a white page. */
    readonly tint: string;
}

export const FAMILY_STYLES: Readonly<Record<ActivityFamily, FamilyStyle>> = {
    targeting: { cssVar: '--vscode-charts-blue', color: '#1a85ff', tint: '#e8f2ff' },
    flow: { cssVar: '--vscode-charts-purple', color: '#652d90', tint: '#f1eaf6' },
    channel: { cssVar: '--vscode-charts-green', color: '#388a34', tint: '#e9f4e8' },
    end: { cssVar: '--vscode-charts-orange', color: '#d18616', tint: '#fbf0e0' }
};

export type DiffStatus = 'added' | 'removed' | 'changed';

export interface StatusStyle {
    readonly stroke: string;
    readonly fill: string;
    readonly text: string;
    /** Drawn dashed (removed things). */
    readonly dashed: boolean;
}

/** GitHub's diff colours, so a pull-request comment reads like the rest of the page. */
export const STATUS_STYLES: Readonly<Record<DiffStatus, StatusStyle>> = {
    added: { stroke: '#1a7f37', fill: '#dafbe1', text: '#1f2328', dashed: false },
    removed: { stroke: '#cf222e', fill: '#ffebe9', text: '#6e7781', dashed: true },
    changed: { stroke: '#9a6700', fill: '#fff8c5', text: '#1f2328', dashed: false }
};

export const NEUTRAL = {
    text: '#1f2328',
    muted: '#59636e',
    nodeFill: '#ffffff',
    nodeStroke: '#d1d9e0',
    edge: '#818b98',
    edgeLabelFill: '#ffffff',
    background: '#ffffff',
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'
} as const;

/** Node metrics (pixels): a fixed width so summaries are cut the same way everywhere. */
export const NODE_METRICS = {
    width: 232,
    height: 68,
    stripe: 6,
    padding: 10,
    titleSize: 11,
    nameSize: 14,
    summarySize: 11,
    edgeLabelSize: 11
} as const;
