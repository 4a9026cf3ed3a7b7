/** This package's version, which is also the policy pack's (`policy-pack/package.json` carries the same). */
export const { version } = require('../package.json') as { version: string };
