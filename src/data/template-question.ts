// The offline question writer: a chain's relations read from the inside out ("the capital of the
// country whose official language is …"). It needs no model, so the whole pipeline runs offline;
// an LLM writes more natural questions (writeQuestions).
import { ValidationError } from '../errors.js';
import type { Chain } from './types.js';

/**
 * How each relation (by id or by label, case-insensitive) turns a noun phrase `{x}` into the next:
 * `{ capital: 'the capital of {x}' }`. A relation missing from the table reads `the {label} of {x}`.
 */
export type Phrasings = Readonly<Record<string, string>>;

/** The built-in phrasings: the fixture's relations and common Wikidata properties. Extend with `phrasings`. */
export const DEFAULT_PHRASINGS: Phrasings = {
  capital: 'the capital of {x}',
  'capital of': 'the country whose capital is {x}',
  'shares border with': 'the country that borders {x}',
  currency: 'the currency of {x}',
  'official language': 'the official language of {x}',
  'part of': 'the region that {x} is part of',
  continent: 'the continent of {x}',
  country: 'the country of {x}',
  'place of birth': 'the birthplace of {x}',
  'place of death': 'the place where {x} died',
  'country of citizenship': 'the country of citizenship of {x}',
  'educated at': 'the school {x} attended',
  employer: 'the employer of {x}',
  spouse: 'the spouse of {x}',
  father: 'the father of {x}',
  mother: 'the mother of {x}',
  author: 'the author of {x}',
  director: 'the director of {x}',
  'located in the administrative territorial entity': 'the region that contains {x}',
  'headquarters location': 'the city where {x} has its headquarters',
  'performer': 'the performer of {x}',
};

export interface TemplateQuestionOptions {
  /** More phrasings, or replacements, by relation id or label; each must contain `{x}`. */
  phrasings?: Phrasings | undefined;
  /**
   * The words before the noun phrase.
   * @default 'What is'
   */
  lead?: string | undefined;
}

/**
 * Writes a question from a chain's relations, offline: "What is the currency of the country that borders Portugal?".
 * @example
 * templateQuestion(chain) // 'What is the official language of the country whose capital is Lima?'
 */
export function templateQuestion(chain: Chain, options: TemplateQuestionOptions = {}): string {
  if (typeof chain !== 'object' || chain === null || !Array.isArray(chain.triples) || chain.triples.length === 0) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['chain', 'triples'], code: 'empty', message: 'a chain needs at least one triple' }]);
  }
  const table = new Map<string, string>();
  for (const source of [DEFAULT_PHRASINGS, options.phrasings ?? {}]) {
    for (const [key, phrasing] of Object.entries(source)) {
      if (!phrasing.includes('{x}')) {
        throw new ValidationError('INVALID_OPTIONS', [{ path: ['phrasings', key], code: 'invalid_format', message: `phrasing for "${key}" must contain {x}` }]);
      }
      table.set(key.toLowerCase(), phrasing);
    }
  }
  let phrase = chain.triples[0]!.subjectLabel;
  for (const triple of chain.triples) {
    const phrasing = table.get(triple.relation.toLowerCase()) ?? table.get(triple.relationLabel.toLowerCase()) ?? `the ${triple.relationLabel} of {x}`;
    phrase = phrasing.replace('{x}', phrase);
  }
  return `${options.lead ?? 'What is'} ${phrase}?`;
}
