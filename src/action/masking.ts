// Which forms of the secret to hand to the runner's masker.
import { isPlaceholderWord, type KeyInspection } from '../core/secret/key-inspection.js';

/** Masking a very short value would blank it across the whole log. */
const MIN_MASK_LENGTH = 4;

/**
 * Every form of the secret, except a placeholder *word* (`null`, `undefined`, `changeme`…): masking
 * it would blank that word in every line of the log, and it is not a secret. Anything else that
 * merely looks like a placeholder (`<…>`, `${VAR}`) is masked: it may still be a real key.
 */
export function formsToMask(inspection: KeyInspection): string[] {
  const forms = new Set<string>();
  for (const form of inspection.secretForms) {
    for (const candidate of [form, form.trim(), ...form.split(/\r?\n/).map((l) => l.trim())]) {
      if (candidate.length >= MIN_MASK_LENGTH && !isPlaceholderWord(candidate)) forms.add(candidate);
    }
  }
  return [...forms];
}
