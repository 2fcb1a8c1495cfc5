// The language server's entry point (bundled as dist/language-server.cjs; the extension forks it over stdio or IPC).
import './polyfills/object-group-by.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCampaignServices } from './campaign-module.js';
import { registerGraphHandlers } from './lsp/graph-handlers.js';
import { registerCompareGraphHandler } from './review/compare-handler.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createCampaignServices({ connection, ...NodeFileSystem });
// The graph protocol (language/protocol.ts) for the visual editor.
registerGraphHandlers(connection, shared);
// Compare Graph with HEAD (language/review/compare-protocol.ts).
registerCompareGraphHandler(connection, shared);
startLanguageServer(shared);
