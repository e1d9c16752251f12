// Where the CLI takes the key from: DEEPSEEK_API_KEY, else piped stdin, else a prompt without echo.
import type { ReadStream } from 'node:tty';

/** Far more than any key; a larger input is cut here and then reported as too long. */
const MAX_STDIN = 64 * 1024;

/** Ctrl-C at the prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at the key prompt');
  }
}

/** How long a pipe may stay open without ending: an inherited stdin that never closes must not hang a job. */
const STDIN_WAIT_MS = 30_000;

export async function readPiped(stream: NodeJS.ReadableStream & { destroy?: () => void }, waitMs = STDIN_WAIT_MS): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stream.destroy?.();
      reject(new Error(`no key arrived on stdin within ${waitMs / 1000} s: set DEEPSEEK_API_KEY, or pipe the key and close the pipe (printf %s "$KEY" | deepseek-preflight)`));
    }, waitMs);
  });
  const read = (async () => {
    let data = '';
    for await (const chunk of stream) {
      data += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (data.length > MAX_STDIN) break;
    }
    // `echo "$KEY" |` always adds one newline: that one is the pipe's, not the secret's. Any other
    // whitespace is left in, so that the diagnosis reports it as it does for a secret.
    return data.replace(/\r?\n$/, '');
  })();
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads one line from a terminal in raw mode, so that nothing typed or pasted is echoed. */
function promptHidden(stdin: ReadStream, stderr: NodeJS.WritableStream): Promise<string> {
  // Raw mode before the prompt shows: nothing typed after it may be echoed by the terminal.
  stdin.setRawMode(true);
  stderr.write('DeepSeek API key (input hidden): ');
  return new Promise<string>((resolve, reject) => {
    let key = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(key);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new PromptCancelled());
        if (ch === '\u007f' || ch === '\b') key = key.slice(0, -1);
        else if (key.length < MAX_STDIN) key += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

export async function readKey(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream = process.stderr): Promise<string> {
  if (env.DEEPSEEK_API_KEY !== undefined && env.DEEPSEEK_API_KEY !== '') return env.DEEPSEEK_API_KEY;
  if (stdin.isTTY) return promptHidden(stdin, stderr);
  return readPiped(stdin);
}
