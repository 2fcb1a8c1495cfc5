import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstUtils, type AstNode } from 'langium';
import { describe, expect, test } from 'vitest';
import { allNodes, forEachReference } from '../../language/linking/ast-walk.js';
import { OPERATOR_WORDS } from '../../language/parser/campaign-token-builder.js';
import { createTestServices, syntaxErrors } from './test-services.js';

// The performance shortcuts (keyword tokens in the ID category instead of a 100-way `Name`
// alternation; a plain tree walk in the linker and reference index) must not change the language
// or the order in which Langium visits nodes and references.

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
        }
    });
});
