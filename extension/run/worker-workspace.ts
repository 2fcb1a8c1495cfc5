// The worker's view of the workspace: every `.campaign` file under the roots, with the editor's
// unsaved text where there is some, parsed and validated by a fresh set of services whose file
// system lays the unsaved templates and data files over the disk (the runner reads through it too:
// fileReaderOf in language/runner/compile.ts).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createCampaignServices, type CampaignServices } from '../../language/campaign-module.js';
import { collectCampaignFiles } from '../../language/cli/workspace.js';
import { TemplateOverlayFileSystem } from '../../language/lsp/template-overlay.js';
import { isCampaign, type Campaign, type Model } from '../../language/generated/ast.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';
import type { JobWorkspace } from './worker-protocol.js';

export interface LoadedCampaign {
    readonly services: CampaignServices;
    readonly campaign: Campaign;
    readonly document: LangiumDocument<Model>;
    /** Every campaign document of the workspace (to find a `database` declaration). */
    readonly documents: ReadonlyArray<LangiumDocument<Model>>;
}

/** Loads the workspace and finds the campaign; with `requireValid` (runs, SQL) its file must have no errors. */
export async function loadCampaignForJob(job: JobWorkspace & { campaign: string }, requireValid = true): Promise<LoadedCampaign> {
    const fileSystem = new TemplateOverlayFileSystem(NodeFileSystem.fileSystemProvider());
    for (const [file, text] of Object.entries(job.files ?? {})) fileSystem.setOverlay(URI.file(path.resolve(file)), text);
    const services = createCampaignServices({ fileSystemProvider: () => fileSystem });
    const shared = services.shared;
    const builtins = ensureBuiltins(shared);
    const files = new Set<string>();
    for (const root of job.roots) collectCampaignFiles(root).forEach(f => files.add(path.resolve(f)));
    files.add(path.resolve(job.file));
    const documents: Array<LangiumDocument<Model>> = [];
    for (const file of files) {
        const text = job.overrides[file] ?? readText(file);
        if (text === undefined) continue;
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.file(file));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.workspace.DocumentBuilder.build([builtins, ...documents], { validation: true });

    const own = documents.find(d => d.uri.fsPath === path.resolve(job.file));
    const candidates = [own, ...documents.filter(d => d !== own)].filter((d): d is LangiumDocument<Model> => d !== undefined);
    for (const document of candidates) {
        const campaign = document.parseResult.value.elements.filter(isCampaign).find(c => c.name === job.campaign);
        if (!campaign) continue;
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
        if (requireValid && errors.length > 0) {
            const first = errors[0];
            const where = `${path.basename(document.uri.fsPath)}:${first.range.start.line + 1}:${first.range.start.character + 1}`;
            throw new Error(`${job.campaign} cannot run: ${errors.length} error${errors.length > 1 ? 's' : ''} in its file, the first at ${where}: ${first.message}`);
        }
        return { services: services.Campaign, campaign, document, documents };
    }
    throw new Error(`No campaign '${job.campaign}' in ${path.basename(job.file)} or the rest of the workspace.`);
}

function readText(file: string): string | undefined {
    try {
        const text = readFileSync(file, 'utf8');
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
        return undefined; // deleted since the list was made
    }
}
