// Small helpers over a document's text and CST, shared by the graph builder and the graph edits.
import type { CstNode, LangiumDocument } from 'langium';
import type { Position, Range } from '../protocol.js';
import { isActivity, type Activity, type Campaign, type Model } from '../generated/ast.js';

export function hasParseErrors(document: LangiumDocument): boolean {
    return document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0;
}

export function campaignsOf(model: Model): Campaign[] {
    return model.elements.filter((e): e is Campaign => e.$type === 'Campaign');
}

export function findCampaign(model: Model, name: string | undefined): Campaign | undefined {
    const campaigns = campaignsOf(model);
    return name === undefined ? campaigns[0] : campaigns.find(c => c.name === name);
}

export function activitiesOf(campaign: Campaign): Activity[] {
    return campaign.members.filter(isActivity);
}

export function findActivity(campaign: Campaign, name: string): Activity | undefined {
    return activitiesOf(campaign).find(a => a.name === name);
}

export function positionAt(document: LangiumDocument, offset: number): Position {
    return document.textDocument.positionAt(offset);
}

export function rangeOf(document: LangiumDocument, start: number, end: number): Range {
    return { start: positionAt(document, start), end: positionAt(document, end) };
}

export function sliceText(document: LangiumDocument, start: number, end: number): string {
    return document.textDocument.getText().slice(start, end);
}

export function nodeText(node: CstNode | undefined): string {
    return node ? node.text : '';
}

/** Source text on one line: whitespace runs (and line breaks) become one space. */
export function oneLine(text: string): string {
    return text.replace(/\s+/g, ' ').trim();
}

/** Whether `inner` lies within `outer` (both LSP ranges). */
export function rangeWithin(inner: Range, outer: Range): boolean {
    const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(outer.start, inner.start) && before(inner.end, outer.end);
}
