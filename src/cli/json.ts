// The --json shape: stable, plain text only (no Markdown), for scripts. `outputs` holds exactly the
// strings the action would set as step outputs; the other fields are the same facts, typed.
import type { Diagnosis } from '../core/verdict/findings.js';
import { renderOutputs } from '../render/outputs.js';

/**
 * Why there is no diagnosis: `usage` (exit 2: a flag or its value, nothing checked, nothing sent),
 * `interrupted` (exit 130: Ctrl-C at the key prompt), `failed` (exit 1: an unexpected error).
 */
export type ErrorKind = 'usage' | 'interrupted' | 'failed';

/**
 * The --json shape of an ending without a diagnosis. A script tells the two shapes apart by `error`
 * (never in a diagnosis) or `status` (never here); `exitCode` is the process's own.
 */
export function errorJson(kind: ErrorKind, messages: readonly string[], exitCode: number): { error: ErrorKind; messages: string[]; exitCode: number } {
  return { error: kind, messages: [...messages], exitCode };
}

export function toJson(d: Diagnosis): Record<string, unknown> {
  const outputs = renderOutputs(d);
  return {
    status: d.status,
    ok: d.ok,
    blocking: d.blocking,
    httpStatus: d.httpStatus ?? null,
    keyFingerprint: d.keyFingerprint,
    balance: d.balance,
    models: d.models,
    message: outputs.message,
    keyJudged: d.keyJudged,
    checks: Object.fromEntries(Object.entries(d.checks).map(([name, c]) => [name, { result: c.result, detail: c.detail.plain }])),
    findings: d.findings.map((f) => ({ status: f.status, title: f.title, cause: f.cause.plain, fix: f.fix.map((s) => s.plain), httpStatus: f.httpStatus ?? null })),
    advisories: d.advisories.map((a) => ({ title: a.title, cause: a.cause.plain, fix: a.fix.map((s) => s.plain) })),
    outputs,
  };
}
