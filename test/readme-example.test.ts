import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { parseAllDocuments } from 'yaml';

import { readmeExample } from './packages/consumer';

describe('the README example of composing the constructs in an app repository', () => {
  it('compiles, synthesizes and passes every rule', () => {
    const { code } = transformSync(readmeExample('constructs/main.ts'), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'readme-example-'));
    try {
      process.chdir(dir);
      // The package name resolves to the package's sources here (test/packages/ runs it from the tarball).
      const requireFromApp = (id: string) =>
        id === '@eks-hardening/constructs' ? require('../constructs/src') : require(id);
      new Function('require', 'exports', code)(requireFromApp, {});
      const written = readdirSync(join(dir, 'dist'));
      expect(written).toEqual(['shop.k8s.yaml']);
      const kinds = parseAllDocuments(readFileSync(join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).map(
        (doc) => (doc.toJS() as { kind: string }).kind,
      );
      expect(kinds).toEqual(
        expect.arrayContaining(['Namespace', 'NetworkPolicy', 'Deployment', 'Service', 'ExternalSecret']),
      );
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
