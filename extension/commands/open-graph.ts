// Campaign: Open Graph to the Side.
import * as vscode from 'vscode';
import type { GraphPanel } from '../preview/graph-panel.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { targetUri } from './target.js';

export function registerOpenGraph(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.openGraph, (uriArg?: unknown, campaign?: unknown): GraphPanel | undefined => {
        const uri = targetUri(uriArg);
        if (!uri) {
            void vscode.window.showWarningMessage('Open a .campaign file to see its graph.');
            return undefined;
        }
        return deps.panels.open(uri, typeof campaign === 'string' ? campaign : undefined);
    });
}
