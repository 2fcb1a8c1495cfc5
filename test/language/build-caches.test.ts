import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    AstUtils, DefaultReferenceDescriptionProvider, EmptyFileSystem, GrammarUtils, TextDocument, URI,
    type AstNode, type LangiumDocument, type ReferenceDescription
} from 'langium';
import { describe, expect, test } from 'vitest';
// @ts-expect-error the benchmark is plain JavaScript without type declarations
import { generateFile } from '../../bench/language.bench.mjs';
import { createCampaignServices } from '../../language/campaign-module.js';
import { reflection } from '../../language/generated/ast.js';
import { nodeTypeTest } from '../../language/typing/type-tests.js';
import { CampaignReferenceDescriptionProvider } from '../../language/linking/campaign-reference-description-provider.js';
import { firstNodeForProperty } from '../../language/validation/campaign-document-validator.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';

// The build's caches (types and populations per expression/activity, scopes per campaign, the
// index's builtins and enums per build, a reference index computed when first read) must not
// change any result: after any sequence of edits the diagnostics are those of a fresh build of the
// final texts, and the lazy reference index answers as Langium's eager one.

const examplesDir = path.join(__dirname, '..', '..', 'examples', 'retail');
const specDir = path.join(__dirname, '..', 'fixtures', 'spec');
const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).filter(f => f.endsWith('.campaign')).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
const examples = read(examplesDir);
const specs = read(specDir);

type Files = Record<string, string>;

const uriOf = (name: string) => URI.parse(`file:///caches/${name}`);

/** Services with `files` added and built (validation on). */
async function buildFresh(files: Files) {
    const services = createCampaignServices(EmptyFileSystem);
    const { shared } = services;
    const documents = [ensureBuiltins(shared)];
    for (const [name, text] of Object.entries(files)) {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, uriOf(name));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return services;
}

/** Every diagnostic of the workspace's own files, by file name, in the order reported. */
function diagnosticsOf(services: ReturnType<typeof createCampaignServices>, files: Files): Record<string, unknown[]> {
    const result: Record<string, unknown[]> = {};
    for (const name of Object.keys(files).sort()) {
        const document = services.shared.workspace.LangiumDocuments.getDocument(uriOf(name));
        result[name] = (document?.diagnostics ?? []).map(d => ({ severity: d.severity, message: d.message, range: d.range, code: d.code }));
    }
    return result;
}

describe('incremental builds with the build caches', () => {
    test('every step of an edit sequence has the diagnostics of a fresh build of its texts', async () => {
        const generated = generateFile([{ name: 'gen', activities: 90 }], 3);
        let files: Files = { ...examples, 'generated.campaign': generated };
        const services = await buildFresh(files);
        const { shared } = services;
        let version = 1;
        const edit = async (changes: Files, deleted: string[] = []) => {
            files = { ...files, ...changes };
            for (const name of deleted) delete files[name];
            for (const [name, text] of Object.entries(changes)) {
                const uri = uriOf(name);
                shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'campaign', ++version, text));
                if (!shared.workspace.LangiumDocuments.hasDocument(uri)) {
                    shared.workspace.LangiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromString(text, uri));
                }
            }
            await shared.workspace.DocumentBuilder.update(Object.keys(changes).map(uriOf), deleted.map(uriOf), undefined);
            const fresh = await buildFresh(files);
            expect(diagnosticsOf(services, files)).toEqual(diagnosticsOf(fresh, files));
            return diagnosticsOf(services, files);
        };
        const schema = examples['schema.campaign'];
        expect(schema).toContain('loyaltyPoints');
        // A schema field renamed: every campaign that reads it must be relinked (the index's
        // isAffected) and typed again (types and populations forgotten).
        const broken = await edit({ 'schema.campaign': schema.replaceAll('loyaltyPoints', 'points') });
        expect(broken['generated.campaign'].some(d => String((d as { message: string }).message).includes('loyaltyPoints'))).toBe(true);
        await edit({ 'schema.campaign': schema });
        // An activity renamed inside a campaign: its `from` clauses no longer link.
        await edit({ 'generated.campaign': generated.replace(/audience a0: /, 'audience first: ') });
        // A cycle between two enrichments, then a file that signals another campaign.
        await edit({
            'generated.campaign': generated,
            'cycle.campaign': 'campaign cyc {\n  audience s: Customer\n  enrich a from b { x = y }\n  enrich b from a { y = x }\n  email e from a { subject "{{x}}" }\n}\n'
        });
        await edit({ 'other.campaign': 'campaign other {\n  audience o: Customer where tier = gold\n  end stop from o signal cyc\n}\n' });
        // A file deleted: what referred to it is relinked.
        await edit({ 'generated.campaign': generated.replace('loyaltyPoints > 100', 'loyaltyPoints > 101') }, ['cycle.campaign']);
    }, 120_000);
});

describe('the reference index computed when first read', () => {
    test('holds Langium\'s descriptions, answers find references and isAffected as Langium\'s index', async () => {
        const files: Files = { ...examples, ...Object.fromEntries(Object.entries(specs).map(([n, t]) => [`spec-${n}`, t])) };
        const services = await buildFresh(files);
        const { shared } = services;
        const provider = services.Campaign.workspace.ReferenceDescriptionProvider;
        expect(provider).toBeInstanceOf(CampaignReferenceDescriptionProvider);
        const documents = Object.keys(files).map(name => shared.workspace.LangiumDocuments.getDocument(uriOf(name))!);
        const langium = new Map<LangiumDocument, ReferenceDescription[]>();
        for (const document of documents) {
            langium.set(document, await DefaultReferenceDescriptionProvider.prototype.createDescriptions.call(provider, document));
        }
        const key = (d: ReferenceDescription) => `${d.sourceUri}|${d.sourcePath}|${d.targetUri}|${d.targetPath}|${d.local}|${JSON.stringify(d.segment)}`;
        let count = 0;
        for (const document of documents) {
            const theirs = langium.get(document)!;
            expect((provider as CampaignReferenceDescriptionProvider).describeReferences(document).map(key)).toEqual(theirs.map(key));
            count += theirs.length;
        }
        expect(count).toBeGreaterThan(300);

        // isAffected: Langium's rule over the eager descriptions, for every file changed alone and for all.
        const index = shared.workspace.IndexManager;
        const uris = [...documents.map(d => d.uri.toString()), ensureBuiltins(shared).uri.toString()];
        let affected = 0;
        for (const document of documents) {
            for (const changed of [...uris.map(u => new Set([u])), new Set(uris)]) {
                const expected = langium.get(document)!.some(r => !r.local && changed.has(r.targetUri.toString()));
                expect(index.isAffected(document, changed)).toBe(expected);
                if (expected) affected++;
            }
        }
        expect(affected).toBeGreaterThan(10);

        // Find references: the descriptions of every file pointing at a node, in the files' order.
        const locator = services.Campaign.workspace.AstNodeLocator;
        const targets = documents.flatMap(d => AstUtils.streamAst(d.parseResult.value)
            .filter(n => n.$type === 'Entity' || n.$type === 'Field' || n.$type === 'AudienceActivity').toArray()) as AstNode[];
        expect(targets.length).toBeGreaterThan(30);
        let found = 0;
        for (const target of targets) {
            const targetUri = AstUtils.getDocument(target).uri.toString();
            const targetPath = locator.getAstNodePath(target);
            const expected = documents.flatMap(d => langium.get(d)!).filter(r => r.targetUri.toString() === targetUri && r.targetPath === targetPath);
            const actual = index.findAllReferences(target, targetPath).toArray();
            expect(actual.map(key)).toEqual(expected.map(key));
            found += actual.length;
        }
        expect(found).toBeGreaterThan(50);
    });
});

describe('the first CST node of a property (diagnostic ranges)', () => {
    test('is Langium\'s findNodeForProperty for every property of every node of the examples and specs', async () => {
        const services = await buildFresh({ ...examples, ...Object.fromEntries(Object.entries(specs).map(([n, t]) => [`spec-${n}`, t])) });
        let found = 0;
        let absent = 0;
        for (const document of services.shared.workspace.LangiumDocuments.all) {
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                for (const property of [...Object.keys(node).filter(k => !k.startsWith('$')), 'name', 'nothing']) {
                    const ours = firstNodeForProperty(node.$cstNode, property);
                    expect(ours).toBe(GrammarUtils.findNodeForProperty(node.$cstNode, property));
                    if (ours) found++;
                    else absent++;
                }
            }
        }
        expect(found).toBeGreaterThan(1000);
        expect(absent).toBeGreaterThan(1000);
    });
});

describe('type tests by type-name sets', () => {
    test('answer as the generated isX guards for every type and every node of the examples and specs', async () => {
        const services = await buildFresh({ ...examples, ...Object.fromEntries(Object.entries(specs).map(([n, t]) => [`spec-${n}`, t])) });
        const nodes = [...services.shared.workspace.LangiumDocuments.all].flatMap(d => AstUtils.streamAst(d.parseResult.value).toArray());
        expect(nodes.length).toBeGreaterThan(500);
        let yes = 0;
        for (const type of reflection.getAllTypes()) {
            const test = nodeTypeTest(type);
            for (const node of nodes) {
                const expected = reflection.isInstance(node, type);
                expect(test(node)).toBe(expected);
                if (expected) yes++;
            }
        }
        expect(yes).toBeGreaterThan(nodes.length);
    });
});
