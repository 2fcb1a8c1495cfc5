// Campaign: Restart Language Server.
import * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError } from './target.js';

export function registerRestartServer(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.restartServer, async (): Promise<void> => {
        try {
            await deps.restartClient();
            deps.log.info('language server restarted');
        } catch (error) {
            reportError('Restarting the language server', error);
        }
    });
}
