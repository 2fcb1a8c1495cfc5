// The `campaign/checkGraphEdit` request: the diagnostics a `setOption` value would have, without
// applying it. The inspector calls it while the user types, so its field shows what the editor
// would show for that text — the same parser, linker and validators, in the same workspace.
//
// The candidate is a document object of its own (same URI, so relative paths resolve alike) that is
// never registered with LangiumDocuments or the index: references into the workspace resolve as
// usual, and nothing of the candidate leaks into the real build.
import { DocumentState, TextDocument, type LangiumDocument } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../../generated/ast.js';
import type { CheckGraphEdit, GraphDiagnostic, TextEdit } from '../../protocol.js';
import { findCampaign, hasParseErrors } from '../source.js';
import { setOption } from './set-option.js';

const SYNTAX_CODES = new Set(['lexing-error', 'parsing-error']);

export async function checkGraphEdit(services: LangiumServices, document: LangiumDocument<Model>, params: CheckGraphEdit.Params): Promise<CheckGraphEdit.Result> {
    const version = document.textDocument.version;
    if (params.version !== version) {
        return { ok: false, reason: 'stale-version', message: `The check was asked for version ${params.version}; the document is at version ${version}.` };
    }
    if (hasParseErrors(document)) {
        return { ok: false, reason: 'parse-errors', message: 'The text does not parse: fix the syntax errors first.' };
    }
    const campaign = findCampaign(document.parseResult.value, params.edit.campaign);
    if (!campaign) return { ok: false, reason: 'not-found', message: `No campaign '${params.edit.campaign}' in this document.` };
    const text = document.textDocument.getText();
    const result = setOption({ document, text, campaign }, params.edit);
    if (!result.ok) return result;
    const candidate = TextDocument.applyEdits(document.textDocument, [...result.edits]);
    const diagnostics = await validateCandidate(services, document, candidate);
    const spans = editedSpans(document.textDocument, result.edits);
    const candidateDoc = TextDocument.create(document.uri.toString(), document.textDocument.languageId, version, candidate);
    const inside = (d: Diagnostic) => {
        const start = candidateDoc.offsetAt(d.range.start);
        const end = candidateDoc.offsetAt(d.range.end);
        return spans.some(([s, e]) => s <= start && end <= e);
    };
    // The text parsed before the edit, so every syntax error after it is the value's doing.
    const mine = diagnostics.filter(d => SYNTAX_CODES.has(codeOf(d)) || inside(d));
    return { ok: true, diagnostics: mine.map(toGraphDiagnostic) };
}

/** Parses, links and validates `text` as the document at its URI would be, outside the workspace build. */
async function validateCandidate(services: LangiumServices, document: LangiumDocument, text: string): Promise<Diagnostic[]> {
    const shared = services.shared;
    const candidate = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, document.uri);
    // The DocumentBuilder's phases, by hand (its build would register the document); the states
    // are what the linker and validators check.
    candidate.localSymbols = await services.references.ScopeComputation.collectLocalSymbols(candidate);
    candidate.state = DocumentState.ComputedScopes;
    await services.references.Linker.link(candidate);
    candidate.state = DocumentState.Linked;
    const diagnostics = await services.validation.DocumentValidator.validateDocument(candidate);
    candidate.state = DocumentState.Validated;
    return diagnostics;
}

/** Where the inserted texts lie in the candidate, as offsets. */
function editedSpans(before: TextDocument, edits: readonly TextEdit[]): [number, number][] {
    const sorted = edits.map(e => ({ start: before.offsetAt(e.range.start), end: before.offsetAt(e.range.end), text: e.newText }))
        .sort((a, b) => a.start - b.start);
    let shift = 0;
    const spans: [number, number][] = [];
    for (const e of sorted) {
        const start = e.start + shift;
        spans.push([start, start + e.text.length]);
        shift += e.text.length - (e.end - e.start);
    }
    return spans;
}

function codeOf(d: Diagnostic): string {
    const data = d.data as { code?: unknown } | undefined;
    return typeof data?.code === 'string' ? data.code : typeof d.code === 'string' ? d.code : '';
}

function toGraphDiagnostic(d: Diagnostic): GraphDiagnostic {
    return {
        severity: (d.severity ?? 1) as GraphDiagnostic['severity'],
        message: typeof d.message === 'string' ? d.message : String(d.message),
        range: d.range,
        ...(typeof d.code === 'string' ? { code: d.code } : {})
    };
}
