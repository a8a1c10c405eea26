import type { AlertEntry } from '../api/types.js';

export const KIND_LABEL: Record<AlertEntry['kind'], string> = {
  'error-new': 'new error',
  'error-regressed': 'regressed',
  'slo-burn': 'SLO burn',
  incident: 'incident',
};
