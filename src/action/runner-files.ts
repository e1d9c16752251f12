// The files the runner names in the environment (GITHUB_EVENT_PATH, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, the workflow file under GITHUB_WORKSPACE) are input like any other: whatever
// sits at such a path — a FIFO, a device, a /proc file, a huge file — must neither hang the step
// past its deadline nor be read whole. Every such file is opened here, the same way: without
// blocking (a FIFO opens at once instead of waiting for its other end), checked on the open handle
// (what is read or written is what was checked; a symlink to /dev/zero is a character device), a
// regular file only, and read up to a cap. docs/security-model.md lists the paths.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Why a runner file was not used: said in the warning, never with the path (runner-set text). */
export class RunnerFileError extends Error {}

// O_NONBLOCK does not exist on Windows (undefined there), where a FIFO cannot sit at a plain path.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

async function openChecked(file: string, flags: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // ENXIO: a FIFO opened for writing with nobody reading it.
    throw new RunnerFileError(code === 'ENOENT' ? 'no file at that path' : code === 'ENXIO' ? 'not a regular file' : `cannot open it (${code})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new RunnerFileError('not a regular file');
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The text of a regular file of at most `maxBytes`, or a RunnerFileError. A file whose content is
 * not what its size says (a /proc or /sys file reports 0 or 4096 bytes, whatever it holds; a file
 * growing while read) is refused, not cut: it is not a file the runner wrote.
 */
export async function readRunnerFile(file: string, maxBytes: number): Promise<string> {
  const handle = await openChecked(file, constants.O_RDONLY);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new RunnerFileError(`larger than ${maxBytes} bytes`);
    if (size === 0) throw new RunnerFileError('empty, or a pseudo-file whose size is not its content');
    // One byte more than the size: content beyond what the stat said is seen, and refused.
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > size) throw new RunnerFileError('its content is longer than its size');
    }
    if (length !== size) throw new RunnerFileError('its content is shorter than its size');
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Appends `text` to an existing regular file, in one write. Not created when missing: the runner
 * creates these files, and a path it did not create is not one to write to.
 */
export async function appendRunnerFile(file: string, text: string): Promise<void> {
  const handle = await openChecked(file, constants.O_WRONLY | constants.O_APPEND);
  try {
    // appendFile, not write: it loops until every byte is written.
    await handle.appendFile(text, { encoding: 'utf8' });
  } finally {
    await handle.close();
  }
}
