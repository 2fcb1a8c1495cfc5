import { CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { AbstractSignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import { builtinFunction, formatSignature } from '../builtins.js';
import * as ast from '../generated/ast.js';
import { safeRef } from '../typing/fields.js';

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
        } catch (error) {
            console.error('signature help failed', error);
        }
        return undefined;
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
    // A `where` inside an aggregate's parentheses is its last "parameter".
    const inWhere = call.where?.$cstNode && call.where.$cstNode.offset <= offset;
    const activeParameter = inWhere ? count - 1 : variadic ? Math.min(active, count - 1) : active;
    return { signatures: [signature], activeSignature: 0, activeParameter };
}
