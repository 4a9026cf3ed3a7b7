// The floor `harden check` is measured against: a process that reads every .yaml file below a directory and
// parses it with the same library and schema as `harden check` (js-yaml, YAML 1.1 without timestamps), and
// nothing else. Run with plain node (no TypeScript loader), like policies/bin/harden.js.
//   node bench/parse-only.js <dir>
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadAll } = require('js-yaml');
const { MANIFEST_SCHEMA } = require('../policies/lib/cli/load/parse-yaml');

let objects = 0;
for (const entry of readdirSync(process.argv[2], { withFileTypes: true, recursive: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
  for (const document of loadAll(readFileSync(join(entry.parentPath, entry.name), 'utf8'), {
    schema: MANIFEST_SCHEMA,
  })) {
    if (document !== null && document !== undefined) objects++;
  }
}
process.stdout.write(`${objects}\n`);
