/**
 * This package's manifest fields that reports cite (name, version, web page), read from its package.json at
 * run time: `lib/` and `src/` are siblings of it, so the same relative path holds for the sources and the build.
 */
const manifest = require('../package.json') as {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
};

export const { name, version } = manifest;

/** The project's web page, when package.json names one (`homepage` or `repository.url`). */
export const homepage: string | undefined = (() => {
  const { homepage: page, repository } = manifest;
  const uri = page ?? (typeof repository === 'string' ? repository : repository?.url);
  return uri && /^https?:\/\//.test(uri) ? uri : undefined;
})();
