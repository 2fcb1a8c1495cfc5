// addCampaign: the "no campaign yet" button. Appends a starter campaign with one audience of the
// first entity in the workspace, under a name no other campaign of the document uses.
import type { LangiumDocument } from 'langium';
import type { Model } from '../../generated/ast.js';
import type { AddCampaignEdit } from '../../protocol.js';
import { campaignsOf, rangeOf } from '../source.js';
import { done, type EditResult } from './edit-context.js';

export function addCampaign(document: LangiumDocument<Model>, edit: AddCampaignEdit, entity: string | undefined): EditResult {
    const taken = new Set(campaignsOf(document.parseResult.value).map(c => c.name));
    let name = edit.campaign;
    for (let i = 2; taken.has(name); i++) name = `${edit.campaign}${i}`;
    const text = document.textDocument.getText();
    const end = text.length;
    const gap = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    const statement = `campaign ${name} {\n  audience everyone: ${entity ?? 'Customer'}\n}\n`;
    return done([{ range: rangeOf(document, end, end), newText: `${gap}${statement}` }], name);
}
