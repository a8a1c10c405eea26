export { type Dashboard, dashboardQueries, renderDashboard, type ServiceDashboard, serviceDashboards } from './dashboard.js';
export type { GridPos, Panel, Target } from './panels.js';
