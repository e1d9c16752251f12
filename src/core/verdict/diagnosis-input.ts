// Everything the diagnosis reads: the settings, the key's facts, the plan and what the endpoint
// answered. Its own module so that the diagnosis and its parts (checks, causes) share it without
// importing each other.
import type { ProbeResult } from '../../contract.js';
import type { Settings } from '../input/inputs.js';
import type { KeyInspection } from '../secret/key-inspection.js';
import type { Redactor } from '../secret/redact.js';
import type { RunContext } from './findings.js';
import type { ProbePlan } from './plan.js';

export interface DiagnosisInput {
  readonly settings: Settings;
  readonly inspection: KeyInspection;
  readonly context: RunContext;
  /**
   * The plan the probe ran under (planProbe), decided once with the clock read before any request:
   * re-planning afterwards would call a token that expired mid-probe "not sent" while it was.
   */
  readonly plan: ProbePlan;
  /** The run's clock when it started (ms since the epoch): dates are worded relative to it. */
  readonly now: number;
  /** Absent when the plan decided not to send the key. */
  readonly probe?: ProbeResult;
  readonly redact: Redactor;
}
