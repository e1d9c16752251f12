#!/usr/bin/env node
// The deepseek-preflight CLI: the same bundle as the action (../index.js), told to act as the CLI.
// Written by scripts/bundle.mjs.
globalThis[Symbol.for('deepseek-preflight.cli')] = true;
await import('../index.js');
