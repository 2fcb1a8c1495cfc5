// The legend of a compared graph: which side this is, and the colours with their counts.
import './compare.css';
import { useDiff, STATUSES } from './diff-state.js';
import { useDiffFocus } from './focus.js';

export function DiffLegend() {
    const diff = useDiff();
    // The legend is in every compared panel: it also carries out requests to show nodes.
    useDiffFocus();
    if (!diff) return null;
    const counts = { added: 0, changed: 0, removed: 0 } as Record<(typeof STATUSES)[number], number>;
    for (const s of Object.values(diff.statuses)) if (s !== 'unchanged') counts[s]++;
    const title = diff.side === 'before' ? `${diff.label} (read-only)` : `Working copy, compared with ${diff.label}`;
    const other = diff.side === 'before' ? diff.elsewhere?.added : diff.elsewhere?.removed;
    return (
        <div className="cs-diff-legend" role="note" data-testid="diff-legend" data-side={diff.side} aria-label={`Comparison: ${title}`}>
            <span className="cs-diff-title">{title}</span>
            {STATUSES.map(s => (
                <span key={s} className={`cs-diff-key cs-diff-key-${s}`} data-testid={`diff-count-${s}`}>
                    <span className="cs-diff-swatch" />{s} {counts[s]}
                </span>
            ))}
            {other ? <span className="cs-muted" data-testid="diff-elsewhere">
                {other} {diff.side === 'before' ? 'added' : 'removed'} {other === 1 ? 'node is' : 'nodes are'} on the {diff.side === 'before' ? 'right' : 'left'}
            </span> : null}
        </div>
    );
}
