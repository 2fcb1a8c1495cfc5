import { EmptyFileSystemProvider, URI, UriUtils, type FileSystemProvider, type LangiumDocument } from 'langium';
import { isBodyOption, isCampaign, isChannelActivity, isModel, type BodyOption, type ChannelActivity } from '../generated/ast.js';

/**
 * `body file "templates/vip.html"` (language.md §5, Channels): the template lives in a file next to
 * the campaign. The validator, rename and find references read it through Langium's
 * FileSystemProvider, so that the language server and the command line see the same file the runner
 * renders (`language/runner/compiler/channels.ts` resolves it the same way: relative to the folder of
 * the campaign file), and a host without a file system (the browser, in-memory tests) gets a clear
 * "could not be read" instead of an exception.
 */
export type TemplateFile =
    | { readonly ok: true; readonly uri: URI; readonly text: string; readonly html: boolean }
    | { readonly ok: false; readonly uri?: URI; readonly missing: boolean; readonly reason: string; readonly noFileSystem?: boolean };

/** Where `file "…"` points, relative to the campaign file's folder; undefined when the campaign has no folder (an unsaved editor). */
export function templateFileUri(document: LangiumDocument, path: string): URI | undefined {
    const base = document.uri;
    if (base.scheme === 'untitled' || !base.path.includes('/')) return undefined;
    return UriUtils.resolvePath(UriUtils.dirname(base), path.replace(/\\/g, '/'));
}

/** Reads a body file. Never throws: a missing or unreadable file is a result with the reason. */
export function readTemplateFile(fileSystem: FileSystemProvider, document: LangiumDocument, option: BodyOption): TemplateFile {
    const uri = templateFileUri(document, option.text);
    if (!uri) return { ok: false, missing: false, reason: 'the campaign file is not saved in a folder yet' };
    let text: string;
    try {
        text = fileSystem.readFileSync(uri);
    } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, uri, missing: true, reason: 'no such file' };
        if (code === 'EISDIR') return { ok: false, uri, missing: false, reason: 'it is a folder' };
        if (fileSystem instanceof EmptyFileSystemProvider) return { ok: false, uri, missing: false, reason: 'no file system is available here', noFileSystem: true };
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, uri, missing: false, reason: message.replace(/\.$/, '') };
    }
    const channel = option.$container;
    const html = isChannelActivity(channel) && isHtmlTemplate(channel, option.text);
    // The runner drops HTML comments (notes for authors) before rendering; blanking them keeps the
    // offsets, so that lines and columns in messages are those of the file.
    return { ok: true, uri, html, text: html ? blankHtmlComments(text) : text };
}

/** As the runner decides (`isHtmlBody`): an email body read from an `.html`/`.htm` file is HTML. */
export function isHtmlTemplate(channel: ChannelActivity, path: string): boolean {
    return channel.channel === 'email' && /\.html?$/i.test(path);
}

/** `<!-- … -->` replaced by spaces (newlines kept). */
export function blankHtmlComments(text: string): string {
    return text.replace(/<!--[\s\S]*?-->/g, comment => comment.replace(/[^\n\r]/g, ' '));
}

/** The body files of a document's channels, with the URIs they resolve to. */
export function bodyFilesOf(document: LangiumDocument): Array<{ option: BodyOption; uri: URI }> {
    const result: Array<{ option: BodyOption; uri: URI }> = [];
    const model = document.parseResult?.value;
    if (!isModel(model)) return result;
    for (const member of model.elements) {
        if (!isCampaign(member)) continue;
        for (const activity of member.members) {
            if (!isChannelActivity(activity)) continue;
            for (const option of activity.options) {
                if (!isBodyOption(option) || !option.isFile || typeof option.text !== 'string') continue;
                const uri = templateFileUri(document, option.text);
                if (uri) result.push({ option, uri });
            }
        }
    }
    return result;
}

/** 0-based line and character of an offset in a text. */
export function positionIn(text: string, offset: number): { line: number; character: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { line, character: offset - lineStart };
}
