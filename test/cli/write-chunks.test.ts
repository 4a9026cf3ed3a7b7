import { EventEmitter } from 'node:events';
import { writeChunks } from '../../policies/src/cli/io';

/** A stream whose buffer holds one chunk: every write fills it until the test drains it. */
class SlowPipe extends EventEmitter {
  readonly written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return false;
  }
  drain(): void {
    this.emit('drain');
  }
}

describe('writing a report in chunks', () => {
  it('waits for a full stream to drain before writing the next chunk', async () => {
    const pipe = new SlowPipe();
    const done = writeChunks(pipe, ['a', 'b', 'c']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pipe.written).toEqual(['a']);
    pipe.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pipe.written).toEqual(['a', 'b']);
    pipe.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pipe.written).toEqual(['a', 'b', 'c']);
    pipe.drain();
    await done;
    expect(pipe.written).toEqual(['a', 'b', 'c']);
  });

  it('writes straight on to a stream that never says it is full', async () => {
    const written: string[] = [];
    await writeChunks({ write: (text: string) => written.push(text) }, ['a', 'b']);
    expect(written).toEqual(['a', 'b']);
  });
});
