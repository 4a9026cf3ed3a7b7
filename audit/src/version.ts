/** This package's name and version, read from its package.json (a sibling of both `src/` and `lib/`). */
export const { name, version } = require('../package.json') as { name: string; version: string };
