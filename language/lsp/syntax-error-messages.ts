import type { IToken, TokenType } from 'chevrotain';
import { DefaultLexerErrorMessageProvider, LangiumParserErrorMessageProvider } from 'langium';
import { ACTIVITY_KINDS } from '../model/activity-kinds.js';

/**
 * Syntax errors a person can read. Since almost every keyword may also be a name, Chevrotain's own
 * message lists every alternative ("1. [not] 2. [-] … 117."); this provider sums the expected tokens
 * up as "an expression", "a name", "an activity (`audience`, `split`, …)" and a few keywords.
 */
export class CampaignParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        // `x = 1 + }`: the expression stopped before the operator, so the operator is what is unexpected.
        if (INFIX_OPERATORS.has(options.actual.image)) {
            return `Expected an expression after ${code(options.actual.image)}: an operator needs a value on each side.`;
        }
        // Langium suffixes rule names with an invisible marker; strip it to look the rule up.
        const rule = options.ruleName.replace(/\W/g, '');
        const hint = options.expected.name !== '}' ? undefined
            : BLOCK_CONTENT[rule] ?? (rule.endsWith('Activity') ? 'an option (`label`, `disabled`, `pause` …)' : undefined);
        const expected = hint ? `${hint} or \`}\`` : describeTokens([options.expected]);
        return `Expected ${expected} but found ${found(options.actual)}.`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `Expected a declaration (\`entity\`, \`enum\`, \`filter\`, \`campaign\` or \`database\`) but found ${found(options.firstRedundant)}.`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const first = options.expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0])).filter(Boolean);
        return `Expected ${describeTokens(first)} but found ${found(options.actual[0])}.`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const first = options.expectedIterationPaths.map(path => path[0]).filter(Boolean);
        return `Expected at least one ${describeTokens(first)} but found ${found(options.actual[0])}.`;
    }
}

const INFIX_OPERATORS = new Set(['+', '-', '*', '/', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'except', '->']);

/** Lexer errors in words: an unterminated string, or a character the language does not use. */
export class CampaignLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + length);
        if (text.startsWith('"')) return 'Unterminated string: add the closing `"` (inside a string, write `\\"` for a quote).';
        if (text.startsWith('/*')) return 'Unterminated comment: add the closing `*/`.';
        if (/^\d/.test(text)) return `${code(text)} is not a number, date or time.`;
        return `Unexpected character ${code(text)}.`;
    }
}

/** What belongs before the `}` of a rule's block, for "expected … or `}`". */
const BLOCK_CONTENT: Record<string, string> = {
    Campaign: 'an activity (e.g. `audience`, `split`, `email`) or a campaign setting (`label`, `schedule`, `var` …)',
    Entity: 'a field (`name: type`) or a link (`name: Entity by field`)',
    Enum: 'an enum value',
    Take: 'a field name',
    AudienceActivity: 'an option (`keepEmpty`, `label`, `disabled`, `pause`)',
    SplitActivity: 'a `segment`, `remainder`, `overlap` or another option',
    ForkActivity: 'a `branch` or another option',
    TestActivity: 'a case (`when condition -> output` or `else -> output`)',
    EnrichActivity: 'a column (`name = expression`)',
    LoadActivity: 'a column (`name: type`) or `maxErrors`',
    ChannelActivity: 'a channel option (`subject`, `body`, `title`, `category`, `per`, `address`, `fields` …)'
};

const TERMINALS: Record<string, string> = {
    ID: 'a name',
    STRING: 'a string',
    INT: 'a whole number',
    DECIMAL: 'a decimal number',
    PERCENT: 'a percentage',
    DATE: 'a date (YYYY-MM-DD)',
    DATETIME: 'a date-time (YYYY-MM-DDTHH:MM)',
    TIME: 'a time (HH:MM)',
    EOF: 'the end of the file'
};

/** Tokens that can only start an expression: when several of them are expected, say "an expression". */
const EXPRESSION_STARTS = new Set(['not', '-', '(', '$', 'exists', 'true', 'false', 'null']);

const MAX_KEYWORDS = 6;

export function describeTokens(types: readonly TokenType[]): string {
    const names = [...new Set(types.map(t => t.name))];
    const parts: string[] = [];
    const has = (n: string) => names.includes(n);
    let rest = names;
    if (names.filter(n => EXPRESSION_STARTS.has(n)).length >= 2 && has('ID')) {
        parts.push('an expression');
        rest = rest.filter(n => !EXPRESSION_STARTS.has(n) && !(n in TERMINALS && n !== 'EOF') && !isNameKeyword(n, names));
    } else if (has('ID')) {
        parts.push('a name');
        // Every keyword that may serve as a name is covered by "a name".
        rest = rest.filter(n => n !== 'ID' && !isNameKeyword(n, names));
    }
    const activities = rest.filter(n => ACTIVITY_KINDS.has(n));
    if (activities.length >= 3) {
        parts.push(`an activity (e.g. ${activities.slice(0, 4).map(code).join(', ')} …)`);
        rest = rest.filter(n => !ACTIVITY_KINDS.has(n));
    }
    const terminals = rest.filter(n => n in TERMINALS).map(n => TERMINALS[n]);
    const keywords = rest.filter(n => !(n in TERMINALS));
    parts.push(...terminals);
    if (keywords.length > MAX_KEYWORDS) {
        parts.push(`one of ${keywords.slice(0, MAX_KEYWORDS).map(code).join(', ')} …`);
    } else {
        parts.push(...keywords.map(code));
    }
    if (parts.length === 0) return 'something else';
    return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** Keywords that are words (not punctuation) are names as well when a name is expected too. */
function isNameKeyword(name: string, expected: readonly string[]): boolean {
    return expected.includes('ID') && /^[A-Za-z_]\w*$/.test(name) && !OPERATOR_WORDS.has(name) && !(name in TERMINALS);
}

const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'except', 'in', 'is', 'like', 'contains', 'starts', 'exists', 'true', 'false', 'null']);

function found(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === '') return 'the end of the file';
    const image = token.image.length > 40 ? token.image.substring(0, 40) + '…' : token.image;
    return code(image);
}

function code(text: string): string {
    return '`' + text + '`';
}
