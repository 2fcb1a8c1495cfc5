/**
 * What the language benchmark needs from the TypeScript sources, bundled by language.bench.mjs
 * into .bench/language-lib.cjs (the bench runs on plain Node, without a TypeScript loader).
 */
export { DocumentState, EmptyFileSystem, TextDocument, URI } from 'langium';
export { createCampaignServices } from '../language/campaign-module.js';
export { ensureBuiltins } from '../language/workspace/campaign-workspace-manager.js';
// For bench/language-profile.mjs `parse-compare`: the parser with Langium's stock AST assembly beside the lean one.
export { createCampaignParser } from '../language/parser/campaign-parser.js';
