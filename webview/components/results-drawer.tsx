// After a run, or when Preview Rows asked: rows of the selected transition (columns, the first rows,
// "showing N of M"), the exclusions and sample message of the selected channel, the run log.
import { useContext } from 'react';
import type { RowsPreview } from '../protocol.js';
import { useStore } from '../state/store.js';
import { StoreContext } from './store-context.js';

const count = (n: number) => n.toLocaleString('en-US');

function cellText(value: unknown): string {
    if (value === null || value === undefined) return '∅';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function RowsTable({ rows }: { rows: RowsPreview }) {
    const shown = rows.rows.length;
    return (
        <>
            <div className="cs-muted" data-testid="rows-count">
                {shown < rows.total ? `showing ${count(shown)} of ${count(rows.total)} rows` : `${count(rows.total)} ${rows.total === 1 ? 'row' : 'rows'}`}
            </div>
            {rows.columns.length > 0 && (
                <table className="cs-rows" data-testid="rows-table" aria-label={`Rows of ${rows.ref}`}>
                    <thead><tr>{rows.columns.map(c => <th key={c} scope="col">{c}</th>)}</tr></thead>
                    <tbody>{rows.rows.map((r, i) => <tr key={i}>{rows.columns.map((_c, j) => <td key={j} className={r[j] === null ? 'cs-null' : undefined}>{cellText(r[j])}</td>)}</tr>)}</tbody>
                </table>
            )}
        </>
    );
}

export function ResultsDrawer() {
    const store = useContext(StoreContext)!;
    const run = useStore(store, s => s.run);
    const rows = useStore(store, s => s.rows);
    const rowsRef = useStore(store, s => s.rowsRef);
    const node = useStore(store, s => s.graph?.nodes.find(n => n.id === s.selectedNode));
    if (!run && !rowsRef) return null;
    const sample = node && run?.samples?.[node.name];
    const excluded = node && run?.excluded?.[node.name];
    const ref = rowsRef ?? rows?.ref;
    const total = ref !== undefined ? rows?.ref === ref ? rows.total : run?.counts[ref] : undefined;
    return (
        <section className="cs-drawer" data-testid="results-drawer" aria-label="Run results">
            <div className="cs-drawer-pane cs-drawer-rows" data-testid="rows-pane">
                <h3>
                    {ref ? `Rows of ${ref}` : 'Select an edge to see its rows'}{total !== undefined ? ` · ${count(total)}` : ''}
                    {ref && <button className="cs-icon-button" aria-label="Close the rows" data-testid="rows-close" onClick={() => store.closeRows()}>×</button>}
                </h3>
                {ref && rows?.ref !== ref && <div className="cs-muted" data-testid="rows-loading">loading rows…</div>}
                {rows && rows.ref === ref && <RowsTable rows={rows} />}
            </div>
            {node && (sample || excluded) && (
                <div className="cs-drawer-pane" data-testid="sample-message">
                    <h3>{node.name}</h3>
                    {excluded && Object.keys(excluded).length > 0 && (
                        <table className="cs-rows" data-testid="exclusions" aria-label={`Exclusions of ${node.name}`}>
                            <thead><tr><th scope="col">excluded because</th><th scope="col">rows</th></tr></thead>
                            <tbody>{Object.entries(excluded).map(([reason, n]) => <tr key={reason}><td>{reason}</td><td>{count(n)}</td></tr>)}</tbody>
                        </table>
                    )}
                    {sample && <div data-testid="sample">
                        {sample.to && <div><b>To:</b> {sample.to}</div>}
                        {sample.subject && <div><b>Subject:</b> {sample.subject}</div>}
                        <pre className="cs-sample">{sample.body}</pre>
                    </div>}
                </div>
            )}
            {run && (
                <div className="cs-drawer-pane">
                    <h3>Run log ({run.mode})</h3>
                    <pre className="cs-log" data-testid="run-log">{(run.log ?? run.activities.map(a => `${a.name}: ${a.status}${a.ms !== undefined ? ` ${a.ms} ms` : ''}${a.message ? ` ${a.message}` : ''}`)).join('\n')}</pre>
                </div>
            )}
        </section>
    );
}
