// How the CLI reads a piped key: one pipe newline dropped, everything else kept, and a pipe that
// never closes ends in a clear error instead of a hung job.
import { PassThrough } from 'node:stream';
import { readPiped } from '../src/cli/read-key.js';

describe('readPiped', () => {
  it('drops the one newline a pipe adds, and keeps any other whitespace for the diagnosis', async () => {
    const once = new PassThrough();
    once.end('sk-abc\n');
    expect(await readPiped(once)).toBe('sk-abc');
    const twice = new PassThrough();
    twice.end(' sk-abc\n\n');
    expect(await readPiped(twice)).toBe(' sk-abc\n');
  });

  it('gives up on a pipe that never closes, saying what to do', async () => {
    const open = new PassThrough();
    open.write('sk-abc');
    await expect(readPiped(open, 100)).rejects.toThrow(/no key arrived on stdin within 0.1 s: set DEEPSEEK_API_KEY/);
    expect(open.destroyed).toBe(true);
  });
});
