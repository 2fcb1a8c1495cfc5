// The language server's entry point (bundled as dist/language-server.cjs; the extension forks it over stdio or IPC).
import './polyfills/object-group-by.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCampaignServices } from './campaign-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createCampaignServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
