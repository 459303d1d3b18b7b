// English plural and singular of a common noun, by spelling rules alone: enough for the last word
// of a gold alias ("giraffe" / "giraffes", "election" / "elections", "city" / "cities"). No
// dictionary, so a caller decides which words are common nouns (the matcher: lower-case ones).

const MIN_LENGTH = 3;

function isVowel(c: string): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
}

/** True for a folded word that reads as a plural ("signs", "cities", "boxes"; not "glass", "virus", "analysis"). */
function looksPlural(word: string): boolean {
  return word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is');
}

/** True for an ending that takes "-es" in the plural: bus, box, buzz, church, brush. */
function takesEs(word: string): boolean {
  return /(?:s|x|z|ch|sh)$/.test(word);
}

/**
 * The other grammatical number of a folded lower-case ASCII word: its plural forms for a singular,
 * its possible singulars for a plural ("movies" → movie, movy: a spelling rule cannot tell which).
 * Empty for short words and anything that is not plain a–z.
 * @example numberVariants('giraffe') // ['giraffes']
 */
export function numberVariants(word: string): string[] {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return [];
  const out: string[] = [];
  if (looksPlural(word)) {
    out.push(word.slice(0, -1)); // signs → sign, movies → movie
    if (word.endsWith('ies') && word.length > 4) out.push(`${word.slice(0, -3)}y`); // cities → city
    if (word.endsWith('es') && takesEs(word.slice(0, -2))) out.push(word.slice(0, -2)); // boxes → box
  } else if (takesEs(word)) {
    out.push(`${word}es`);
  } else if (word.endsWith('y') && !isVowel(word.charAt(word.length - 2))) {
    out.push(`${word.slice(0, -1)}ies`);
  } else {
    out.push(`${word}s`);
  }
  return out.filter((w) => w.length >= MIN_LENGTH && w !== word);
}

/**
 * The plural of a capitalised common noun written as a name ("Giraffe" / "Giraffes", "Colt" /
 * "the Colts", "World Championship" / "World Championships"): only singular → plural, and only
 * by a plain "-s", so a name that already ends like a plural keeps its one form ("Wales" is
 * never "Wale", "Jones" never "Jone", "Paris" never "Parises"), and "-y" is left alone ("Kennedy").
 * @example capitalisedPlural('manatee') // ['manatees']
 */
export function capitalisedPlural(word: string): string[] {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word) || word.endsWith('s') || word.endsWith('y') || takesEs(word)) return [];
  return [`${word}s`];
}
