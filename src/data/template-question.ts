// The offline question writer: a chain's relations read from the inside out ("the capital of the
// country whose official language is …"). It needs no model, so the whole pipeline runs offline;
// an LLM writes more natural questions (writeQuestions).
import { ValidationError } from '../errors.js';
import type { Chain } from './types.js';

/**
 * How each relation (by id or by label, case-insensitive) turns a noun phrase `{x}` into the next:
 * `{ capital: 'the capital of {x}' }`. A relation missing from the table is phrased by the kind of
 * its label (see `phraseRelation`).
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
  'diplomatic relation': 'the country that has diplomatic relations with {x}',
};

const PREPOSITIONS = new Set(['of', 'by', 'at', 'in', 'with', 'to', 'for', 'from', 'on', 'after', 'into', 'about']);
/** Verbs a relation label may start with, read "X studies Y": "the entity that X studies". */
const FINITE_VERBS = new Set(['shares', 'studies', 'uses', 'owns', 'contains', 'follows', 'replaces', 'depicts', 'includes', 'operates', 'produces', 'influences']);
const IRREGULAR_PARTICIPLES = new Set(['spoken', 'written', 'known', 'born', 'made', 'held', 'built', 'sold', 'taught', 'found', 'won', 'given', 'shown', 'drawn']);
/** Heads of "… of" labels read without an article: "the entity that X is part of". */
const MASS_HEADS = new Set(['part', 'home', 'head']);

function isParticiple(word: string): boolean {
  return IRREGULAR_PARTICIPLES.has(word) || (word.length > 4 && word.endsWith('ed'));
}

/**
 * The phrasing of a relation by the kind of its label, with `{x}` the subject's noun phrase:
 * a noun ("country": `the country of {x}`), a noun "… of" read backwards ("member of": `the entity
 * that {x} is a member of`), a verb ("studies": `the entity that {x} studies`), a participle and
 * a preposition ("practiced by": `the entity by which {x} is practiced`), "has …" (`a part of {x}`),
 * or a noun with a participle ("languages spoken, written, or signed": `the … by {x}`).
 * @example
 * phraseRelation('named after') // 'the entity after which {x} is named'
 */
export function phraseRelation(label: string): string {
  const text = label.trim().replace(/\s+/gu, ' ');
  const lower = text.toLowerCase();
  const words = lower.split(' ').map((w) => w.replace(/,$/u, ''));
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && first === 'has') return `a ${text.slice(4)} of {x}`;
  if (lower.startsWith('member of ')) return `the ${text.slice('member of '.length)} that {x} is a member of`;
  if (words.length > 1 && last === 'of') {
    const head = words.slice(0, -1).join(' ');
    const article = MASS_HEADS.has(head) ? '' : /^[aeiou]/u.test(head) ? 'an ' : 'a ';
    return `the entity that {x} is ${article}${text.slice(0, -3)} of`;
  }
  if (FINITE_VERBS.has(first)) return `the entity that {x} ${text}`;
  if (words.length > 1 && isParticiple(first) && PREPOSITIONS.has(words[1]!)) {
    const rest = text.split(' ').slice(2).join(' ');
    const participle = text.split(' ')[0]!;
    const preposition = words[1]!;
    if (rest === '') return `the entity ${preposition} which {x} is ${participle}`;
    const noun = /^(the|a|an) /iu.test(rest) ? rest : `the ${rest}`;
    return `${noun} ${preposition} which {x} is ${participle}`;
  }
  if (words.length > 1 && isParticiple(last)) return `the ${text} by {x}`;
  return `the ${text} of {x}`;
}

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
    const phrasing = table.get(triple.relation.toLowerCase()) ?? table.get(triple.relationLabel.toLowerCase()) ?? phraseRelation(triple.relationLabel);
    // A function replacer: a label holding `$&` or `$'` is text, not a replacement pattern.
    const inner = phrase;
    phrase = phrasing.replace('{x}', () => inner);
  }
  return `${options.lead ?? 'What is'} ${phrase}?`;
}
