export { DEFAULT_UI_DIRECTORY, MISSING_BUNDLE_MESSAGE, registerUiRoutes, type UiRouteOptions } from './static-ui.js';
