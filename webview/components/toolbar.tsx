// Campaign picker, Test run, Fit, Re-layout, LR/TB, problems count, stale badge.
import { useContext } from 'react';
import { useStore } from '../state/store.js';
import { StoreContext } from './store-context.js';

export function Toolbar() {
    const store = useContext(StoreContext)!;
    const s = useStore(store, st => st);
    const problems = s.problems.errors + s.problems.warnings;
    return (
        <div className="cs-toolbar" role="toolbar" aria-label="Graph toolbar">
            <select aria-label="Campaign" data-testid="campaign-picker" value={s.campaign ?? ''} onChange={e => store.selectCampaign(e.target.value)}>
                {s.campaigns.map(c => <option key={c} value={c}>{c}</option>)}
            </select>
            <button data-testid="test-run" disabled={!s.canRun || s.running || s.stale || !s.graph} onClick={() => void store.testRun()}
                title={s.canRun ? 'Run this campaign in test mode (writes nothing)' : 'Running needs a trusted workspace'}>
                {s.running ? 'Running…' : '▶ Test run'}
            </button>
            <button data-testid="fit" onClick={() => store.fit()}>Fit</button>
            <button data-testid="relayout" onClick={() => store.relayout()} title="Lay out the whole graph again">Re-layout</button>
            <button data-testid="direction" aria-label={`Layout direction: ${s.direction === 'LR' ? 'left to right' : 'top to bottom'}`}
                onClick={() => store.setDirection(s.direction === 'LR' ? 'TB' : 'LR')}>{s.direction === 'LR' ? '⇄ LR' : '⇅ TB'}</button>
            <button data-testid="problems" className={s.problems.errors ? 'cs-has-errors' : ''} onClick={() => store.host.post({ type: 'openProblems' })}>
                ● {problems} {problems === 1 ? 'problem' : 'problems'}
            </button>
            {s.stale && (
                <button className="cs-stale-badge" data-testid="stale-badge" onClick={() => store.host.post({ type: 'openProblems' })}>
                    showing the last valid graph · {s.problems.errors} {s.problems.errors === 1 ? 'problem' : 'problems'}
                </button>
            )}
            {s.layingOut && <span className="cs-muted" data-testid="laying-out">laying out…</span>}
            {s.message && (
                <span className={`cs-message cs-message-${s.message.kind}`} role="status" data-testid="message">
                    {s.message.text}
                    <button className="cs-icon-button" aria-label="Dismiss" onClick={() => store.set({ message: undefined })}>×</button>
                </span>
            )}
        </div>
    );
}
