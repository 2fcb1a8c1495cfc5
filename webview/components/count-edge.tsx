// An edge: labelled with its output when the source has several, a count pill after a run,
// dashed for remainder and duplicates, dimmed when nothing went through.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CountFlowEdge } from '../graph/flow-types.js';
import { edgeMenuContext } from '../graph/to-flow.js';
import { useEdgeDiffStatus } from '../compare/diff-state.js';

function CountEdgeView(props: EdgeProps<CountFlowEdge>) {
    const { id, data, selected } = props;
    const [path, centerX, centerY] = getBezierPath(props);
    // Between the source and the middle: edges that leave neighbouring outputs for the same target
    // keep their labels apart (they meet only near the target).
    const labelX = props.sourceX + (centerX - props.sourceX) * 0.6;
    const labelY = props.sourceY + (centerY - props.sourceY) * 0.6;
    const dashed = data?.edge.dashed ?? false;
    const count = data?.count;
    // In Compare Graph with HEAD: added (working copy) or removed (base) edges (webview/compare/).
    const diff = useEdgeDiffStatus(id);
    const classes = ['cs-edge', dashed && 'cs-edge-dashed', count === 0 && 'cs-edge-zero', selected && 'cs-edge-selected', diff && `cs-edge-diff-${diff}`].filter(Boolean).join(' ');
    const text = [data?.label, count !== undefined ? count.toLocaleString('en-US') : undefined].filter(Boolean).join(' · ');
    // The edge's context menu (Preview rows, Reveal in text, Disconnect): on the edge's wrapper
    // (graph/to-flow.ts) and on its label, which React Flow draws outside it.
    const context = data ? edgeMenuContext(data.edge) : undefined;
    return (
        <>
            <BaseEdge id={id} path={path} className={classes} interactionWidth={16} />
            {text && (
                <EdgeLabelRenderer>
                    <div
                        className={`cs-edge-label nodrag nopan ${count !== undefined ? 'cs-pill' : ''} ${count === 0 ? 'cs-edge-zero' : ''}`}
                        data-testid={`edge-label-${data?.edge.ref}`}
                        data-edge-id={id}
                        data-vscode-context={context}
                        ref={el => { if (el) el.style.transform = `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`; }}
                    >{text}</div>
                </EdgeLabelRenderer>
            )}
        </>
    );
}

export const CountEdge = memo(CountEdgeView);
