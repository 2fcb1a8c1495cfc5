import { CstUtils, GrammarUtils, type AstNode, type LangiumCoreServices, type LangiumDocument } from 'langium';
import { AbstractSignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import { builtinFunction, formatSignature } from '../builtins.js';
import * as ast from '../generated/ast.js';
import { safeRef } from '../typing/fields.js';
import { openParentheses } from './completion/collection-context.js';

/**
 * Signature help for calls of built-in functions (`substring(s: string, start: int, length: int)`),
 * aggregates (with their optional `where`) and reusable filters (`bigSpender(min: decimal = 100)`),
 * with the parameter under the cursor highlighted.
 */
export class CampaignSignatureHelpProvider extends AbstractSignatureHelpProvider {
    override provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        try {
            const root = document.parseResult.value.$cstNode;
            if (!root) return undefined;
            const offset = document.textDocument.offsetAt(params.position);
            // Right after `(` or `,` the leaf at the cursor is whatever follows; look just before it too.
            for (const leaf of [CstUtils.findLeafNodeAtOffset(root, offset), CstUtils.findLeafNodeBeforeOffset(root, offset)]) {
                const call = leaf ? enclosingCall(leaf.astNode, offset) : undefined;
                if (call) return signatureOf(call, offset);
            }
            // While the arguments are being typed the call is usually not parsed (`substring(email, |`):
            // the call is read from the text before the cursor.
            const filters = this.filters(document);
            const typed = callBefore(document.textDocument.getText().substring(Math.max(0, offset - 2000), offset),
                name => builtinFunction(name) !== undefined || filters.some(f => f.name === name));
            if (typed) {
                const callee = builtinFunction(typed.name) ? undefined : filters.find(f => f.name === typed.name);
                return signatureFor(typed.name, callee, typed.active, typed.inWhere);
            }
        } catch (error) {
            console.error('signature help failed', error);
        }
        return undefined;
    }

    constructor(protected readonly services?: LangiumCoreServices) {
        super();
    }

    /** The filters of the workspace (global names); the document's own without services. */
    protected filters(document: LangiumDocument): ast.Filter[] {
        const index = this.services?.shared.workspace.IndexManager;
        if (index) return index.allElements('Filter').map(d => d.node).filter(ast.isFilter).toArray();
        const root = document.parseResult.value;
        return ast.isModel(root) ? root.elements.filter(ast.isFilter) : [];
    }

    protected override getSignatureFromElement(): SignatureHelp | undefined {
        return undefined;   // provideSignatureHelp does the work with the cursor offset
    }

    override get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['('], retriggerCharacters: [','] };
    }
}

/** The innermost call whose parentheses hold the offset. */
function enclosingCall(node: AstNode | undefined, offset: number): ast.CallExpression | undefined {
    for (let current = node; current; current = current.$container) {
        if (!ast.isCallExpression(current) || !current.$cstNode) continue;
        const parens = parenOffsets(current);
        if (parens.open !== undefined && parens.open < offset && (parens.close === undefined || offset <= parens.close)) return current;
    }
    return undefined;
}

function parenOffsets(call: ast.CallExpression): { open?: number; close?: number; commas: number[] } {
    const cst = call.$cstNode;
    return {
        open: GrammarUtils.findNodeForKeyword(cst, '(')?.offset,
        close: GrammarUtils.findNodeForKeyword(cst, ')')?.offset,
        commas: GrammarUtils.findNodesForKeyword(cst, ',').map(c => c.offset)
    };
}

function signatureOf(call: ast.CallExpression, offset: number): SignatureHelp | undefined {
    const parens = parenOffsets(call);
    const active = parens.commas.filter(c => c < offset).length;
    const callee = safeRef(call.callee) ?? undefined;
    const name = callee?.name ?? call.callee?.$refText;
    if (!name) return undefined;
    // A `where` inside an aggregate's parentheses is its last "parameter".
    const inWhere = call.where?.$cstNode !== undefined && call.where.$cstNode.offset <= offset;
    return signatureFor(name, callee, active, inWhere);
}

/**
 * `name(a, b, |` at the end of the text: the innermost open call, the number of its arguments
 * before the cursor (commas outside nested parentheses and strings) and whether a `where` was typed.
 */
export function callBefore(text: string, isCallable: (name: string) => boolean): { name: string; active: number; inWhere: boolean } | undefined {
    const opens = openParentheses(text);
    for (let i = opens.length - 1; i >= 0; i--) {
        const name = /([A-Za-z_]\w*)\s*$/.exec(text.substring(0, opens[i]))?.[1];
        // A parenthesised condition (`where (`, `in (`) is not a call: look further out.
        if (!name || !isCallable(name)) continue;
        let active = 0;
        let depth = 0;
        let inWhere = false;
        const args = text.substring(opens[i] + 1);
        for (let j = 0; j < args.length; j++) {
            const ch = args[j];
            if (ch === '"') {
                j++;
                while (j < args.length && args[j] !== '"') j += args[j] === '\\' ? 2 : 1;
            } else if (ch === '(') {
                depth++;
            } else if (ch === ')') {
                depth--;
            } else if (ch === ',' && depth === 0) {
                active++;
            } else if (depth === 0 && /\w/.test(ch) && (j === 0 || /\W/.test(args[j - 1]))) {
                // A word at the top level of the call: `count(purchases where |`.
                if (/^where\b/.test(args.substring(j))) inWhere = true;
            }
        }
        return { name, active, inWhere };
    }
    return undefined;
}

function signatureFor(name: string, callee: AstNode | undefined, active: number, inWhere: boolean): SignatureHelp | undefined {
    let signature: SignatureInformation;
    let count: number;
    let variadic = false;
    if (ast.isFilter(callee)) {
        const params = callee.params.map(p => `${p.name}: ${p.type?.$refText ?? '?'}${p.default?.$cstNode ? ` = ${p.default.$cstNode.text}` : ''}`);
        signature = {
            label: `${callee.name}(${params.join(', ')})`,
            documentation: `Filter on ${callee.entity?.$refText ?? '?'}${callee.where?.$cstNode ? `: ${callee.where.$cstNode.text}` : ''}`,
            parameters: params.map(label => ({ label }))
        };
        count = params.length;
    } else {
        const info = builtinFunction(name);
        if (!info) return undefined;
        const label = formatSignature(info);
        const params = info.params.map(p => `${p.name}: ${p.type}`);
        signature = { label, documentation: { kind: 'markdown', value: info.doc }, parameters: params.map(p => ({ label: p })) };
        if (info.aggregate) signature.parameters!.push({ label: 'where condition' });
        count = signature.parameters!.length;
        variadic = info.variadic === true;
    }
    const activeParameter = inWhere ? count - 1 : variadic ? Math.min(active, count - 1) : active;
    return { signatures: [signature], activeSignature: 0, activeParameter };
}
