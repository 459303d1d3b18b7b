import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifierWithout, verifyAnswer } from '../verify-answer.js';
import { RULE_NAMES, RULES } from './index.js';

const doc = readFileSync(new URL('../../../docs/verifier.md', import.meta.url), 'utf8');

describe('the rule table', () => {
  it('names each rule once', () => {
    expect(new Set(RULE_NAMES).size).toBe(RULES.length);
  });

  it('runs in the order docs/verifier.md gives', () => {
    // The "rule" column of the table under "Rules, first match wins".
    const table = doc.slice(doc.indexOf('| rule | method |'));
    const documented = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(RULE_NAMES);
  });

  it('with no rule switched off, verifierWithout is verifyAnswer', () => {
    const verify = verifierWithout([]);
    for (const [response, gold] of [['Paris or Lyon', 'Paris'], ['The House of Mirrors', 'Key House Mirror'], ['答案：东京', '东京'], ['not Paris', 'Paris']] as const) {
      expect(verify(response, gold)).toEqual(verifyAnswer(response, gold));
    }
  });

  it('a rule switched off no longer decides: the next one does', () => {
    expect(verifyAnswer('Paris or Lyon', 'Paris').method).toBe('hedged');
    expect(verifierWithout(['hedged'])('Paris or Lyon', 'Paris').method).toBe('contains');
    expect(verifierWithout(['exact'])('the Eiffel Tower', 'Eiffel Tower').method).toBe('contains');
  });

  it('refuses a rule it does not know', () => {
    expect(() => verifierWithout(['nope'])).toThrow(/unknown rule nope; the rules are literal, empty-answer, refusal/);
  });
});
