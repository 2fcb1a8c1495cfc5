// Read-only documents for generated text (compiled SQL, schedules, row previews): no "save?" prompt
// on close, and showing the same one again refreshes it.
import * as vscode from 'vscode';

export const VIRTUAL_SCHEME = 'campaign-studio';

export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly contents = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    private readonly registration = vscode.workspace.registerTextDocumentContentProvider(VIRTUAL_SCHEME, this);
    readonly onDidChange = this.changed.event;

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? '';
    }

    /** Opens `campaign-studio:/<name>` with this text beside the editor, in the given language. */
    async show(name: string, text: string, languageId?: string): Promise<vscode.TextEditor> {
        const uri = vscode.Uri.from({ scheme: VIRTUAL_SCHEME, path: `/${name}` });
        this.contents.set(uri.toString(), text);
        this.changed.fire(uri);
        let document = await vscode.workspace.openTextDocument(uri);
        if (languageId && document.languageId !== languageId) {
            document = await vscode.languages.setTextDocumentLanguage(document, languageId);
        }
        return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    }

    dispose(): void {
        this.registration.dispose();
        this.changed.dispose();
    }
}
