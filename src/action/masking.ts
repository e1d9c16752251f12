// Which forms of the secret to hand to the runner's masker.
import { describePlaceholder, type KeyInspection } from '../core/key-inspection.js';

/** Masking a very short value or a placeholder word (`null`) would blank it across the whole log. */
export const MIN_MASK_LENGTH = 4;

export function formsToMask(inspection: KeyInspection): string[] {
  const forms = new Set<string>();
  for (const form of inspection.secretForms) {
    for (const candidate of [form, form.trim(), ...form.split(/\r?\n/).map((l) => l.trim())]) {
      if (candidate.length >= MIN_MASK_LENGTH && !describePlaceholder(candidate)) forms.add(candidate);
    }
  }
  return [...forms];
}
