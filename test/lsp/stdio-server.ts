// The language server built from the current sources and run as a child process on stdio, for the
// tests that talk to it over a real LSP connection (server-stdio, template-unsaved).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver/node';

const root = join(__dirname, '../..');
const require = createRequire(import.meta.url);

export interface StdioServer {
    readonly server: ChildProcess;
    /** Not listening yet: the test adds its notification handlers, then calls `listen()`. */
    readonly connection: ProtocolConnection;
    /** What the server wrote to stderr so far (for failure messages). */
    stderr(): string;
}

/**
 * Bundles `language/main.ts` as scripts/build.mjs bundles dist/language-server.cjs (esbuild,
 * CommonJS, the Object.groupBy polyfill injected), but into `dir`, so that a test always runs the
 * current sources and never races another build writing dist/; then spawns it with `--stdio`. The
 * connection answers the requests a server makes of its client (configuration, capability
 * registration, progress) as VS Code does with no settings.
 */
export async function startStdioServer(dir: string): Promise<StdioServer> {
    const bundle = join(dir, 'language-server.cjs');
    await esbuild.build({
        entryPoints: [join(root, 'language/main.ts')],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['vscode'],
        inject: [require.resolve('../../language/polyfills/object-group-by.cjs')],
        logLevel: 'error'
    });
    const server = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', chunk => { stderr += String(chunk); });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    return { server, connection, stderr: () => stderr };
}
