// Removes the temporary bundle that jest-global-setup.mjs made (never a PREFLIGHT_DIST given by the caller).
import { rmSync } from 'node:fs';

export default function globalTeardown() {
  if (process.env.PREFLIGHT_DIST_TEMPORARY && process.env.PREFLIGHT_DIST) rmSync(process.env.PREFLIGHT_DIST, { recursive: true, force: true });
}
