// The graph webview's HTML: a strict CSP with a nonce per load, and only the bundle's own files.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** `dist/webview`: the only folder the webview may load from (its `localResourceRoots`). */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        // The graph keeps its zoom, selection and layout while another tab is in front.
        retainContextWhenHidden: true,
        enableFindWidget: false,
        localResourceRoots: [webviewRoot(extensionUri)]
    };
}

export function nonce(): string {
    return randomBytes(18).toString('base64url');
}

/** The page that loads `dist/webview/index.js` and `index.css` into `#root`. */
export function graphHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
    const root = webviewRoot(extensionUri);
    const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'index.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'index.css'));
    const n = nonce();
    const source = webview.cspSource;
    // Nothing by default; scripts only with this load's nonce; styles from the bundle (plus nonced
    // <style> tags that libraries inject at runtime); the layout worker from the bundle or a blob.
    const csp = [
        `default-src 'none'`,
        `script-src 'nonce-${n}'`,
        `style-src ${source} 'nonce-${n}'`,
        `img-src ${source} data:`,
        `font-src ${source}`,
        `worker-src ${source} blob:`,
        `connect-src ${source}`
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${n}">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
