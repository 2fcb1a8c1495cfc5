import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLangiumParser, DefaultLexer, EmptyFileSystem, isAstNode, isCompositeCstNode, isLeafCstNode, isReference, type AstNode, type CstNode, type ParseResult } from 'langium';
import { describe, expect, test } from 'vitest';
import { createCampaignServices } from '../../language/campaign-module.js';
import { createCampaignParser } from '../../language/parser/campaign-parser.js';
import { CampaignLexer } from '../../language/parser/campaign-lexer.js';
import { LeanCampaignParser } from '../../language/parser/lean-campaign-parser.js';
import { createCampaignParserRules } from '../../language/parser/parser-builder.js';
import { caseSeed, mutate, prng } from '../fuzz/mutate.js';
// @ts-expect-error the benchmark is plain JavaScript without type declarations
import { generateFile } from '../../bench/language.bench.mjs';

/**
 * The lean parser (language/parser/lean-campaign-parser.ts) must build exactly what Langium's
 * stock parser builds: both parse the same texts, real parsers of the real grammar, and their
 * results are serialised (every AST key in its order with its value, the container links, every CST
 * node with its offsets, range, hidden flag, token type, grammar element and AST node, reference
 * texts and nodes) and compared, together with the lexer and parser errors.
 */
const { Campaign } = createCampaignServices(EmptyFileSystem);
const stock = createLangiumParser(Campaign);
const lean = createCampaignParser(Campaign, LeanCampaignParser, createCampaignParserRules);
const repo = join(__dirname, '../..');

function campaignFiles(folder: string): Array<{ name: string; text: string }> {
    return readdirSync(join(repo, folder)).filter(f => f.endsWith('.campaign')).sort()
        .map(name => ({ name: `${folder}/${name}`, text: readFileSync(join(repo, folder, name), 'utf8') }));
}

const originals = [
    ...campaignFiles('examples/retail'),
    ...campaignFiles('test/fixtures/spec'),
    { name: 'bench campaign', text: generateFile([{ name: 'bench', activities: 60 }], 3) as string },
    { name: 'bench two campaigns', text: generateFile([{ name: 'a', activities: 25 }, { name: 'b', activities: 25 }], 7) as string }
];

/**
 * Grammar elements are shared by both parsers: the same object gets the same number. Infix rules
 * are the exception: Langium's parser builder makes synthetic elements for them per parser (the
 * parts and operators assignments and their groups, outside the grammar), which are named by
 * their shape and their place instead.
 */
const grammarIds = new Map<object, number>();
type GrammarElement = { $type: string; $container?: GrammarElement; elements?: GrammarElement[]; feature?: string; operator?: string; terminal?: object };
const grammarId = (element: GrammarElement | undefined): unknown => {
    if (!element) return -1;
    let root = element;
    while (root.$container) root = root.$container;
    if (root.$type !== 'Grammar') {
        const place = element.$container?.elements?.indexOf(element) ?? -1;
        return `synthetic ${element.$type} ${element.feature} ${element.operator} at ${place} in ${String(grammarId(element.$container))} of ${element.terminal ? String(grammarId(element.terminal as GrammarElement)) : '-'}`;
    }
    if (!grammarIds.has(element)) grammarIds.set(element, grammarIds.size);
    return grammarIds.get(element)!;
};

/** A plain-data picture of a parse result in which every identity is a number in walk order. */
function serialise(result: ParseResult): unknown {
    const cstIds = new Map<CstNode, number>();
    const astIds = new Map<AstNode, number>();
    const root = (result.value as AstNode).$cstNode?.root;
    const cst: unknown[] = [];
    const walkCst = (node: CstNode, container: CstNode | undefined) => {
        cstIds.set(node, cstIds.size);
        const picture: Record<string, unknown> = {
            kind: isCompositeCstNode(node) ? 'composite' : isLeafCstNode(node) ? 'leaf' : 'other',
            offset: node.offset, length: node.length, end: node.end, range: node.range, hidden: node.hidden,
            grammar: grammarId(node.grammarSource), containerOk: node.container === container
        };
        if (isLeafCstNode(node)) picture.token = node.tokenType.name;
        cst.push(picture);
        if (isCompositeCstNode(node)) for (const child of node.content) walkCst(child, node);
    };
    if (root) walkCst(root, undefined);
    const ast: unknown[] = [];
    const value = (item: unknown, parent: AstNode, property: string, index: number | undefined): unknown => {
        if (isAstNode(item)) {
            expect(item.$container, `container of a ${item.$type}`).toBe(parent);
            expect(item.$containerProperty).toBe(property);
            expect(item.$containerIndex).toBe(index);
            return { node: walkAst(item) };
        }
        if (isReference(item)) return { refText: item.$refText, refNode: item.$refNode ? cstIds.get(item.$refNode) : null };
        if (Array.isArray(item)) return item.map((element, i) => value(element, parent, property, i));
        return item;
    };
    const walkAst = (node: AstNode): number => {
        const id = astIds.size;
        astIds.set(node, id);
        const picture: Record<string, unknown> = { keys: Object.keys(node).join(',') };
        ast.push(picture);
        for (const key of Object.keys(node)) {
            if (key === '$cstNode') picture.$cstNode = node.$cstNode ? cstIds.get(node.$cstNode) ?? 'outside the tree' : null;
            else if (key === '$container') picture.$container = astIds.get(node.$container!);
            else if (key.startsWith('$')) picture[key] = (node as unknown as Record<string, unknown>)[key];
            else picture[key] = value((node as unknown as Record<string, unknown>)[key], node, key, undefined);
        }
        return id;
    };
    if (isAstNode(result.value)) walkAst(result.value);
    else ast.push({ value: result.value });
    // Which AST node each CST node answers for (the $cstNode back-links and the walk up to them).
    const owners = [...cstIds.keys()].map(node => {
        try {
            return astIds.get(node.astNode) ?? 'outside the tree';
        } catch (error) {
            return String(error);
        }
    });
    return {
        ast, cst, owners,
        lexerErrors: result.lexerErrors,
        parserErrors: result.parserErrors.map(e => ({
            name: e.name, message: e.message,
            token: { image: e.token.image, startOffset: e.token.startOffset, endOffset: e.token.endOffset, type: e.token.tokenType?.name },
            resynced: e.resyncedTokens.map(t => t.startOffset),
            ruleStack: e.context.ruleStack
        }))
    };
}

function expectSameParse(text: string, options?: { rule?: string }) {
    const expected = serialise(stock.parse(text, options));
    const actual = serialise(lean.parse(text, options));
    expect(actual).toEqual(expected);
}

describe('the lean parser builds what the stock Langium parser builds', () => {
    test('the language registers the lean parser', () => {
        expect(Campaign.parser.LangiumParser).toBeInstanceOf(LeanCampaignParser);
        expect(stock).not.toBeInstanceOf(LeanCampaignParser);
    });

    for (const file of originals) {
        test(`unchanged: ${file.name}`, () => expectSameParse(file.text));
    }

    test('the serialisation sees a difference in key order, links and CST', () => {
        const text = originals[0].text;
        const picture = serialise(stock.parse(text)) as { ast: Array<Record<string, unknown>> };
        const other = serialise(stock.parse(text.replace('campaign', 'campaign '))) as object;
        expect(other).not.toEqual(picture);
        const result = stock.parse(text);
        const node = result.value as unknown as { databases?: AstNode[]; elements?: AstNode[] };
        const child = [...(node.elements ?? []), ...(node.databases ?? [])][0] as unknown as Record<string, unknown>;
        expect(child).toBeDefined();
        child.$containerIndex = 99;
        expect(() => serialise(result)).toThrow();
    });

    test('expressions parsed with a start rule (infix rules, with and without errors)', () => {
        for (const expression of ['a + b * c - d / e', 'a and b or c except d and not e', '-(a + b) * -c',
            'a + * b', 'x in (1, 2', 'a or', '(((a)))', 'f(a, b + c) > 3 and y is not empty']) {
            expectSameParse(expression, { rule: 'Expression' });
        }
    });

    const SEED = 20261201;
    const CASES = Number(process.env.PARSER_EQUIVALENCE_CASES ?? 400);
    test(`${CASES} mutated texts (seed ${SEED}): same AST, CST and errors`, () => {
        const random = prng(SEED);
        for (let index = 0; index < CASES; index++) {
            const original = originals[Math.floor(random() * originals.length)];
            const mutated = mutate(original.text, prng(caseSeed(SEED, index)), 1 + (index % 6));
            try {
                expectSameParse(mutated.text);
            } catch (error) {
                throw new Error(`case ${index} (${original.name}; ${mutated.steps.join('; ')}): ${String(error).slice(0, 2000)}`);
            }
        }
    });
});

describe('the shared lexer lexes what Langium\'s DefaultLexer lexes', () => {
    const stockLexer = new DefaultLexer(Campaign);
    const picture = (result: ReturnType<DefaultLexer['tokenize']>) => ({
        tokens: result.tokens.map(t => [t.image, t.startOffset, t.endOffset, t.startLine, t.startColumn, t.endLine, t.endColumn, t.tokenType.name]),
        hidden: result.hidden.map(t => [t.image, t.startOffset, t.tokenType.name]),
        errors: result.errors,
        report: result.report
    });

    test('one Chevrotain lexer for every set of services, and the same token definition', () => {
        const other = createCampaignServices(EmptyFileSystem).Campaign;
        expect(Campaign.parser.Lexer).toBeInstanceOf(CampaignLexer);
        const chevrotainLexer = (lexer: unknown) => (lexer as { chevrotainLexer: unknown }).chevrotainLexer;
        expect(chevrotainLexer(other.parser.Lexer)).toBe(chevrotainLexer(Campaign.parser.Lexer));
        expect(chevrotainLexer(stockLexer)).not.toBe(chevrotainLexer(Campaign.parser.Lexer));
        expect(Campaign.parser.Lexer.definition).toEqual(stockLexer.definition);
    });

    test('the originals and 300 mutations: same tokens, comments and errors', () => {
        const texts = [...originals.map(file => file.text)];
        for (let index = 0; index < 300; index++) {
            texts.push(mutate(originals[index % originals.length].text, prng(caseSeed(4242, index)), 1 + (index % 5)).text);
        }
        for (const text of texts) {
            expect(picture(Campaign.parser.Lexer.tokenize(text))).toEqual(picture(stockLexer.tokenize(text)));
        }
    });
});
