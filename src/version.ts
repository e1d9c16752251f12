// Written by scripts/version.mjs from package.json (`npm run compile` runs it): do not edit.
export const VERSION = '2.0.0';
