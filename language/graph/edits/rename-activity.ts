// renameActivity: the activity and every reference to it, through Langium's rename provider (which
// finds references through the index). References the linker could not resolve yet but that name
// this activity by text in the same campaign are renamed too, so a half-linked file renames whole.
import { AstUtils, GrammarUtils, type LangiumDocument } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Input, NameReference } from '../../generated/ast.js';
import type { RenameActivityEdit, TextEdit } from '../../protocol.js';
import { findActivity, rangeOf } from '../source.js';
import { activityOrRefuse, done, isResult, OPERATOR_WORDS, refuse, type EditContext, type EditResult } from './edit-context.js';

export async function renameActivity(services: LangiumServices, ctx: EditContext, edit: RenameActivityEdit): Promise<EditResult> {
    const activity = activityOrRefuse(ctx, edit.name);
    if (isResult(activity)) return activity;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(edit.newName) || OPERATOR_WORDS.has(edit.newName)) {
        return refuse('invalid', `'${edit.newName}' is not a valid activity name.`);
    }
    if (edit.newName === edit.name) return done([]);
    if (findActivity(ctx.campaign, edit.newName)) {
        return refuse('invalid', `Campaign '${ctx.campaign.name}' already has an activity '${edit.newName}'.`);
    }
    const nameNode = GrammarUtils.findNodeForProperty(activity.$cstNode, 'name')!;
    const document: LangiumDocument = ctx.document;
    const uri = document.uri.toString();
    const workspaceEdit = await services.lsp.RenameProvider?.rename(document, {
        textDocument: { uri },
        position: rangeOf(document, nameNode.offset, nameNode.offset).start,
        newName: edit.newName
    });
    const edits: TextEdit[] = [...(workspaceEdit?.changes?.[uri] ?? [])];
    const seen = new Set(edits.map(e => document.textDocument.offsetAt(e.range.start)));
    const add = (offset: number, end: number) => {
        if (seen.has(offset)) return;
        seen.add(offset);
        edits.push({ range: rangeOf(document, offset, end), newText: edit.newName });
    };
    add(nameNode.offset, nameNode.end);
    for (const node of AstUtils.streamAst(ctx.campaign)) {
        if (node.$type === 'Input') {
            const reference = (node as Input).activity;
            if (reference.$refText === edit.name && reference.$refNode) add(reference.$refNode.offset, reference.$refNode.end);
        } else if (node.$type === 'NameReference') {
            const reference = (node as NameReference).target;
            // `activity = vipOffer` in a retargeting condition names an activity.
            if (reference.$refText === edit.name && reference.ref === activity && reference.$refNode) add(reference.$refNode.offset, reference.$refNode.end);
        }
    }
    edits.sort((a, b) => document.textDocument.offsetAt(a.range.start) - document.textDocument.offsetAt(b.range.start));
    return done(edits, edit.newName);
}
