import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { createCampaignServices, type CampaignServices } from '../campaign-module.js';
import { isCampaign, type Campaign, type Model } from '../generated/ast.js';
import { ensureBuiltins } from '../workspace/campaign-workspace-manager.js';
import { UsageError } from './commands/command.js';

/**
 * How the command line finds a workspace (the files whose entities, enums, filters and campaigns
 * see each other):
 *
 * - A folder argument is one workspace: every `.campaign` file in it and its subfolders.
 * - A file argument belongs to the workspace of the nearest folder, from the file's own folder
 *   upwards, that holds a project file `campaign.json`; with none, to the workspace of the file's
 *   own folder.
 * - A subfolder that holds its own `campaign.json` is a separate project: it is loaded as a
 *   workspace of its own, never mixed with the files around it.
 * - Folders named `node_modules` and folders whose name starts with `.` are skipped.
 *
 * The project file is a JSON object. It marks the root; it has no required keys yet (`{}` is a
 * valid project file) and unknown keys are ignored, so later versions can add settings.
 */
export const PROJECT_FILE = 'campaign.json';
export const CAMPAIGN_EXTENSION = '.campaign';

export interface CampaignServiceSet {
    shared: ReturnType<typeof createCampaignServices>['shared'];
    Campaign: CampaignServices;
}

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

/** One diagnostic of a file, with 1-based line and column as people and editors count them. */
export interface FileDiagnostic {
    /** Absolute path of the file. */
    readonly file: string;
    /** The path as printed: relative to the working directory given to the loader. */
    readonly path: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: SeverityName;
    readonly message: string;
    /** The validator's stable code, or Langium's `lexing-error`, `parsing-error`, `linking-error`. */
    readonly code?: string;
    /** The LSP diagnostic it came from (0-based range). */
    readonly diagnostic: Diagnostic;
}

export interface Workspace {
    /** The services that built the documents; go on using them for formatting, running, and so on. */
    readonly services: CampaignServiceSet;
    /** The workspace's root folders (one, unless several were loaded together with `loadWorkspace`). */
    readonly roots: readonly string[];
    /** Every `.campaign` document of the workspace, built and validated (the built-in library excluded). */
    readonly documents: ReadonlyArray<LangiumDocument<Model>>;
    /** The documents the arguments named: a file argument, or every file of a folder argument. */
    readonly targets: ReadonlyArray<LangiumDocument<Model>>;
    /** Diagnostics of the target documents, sorted by path, line and column. */
    readonly diagnostics: readonly FileDiagnostic[];
    /** The absolute path of a document of this workspace. */
    pathOf(document: LangiumDocument): string;
    /** The document of a file, by a path relative to the working directory or absolute. */
    documentAt(path: string): LangiumDocument<Model> | undefined;
    /** The campaign of that name anywhere in the workspace. */
    findCampaign(name: string): { campaign: Campaign; document: LangiumDocument<Model> } | undefined;
    /** Every campaign of the workspace, in path order. */
    campaigns(): Array<{ campaign: Campaign; document: LangiumDocument<Model> }>;
}

export interface LoadOptions {
    /** The folder relative paths are resolved against and printed relative to (default: process.cwd()). */
    cwd?: string;
    /** Run the validator (default true). Without it documents are only parsed and linked. */
    validation?: boolean;
}

/** One workspace to load: its root and the files the arguments named. */
interface WorkspacePlan {
    root: string;
    files: string[];
    targets: Set<string>;
}

/**
 * Loads the workspaces of the given files and folders (default: the working directory), one set of
 * services per workspace, so that two unrelated projects never see each other's names.
 */
export async function loadWorkspaces(paths: readonly string[], options: LoadOptions = {}): Promise<Workspace[]> {
    const cwd = options.cwd ?? process.cwd();
    const plans = planWorkspaces(paths.length > 0 ? paths : ['.'], cwd);
    const workspaces: Workspace[] = [];
    for (const plan of plans) {
        workspaces.push(await buildWorkspace([plan.root], plan.files, plan.targets, cwd, options.validation ?? true));
    }
    return workspaces;
}

/**
 * Loads the workspaces of the given paths into ONE set of services (for commands that work on one
 * campaign and its surroundings, such as `run`): entities of every named workspace see each other.
 */
export async function loadWorkspace(paths: readonly string[], options: LoadOptions = {}): Promise<Workspace> {
    const cwd = options.cwd ?? process.cwd();
    const plans = planWorkspaces(paths.length > 0 ? paths : ['.'], cwd);
    const files = [...new Set(plans.flatMap(p => p.files))];
    const targets = new Set(plans.flatMap(p => [...p.targets]));
    return buildWorkspace(plans.map(p => p.root), files, targets, cwd, options.validation ?? true);
}

/**
 * Finds a campaign from a command-line argument: a campaign name (searched in the workspace of the
 * working directory, or of `workspacePath`), a `.campaign` file that declares exactly one campaign,
 * or `file.campaign#name`.
 */
export async function loadCampaign(argument: string, options: LoadOptions & { workspacePath?: string } = {}): Promise<{
    workspace: Workspace; campaign: Campaign; document: LangiumDocument<Model>;
}> {
    const cwd = options.cwd ?? process.cwd();
    const hash = argument.lastIndexOf('#');
    const filePart = hash >= 0 ? argument.slice(0, hash) : argument;
    const namePart = hash >= 0 ? argument.slice(hash + 1) : undefined;
    const candidate = resolve(cwd, filePart);
    const looksLikeFile = filePart.endsWith(CAMPAIGN_EXTENSION) || (existsSync(candidate) && statSync(candidate).isFile());
    if (looksLikeFile) {
        const file = candidate;
        if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such campaign file: ${filePart}`);
        const workspace = await loadWorkspace([file], options);
        const document = workspace.documentAt(file)!;
        const inFile = document.parseResult.value.elements.filter(isCampaign);
        const campaign = namePart !== undefined ? inFile.find(c => c.name === namePart) : inFile.length === 1 ? inFile[0] : undefined;
        if (!campaign) {
            const names = inFile.map(c => c.name).join(', ') || 'none';
            throw new UsageError(namePart !== undefined
                ? `${filePart} declares no campaign '${namePart}' (campaigns there: ${names})`
                : `${filePart} declares ${inFile.length} campaigns (${names}); name one as ${filePart}#<name>`);
        }
        return { workspace, campaign, document };
    }
    const workspace = await loadWorkspace([options.workspacePath ?? '.'], options);
    const found = workspace.findCampaign(argument);
    if (!found) {
        const names = workspace.campaigns().map(c => c.campaign.name).join(', ') || 'none';
        throw new UsageError(`no campaign '${argument}' in the workspace ${relativePath(cwd, workspace.roots[0])} (campaigns: ${names})`);
    }
    return { workspace, ...found };
}

/** The nearest folder at or above `folder` that holds a project file, if any. */
export function findProjectRoot(folder: string): string | undefined {
    let current = resolve(folder);
    for (;;) {
        if (existsSync(join(current, PROJECT_FILE))) return current;
        const parent = dirname(current);
        if (parent === current) return undefined;
        current = parent;
    }
}

/** Groups the arguments into workspaces: by root, merging a root that lies inside another. */
function planWorkspaces(paths: readonly string[], cwd: string): WorkspacePlan[] {
    const plans = new Map<string, WorkspacePlan>();
    const planFor = (root: string): WorkspacePlan => {
        let plan = plans.get(root);
        if (!plan) {
            plan = { root, files: collectCampaignFiles(root), targets: new Set() };
            plans.set(root, plan);
        }
        return plan;
    };
    for (const path of paths) {
        const absolute = resolve(cwd, path);
        if (!existsSync(absolute)) throw new UsageError(`no such file or folder: ${path}`);
        if (statSync(absolute).isDirectory()) {
            // The folder itself, plus every nested project below it as a workspace of its own.
            for (const root of [absolute, ...nestedProjects(absolute)]) {
                const plan = planFor(root);
                plan.files.forEach(f => plan.targets.add(f));
            }
        } else {
            if (!absolute.endsWith(CAMPAIGN_EXTENSION)) throw new UsageError(`not a ${CAMPAIGN_EXTENSION} file: ${path}`);
            const root = findProjectRoot(dirname(absolute)) ?? dirname(absolute);
            const plan = planFor(root);
            if (!plan.files.includes(absolute)) plan.files.push(absolute);
            plan.targets.add(absolute);
        }
    }
    for (const plan of plans.values()) checkProjectFile(plan.root);
    return [...plans.values()].sort((a, b) => a.root.localeCompare(b.root));
}

/** `.campaign` files under a folder, in a stable order, not descending into nested projects. */
export function collectCampaignFiles(root: string): string[] {
    const files: string[] = [];
    const walk = (folder: string) => {
        let entries;
        try {
            entries = readdirSync(folder, { withFileTypes: true });
        } catch {
            return; // an unreadable folder holds nothing we can check
        }
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) {
                if (skippedFolder(entry.name) || existsSync(join(path, PROJECT_FILE))) continue;
                walk(path);
            } else if (entry.isFile() && entry.name.endsWith(CAMPAIGN_EXTENSION)) {
                files.push(path);
            }
        }
    };
    walk(resolve(root));
    return files;
}

function nestedProjects(folder: string): string[] {
    const found: string[] = [];
    const walk = (current: string) => {
        let entries;
        try {
            entries = readdirSync(current, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            if (!entry.isDirectory() || skippedFolder(entry.name)) continue;
            const path = join(current, entry.name);
            if (existsSync(join(path, PROJECT_FILE))) found.push(path);
            walk(path);
        }
    };
    walk(folder);
    return found.sort();
}

function skippedFolder(name: string): boolean {
    return name === 'node_modules' || name.startsWith('.');
}

/** A project file that is not a JSON object is a mistake worth stopping for, with its location. */
function checkProjectFile(root: string): void {
    const file = join(root, PROJECT_FILE);
    if (!existsSync(file)) return;
    let value: unknown;
    try {
        value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new UsageError(`${file}: a project file must be a JSON object, such as {}`);
    }
}

async function buildWorkspace(roots: string[], files: string[], targets: Set<string>, cwd: string, validation: boolean): Promise<Workspace> {
    const services = createCampaignServices({ ...NodeFileSystem });
    const shared = services.shared;
    const builtins = ensureBuiltins(shared);
    const factory = shared.workspace.LangiumDocumentFactory;
    const langiumDocuments = shared.workspace.LangiumDocuments;
    const byPath = new Map<string, LangiumDocument<Model>>();
    const unparsable = new Map<string, Diagnostic>();
    for (const file of files) {
        const text = readText(file);
        let document: LangiumDocument<Model>;
        try {
            document = factory.fromString<Model>(text, URI.file(file));
        } catch (error) {
            // The parser is recursive: text nested hundreds of levels deep exhausts the stack. The
            // file is then checked as empty (so the rest of the workspace still is) and reported.
            unparsable.set(file, parserFailure(text, error));
            document = factory.fromString<Model>('', URI.file(file));
        }
        langiumDocuments.addDocument(document);
        byPath.set(file, document);
    }
    const documents = [...byPath.values()];
    try {
        await shared.workspace.DocumentBuilder.build([builtins, ...documents], { validation });
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`the language services failed on the workspace ${relativePath(cwd, roots[0])}: ${message}`, { cause: error });
    }

    const pathOf = (document: LangiumDocument) => document.uri.fsPath;
    const targetDocuments = documents.filter(d => targets.has(pathOf(d)));
    const diagnostics = targetDocuments
        .flatMap(document => {
            const failure = unparsable.get(pathOf(document));
            return (failure ? [failure] : document.diagnostics ?? []).map(d => toFileDiagnostic(pathOf(document), cwd, d));
        })
        .sort(compareDiagnostics);
    const campaigns = () => documents.flatMap(document =>
        document.parseResult.value.elements.filter(isCampaign).map(campaign => ({ campaign, document })));

    return {
        services,
        roots,
        documents,
        targets: targetDocuments,
        diagnostics,
        pathOf,
        documentAt: path => byPath.get(resolve(cwd, path)),
        findCampaign: name => campaigns().find(c => c.campaign.name === name),
        campaigns
    };
}

/**
 * The diagnostic of a file the parser could not get through (in practice: nesting deeper than the
 * stack allows), placed where the brackets are nested deepest.
 */
function parserFailure(text: string, error: unknown): Diagnostic {
    let depth = 0;
    let deepest = 0;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '(' || c === '[' || c === '{') {
            depth++;
            if (depth > deepest) {
                deepest = depth;
                at = i;
            }
        } else if (c === ')' || c === ']' || c === '}') {
            depth = Math.max(0, depth - 1);
        }
    }
    const lines = text.slice(0, at).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const reason = error instanceof RangeError
        ? `the file is nested too deeply to parse${deepest > 20 ? ` (${deepest} levels of brackets here)` : ''}`
        : `the parser failed: ${error instanceof Error ? error.message : String(error)}`;
    return {
        range: { start: position, end: { line: position.line, character: position.character + (deepest > 0 ? 1 : 0) } },
        severity: 1,
        message: `Cannot check this file: ${reason}.`,
        code: 'parser-failure',
        source: 'campaign'
    };
}

/** File text without a byte order mark, which the lexer would otherwise report as a stray character. */
function readText(file: string): string {
    const text = readFileSync(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const SEVERITIES: Record<number, SeverityName> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function toFileDiagnostic(file: string, cwd: string, diagnostic: Diagnostic): FileDiagnostic {
    const data = diagnostic.data as { code?: unknown } | undefined;
    const code = diagnostic.code !== undefined ? String(diagnostic.code) : typeof data?.code === 'string' ? data.code : undefined;
    return {
        file,
        path: relativePath(cwd, file),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        severity: SEVERITIES[diagnostic.severity ?? 1] ?? 'error',
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        code,
        diagnostic
    };
}

/** A path as printed: relative to the working directory, with forward slashes on every system. */
export function relativePath(cwd: string, file: string): string {
    const rel = relative(cwd, file) || '.';
    return sep === '/' ? rel : rel.split(sep).join('/');
}

function compareDiagnostics(a: FileDiagnostic, b: FileDiagnostic): number {
    return a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}
