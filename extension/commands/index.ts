// Every command of the extension, registered together.
import type * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { registerGraphMenu } from './graph-menu.js';
import { registerImportSchema } from './import-schema.js';
import { registerOpenGraph } from './open-graph.js';
import { registerPreviewRows } from './preview-rows.js';
import { registerPublishRun } from './publish-run.js';
import { registerRestartServer } from './restart-server.js';
import { registerShowRunLog } from './show-run-log.js';
import { registerShowSchedule } from './show-schedule.js';
import { registerShowSql } from './show-sql.js';
import { registerTestRun } from './test-run.js';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
    return [
        registerOpenGraph(deps),
        registerTestRun(deps),
        registerPublishRun(deps),
        registerShowSql(deps),
        ...registerPreviewRows(deps),
        ...registerGraphMenu(deps),
        registerShowSchedule(deps),
        registerImportSchema(deps),
        registerRestartServer(deps),
        registerShowRunLog(deps)
    ];
}
