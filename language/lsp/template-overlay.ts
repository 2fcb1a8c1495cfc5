import { DocumentState, URI, type FileSystemNode, type FileSystemProvider } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { bodyFilesOf } from '../typing/template-files.js';
import { CampaignDocumentUpdateHandler } from './template-file-watch.js';
import { TemplateChanged, TemplateFiles } from './template-sync-protocol.js';

/**
 * The file system of the language server, with the unsaved text of open template files laid over
 * the disk. Everything that reads a `body file "…"` (the validator, rename, find references) reads
 * through Langium's FileSystemProvider, so the editor's text counts wherever the disk did, and an
 * editor closed without saving makes the disk count again. Only template files are ever laid over:
 * campaign documents have Langium's own text document synchronization.
 */
export class TemplateOverlayFileSystem implements FileSystemProvider {
    private readonly texts = new Map<string, string>();

    constructor(protected readonly disk: FileSystemProvider) {}

    /** Lays `text` over the file, or removes what was laid over it (undefined). False when nothing changed. */
    setOverlay(uri: URI, text: string | undefined): boolean {
        const key = uri.toString();
        if (this.texts.get(key) === text) return false;
        if (text === undefined) this.texts.delete(key);
        else this.texts.set(key, text);
        return true;
    }

    hasOverlay(uri: URI): boolean {
        return this.texts.has(uri.toString());
    }

    readFileSync(uri: URI): string {
        return this.texts.get(uri.toString()) ?? this.disk.readFileSync(uri);
    }

    readFile(uri: URI): Promise<string> {
        const text = this.texts.get(uri.toString());
        return text !== undefined ? Promise.resolve(text) : this.disk.readFile(uri);
    }

    // An open editor of a file deleted on disk still has its text: the file exists for the server.
    statSync(uri: URI): FileSystemNode {
        return this.hasOverlay(uri) ? { isFile: true, isDirectory: false, uri } : this.disk.statSync(uri);
    }

    stat(uri: URI): Promise<FileSystemNode> {
        return this.hasOverlay(uri) ? Promise.resolve({ isFile: true, isDirectory: false, uri }) : this.disk.stat(uri);
    }

    existsSync(uri: URI): boolean {
        return this.hasOverlay(uri) || this.disk.existsSync(uri);
    }

    exists(uri: URI): Promise<boolean> {
        return this.hasOverlay(uri) ? Promise.resolve(true) : this.disk.exists(uri);
    }

    readBinarySync(uri: URI): Uint8Array {
        const text = this.texts.get(uri.toString());
        return text !== undefined ? new TextEncoder().encode(text) : this.disk.readBinarySync(uri);
    }

    readBinary(uri: URI): Promise<Uint8Array> {
        const text = this.texts.get(uri.toString());
        return text !== undefined ? Promise.resolve(new TextEncoder().encode(text)) : this.disk.readBinary(uri);
    }

    readDirectorySync(uri: URI): FileSystemNode[] {
        return this.disk.readDirectorySync(uri);
    }

    readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return this.disk.readDirectory(uri);
    }
}

/**
 * The server's side of the template protocol (template-sync-protocol.ts): after each build whose
 * body files differ from the last list sent, the client learns which files to send; each text it
 * sends (or null, editor closed) is laid over the disk, and the campaigns that read that file are
 * validated again through the same path as a change on disk (template-file-watch.ts). As for typing
 * in a campaign, a new text cancels the build it interrupts, so fast typing costs one validation.
 */
export function registerTemplateSync(connection: Connection, shared: LangiumSharedServices): void {
    const fileSystem = shared.workspace.FileSystemProvider;
    const updates = shared.lsp.DocumentUpdateHandler;
    if (!(fileSystem instanceof TemplateOverlayFileSystem) || !(updates instanceof CampaignDocumentUpdateHandler)) {
        throw new Error('registerTemplateSync needs the services of createCampaignServices with a TemplateOverlayFileSystem (language/main.ts).');
    }

    connection.onNotification(TemplateChanged.method, (params: TemplateChanged.Params) => {
        const uri = parseTemplateUri(params);
        if (!uri) {
            connection.console.warn(`${TemplateChanged.method}: ignored, expected { uri: string, text: string | null }, got ${JSON.stringify(params)?.slice(0, 200)}`);
            return;
        }
        if (fileSystem.setOverlay(uri, typeof params.text === 'string' ? params.text : undefined)) {
            updates.templatesChanged([uri]);
        }
    });

    // The body files of each validated document, kept per document (per document phase: a build
    // cancelled after validating some documents does not validate them again), so that a build
    // looks only at the documents it validated.
    const filesOf = new Map<string, readonly string[]>();
    const builder = shared.workspace.DocumentBuilder;
    builder.onDocumentPhase(DocumentState.Validated, document => {
        const files = bodyFilesOf(document).map(file => file.uri.toString());
        if (files.length > 0) filesOf.set(document.uri.toString(), files);
        else filesOf.delete(document.uri.toString());
    });
    let sent = '';
    const publish = () => {
        const list = [...new Set([...filesOf.values()].flat())].sort();
        const key = list.join('\n');
        if (key === sent) return;
        sent = key;
        connection.sendNotification(TemplateFiles.method, { uris: list } satisfies TemplateFiles.Params)
            .catch(error => console.error('Could not send the template files to the client.', error));
    };
    builder.onBuildPhase(DocumentState.Validated, publish);
    // Deleting a campaign may validate nothing (no build phase is announced then): published at once.
    builder.onUpdate((_changed, deleted) => {
        let removed = false;
        for (const uri of deleted) removed = filesOf.delete(uri.toString()) || removed;
        if (removed) publish();
    });
}

/** The URI of a well-formed notification that is not a campaign (campaigns are synchronized as documents). */
function parseTemplateUri(params: unknown): URI | undefined {
    const { uri, text } = (params ?? {}) as { uri?: unknown; text?: unknown };
    if (typeof uri !== 'string' || (typeof text !== 'string' && text !== null)) return undefined;
    try {
        const parsed = URI.parse(uri);
        return parsed.path.endsWith('.campaign') || !parsed.path ? undefined : parsed;
    } catch {
        return undefined;
    }
}
