// The React Flow node and edge types of the campaign graph.
import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode } from '../../language/protocol.js';
import type { RunActivityStatus } from '../protocol.js';

export type ActivityNodeData = {
    node: GraphNode;
    /** Status of the last run, when there is one. */
    status?: RunActivityStatus;
    /** The text cursor is in this activity. */
    highlighted: boolean;
    stale: boolean;
};

export type ActivityFlowNode = Node<ActivityNodeData, 'activity'>;

export type CountEdgeData = {
    edge: GraphEdge;
    /** The output name, shown when the source has several outputs. */
    label?: string;
    /** Rows on this transition in the last run. */
    count?: number;
};

export type CountFlowEdge = Edge<CountEdgeData, 'count'>;

export interface XY {
    readonly x: number;
    readonly y: number;
}

export const NODE_WIDTH = 232;
export const NODE_BASE_HEIGHT = 76;
export const OUTPUT_ROW = 20;

/** Node sizes are known from the data, so layout needs no measuring and is the same every time. */
export function nodeHeight(node: GraphNode): number {
    return NODE_BASE_HEIGHT + Math.max(0, node.outputs.length + (node.hasMainOutput ? 1 : 0) - 2) * OUTPUT_ROW;
}
