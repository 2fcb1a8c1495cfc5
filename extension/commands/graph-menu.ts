// The graph's context menu (`webview/context` in package.json): each command receives the node's or
// edge's `data-vscode-context` (plus `webview`), checked by `graphMenuTarget`. Gestures the graph
// already has (reveal, rename, delete, flags, disconnect) are carried out by that panel's webview, so
// the menu and the keyboard share one code path; SQL and runs are the extension's own commands.
import * as vscode from 'vscode';
import type { GraphAction } from '../../webview/protocol.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { graphMenuTarget, reportError, type GraphMenuTarget } from './target.js';

type NodeAction = Extract<GraphAction, { activity: string }>['action'];
type EdgeAction = Extract<GraphAction, { edge: string }>['action'];

export function registerGraphMenu(deps: CommandDeps): vscode.Disposable[] {
    const onNode = (id: string, action: NodeAction) => vscode.commands.registerCommand(id, (context?: unknown) => {
        const target = menuTarget(context, 'activity');
        if (target) post(deps, target, { action, campaign: target.campaign, activity: target.activity! });
    });
    const onEdge = (id: string, action: EdgeAction) => vscode.commands.registerCommand(id, (context?: unknown) => {
        const target = menuTarget(context, 'transition');
        if (target) post(deps, target, { action, campaign: target.campaign, edge: target.edge! });
    });
    return [
        onNode(Commands.graphRevealInText, 'reveal'),
        onNode(Commands.graphRename, 'rename'),
        onNode(Commands.graphDelete, 'delete'),
        onNode(Commands.graphDisable, 'toggleDisabled'),
        onNode(Commands.graphEnable, 'toggleDisabled'),
        onNode(Commands.graphPauseBefore, 'togglePause'),
        onNode(Commands.graphDontPause, 'togglePause'),
        onEdge(Commands.graphRevealEdge, 'revealEdge'),
        onEdge(Commands.graphDisconnect, 'disconnect'),
        vscode.commands.registerCommand(Commands.graphShowSql, async (context?: unknown): Promise<string | undefined> => {
            const target = menuTarget(context, 'activity');
            if (!target) return undefined;
            try {
                const compiled = await deps.runs.compiledSql(target.uri, target.campaign, target.activity);
                if (!compiled) return undefined;
                await deps.documents.show(`${target.campaign}.${target.activity}.sql`, compiled.sql, 'sql');
                return compiled.sql;
            } catch (error) {
                reportError(`SQL of ${target.activity}`, error);
                return undefined;
            }
        }),
        vscode.commands.registerCommand(Commands.graphRunUpToHere, async (context?: unknown) => {
            const target = menuTarget(context, 'activity');
            if (!target) return undefined;
            try {
                return await deps.runs.run(target.uri, target.campaign, 'test', undefined, target.activity);
            } catch (error) {
                reportError(`Test run of ${target.campaign} up to ${target.activity}`, error);
                return undefined;
            }
        }),
        vscode.commands.registerCommand(Commands.graphTestRun, (context?: unknown) => {
            const target = graphMenuTarget(context);
            return target ? vscode.commands.executeCommand(Commands.testRun, target.uri, target.campaign) : undefined;
        })
    ];
}

function menuTarget(context: unknown, section: GraphMenuTarget['section']): GraphMenuTarget | undefined {
    const target = graphMenuTarget(context);
    return target?.section === section ? target : undefined;
}

function post(deps: CommandDeps, target: GraphMenuTarget, action: GraphAction): void {
    const panel = deps.panels.get(target.uri);
    if (!panel) {
        void vscode.window.showWarningMessage(`The graph of ${vscode.workspace.asRelativePath(target.uri)} is not open.`);
        return;
    }
    panel.graphAction(action);
}
