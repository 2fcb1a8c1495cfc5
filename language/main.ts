// The language server's entry point (bundled as dist/language-server.cjs; the extension forks it over stdio or IPC).
import './polyfills/object-group-by.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCampaignServices } from './campaign-module.js';
import { registerGraphHandlers } from './lsp/graph-handlers.js';
import { registerCompareGraphHandler } from './review/compare-handler.js';
import { registerTemplateSync, TemplateOverlayFileSystem } from './lsp/template-overlay.js';

const connection = createConnection(ProposedFeatures.all);
// Unsaved template files (`body file "…"`) laid over the disk (language/lsp/template-overlay.ts).
const { shared } = createCampaignServices({ connection, fileSystemProvider: () => new TemplateOverlayFileSystem(NodeFileSystem.fileSystemProvider()) });
registerTemplateSync(connection, shared);
// The graph protocol (language/protocol.ts) for the visual editor.
registerGraphHandlers(connection, shared);
// Compare Graph with HEAD (language/review/compare-protocol.ts).
registerCompareGraphHandler(connection, shared);
startLanguageServer(shared);
