import type { ServiceEdge } from '../api/types.js';
import { formatPercent } from '../format.js';

/** An edge's share of calls that failed, and whether that is above 1 % (drawn and listed in red). */
export const errorShare = (edge: ServiceEdge) => (edge.calls === 0 ? 0 : edge.errors / edge.calls);
export const failing = (edge: ServiceEdge) => errorShare(edge) > 0.01;
export const edgeLabel = (edge: ServiceEdge) => `${edge.calls} · ${formatPercent(errorShare(edge))}`;
