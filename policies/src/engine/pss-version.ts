import type { PssVersion } from './types';

/**
 * The newest Pod Security Standards version whose checks this project implements.
 * PSA evaluates any newer version as `latest`; so do we.
 */
export const NEWEST_KNOWN_PSS_MINOR = 35;

/** `latest`. */
export const PSS_LATEST: PssVersion = Object.freeze({
  major: 1,
  minor: NEWEST_KNOWN_PSS_MINOR,
  latest: true,
});

/**
 * Parses a PSS version as PSA does: `latest`, or `v1.N` (N >= 0). A version newer than the newest known
 * is evaluated as latest. Throws with what is allowed otherwise.
 */
export function parsePssVersion(text: string): PssVersion {
  if (text === 'latest') return PSS_LATEST;
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(text);
  if (!match) {
    throw new Error(
      `invalid Pod Security Standards version '${text}': use 'latest' or 'v1.N' such as 'v1.30'`,
    );
  }
  const minor = Number(match[1]);
  return minor > NEWEST_KNOWN_PSS_MINOR ? PSS_LATEST : { major: 1, minor, latest: false };
}

/** True when a check introduced (or changed) in `v1.<minor>` is in force at `version`. */
export function atLeast(version: PssVersion, minor: number): boolean {
  return version.latest || version.minor >= minor;
}

/** The version as PSA writes it (`latest` or `v1.N`). */
export function formatPssVersion(version: PssVersion): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}
