// The base side of a comparison: a file's text at a git revision, through the built-in git
// extension (which knows the repositories of the window and runs git for us).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitApi, GitExtension, GitRepository } from './git-api.js';

export async function gitApi(): Promise<GitApi> {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) throw new Error('The built-in Git extension is not available.');
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports.enabled) throw new Error('Git is disabled (git.enabled is false).');
    return exports.getAPI(1);
}

/** The repository of a file: one git already knows, else one it opens (a file outside the folders). */
export async function repositoryOf(api: GitApi, file: vscode.Uri): Promise<GitRepository> {
    const known = api.getRepository(file);
    if (known) return known;
    // git finds the top level from any folder inside it.
    const opened = await api.openRepository?.(vscode.Uri.file(path.dirname(file.fsPath))).catch(() => null);
    if (opened) return opened;
    throw new Error(`${vscode.workspace.asRelativePath(file)} is not in a git repository.`);
}

/** The path of a file inside its repository, with forward slashes (as `git show rev:path` wants). */
export function repositoryPath(repository: GitRepository, file: vscode.Uri): string {
    return path.relative(repository.rootUri.fsPath, file.fsPath).split(path.sep).join('/');
}

/** The file's text at `ref`; `''` when the file did not exist there (it is new). */
export async function textAtRevision(repository: GitRepository, ref: string, relativePath: string): Promise<string> {
    try {
        return await repository.show(ref, relativePath);
    } catch (error) {
        if (isMissingPath(error)) return '';
        throw new Error(`git show ${ref}:${relativePath} failed: ${gitMessage(error)}`);
    }
}

/** git's (and the git extension's) words for "no such path at that revision" (the revision exists). */
function isMissingPath(error: unknown): boolean {
    const text = gitMessage(error);
    return /does not exist in|exists on disk, but not in|path '.*' does not exist|relative path not found/i.test(text);
}

function gitMessage(error: unknown): string {
    const e = error as { stderr?: string; message?: string } | undefined;
    return (e?.stderr || e?.message || String(error)).trim();
}

/**
 * The file a command is about when it comes from the Source Control diff view: its left side is a
 * `git:` URI whose query names the file (`{"path": …, "ref": …}`); anything else is the file itself.
 */
export function workingFile(uri: vscode.Uri): { file: vscode.Uri; ref?: string } {
    if (uri.scheme !== 'git') return { file: uri };
    try {
        const query = JSON.parse(uri.query) as { path?: string; ref?: string };
        const ref = query.ref && query.ref !== '~' && query.ref !== '' ? query.ref : undefined;
        return { file: vscode.Uri.file(query.path ?? uri.fsPath), ...(ref ? { ref } : {}) };
    } catch {
        return { file: uri.with({ scheme: 'file', query: '' }) };
    }
}
