import type { AstNode, LangiumCoreServices, LangiumParser, ParseResult } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { createCampaignParser } from './campaign-parser.js';
import { LeanCampaignParser } from './lean-campaign-parser.js';

/** Deeper than this, Chevrotain's recursive descent can overflow Node's stack (about 100 parentheses in a
 * vitest worker). */
export const MAX_NESTING = 64;

/**
 * The language server must survive any text a person can type. Chevrotain's recursive descent
 * overflows the stack on absurd nesting (hundreds of parentheses or `not`s), and an overflow deep
 * in error recovery is slow and can take the process down. So the nesting is measured first, on a
 * cheap scan of the text: past MAX_NESTING the rest of the file is blanked to spaces (offsets and
 * lines unchanged, so every range stays valid), parsed, and one located error says why. A RangeError
 * that still escapes is caught the same way, blanking everything after the statement it began in.
 */
export function createGuardedParser(services: LangiumCoreServices): LangiumParser {
    const parser = createCampaignParser(services, LeanCampaignParser);
    const parse = parser.parse.bind(parser);
    parser.parse = <T extends AstNode = AstNode>(input: string, options?: Parameters<LangiumParser['parse']>[1]): ParseResult<T> => {
        const cut = tooDeepOffset(input);
        try {
            if (cut === undefined) return parse<T>(input, options);
            return withNestingError(parse<T>(blankFrom(input, cut), options), input, cut);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            resetParserState(parser);
            return withNestingError(parse<T>(blankFrom(input, 0), options), input, 0);
        }
    };
    return parser;
}

/**
 * The offset at which parentheses plus a run of prefix operators (`not`, unary `-`) nest deeper than
 * MAX_NESTING, skipping strings and comments; undefined when the text stays within it.
 */
export function tooDeepOffset(input: string): number | undefined {
    const tokens = /"(?:\\.|[^"\\])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[()]|-|[A-Za-z_0-9.$:]+|\S/g;
    let parens = 0;
    let prefixRun = 0;
    for (let match = tokens.exec(input); match; match = tokens.exec(input)) {
        const token = match[0];
        if (token === '(') parens++;
        else if (token === ')') parens = Math.max(0, parens - 1);
        else if (token === 'not' || token === '-') prefixRun++;
        else if (token.startsWith('"') || token.startsWith('//') || token.startsWith('/*')) continue;
        else prefixRun = 0;
        if (token !== ')' && parens + prefixRun > MAX_NESTING) return match.index;
    }
    return undefined;
}

/** Blanks everything from `offset` on, keeping line breaks so that positions do not move. */
function blankFrom(input: string, offset: number): string {
    return input.slice(0, offset) + input.slice(offset).replace(/[^\r\n]/g, ' ');
}

function withNestingError<T extends AstNode>(result: ParseResult<T>, input: string, offset: number): ParseResult<T> {
    const position = positionAt(input, offset);
    const token = {
        image: input.slice(offset, offset + 1),
        startOffset: offset,
        endOffset: offset,
        startLine: position.line,
        startColumn: position.column,
        endLine: position.line,
        endColumn: position.column,
        tokenTypeIdx: 0,
        tokenType: { name: 'nesting', PATTERN: undefined }
    } as unknown as IToken;
    const tooDeep: IRecognitionException = {
        name: 'NestingTooDeep',
        message: `The expression nests more than ${MAX_NESTING} levels deep (parentheses or operators inside each other); the rest of the file was not read.`,
        token,
        resyncedTokens: [],
        context: { ruleStack: [], ruleOccurrenceStack: [] }
    };
    // Errors at or past the cut only say that the blanked rest is missing: the nesting error says why.
    const before = result.parserErrors.filter(e => e.token.startOffset >= 0 && e.token.startOffset < offset);
    return { ...result, parserErrors: [...before, tooDeep] };
}

/** Chevrotain-style 1-based line and column of an offset. */
function positionAt(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}

/** After an exception mid-parse, the node stack and per-parse state must not leak into the next parse. */
function resetParserState(parser: LangiumParser): void {
    const state = parser as unknown as { stack: unknown[]; unorderedGroups?: Map<unknown, unknown>; lexerResult?: unknown };
    state.stack = [];
    state.unorderedGroups?.clear();
    state.lexerResult = undefined;
}
