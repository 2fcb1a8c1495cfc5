// A JSON-RPC client for the language server in tests: over in-memory streams to a server in this
// process (the server's own connection and Langium's startLanguageServer), or over a child
// process's stdio (the shipped bundle). It answers the requests a server makes of its client as
// VS Code would with no settings, then initializes.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { LangiumSharedServices } from 'langium/lsp';
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import { createCampaignServices } from '../language/campaign-module.js';

export interface ClientOptions {
    /** Sent in `initialize`; a number makes the server watch that process. */
    processId?: number | null;
    /** Handlers the client installs before it listens (notifications the test waits for). */
    listen?: (client: MessageConnection) => void;
}

/** An initialized client on a server's streams (`input` is what the server writes, `output` what it reads). */
export async function initializedClient(input: Readable, output: Writable, options: ClientOptions = {}): Promise<MessageConnection> {
    const client = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
    client.onRequest('client/registerCapability', () => null);
    client.onRequest('workspace/configuration', (p: unknown) => (p as { items: unknown[] }).items.map(() => null));
    client.onRequest('window/workDoneProgress/create', () => null);
    options.listen?.(client);
    client.listen();
    await client.sendRequest('initialize', { processId: options.processId ?? null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
    return client;
}

/**
 * A campaign language server in this process, over an in-memory file system, with the handlers
 * `register` adds to its connection (as language/main.ts adds them), and an initialized client.
 */
export async function inProcessServer(register: (connection: Connection, shared: LangiumSharedServices) => void, options: ClientOptions = {}): Promise<MessageConnection> {
    const up = new PassThrough(), down = new PassThrough();
    const connection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    const { shared } = createCampaignServices({ connection, ...EmptyFileSystem });
    register(connection, shared);
    startLanguageServer(shared);
    return initializedClient(down, up, options);
}
