import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { limits } from '../shared/limits';

/**
 * Which passwords herbloop accepts (NIST SP 800-63B §5.1.1.2): at least `limits.password.min`
 * characters, no composition rules, and none that an attacker tries first: common or breached
 * passwords, repeated or sequential characters, keyboard walks, or the user's own name, username
 * or e-mail. zxcvbn (the common-language dictionary of ~49 000 leaked passwords plus its pattern
 * matchers) estimates how many guesses a password takes; we require at least 10^8 (its score 3:
 * safe against online guessing and slows an offline attack on a stolen scrypt hash to years).
 */
const MIN_PASSWORD_SCORE = 3;

/** Why a password was refused; stable codes the web translates (`users.password.<reason>`). */
export type PasswordRefusal = 'too-short' | 'too-long' | 'repeated' | 'sequence' | 'common' | 'personal' | 'guessable';

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use: the dictionaries take ~50 ms and a few MB, which only user creation needs.
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return estimator;
}

const personalWords = (context: PasswordContext): string[] =>
  [context.username, context.displayName, ...(context.email ? context.email.split(/[@.]/) : []), 'herbloop']
    .filter((w): w is string => typeof w === 'string' && w.length >= 3)
    .map((w) => w.toLowerCase());

export interface PasswordContext {
  username?: string | undefined;
  displayName?: string | undefined;
  email?: string | undefined;
}

/** null when acceptable, else the main reason it is not. */
export function passwordRefusal(password: string, context: PasswordContext = {}): PasswordRefusal | null {
  const length = [...password].length;
  if (length < limits.password.min) return 'too-short';
  if (length > limits.password.max) return 'too-long';
  if (new Set(password).size <= 2) return 'repeated';
  const result = zxcvbn().check(password, personalWords(context));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const patterns = new Set(result.sequence.map((m) => m.pattern));
  const dictionaryNames = new Set(result.sequence.flatMap((m) => ('dictionaryName' in m ? [String(m.dictionaryName)] : [])));
  if (dictionaryNames.has('userInputs')) return 'personal';
  if (patterns.has('repeat')) return 'repeated';
  if (patterns.has('sequence') || patterns.has('spatial')) return 'sequence';
  if (patterns.has('dictionary')) return 'common';
  return 'guessable';
}

export const passwordRefusalMessages: Record<PasswordRefusal, string> = {
  'too-short': `at least ${limits.password.min} characters`,
  'too-long': `at most ${limits.password.max} characters`,
  repeated: 'is made of repeated characters or words; choose something longer and less regular',
  sequence: 'is a sequence or keyboard pattern; choose something less predictable',
  common: 'is a common or leaked password; choose another, e.g. a few unrelated words',
  personal: 'contains your name, username or e-mail; choose something unrelated to them',
  guessable: 'is too easy to guess; make it longer, e.g. a few unrelated words',
};
