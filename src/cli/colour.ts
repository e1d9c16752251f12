// Whether the human output is coloured. Pure: the caller passes the stream's TTY flag and the env.
// FORCE_COLOR wins (0/false turn colour off, anything else on), then NO_COLOR (any non-empty value,
// https://no-color.org), then TERM=dumb; otherwise colour exactly when stdout is a terminal.
export function useColour(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}
