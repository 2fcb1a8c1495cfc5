// Small line icons per family (drawn with currentColor, so they follow the theme).
import type { ActivityFamily } from '../../language/protocol.js';

const PATHS: Record<ActivityFamily, string> = {
    targeting: 'M3 4h10l-4 5v4l-2 1V9z',
    flow: 'M2 8h5m0 0l3-4h4M7 8l3 4h4',
    channel: 'M2 4h12v8H2zM2 4l6 5 6-5',
    end: 'M4 2v12M4 3h8l-2 3 2 3H4'
};

export function FamilyIcon({ family }: { family: ActivityFamily }) {
    return (
        <svg className="cs-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d={PATHS[family]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
    );
}
