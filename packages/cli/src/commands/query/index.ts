export { alertsCommand } from './alerts.js';
export { errorsCommand } from './errors.js';
export { incidentCommand, incidentsCommand } from './incidents.js';
export { logsCommand } from './logs.js';
export { silenceCommand } from './silence.js';
export { traceCommand } from './trace.js';
export { tracesCommand } from './traces.js';
