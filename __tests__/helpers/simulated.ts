// Shared test plumbing: a simulator per test, and JWT-shaped tokens.
import { createServer } from 'node:net';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/server.js';
import { runAction, type ActionRun, type Inputs, type RunOptions } from './run-action.js';

export async function withSimulator<T>(options: SimulatorOptions, fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

/** Runs the bundled action against a fresh simulator; base-url defaults to the simulator. */
export async function checkAgainst(inputs: Inputs, simOptions: SimulatorOptions = {}, runOptions: RunOptions = {}): Promise<{ run: ActionRun; sim: Simulator }> {
  return withSimulator(simOptions, async (sim) => ({ run: await runAction({ 'base-url': sim.url, ...inputs }, runOptions), sim }));
}

export function makeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** A loopback port nothing listens on: a refused connection, for real. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
