import { UriUtils, type LangiumDocument } from 'langium';
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver';
import type { CampaignServices } from '../../campaign-module.js';
import * as ast from '../../generated/ast.js';
import { templateFileUri } from '../../typing/template-files.js';

/** What a string holds at the cursor, from the words before it. */
const SAVED_NAME = /\bread\s+[A-Za-z_]\w*\s+audience\s*$/;
const FILE_PATH = /(?:\bbody\s+file|\bload\s+[A-Za-z_]\w*\s+file|\bdatabase)\s*$/;

/** The file kinds offered after each keyword: templates for `body file`, CSV for `load`, SQLite for `database`. */
function fileKinds(head: string): RegExp {
    if (/\bload\s+[A-Za-z_]\w*\s+file\s*$/.test(head)) return /\.(csv|tsv|txt)$/i;
    if (/\bdatabase\s*$/.test(head)) return /\.(sqlite3?|db)$/i;
    return /\.(html?|txt|md|mjml)$/i;
}

/**
 * Completion inside strings that name something rather than hold a template: the audiences saved in
 * the workspace after `read x audience "`, and the files next to the campaign after `body file "`,
 * `load x file "` and `database "` (read through the FileSystemProvider; none without a file system).
 * Undefined when the string is none of these.
 */
export async function stringValueCompletions(services: CampaignServices, document: LangiumDocument, string: { start: number }, offset: number): Promise<CompletionItem[] | undefined> {
    const text = document.textDocument.getText();
    const head = text.substring(Math.max(0, string.start - 80), string.start);
    const typed = text.substring(string.start + 1, offset);
    if (typed.includes('\n')) return undefined;
    const range = { start: document.textDocument.positionAt(string.start + 1), end: document.textDocument.positionAt(offset) };
    if (SAVED_NAME.test(head)) return savedAudiences(services, range);
    if (FILE_PATH.test(head)) return files(services, document, typed, fileKinds(head), range);
    return undefined;
}

function savedAudiences(services: CampaignServices, range: Range): CompletionItem[] {
    const items = new Map<string, CompletionItem>();
    for (const document of services.shared.workspace.LangiumDocuments.all) {
        const root = document.parseResult.value;
        for (const element of ast.isModel(root) ? root.elements : []) {
            if (!ast.isCampaign(element)) continue;
            for (const member of element.members) {
                if (!ast.isSaveActivity(member) || !member.audience || items.has(member.audience)) continue;
                items.set(member.audience, {
                    label: member.audience, kind: CompletionItemKind.Value, detail: `saved by ${element.name}.${member.name}`,
                    textEdit: { range, newText: member.audience }
                });
            }
        }
    }
    return [...items.values()];
}

async function files(services: CampaignServices, document: LangiumDocument, typed: string, kinds: RegExp, range: Range): Promise<CompletionItem[]> {
    const folderPart = typed.includes('/') ? typed.substring(0, typed.lastIndexOf('/') + 1) : '';
    const folder = templateFileUri(document, folderPart || '.');
    if (!folder) return [];
    let entries;
    try {
        entries = await services.shared.workspace.FileSystemProvider.readDirectory(folder);
    } catch {
        return [];   // no such folder yet, or no file system (the browser)
    }
    const items: CompletionItem[] = [];
    for (const entry of entries) {
        const name = UriUtils.basename(entry.uri);
        if (name.startsWith('.') || name === 'node_modules') continue;
        if (entry.isDirectory) {
            items.push({
                label: name + '/', kind: CompletionItemKind.Folder, textEdit: { range, newText: folderPart + name + '/' }, filterText: folderPart + name + '/',
                // Open the folder's own completion at once.
                command: { title: 'Suggest', command: 'editor.action.triggerSuggest' }
            });
        } else if (kinds.test(name)) {
            items.push({ label: name, kind: CompletionItemKind.File, textEdit: { range, newText: folderPart + name }, filterText: folderPart + name });
        }
    }
    return items;
}
