export {
  SightlineConfigError,
  SightlineError,
  type SightlineErrorCode,
  SightlineMetricError,
  SightlineShutdownTimeoutError,
} from './sightline-error.js';
