import { DefaultTokenBuilder, type Grammar, type TokenBuilderOptions } from 'langium';
import type { TokenType, TokenVocabulary } from 'chevrotain';

/**
 * The words that are operators and therefore never names (language.md: every other keyword is
 * contextual). They must stay out of the `ID` category below.
 */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set([
    'and', 'or', 'not', 'except', 'in', 'is', 'like', 'contains', 'starts', 'exists', 'true', 'false', 'null'
]);

/**
 * Makes every word keyword except the operator words a member of the `ID` token category, so that
 * `CONSUME(ID)` also accepts `segment`, `email`, `day`… and the `Name` rule can be plain `ID`.
 *
 * Why: `Name` used to list about 100 keywords as alternatives. Chevrotain and Langium evaluate an
 * alternation of that size at every name (a closure per alternative, lookahead over 100 token
 * types), which was about half of the CPU time of a workspace build. A token category gives the
 * same language with one token check. The keywords still lex as their own token types, so the
 * parser recognises them wherever the grammar expects the keyword.
 */
export class CampaignTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const key = options?.caseInsensitive ? 'caseInsensitive' : 'caseSensitive';
        let byOptions = builtTokens.get(grammar);
        if (!byOptions) builtTokens.set(grammar, byOptions = new Map());
        let tokens = byOptions.get(key);
        if (!tokens) byOptions.set(key, tokens = this.buildTokensOnce(grammar, options));
        return tokens;
    }

    protected buildTokensOnce(grammar: Grammar, options?: TokenBuilderOptions): TokenType[] {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const id = tokens.find(token => token.name === 'ID');
        if (!id) return tokens;
        for (const token of tokens) {
            if (isContextualKeyword(token)) token.CATEGORIES = [...(token.CATEGORIES ?? []), id];
        }
        return tokens;
    }
}

/**
 * The token types of a grammar, built once per process: every set of services (each test, each
 * benchmark build, the completion parser) gets the same token type objects, as Chevrotain intends
 * (its token types are normally module constants; Chevrotain numbers each new one in a global table).
 * They are plain data, read-only once the first lexer has added Chevrotain's indices. Besides saving
 * the work (about a third of creating a parser), sharing them is what lets the parsers share their
 * lookahead (shared-lookahead.ts).
 */
const builtTokens = new WeakMap<Grammar, Map<string, TokenType[]>>();

function isContextualKeyword(token: TokenType): boolean {
    const pattern = token.PATTERN;
    return typeof pattern === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(pattern) && !OPERATOR_WORDS.has(pattern);
}

