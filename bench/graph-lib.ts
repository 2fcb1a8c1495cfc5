/**
 * What the graph benchmark needs from the TypeScript sources, bundled by graph.bench.mjs into
 * .bench/graph-lib.cjs (the bench runs on plain Node, without a TypeScript loader).
 */
export { DocumentState, EmptyFileSystem, TextDocument, URI } from 'langium';
export { createCampaignServices } from '../language/campaign-module.js';
export { GraphModel } from '../language/graph/graph-model.js';
export { GRAPH_QUIET_MS } from '../language/lsp/graph-handlers.js';
export { ensureBuiltins } from '../language/workspace/campaign-workspace-manager.js';
export { elkLayout } from '../webview/graph/layout.js';
export { mergeById } from '../webview/graph/merge.js';
export { toFlowEdges, toFlowNodes } from '../webview/graph/to-flow.js';
export { bigCampaign } from '../test/webview/fixtures.js';
export { launch, openWebview, startServer } from '../test/webview/harness.js';
