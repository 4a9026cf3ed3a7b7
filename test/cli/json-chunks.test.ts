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
