// deleteActivity: removes the statement (its lines, with a trailing `;` and comment, when it has
// them to itself). Readers keep their references, which the validator then reports: the webview
// asks before deleting an activity that others read.
import type { DeleteActivityEdit } from '../../protocol.js';
import { activityOrRefuse, deleteSpan, done, isResult, type EditContext, type EditResult } from './edit-context.js';

export function deleteActivity(ctx: EditContext, edit: DeleteActivityEdit): EditResult {
    const activity = activityOrRefuse(ctx, edit.name);
    if (isResult(activity)) return activity;
    const cst = activity.$cstNode!;
    return done([deleteSpan(ctx, cst.offset, cst.end)]);
}
