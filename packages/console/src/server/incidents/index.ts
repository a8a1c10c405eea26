export {
  type IncidentAlert,
  type IncidentErrorGroup,
  type IncidentView,
  readIncident,
  type TimelineEntry,
} from './incident-view.js';
export { durationText, postmortemMarkdown } from './postmortem.js';
