// Where the CLI takes the key from: DEEPSEEK_API_KEY, else piped stdin, else a prompt without echo.
import type { ReadStream } from 'node:tty';

const MAX_STDIN = 64 * 1024;

export async function readPiped(stream: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stream) {
    data += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (data.length > MAX_STDIN) break;
  }
  // `echo "$KEY" |` always adds one newline: that one is the pipe's, not the secret's.
  return data.replace(/\r?\n$/, '');
}

async function prompt(stdin: ReadStream): Promise<string> {
  process.stderr.write('DeepSeek API key (input hidden): ');
  stdin.setRawMode(true);
  stdin.resume();
  let key = '';
  try {
    for await (const chunk of stdin) {
      for (const ch of (chunk as Buffer).toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return key;
        if (ch === '\u0003') throw new Error('cancelled');
        if (ch === '\u007f') key = key.slice(0, -1);
        else key += ch;
      }
    }
    return key;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

export async function readKey(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream): Promise<string> {
  if (env.DEEPSEEK_API_KEY !== undefined && env.DEEPSEEK_API_KEY !== '') return env.DEEPSEEK_API_KEY;
  if (stdin.isTTY) return prompt(stdin as ReadStream);
  return readPiped(stdin);
}
