import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AstUtils } from 'langium';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import {
    isActivity, isBodyOption, isCampaign, isLoadActivity, isSchedule, type Schedule, type ScheduleSpec
} from '../../language/generated/ast.js';
import { ACTIVITY_KINDS, activityKeyword } from '../../language/model/activity-kinds.js';
import { campaign } from './cli-helpers.js';

const repo = join(__dirname, '../..');
const retail = join(repo, 'examples/retail');

/** The schedule forms of language.md §4, each as this test recognises it in the AST. */
const SCHEDULE_FORMS: Record<string, (spec: ScheduleSpec) => boolean> = {
    'asap': s => s.$type === 'AsapSchedule',
    'once at <datetime>': s => s.$type === 'OnceSchedule',
    'daily at <time>, <time>': s => s.$type === 'DailySchedule' && s.times.length > 1,
    'weekdays at <time>': s => s.$type === 'WeekdaysSchedule',
    'weekly on <days> at <time>': s => s.$type === 'WeeklySchedule' && s.interval === undefined && s.days.length > 1,
    'weekly … every N weeks': s => s.$type === 'WeeklySchedule' && s.interval !== undefined,
    'monthly on day N, M': s => s.$type === 'MonthlySchedule' && s.monthDays.length > 1,
    'monthly on first|second|third|fourth|last <weekday>': s => s.$type === 'MonthlySchedule' && s.ordinal !== undefined && s.weekday !== 'day',
    'monthly on last day': s => s.$type === 'MonthlySchedule' && s.ordinal === 'last' && s.weekday === 'day',
    'every N minutes between <time> and <time>': s => s.$type === 'EverySchedule' && s.windowStart !== undefined,
    'every N hours': s => s.$type === 'EverySchedule' && s.windowStart === undefined,
    'on signal': s => s.$type === 'SignalSchedule'
};

let workspace: Workspace;

beforeAll(async () => {
    workspace = await loadWorkspace([retail]);
});

describe('examples/retail', () => {
    test('holds a schema and at least three campaign files, all parsing', () => {
        const names = workspace.documents.map(d => workspace.pathOf(d).slice(retail.length + 1)).sort();
        expect(names).toContain('schema.campaign');
        expect(names.filter(n => n !== 'schema.campaign').length).toBeGreaterThanOrEqual(3);
        for (const document of workspace.documents) {
            const { lexerErrors, parserErrors } = document.parseResult;
            expect([...lexerErrors, ...parserErrors].map(e => e.message), workspace.pathOf(document)).toEqual([]);
        }
    });

    test('together the campaigns use every activity kind', () => {
        const used = new Set(workspace.documents.flatMap(d => AstUtils.streamAst(d.parseResult.value).filter(isActivity).map(activityKeyword).toArray()));
        const missing = [...ACTIVITY_KINDS.keys()].filter(k => !used.has(k));
        expect(missing).toEqual([]);
        expect(used.size).toBe(ACTIVITY_KINDS.size);
    });

    test('together the campaigns use every schedule form, and from/until', () => {
        const schedules: Schedule[] = workspace.documents.flatMap(d => AstUtils.streamAst(d.parseResult.value).filter(isSchedule).toArray());
        const missing = Object.entries(SCHEDULE_FORMS).filter(([, matches]) => !schedules.some(s => matches(s.spec))).map(([form]) => form);
        expect(missing).toEqual([]);
        expect(schedules.some(s => s.start !== undefined && s.end !== undefined)).toBe(true);
        expect(schedules.some(s => s.start !== undefined && s.end === undefined)).toBe(true);
    });

    test('every campaign has a label, and every file a leading comment for the reader', () => {
        for (const document of workspace.documents) {
            expect(document.textDocument.getText(), workspace.pathOf(document)).toMatch(/^\/\/ /);
            for (const c of document.parseResult.value.elements.filter(isCampaign)) {
                expect(c.members.some(m => m.$type === 'CampaignLabel'), c.name).toBe(true);
            }
        }
    });

    test('every file a campaign reads exists: templates and the CSV of load', () => {
        const files = workspace.documents.flatMap(d => {
            const folder = dirname(workspace.pathOf(d));
            const nodes = AstUtils.streamAst(d.parseResult.value).toArray();
            return [
                ...nodes.filter(isBodyOption).filter(b => b.isFile).map(b => join(folder, b.text)),
                ...nodes.filter(isLoadActivity).map(l => join(folder, l.path))
            ];
        });
        expect(files.length).toBeGreaterThanOrEqual(5);
        expect(files.filter(f => !existsSync(f))).toEqual([]);
    });

    test('campaign check reports no errors', async () => {
        const result = await campaign(repo, 'check', '--quiet', 'examples/retail');
        expect(result.out).toBe('');
        expect(result.code).toBe(0);
    });

    test('the files are in the formatter\'s canonical form', async () => {
        const result = await campaign(repo, 'fmt', '--check', 'examples/retail');
        expect(result.out).toBe('');
        expect(result.code).toBe(0);
    });
});
