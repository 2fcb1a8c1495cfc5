import type { AstNode, LangiumCoreServices, LangiumParser, ParseResult } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { createCampaignParser } from './campaign-parser.js';
import { LeanCampaignParser } from './lean-campaign-parser.js';
import { createCampaignParserRules } from './parser-builder.js';

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
    const parser = createCampaignParser(services, LeanCampaignParser, createCampaignParserRules);
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
 *
 * It runs before every parse, so it scans character codes instead of matching a regular
 * expression (which made a match array and a string per token). It reads the text in the tokens of
 * the regular expression it replaced (strings, comments, brackets, `-`, words, any other character),
 * which test/language/parser-nesting-scan.test.ts keeps as the reference.
 */
export function tooDeepOffset(input: string): number | undefined {
    const length = input.length;
    let parens = 0;
    let prefixRun = 0;
    let at = 0;
    while (at < length) {
        const code = input.charCodeAt(at);
        if (isSpace(code)) {
            at++;
            continue;
        }
        const start = at;
        if (code === 34 /* " */) {
            at = stringEnd(input, at);
            continue;
        }
        if (code === 47 /* / */ && input.charCodeAt(at + 1) === 47) {
            const newline = input.indexOf('\n', at);
            at = newline < 0 ? length : newline;
            continue;
        }
        if (code === 47 /* / */ && input.charCodeAt(at + 1) === 42 /* * */) {
            const close = input.indexOf('*/', at + 2);
            at = close < 0 ? length : close + 2;
            continue;
        }
        if (code === 40 /* ( */) {
            parens++;
            at++;
        } else if (code === 41 /* ) */) {
            parens = Math.max(0, parens - 1);
            at++;
            continue;
        } else if (code === 45 /* - */) {
            prefixRun++;
            at++;
        } else if (isWordChar(code)) {
            while (at < length && isWordChar(input.charCodeAt(at))) at++;
            if (at - start === 3 && input.startsWith('not', start)) prefixRun++;
            else prefixRun = 0;
        } else {
            prefixRun = 0;
            at++;
        }
        if (parens + prefixRun > MAX_NESTING) return start;
    }
    return undefined;
}

/** The end of `"(?:\\.|[^"\\])*"?` from the quote at `at`: a backslash escapes any character but a line terminator. */
function stringEnd(input: string, at: number): number {
    const length = input.length;
    at++;
    while (at < length) {
        const code = input.charCodeAt(at);
        if (code === 92 /* \ */) {
            if (at + 1 >= length || isLineTerminator(input.charCodeAt(at + 1))) return at;
            at += 2;
        } else if (code === 34 /* " */) {
            return at + 1;
        } else {
            at++;
        }
    }
    return at;
}

/** `[A-Za-z_0-9.$:]` */
function isWordChar(code: number): boolean {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 58) || code === 95 || code === 46 || code === 36;
}

/** What `.` does not match. */
function isLineTerminator(code: number): boolean {
    return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
    if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
    if (code < 0xa0) return false;
    return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
        || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
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
