import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { CliError } from '../errors.js';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** A pprof profile from its bytes, gzipped (the usual `.pb.gz`) or not; `source` names it in errors. */
export function decodeProfile(bytes: Uint8Array, source: string): Profile {
  try {
    const raw = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1] ? gunzipSync(bytes) : bytes;
    const profile = Profile.decode(raw);
    if (profile.sampleType.length === 0) throw new Error('it has no sample types');
    return profile;
  } catch (error) {
    throw new CliError('SL_CLI_PROFILE_INVALID', `${source} is not a pprof profile: ${(error as Error).message}`, { cause: error });
  }
}
