export { chooseSampleType, type Frame, type GroupBy, type SampleTypeChoice } from './aggregate.js';
export { decodeProfile } from './decode.js';
export { type DiffOptions, diffProfiles, type ProfileDiff, type SiteDiff } from './diff.js';
export { formatDiffTable } from './format-table.js';
