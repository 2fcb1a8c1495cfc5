// "Compare Graph with Revision…": a QuickPick of branches, tags and the file's recent commits.
import * as vscode from 'vscode';
import type { GitRef, GitRepository } from './git-api.js';

interface RevisionItem extends vscode.QuickPickItem {
    readonly ref: string;
}

export async function pickRevision(repository: GitRepository, relativePath: string): Promise<string | undefined> {
    const items = Promise.all([refItems(repository), commitItems(repository, relativePath)]).then(([refs, commits]) => [
        { label: 'HEAD', description: 'the last commit', ref: 'HEAD' },
        ...separated('Branches and tags', refs),
        ...separated('Recent commits of this file', commits)
    ]);
    const picked = await vscode.window.showQuickPick<RevisionItem>(items, {
        title: 'Compare Graph with Revision',
        placeHolder: 'A branch, tag or commit to compare the graph with',
        matchOnDescription: true
    });
    return picked?.ref;
}

function separated(label: string, items: RevisionItem[]): RevisionItem[] {
    return items.length === 0 ? [] : [{ label, kind: vscode.QuickPickItemKind.Separator, ref: '' }, ...items];
}

async function refItems(repository: GitRepository): Promise<RevisionItem[]> {
    const refs: readonly GitRef[] = repository.getRefs
        ? await repository.getRefs({ sort: 'committerdate' }).catch(() => repository.state.refs ?? [])
        : repository.state.refs ?? [];
    const kinds = ['$(git-branch)', '$(cloud)', '$(tag)'];
    return refs.filter(r => r.name).map(r => {
        const name = r.type === 1 && r.remote && !r.name!.startsWith(`${r.remote}/`) ? `${r.remote}/${r.name}` : r.name!;
        return { label: `${kinds[r.type] ?? ''} ${name}`.trim(), description: r.commit?.slice(0, 8), ref: name };
    });
}

async function commitItems(repository: GitRepository, relativePath: string): Promise<RevisionItem[]> {
    const commits = await repository.log({ maxEntries: 30, path: relativePath }).catch(() => []);
    return commits.map(c => ({
        label: `$(git-commit) ${c.hash.slice(0, 8)}`,
        description: c.message.split('\n')[0],
        detail: [c.authorName, c.authorDate?.toLocaleString()].filter(Boolean).join(', ') || undefined,
        ref: c.hash
    }));
}
