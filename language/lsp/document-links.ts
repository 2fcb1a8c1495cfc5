import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { templateFileUri } from '../typing/template-files.js';

/**
 * The paths a campaign file names become links (Ctrl+click opens them): `body file "…"` templates,
 * `load … file "…"` CSV files and `database "…"` SQLite files, resolved relative to the campaign
 * file as the validator and the runner resolve them. A `postgresql://` database is not a file.
 */
export class CampaignDocumentLinkProvider implements DocumentLinkProvider {
    getDocumentLinks(document: LangiumDocument): DocumentLink[] {
        const links: DocumentLink[] = [];
        try {
            const root = document.parseResult.value;
            if (!ast.isModel(root)) return links;
            const add = (node: AstNode, property: string, path: string | undefined, tooltip: string) => {
                const cst = node.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, property) : undefined;
                if (!cst || !path || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return;
                const target = templateFileUri(document, path);
                if (!target) return;
                // The link covers the path, not its quotes.
                const start = document.textDocument.positionAt(cst.offset + 1);
                const end = document.textDocument.positionAt(cst.end - 1);
                links.push({ range: { start, end }, target: target.toString(), tooltip });
            };
            for (const database of root.databases) add(database, 'path', database.path, 'Open the database file');
            for (const element of root.elements) {
                if (!ast.isCampaign(element)) continue;
                for (const member of element.members) {
                    if (ast.isLoadActivity(member)) add(member, 'path', member.path, 'Open the CSV file');
                    if (!ast.isChannelActivity(member)) continue;
                    for (const option of member.options) {
                        if (ast.isBodyOption(option) && option.isFile) add(option, 'text', option.text, 'Open the template');
                    }
                }
            }
        } catch (error) {
            console.error('document links failed', error);
        }
        return links;
    }
}
