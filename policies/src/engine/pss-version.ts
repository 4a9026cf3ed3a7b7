import type { PssVersion } from './types';

/**
 * The newest Pod Security Standards version whose checks this project implements (v1.36 changed no check;
 * v1.37 added two safe sysctls). PSA evaluates any newer version as `latest`; so do we, and
 * {@link pssVersionWarning} says so, since a newer version may have changed checks we do not know.
 */
export const NEWEST_KNOWN_PSS_MINOR = 37;

/** `latest`. */
export const PSS_LATEST: PssVersion = Object.freeze({
  major: 1,
  minor: NEWEST_KNOWN_PSS_MINOR,
  latest: true,
});

/**
 * Parses a PSS version as PSA does: `latest`, or `v1.N` (N >= 0). A version newer than the newest known
 * is evaluated as latest
 * and remembers what was asked (`requested`, see {@link pssVersionWarning}). Throws with what is allowed otherwise.
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
  if (minor > NEWEST_KNOWN_PSS_MINOR) return Object.freeze({ ...PSS_LATEST, requested: text });
  return { major: 1, minor, latest: false };
}

/**
 * A warning for a version newer than {@link NEWEST_KNOWN_PSS_MINOR} (evaluated as latest), else undefined:
 * `Pod Security Standards version v1.40 is newer than the newest this release knows (v1.37); it is evaluated
 * as latest (v1.37), which may miss checks v1.40 changed; upgrade @eks-hardening/rules or pass v1.37`.
 */
export function pssVersionWarning(version: PssVersion): string | undefined {
  if (version.requested === undefined) return undefined;
  const newest = `v1.${NEWEST_KNOWN_PSS_MINOR}`;
  return `Pod Security Standards version ${version.requested} is newer than the newest this release knows (${newest}); it is evaluated as latest (${newest}), which may miss checks ${version.requested} changed; upgrade @eks-hardening/rules or pass ${newest}`;
}

/** True when a check introduced (or changed) in `v1.<minor>` is in force at `version`. */
export function atLeast(version: PssVersion, minor: number): boolean {
  return version.latest || version.minor >= minor;
}

/** The version as PSA writes it (`latest` or `v1.N`). */
export function formatPssVersion(version: PssVersion): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}
