import type { CheckFinding } from '../../policies/src/cli/render/check-report';
import { jsonFinding, jsonFindingText } from '../../policies/src/cli/render/findings-json';
import { arraySlot, prettyJsonChunks } from '../../policies/src/cli/render/json-chunks';

const render = (item: { n: number }) => ({ n: item.n, nested: { list: [item.n, 'x'], empty: [] } });

describe('chunked pretty JSON', () => {
  it.each([0, 1, 3, 513, 1500])('equals JSON.stringify for %i items, however they are chunked', (count) => {
    const items = Array.from({ length: count }, (_, n) => ({ n }));
    const document = {
      head: { a: 1 },
      runs: [{ tool: 'x', results: arraySlot, after: [1, 2] }],
      tail: 'end',
    };
    const expected = `${JSON.stringify({ ...document, runs: [{ ...document.runs[0], results: items.map(render) }] }, null, 2)}\n`;
    const chunks = [...prettyJsonChunks(document, items, render)];
    expect(chunks.join('')).toBe(expected);
    expect(chunks.length).toBe(count === 0 ? 1 : 2 + Math.ceil(count / 512));
  });

  it('needs the array slot in the document', () => {
    expect(() => [...prettyJsonChunks({ results: [] }, [], render)]).toThrow('no array slot');
  });
});

describe('the JSON of a check finding', () => {
  const base: CheckFinding = {
    file: 'deploy/"quoted"\\api.yaml',
    documentIndex: 2,
    line: 14,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'api',
    rule: 'pss-privileged',
    controls: ['pss-privileged', 'nsa-cisa-pod-security'],
    severity: 'critical',
    message: "container 'app' sets privileged: true\nat line\u2028two",
    path: 'spec.template.spec.containers[0].securityContext.privileged',
  };
  it.each<[string, CheckFinding]>([
    ['a plain finding', base],
    [
      'an item of a List without a line or namespace',
      { ...base, itemIndex: 3, line: undefined, namespace: null } as CheckFinding,
    ],
    ['a finding without controls', { ...base, controls: [] }],
    ['an exempted finding', { ...base, exemption: { reason: 'reviewed in "SEC-7"', source: 'annotation' } }],
  ])('is written fast exactly as JSON.stringify writes it: %s', (_case, finding) => {
    const indent = '    ';
    const expected = JSON.stringify(jsonFinding(finding), null, 2).replace(/\n/g, `\n${indent}`);
    expect(jsonFindingText(finding, indent)).toBe(expected);
  });
});
