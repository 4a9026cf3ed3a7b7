import { join, sep } from 'node:path';
import { decodeUtf8, firstInvalidByte } from '../../policies/src/cli/load/decode-utf8';
import { expandPaths } from '../../policies/src/cli/load/input-paths';
import { kubernetesObjects } from '../../policies/src/cli/load/kubernetes-objects';
import { loadInputs } from '../../policies/src/cli/load/load-inputs';
import { parseJsonDocument } from '../../policies/src/cli/load/parse-json';
import { parseYamlDocuments } from '../../policies/src/cli/load/parse-yaml';
import { type FileTree, writeTree } from '../fixtures/manifest-files';

const io = (cwd: string, stdin = '') => ({ cwd, readStdin: async () => Buffer.from(stdin) });

describe('reading paths', () => {
  let tree: FileTree;
  beforeAll(() => {
    tree = writeTree({
      'k8s/b.yaml': 'kind: x',
      'k8s/a.yml': 'kind: x',
      'k8s/nested/c.json': '{}',
      'k8s/README.md': '# not a manifest',
      'k8s/.hidden/d.yaml': 'kind: x',
      'k8s/node_modules/e.yaml': 'kind: x',
      'empty/notes.txt': 'nothing here',
      'named.txt': 'kind: x',
    });
  });
  afterAll(() => tree.remove());

  it('walks a directory recursively in sorted order, keeping the path as the user named it', () => {
    const { sources, errors } = expandPaths(['k8s'], tree.dir);
    expect(errors).toEqual([]);
    expect(sources.map((source) => source.file)).toEqual([
      `k8s${sep}a.yml`,
      `k8s${sep}b.yaml`,
      `k8s${sep}nested${sep}c.json`,
    ]);
  });

  it('keeps a trailing slash and ./ prefix the user typed', () => {
    expect(expandPaths(['./k8s/'], tree.dir).sources[0]?.file).toBe(`./k8s/a.yml`);
  });

  it('reads a named file whatever its extension, and each file once', () => {
    const { sources } = expandPaths(['named.txt', 'k8s/a.yml', 'k8s', '-', '-'], tree.dir);
    expect(sources.map((source) => source.file)).toEqual([
      'named.txt',
      'k8s/a.yml',
      `k8s${sep}b.yaml`,
      `k8s${sep}nested${sep}c.json`,
      '-',
    ]);
  });

  it('reports a path that does not exist and still expands the others', () => {
    const { sources, errors } = expandPaths(['missing.yaml', 'k8s'], tree.dir);
    expect(errors).toEqual([
      { file: 'missing.yaml', message: expect.stringContaining('no such file or directory') },
    ]);
    expect(sources).toHaveLength(3);
  });

  it('reports a directory with no manifest files', () => {
    expect(expandPaths(['empty'], tree.dir).errors).toEqual([
      { file: 'empty', message: expect.stringContaining('has no .yaml, .yml, .json files') },
    ]);
  });
});

describe('UTF-8', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFkind: Pod\nname: café\n'))).toEqual({
      text: 'kind: Pod\nname: café\n',
    });
  });

  it('rejects Latin-1 bytes with the line and column of the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('kind: Pod\nname: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    expect(decodeUtf8(bytes)).toEqual({
      error: {
        line: 2,
        column: 10,
        message: expect.stringMatching(/not valid UTF-8 \(byte 0xe9.*save it as UTF-8/),
      },
    });
  });

  it('reads files as it decodes bytes: BOM dropped, U+FFFD written in the file kept, bad bytes and UTF-16 refused', async () => {
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;
    const tree = writeTree({
      'bom.yaml': `\uFEFF${pod('bom')}`,
      'replacement.yaml': pod('"caf\uFFFD"'),
      'latin1.yaml': Buffer.concat([Buffer.from(pod('caf')), Buffer.from([0xe9, 0x0a])]),
      'utf16.yaml': Buffer.from(`\uFEFF${pod('wide')}`, 'utf16le'),
    });
    try {
      const loaded = await loadInputs(['.'], io(tree.dir));
      expect(loaded.objects.map((object) => [object.file, object.manifest.metadata])).toEqual([
        [`.${sep}bom.yaml`, { name: 'bom' }],
        [`.${sep}replacement.yaml`, { name: 'caf\uFFFD' }],
      ]);
      expect(loaded.errors).toEqual([
        expect.objectContaining({
          file: `.${sep}latin1.yaml`,
          line: 5,
          message: expect.stringContaining('not valid UTF-8'),
        }),
        expect.objectContaining({ file: `.${sep}utf16.yaml`, message: expect.stringContaining('UTF-16') }),
      ]);
    } finally {
      tree.remove();
    }
  });

  it('recognises UTF-16 by its byte order mark', () => {
    const bytes = Buffer.from('\uFEFFkind: Pod', 'utf16le');
    expect(decodeUtf8(bytes)).toMatchObject({ error: { message: expect.stringContaining('UTF-16') } });
  });

  it.each([
    ['an overlong encoding', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0x41, 0xed, 0xa0, 0x80], 1],
    ['a truncated sequence', [0x41, 0x42, 0xe2, 0x82], 2],
    ['a stray continuation byte', [0x80], 0],
  ])('finds %s', (_name, bytes, offset) => {
    expect(firstInvalidByte(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe('YAML and JSON documents', () => {
  it('reads every document with its index and first line, skipping empty ones', () => {
    const { documents, errors } = parseYamlDocuments(
      '# header\n---\n---\na: 1\n---\n# only a comment\n---\nb: 2\n',
    );
    expect(errors).toEqual([]);
    expect(documents).toEqual([
      { index: 1, value: { a: 1 }, line: 4 },
      { index: 3, value: { b: 2 }, line: 8 },
    ]);
  });

  it('reads values as the Kubernetes decoder does (YAML 1.1 booleans and octal, timestamps as strings)', () => {
    const { documents } = parseYamlDocuments('privileged: yes\nmode: 0644\ncreated: 2024-01-02\n');
    expect(documents[0]?.value).toEqual({ privileged: true, mode: 420, created: '2024-01-02' });
  });

  it('reports a syntax error with its line and column and keeps the other documents', () => {
    const { documents, errors } = parseYamlDocuments('a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n');
    expect(documents.map((document) => document.value)).toEqual([{ a: 1 }, { d: 4 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(errors[0]?.message).toMatch(/^invalid YAML: .*; /);
  });

  it('reports a repeated key with the fix', () => {
    expect(parseYamlDocuments('a: 1\na: 2\n').errors).toEqual([
      {
        line: 2,
        column: 1,
        message: "invalid YAML: duplicated mapping key 'a'; remove or rename the repeated key",
      },
    ]);
  });

  it('reports a repeated key among 40,000 keys at its line, in linear time (a quadratic check takes minutes)', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  key-${i}: value ${i}\n`).join('');
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${keys}  key-7: again\n---\nkind: Pod\n`;
    const { documents, errors } = parseYamlDocuments(text);
    expect(errors).toEqual([
      {
        line: 40_004,
        column: 3,
        message: "invalid YAML: duplicated mapping key 'key-7'; remove or rename the repeated key",
      },
    ]);
    expect(documents).toEqual([{ index: 1, value: { kind: 'Pod' }, line: 40_006 }]);
  });

  it('cuts documents at --- and ... markers only at the start of a line', () => {
    const { documents, errors } = parseYamlDocuments(
      '%YAML 1.1\n--- # first\na: "x --- y"\nb: |\n  ---not a marker\n...\n--- {c: 1}\n---\nbase: &base {d: 2}\nmerged:\n  <<: *base\n  e: 3\n',
    );
    expect(errors).toEqual([]);
    expect(documents).toEqual([
      { index: 0, value: { a: 'x --- y', b: '---not a marker\n' }, line: 3 },
      { index: 1, value: { c: 1 }, line: 7 },
      { index: 2, value: { base: { d: 2 }, merged: { d: 2, e: 3 } }, line: 9 },
    ]);
  });

  it('records the line of each item of a List', () => {
    const { documents } = parseYamlDocuments('kind: List\nitems:\n  - kind: Pod\n  - kind: Service\n');
    expect(documents[0]?.itemLines).toEqual([3, 4]);
  });

  it('reports invalid JSON with a line and column', () => {
    const { errors } = parseJsonDocument('{\n  "kind": "Pod",\n}\n');
    expect(errors).toEqual([
      { line: 3, column: 1, message: expect.stringMatching(/^invalid JSON: .*; fix the JSON syntax/) },
    ]);
  });
});

describe('Kubernetes objects', () => {
  const document = (value: unknown, itemLines?: number[]) => ({
    index: 2,
    value,
    line: 7,
    ...(itemLines ? { itemLines } : {}),
  });

  it('takes a mapping with apiVersion and kind as an object', () => {
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(kubernetesObjects('a.yaml', document(manifest))).toEqual({
      objects: [{ file: 'a.yaml', documentIndex: 2, line: 7, manifest }],
      errors: [],
    });
  });

  it('expands a List into its items, each with the list document index and its own item index', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod' };
    const service = { apiVersion: 'v1', kind: 'Service' };
    const { objects } = kubernetesObjects(
      'a.yaml',
      document({ apiVersion: 'v1', kind: 'List', items: [pod, service] }, [9, 12]),
    );
    expect(objects).toEqual([
      { file: 'a.yaml', documentIndex: 2, itemIndex: 0, line: 9, manifest: pod },
      { file: 'a.yaml', documentIndex: 2, itemIndex: 1, line: 12, manifest: service },
    ]);
  });

  it.each([
    ['a list', [1, 2], /is a list, not a Kubernetes object/],
    ['a string', 'hello', /is a string, not a Kubernetes object/],
    [
      'a mapping without kind',
      { apiVersion: 'v1' },
      /has no 'kind', so it is not a Kubernetes object; add apiVersion and kind/,
    ],
    ['a mapping without either', { replicas: 2 }, /has no 'apiVersion' and no 'kind'/],
    ['a kind that is not a string', { apiVersion: 'v1', kind: 3 }, /a 'kind' that is not a non-empty string/],
  ])('rejects %s, naming the document', (_name, value, message) => {
    const { objects, errors } = kubernetesObjects('values.yaml', document(value));
    expect(objects).toEqual([]);
    expect(errors).toEqual([{ file: 'values.yaml', line: 7, message: expect.stringMatching(message) }]);
    expect(errors[0]?.message).toMatch(/^document 2 /);
  });

  it('rejects a List item that is not an object at the item line', () => {
    const { errors } = kubernetesObjects(
      'a.yaml',
      document({ apiVersion: 'v1', kind: 'List', items: ['x'] }, [4]),
    );
    expect(errors).toEqual([
      {
        file: 'a.yaml',
        line: 4,
        message: expect.stringMatching(/^items\[0\] of the List in document 2 is a string/),
      },
    ]);
  });
});

describe('loading inputs', () => {
  it('reads files and stdin, collecting every error without stopping', async () => {
    const tree = writeTree({
      'good.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [\n',
      'latin1.yaml': Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]),
      'list.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Service' }],
      }),
    });
    try {
      const result = await loadInputs([tree.dir, '-'], io(tree.dir, 'apiVersion: v1\nkind: Namespace\n'));
      expect(result.files).toBe(5);
      expect(
        result.objects.map((object) => `${object.file.replace(tree.dir, '<dir>')} ${object.manifest.kind}`),
      ).toEqual([`<dir>${sep}good.yaml Pod`, `<dir>${sep}list.json Service`, '- Namespace']);
      expect(result.errors.map((error) => [error.file.replace(tree.dir, '<dir>'), error.line])).toEqual([
        [`<dir>${sep}bad.yaml`, expect.any(Number)],
        [`<dir>${sep}latin1.yaml`, 1],
      ]);
    } finally {
      tree.remove();
    }
  });

  it('hands each object over as it is read, and holds a possible template back until its file is read', async () => {
    const documents = (kind: string, count: number) =>
      Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: n${i}\n`);
    const tree = writeTree({
      'a-plain.yaml': documents('ConfigMap', 3).join('---\n'),
      'b-template.yaml': [...documents('Service', 1), 'kind: {{ .Values.kind }}\n'].join('---\n'),
      'c-braces.yaml': `${documents('Secret', 1)[0]}data:\n  note: "{{ not a template }}"\n`,
    });
    try {
      const seen: string[] = [];
      const result = await loadInputs(['.'], io(tree.dir), {
        each: (object) => seen.push(`${object.file.slice(2)} ${object.manifest.kind}`),
      });
      expect(result.objects).toEqual([]);
      expect(seen).toEqual([
        'a-plain.yaml ConfigMap',
        'a-plain.yaml ConfigMap',
        'a-plain.yaml ConfigMap',
        'c-braces.yaml Secret',
      ]);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          file: `.${sep}b-template.yaml`,
          message: expect.stringContaining('template syntax'),
        }),
      ]);
    } finally {
      tree.remove();
    }
  });

  it('names the file it could not read', async () => {
    const result = await loadInputs([join('no', 'such.yaml')], io(__dirname));
    expect(result.errors).toEqual([
      { file: join('no', 'such.yaml'), message: expect.stringContaining('no such file') },
    ]);
  });
});
