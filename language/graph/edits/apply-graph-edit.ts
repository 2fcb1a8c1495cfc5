// The `campaign/applyGraphEdit` request: checks the version and the parse state, then dispatches to
// one operation. Every operation answers minimal text edits; none rewrites the document.
import type { LangiumDocument } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Model } from '../../generated/ast.js';
import type { ApplyGraphEdit, GraphEdit } from '../../protocol.js';
import { findCampaign, hasParseErrors } from '../source.js';
import { addActivity } from './add-activity.js';
import { connect } from './connect.js';
import { deleteActivity } from './delete-activity.js';
import { disconnect } from './disconnect.js';
import { refuse, type EditContext, type EditResult } from './edit-context.js';
import { renameActivity } from './rename-activity.js';
import { setOption } from './set-option.js';

export async function applyGraphEdit(services: LangiumServices, document: LangiumDocument<Model>, params: ApplyGraphEdit.Params): Promise<EditResult> {
    const version = document.textDocument.version;
    if (params.version !== version) {
        return { ok: false, reason: 'stale-version', message: `The edit was made on version ${params.version}; the document is at version ${version}.` };
    }
    if (hasParseErrors(document)) {
        return { ok: false, reason: 'parse-errors', message: 'The text does not parse: fix the syntax errors before editing the graph.' };
    }
    const campaign = findCampaign(document.parseResult.value, params.edit.campaign);
    if (!campaign) return refuse('not-found', `No campaign '${params.edit.campaign}' in this document.`);
    const ctx: EditContext = { document, text: document.textDocument.getText(), campaign };
    return dispatch(services, ctx, params.edit);
}

async function dispatch(services: LangiumServices, ctx: EditContext, edit: GraphEdit): Promise<EditResult> {
    switch (edit.op) {
        case 'addActivity': return addActivity(ctx, edit);
        case 'connect': return connect(ctx, edit);
        case 'disconnect': return disconnect(ctx, edit);
        case 'deleteActivity': return deleteActivity(ctx, edit);
        case 'renameActivity': return renameActivity(services, ctx, edit);
        case 'setOption': return setOption(ctx, edit);
        default: return refuse('invalid', `Unknown graph edit '${(edit as { op?: unknown }).op}'.`);
    }
}
