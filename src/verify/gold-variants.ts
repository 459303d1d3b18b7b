import { NUMBER_WORDS, tokenize } from '../text/index.js';
import { stem } from './stem.js';

// Eras written either way: "691 CE" = "691 AD", "500 BCE" = "500 BC".
const ERAS: Record<string, string> = { CE: 'AD', AD: 'CE', BCE: 'BC', BC: 'BCE' };

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const ORDINALS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
  'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth',
];
const ORDINAL = new RegExp(`\\b(?:${ORDINALS.join('|')}|(?:[1-9]|1\\d|20)(?:st|nd|rd|th))\\b`, 'gi');

/** One way a gold alias may also be written: the other forms of `alias` it generates (none when it does not apply). */
export interface GoldVariant {
  name: string;
  variants(alias: string): string[];
}

/**
 * Other ways a gold is written, in the order their forms are added: the other name of its era,
 * a year range in full ("1951–52" → "1951–1952"), ordinals in words or figures ("fourth" /
 * "4th"), a closing number in other figures, blood groups, and its last word in the singular or
 * plural ("cells" / "cell"). Each keeps the caller's alias as `matched`.
 */
export const GOLD_VARIANTS: readonly GoldVariant[] = [
  {
    name: 'era',
    variants: (alias) => {
      const era = alias.replace(/(\d\s*)(BCE|CE|BC|AD)\b/g, (_, n: string, e: string) => n + ERAS[e]!);
      return era !== alias ? [era] : [];
    },
  },
  {
    name: 'year-range',
    variants: (alias) => {
      // With a hyphen, "2001-05" is a month: only ends past 12 are years.
      const range = alias.replace(/\b(\d\d)(\d\d)(\s*[-\u2013\u2014]\s*)(\d\d)\b(?![-\u2013\d])/g, (m, c: string, y: string, dash: string, z: string) =>
        z > y && (dash.trim() !== '-' || Number(z) > 12) ? `${c}${y}${dash}${c}${z}` : m);
      return range !== alias ? [range] : [];
    },
  },
  {
    name: 'ordinal',
    variants: (alias) => {
      const ordinal = alias.replace(ORDINAL, (word: string) => {
        const n = ORDINALS.indexOf(word.toLowerCase());
        return n >= 0 ? `${n + 1}${n === 0 ? 'st' : n === 1 ? 'nd' : n === 2 ? 'rd' : 'th'}` : ORDINALS[Number.parseInt(word, 10) - 1]!;
      });
      return ordinal !== alias ? [ordinal] : [];
    },
  },
  {
    name: 'closing-number',
    variants: (alias) => {
      // A closing number after a name, in Roman or Arabic figures or words: "Article Two" / "Article II", "Mary II" / "Mary 2".
      // Not one-letter numerals: "Malcolm X" is no tenth.
      const out: string[] = [];
      const numeral = /^((?:.*?\s)?\p{Lu}[\p{L}.']*\s)(\d{1,2}|\p{L}+)$/u.exec(alias.trim());
      if (numeral?.[1] !== undefined && numeral[2] !== undefined && !tokenize(alias).some((t) => t.kind === 'date')) {
        const [name, n] = [numeral[1], numeral[2]];
        const value = (n.length > 1 ? ROMAN.indexOf(n) + 1 : 0) || (/^\d+$/.test(n) ? Number(n) : (NUMBER_WORDS.get(n.toLowerCase()) ?? 0));
        if (Number.isInteger(value) && value >= 2 && value <= 20) {
          for (const form of [ROMAN[value - 1]!, String(value)]) if (form !== n) out.push(name + form);
        }
      }
      return out;
    },
  },
  {
    name: 'blood-group',
    variants: (alias) => {
      // "A+" is "A positive".
      const blood = /^(A|B|AB|O)\s*([+-])$/.exec(alias.trim());
      return blood !== null ? [`${blood[1]} ${blood[2] === '+' ? 'positive' : 'negative'}`] : [];
    },
  },
  {
    name: 'last-word-number',
    variants: (alias) => {
      // Only short names ending in a plain word: "grass and sedges" → "grass and sedge" is no help.
      const last = /^([^,;()]{0,40}?)\b([a-z]{3,})$/i.exec(alias.trim());
      // Not after "a": "a week" is not "weeks". A singular only from a common noun: "News" and
      // "James" are names.
      if (last?.[1] === undefined || last[2] === undefined || /\d/.test(alias) || /^an?\s/i.test(alias.trim()) || alias.trim().split(/\s+/).length > 3) return [];
      const [before, word] = [last[1], last[2]];
      const singular = stem(word.toLowerCase());
      if (singular !== word.toLowerCase()) return word === word.toLowerCase() ? [before + singular] : [];
      return !/(?:s|x|z|ch|sh|y)$/i.test(word) ? [`${before}${word}s`] : [];
    },
  },
];

/** Every written variant of an alias, generator by generator in `GOLD_VARIANTS` order. */
export function writtenVariants(alias: string): string[] {
  return GOLD_VARIANTS.flatMap((generator) => generator.variants(alias));
}
