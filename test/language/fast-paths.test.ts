import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    AstUtils, Cancellation, createLangiumParser, DefaultAstNodeDescriptionProvider, DefaultDocumentValidator, DefaultReferenceDescriptionProvider,
    EmptyFileSystem, inject, isOperationCancelled, URI,
    type AstNode, type LangiumCoreServices, type LangiumDocument, type ParseResult, type ValidationAcceptor
} from 'langium';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { Diagnostic } from 'vscode-languageserver-types';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CampaignModule, CampaignSharedModule, createCampaignServices } from '../../language/campaign-module.js';
import type { CampaignAstType } from '../../language/generated/ast.js';
import { CampaignGeneratedSharedModule, CampaignLanguageGeneratedModule, CampaignLanguageLanguageMetaData } from '../../language/generated/module.js';
import { allNodes, allReferences, cancellationPoint, forEachReference } from '../../language/linking/ast-walk.js';
import { OPERATOR_WORDS } from '../../language/parser/campaign-token-builder.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';
import { caseSeed, mutate, prng } from '../fuzz/mutate.js';
import { createTestServices, syntaxErrors } from './test-services.js';

// The performance shortcuts (keyword tokens in the ID category instead of a 100-way `Name`
// alternation; a plain tree walk in the linker and reference index; token types and lookahead
// shared by every parser of the process; a validator walk without an await per node) must not
// change the language, the order in which Langium visits nodes and references, or the diagnostics.

const specDir = path.join(__dirname, '..', 'fixtures', 'spec');
const specs = fs.readdirSync(specDir).filter(f => f.endsWith('.campaign')).map(f => fs.readFileSync(path.join(specDir, f), 'utf8'));

describe('keywords as names (ID token category)', () => {
    test('every contextual keyword is a name where a name is expected, and still a keyword where one is', async () => {
        const { services, parse } = createTestServices();
        const keywords = services.Campaign.parser.Lexer.definition as Record<string, { PATTERN?: unknown }>;
        const words = Object.values(keywords).map(t => t.PATTERN).filter((p): p is string => typeof p === 'string' && /^[A-Za-z_]\w*$/.test(p));
        const names = words.filter(w => !OPERATOR_WORDS.has(w));
        expect(names).toContain('segment');
        expect(names.length).toBeGreaterThan(90);
        for (const word of names) {
            const document = await parse(`enum ${word} { ${word} }\ncampaign c { audience ${word}: Customer where ${word}.a = 1 }`);
            expect(syntaxErrors(document), word).toEqual([]);
            const [enumDecl, campaign] = document.parseResult.value.elements as Array<AstNode & { name: string; members?: Array<AstNode & { name: string }> }>;
            expect(enumDecl.name).toBe(word);
            expect(campaign.members?.[0].$type).toBe('AudienceActivity');
            expect(campaign.members?.[0].name).toBe(word);
        }
    });

    test('the operator words are never names', async () => {
        const { parse } = createTestServices();
        for (const word of OPERATOR_WORDS) {
            const document = await parse(`enum ${word} { a }`);
            expect(syntaxErrors(document).length, word).toBeGreaterThan(0);
        }
    });
});

describe('the plain tree walk of the linker and the reference index', () => {
    test('visits the nodes and references of every spec example in the order of Langium\'s streams', async () => {
        const { parse } = createTestServices();
        let referenceCount = 0;
        for (const text of specs) {
            const root = (await parse(text)).parseResult.value;
            const streamed = AstUtils.streamAst(root).toArray();
            expect(streamed.length).toBeGreaterThan(10);
            expect(allNodes(root)).toEqual(streamed);
            for (const node of streamed) {
                const walked: unknown[] = [];
                forEachReference(node, info => walked.push(info));
                expect(walked).toEqual(AstUtils.streamReferences(node).toArray());
            }
            const references = streamed.flatMap(node => AstUtils.streamReferences(node).toArray());
            referenceCount += references.length;
            expect(allReferences(root)).toEqual(references);
            // Kept per tree: the second call hands back the same list.
            expect(allReferences(root)).toBe(allReferences(root));
        }
        expect(referenceCount).toBeGreaterThan(100);
    });
});

const examplesDir = path.join(__dirname, '..', '..', 'examples', 'retail');
const examples = fs.readdirSync(examplesDir).filter(f => f.endsWith('.campaign')).map(f => fs.readFileSync(path.join(examplesDir, f), 'utf8'));

/** An AST as plain data (types, properties, reference texts, offsets), for comparing two parses. */
function plain(result: ParseResult): unknown {
    const seen = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(seen);
        if (typeof value !== 'object' || value === null) return value;
        const object = value as Record<string, unknown>;
        if ('$refText' in object) return { ref: object.$refText };
        const out: Record<string, unknown> = { $type: object.$type, at: (object.$cstNode as { offset?: number } | undefined)?.offset };
        for (const [key, child] of Object.entries(object)) if (!key.startsWith('$')) out[key] = seen(child);
        return out;
    };
    return {
        value: seen(result.value),
        lexerErrors: result.lexerErrors.map(e => `${e.offset} ${e.message}`),
        parserErrors: result.parserErrors.map(e => `${e.token.startOffset} ${e.message}`)
    };
}

/** The spec and example files plus seeded mutations of them (broken text exercises error recovery). */
function corpus(): string[] {
    const texts = [...specs, ...examples];
    const mutated = texts.flatMap((text, i) => [1, 3, 8].map(count => mutate(text, prng(caseSeed(i, count)), count).text));
    expect(mutated.filter((text, i) => text !== texts[Math.floor(i / 3)]).length).toBeGreaterThan(texts.length);
    return [...texts, ...mutated];
}

function chevrotainOf(services: LangiumCoreServices): { lookaheadStrategy: object } {
    return (services.parser.LangiumParser as unknown as { wrapper: { lookaheadStrategy: object } }).wrapper;
}

describe('token types and lookahead shared by every parser of the process', () => {
    test('two sets of services share the token type objects and the lookahead', () => {
        const a = createCampaignServices(EmptyFileSystem).Campaign;
        const b = createCampaignServices(EmptyFileSystem).Campaign;
        const tokensA = Object.values(a.parser.Lexer.definition);
        const tokensB = Object.values(b.parser.Lexer.definition);
        expect(tokensA.length).toBeGreaterThan(100);
        tokensA.forEach((token, i) => expect(tokensB[i]).toBe(token));
        expect(chevrotainOf(a).lookaheadStrategy).toBe(chevrotainOf(b).lookaheadStrategy);
        expect(chevrotainOf(a).lookaheadStrategy.constructor.name).toBe('SharedLookaheadStrategy');
    });

    test('parses exactly like a parser with its own lookahead, whatever the shared caches saw before', () => {
        const texts = corpus();
        expect(texts.length).toBeGreaterThan(40);
        // A parser built by Langium alone: its own ALL(*) network and empty DFA caches.
        const own = createLangiumParser(createCampaignServices(EmptyFileSystem).Campaign);
        expect((own as unknown as { wrapper: { lookaheadStrategy: object } }).wrapper.lookaheadStrategy.constructor.name).toBe('LLStarLookaheadStrategy');
        // The shared lookahead first sees the texts in reverse order (from another set of services),
        // then a fresh set of services parses them in order.
        const warm = createCampaignServices(EmptyFileSystem).Campaign.parser.LangiumParser;
        for (const text of [...texts].reverse()) warm.parse(text);
        const fresh = createCampaignServices(EmptyFileSystem).Campaign.parser.LangiumParser;
        let withErrors = 0;
        for (const text of texts) {
            const expected = plain(own.parse(text));
            const actual = plain(fresh.parse(text));
            expect(actual).toEqual(expected);
            if ((expected as { parserErrors: unknown[] }).parserErrors.length > 0) withErrors++;
        }
        expect(withErrors).toBeGreaterThan(10);
    });

    test('in development mode Chevrotain validates the grammar and reports no definition errors or ambiguities', () => {
        const shared = inject(createDefaultSharedModule(EmptyFileSystem), CampaignGeneratedSharedModule, CampaignSharedModule);
        const development = inject(createDefaultModule({ shared }), CampaignLanguageGeneratedModule, CampaignModule,
            { LanguageMetaData: () => ({ ...CampaignLanguageLanguageMetaData, mode: 'development' as const }) });
        expect(development.LanguageMetaData.mode).toBe('development');
        const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
        try {
            // Throws "Parser Definition Errors detected" when the grammar has any.
            const parser = createLangiumParser(development);
            expect(parser.definitionErrors).toEqual([]);
            for (const text of [...specs, ...examples]) expect(parser.parse(text).parserErrors).toEqual([]);
            expect(log.mock.calls).toEqual([]);
        } finally {
            log.mockRestore();
        }
    });
});

describe('the validator walk', () => {
    afterEach(() => vi.restoreAllMocks());

    async function buildDocuments(texts: string[]): Promise<{ services: ReturnType<typeof createCampaignServices>; documents: LangiumDocument[] }> {
        const services = createCampaignServices(EmptyFileSystem);
        const { shared } = services;
        const documents = texts.map((text, i) => {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///walk/f${i}.campaign`));
            shared.workspace.LangiumDocuments.addDocument(document);
            return document;
        });
        await shared.workspace.DocumentBuilder.build([ensureBuiltins(shared), ...documents], { validation: false });
        return { services, documents };
    }

    test('reports the same diagnostics in the same order as Langium\'s walk', async () => {
        const texts = corpus();
        const { services, documents } = await buildDocuments(texts);
        const validator = services.Campaign.validation.DocumentValidator as DefaultDocumentValidator;
        const langiumWalk = DefaultDocumentValidator.prototype['validateAstNodes'];
        let total = 0;
        for (const document of documents) {
            const ours: Diagnostic[] = [];
            const theirs: Diagnostic[] = [];
            const root = document.parseResult.value;
            const accept = (into: Diagnostic[]): ValidationAcceptor => (severity, message, info) => {
                into.push({ severity: severity === 'error' ? 1 : 2, message, range: info.node.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
            };
            await validator['validateAstNodes'](root, {}, accept(ours));
            await langiumWalk.call(validator, root, {}, accept(theirs));
            expect(ours).toEqual(theirs);
            total += ours.length;
        }
        expect(total).toBeGreaterThan(50);
    });

    test('a check that throws becomes an error on its node; an asynchronous check is awaited', async () => {
        const { services, documents } = await buildDocuments(['campaign c {\n  audience a: Customer\n}\n']);
        const registry = services.Campaign.validation.ValidationRegistry;
        const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        registry.register<CampaignAstType>({
            AudienceActivity: () => { throw new Error('boom'); },
            Campaign: async (node: AstNode, accept: ValidationAcceptor) => {
                await new Promise(resolve => setTimeout(resolve, 5));
                accept('warning', 'late', { node });
            }
        });
        const diagnostics = await services.Campaign.validation.DocumentValidator.validateDocument(documents[0]);
        const messages = diagnostics.map(d => d.message);
        expect(messages).toContain('An error occurred during validation: boom');
        expect(messages).toContain('late');
        expect(error).toHaveBeenCalled();
    });

    test('stops with OperationCancelled when its token is cancelled', async () => {
        const { services, documents } = await buildDocuments([examples[0]]);
        const source = new Cancellation.CancellationTokenSource();
        source.cancel();
        const rejected = await services.Campaign.validation.DocumentValidator.validateDocument(documents[0], {}, source.token).then(() => undefined, e => e);
        expect(isOperationCancelled(rejected)).toBe(true);
    });

    test('the cancellation point yields only every so many nodes and never without a token', async () => {
        expect(cancellationPoint(Cancellation.CancellationToken.None)(0)).toBeUndefined();
        const source = new Cancellation.CancellationTokenSource();
        const point = cancellationPoint(source.token);
        const yields = Array.from({ length: 1000 }, (_, i) => point(i)).filter(p => p !== undefined);
        expect(yields.length).toBeGreaterThan(0);
        expect(yields.length).toBeLessThan(20);
        await Promise.all(yields);
        source.cancel();
        expect(() => point(1)).toThrow();
    });
});

describe('the pruned walk', () => {
    test('leaves out the subtree of a node when asked', async () => {
        const { parse } = createTestServices();
        const root = (await parse(examples[0])).parseResult.value;
        const all = allNodes(root);
        const pruned = allNodes(root, node => node.$type !== 'Campaign');
        expect(pruned.length).toBeLessThan(all.length);
        expect(pruned.every(node => AstUtils.getContainerOfType(node.$container, (n): n is AstNode => n.$type === 'Campaign') === undefined)).toBe(true);
        expect(pruned.filter(n => n.$type === 'Campaign').length).toBe(all.filter(n => n.$type === 'Campaign').length);
    });
});

describe('descriptions with segments computed on first read', () => {
    /** A description as plain data: every getter read, URIs as strings. */
    const flat = (description: object): Record<string, unknown> => Object.fromEntries(Object.entries({ ...description })
        .map(([key, value]) => [key, value instanceof URI ? value.toString() : key === 'node' ? value : JSON.parse(JSON.stringify(value ?? null))]));

    test('the reference index holds the same descriptions as Langium\'s', async () => {
        const services = createCampaignServices(EmptyFileSystem);
        const { shared } = services;
        const documents = [...specs, ...examples].map((text, i) => {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///index/f${i}.campaign`));
            shared.workspace.LangiumDocuments.addDocument(document);
            return document;
        });
        await shared.workspace.DocumentBuilder.build([ensureBuiltins(shared), ...documents], { validation: false });
        const provider = services.Campaign.workspace.ReferenceDescriptionProvider;
        let count = 0;
        for (const document of documents) {
            const ours = (await provider.createDescriptions(document)).map(flat);
            const theirs = (await DefaultReferenceDescriptionProvider.prototype.createDescriptions.call(provider, document)).map(flat);
            expect(ours).toEqual(theirs);
            count += ours.length;
        }
        expect(count).toBeGreaterThan(300);
        // The index itself answers with them: every reference to an entity, from every file.
        const customer = documents.flatMap(d => AstUtils.streamAst(d.parseResult.value).filter(n => n.$type === 'Entity' && (n as AstNode & { name: string }).name === 'Customer').toArray())[0];
        expect(customer).toBeDefined();
        const references = shared.workspace.IndexManager.findAllReferences(customer, services.Campaign.workspace.AstNodeLocator.getAstNodePath(customer)).toArray();
        expect(references.length).toBeGreaterThan(5);
        expect(references.every(r => r.segment.range.start.line >= 0 && r.sourcePath.startsWith('/'))).toBe(true);
    });

    test('a node description reads the same as Langium\'s', async () => {
        const { services, parse } = createTestServices();
        const provider = services.Campaign.workspace.AstNodeDescriptionProvider;
        const named: AstNode[] = [];
        for (const text of examples) {
            const root = (await parse(text)).parseResult.value;
            named.push(...AstUtils.streamAst(root).filter(n => typeof (n as AstNode & { name?: unknown }).name === 'string').toArray());
        }
        expect(named.length).toBeGreaterThan(50);
        for (const node of named) {
            const ours = flat(provider.createDescription(node, undefined));
            const theirs = flat(DefaultAstNodeDescriptionProvider.prototype.createDescription.call(provider, node, undefined));
            expect(ours).toEqual(theirs);
            expect(ours.selectionSegment).toBeTruthy();
        }
    });
});
