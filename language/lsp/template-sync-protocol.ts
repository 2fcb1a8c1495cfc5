// The protocol by which the editor shows the language server its unsaved template files.
//
// Types and method names only, no imports (the extension imports this file without Langium).
// Template files (`body file "…"`) are not campaign documents, so they are not synchronized by the
// LSP's textDocument/* notifications: the server would parse them as campaigns. Instead the server
// tells the client which files its campaigns read, and the client sends the text of those that are
// open in an editor.

/** Server → client, after a build whose set of body files differs from the last one sent: all of them. */
export namespace TemplateFiles {
    export const method = 'campaign/templateFiles';
    export interface Params {
        /** URIs (as `URI.toString()` writes them) of every body file of the workspace's campaigns. */
        readonly uris: readonly string[];
    }
}

/** Client → server: the text of an open template file, or null when its editor closed (the disk counts again). */
export namespace TemplateChanged {
    export const method = 'campaign/templateChanged';
    export interface Params {
        readonly uri: string;
        readonly text: string | null;
    }
}
