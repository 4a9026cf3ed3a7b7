// Builds the packages (tsc -b, incremental: a no-op when nothing changed) before any test runs, so the tests
// that run built output (the policy pack over gRPC, the CLI binary, packed tarballs) never see a stale build.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  const root = path.join(__dirname, '..');
  const { scripts } = require(path.join(root, 'package.json'));
  const configs = scripts.build.split(/\s+/).filter((word) => word.endsWith('.json'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', ...configs], {
    cwd: root,
    stdio: 'inherit',
  });
};
