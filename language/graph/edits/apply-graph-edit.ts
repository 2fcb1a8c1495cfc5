// The `campaign/applyGraphEdit` request: checks the version and the parse state, then dispatches to
// one operation. Every operation answers minimal text edits; none rewrites the document.
import type { LangiumDocument } from 'langium';
import { TextDocument } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Model } from '../../generated/ast.js';
import type { ApplyGraphEdit, GraphEdit } from '../../protocol.js';
import { activitiesOf, findCampaign, hasParseErrors } from '../source.js';
import { addActivity } from './add-activity.js';
import { addCampaign } from './add-campaign.js';
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
    if (params.edit.op === 'addCampaign') return addCampaign(document, params.edit, firstEntity(services, document));
    const campaign = findCampaign(document.parseResult.value, params.edit.campaign);
    if (!campaign) return refuse('not-found', `No campaign '${params.edit.campaign}' in this document.`);
    const ctx: EditContext = { document, text: document.textDocument.getText(), campaign };
    const result = await dispatch(services, ctx, params.edit);
    return result.ok ? check(services, ctx, params.edit, result) : result;
}

/**
 * The text after the edit must still parse and hold exactly the activities the operation promises,
 * so a value typed into the inspector cannot smuggle in a statement or break the file.
 */
function check(services: LangiumServices, ctx: EditContext, edit: GraphEdit, result: EditResult & { ok: true }): EditResult {
    if (result.edits.length === 0) return result;
    const after = TextDocument.applyEdits(ctx.document.textDocument, [...result.edits]);
    const parsed = services.parser.LangiumParser.parse<Model>(after);
    const problem = parsed.lexerErrors[0]?.message ?? parsed.parserErrors[0]?.message;
    if (problem) return refuse('invalid', `The edit would not parse: ${problem}`);
    const before = activitiesOf(ctx.campaign).map(a => a.name);
    const campaign = findCampaign(parsed.value, ctx.campaign.name);
    const now = campaign ? activitiesOf(campaign).map(a => a.name).sort() : [];
    const expected = edit.op === 'addActivity' ? [...before, result.select!]
        : edit.op === 'deleteActivity' ? before.filter(n => n !== edit.name)
        : edit.op === 'renameActivity' ? before.map(n => n === edit.name ? edit.newName : n)
        : before;
    if (JSON.stringify(now) !== JSON.stringify([...expected].sort())) {
        return refuse('invalid', `The edit would change other statements of '${ctx.campaign.name}'.`);
    }
    return result;
}

/** An entity of this document, else one from the workspace index. */
function firstEntity(services: LangiumServices, document: LangiumDocument<Model>): string | undefined {
    const local = document.parseResult.value.elements.find(e => e.$type === 'Entity');
    if (local) return local.name;
    return services.shared.workspace.IndexManager.allElements('Entity').head()?.name;
}

async function dispatch(services: LangiumServices, ctx: EditContext, edit: GraphEdit): Promise<EditResult> {
    switch (edit.op) {
        case 'addActivity': return addActivity(ctx, edit);
        case 'connect': return connect(ctx, edit);
        case 'disconnect': return disconnect(ctx, edit);
        case 'deleteActivity': return deleteActivity(ctx, edit);
        case 'renameActivity': return renameActivity(services, ctx, edit);
        case 'setOption': return setOption(ctx, edit);
        case 'addCampaign': return refuse('invalid', 'addCampaign is handled before dispatch.');
        default: return refuse('invalid', `Unknown graph edit '${(edit as { op?: unknown }).op}'.`);
    }
}
