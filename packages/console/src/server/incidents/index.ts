export { durationText } from './duration-text.js';
export {
  type IncidentAlert,
  type IncidentErrorGroup,
  type IncidentView,
  readIncident,
  type TimelineEntry,
} from './incident-view.js';
export { postmortemMarkdown } from './postmortem.js';
