import { tokenize } from '../text/index.js';

// People are named in answers the way they are known, not as on their birth certificate:
// "Kate Walsh" for "Kathleen Erin Walsh", "B. R. Ambedkar" for "Bhimrao Ramji Ambedkar".
// Only names of people are compared this way, and only with the family name equal.

/** Given names and the short forms English text uses for them; a group is one name. */
const NICKNAMES: readonly (readonly string[])[] = [
  ['abraham', 'abe'], ['albert', 'al', 'bert'], ['alexander', 'alex', 'sandy'], ['alfred', 'alf', 'fred'],
  ['andrew', 'andy', 'drew'], ['anthony', 'tony'], ['arthur', 'art'], ['benjamin', 'ben', 'benny'],
  ['bernard', 'bernie'], ['charles', 'charlie', 'chuck'], ['christopher', 'chris'], ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davey'], ['donald', 'don', 'donnie'], ['douglas', 'doug'], ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['eugene', 'gene'], ['francis', 'frank', 'frankie'], ['frederick', 'fred', 'freddie'], ['gerald', 'gerry', 'jerry'],
  ['gregory', 'greg'], ['harold', 'harry', 'hal'], ['henry', 'harry', 'hank'], ['herbert', 'herb'],
  ['jacob', 'jake'], ['james', 'jim', 'jimmy', 'jamie'], ['jeffrey', 'jeff'], ['john', 'johnny', 'jack'],
  ['jonathan', 'jon'], ['joseph', 'joe', 'joey'], ['joshua', 'josh'], ['kenneth', 'ken', 'kenny'],
  ['lawrence', 'larry'], ['leonard', 'leo', 'len', 'lenny'], ['louis', 'lou'], ['matthew', 'matt'],
  ['michael', 'mike', 'mick', 'mickey'], ['nathaniel', 'nate', 'nat'], ['nicholas', 'nick'], ['patrick', 'pat', 'paddy'],
  ['peter', 'pete'], ['philip', 'phil'], ['phillip', 'phil'], ['raymond', 'ray'], ['richard', 'rick', 'dick', 'rich', 'richie'],
  ['robert', 'rob', 'bob', 'bobby', 'bert'], ['ronald', 'ron', 'ronnie'], ['samuel', 'sam', 'sammy'], ['stephen', 'steve'],
  ['steven', 'steve'], ['terence', 'terry'], ['theodore', 'ted', 'teddy', 'theo'], ['thomas', 'tom', 'tommy'],
  ['timothy', 'tim'], ['vincent', 'vince'], ['walter', 'walt'], ['william', 'will', 'bill', 'billy', 'willie', 'liam'],
  ['zachary', 'zach'], ['abigail', 'abby'], ['alexandra', 'alex', 'sandra'], ['barbara', 'barb'], ['catherine', 'kate', 'cathy', 'katie'],
  ['katherine', 'kate', 'kathy', 'katie'], ['kathleen', 'kate', 'kathy'], ['christine', 'chris'], ['deborah', 'debbie', 'deb'],
  ['dorothy', 'dot', 'dottie'], ['elizabeth', 'liz', 'beth', 'betty', 'eliza', 'lizzie'], ['jennifer', 'jen', 'jenny'],
  ['jessica', 'jess'], ['judith', 'judy'], ['margaret', 'maggie', 'meg', 'peggy'], ['patricia', 'pat', 'patty', 'trish'],
  ['rebecca', 'becky'], ['samantha', 'sam'], ['susan', 'sue', 'suzy'], ['victoria', 'vicky', 'tori'],
];

const GROUPS = new Map<string, number[]>();
NICKNAMES.forEach((group, i) => {
  for (const name of group) GROUPS.set(name, [...(GROUPS.get(name) ?? []), i]);
});

/** One given name of a gold person: a word, or a letter from its initials ("B. R." gives b, r). */
export interface GivenName {
  key: string;
  initial: boolean;
}

/** A gold alias read as a person's name: given names (middle names included) and the family name. */
export interface PersonName {
  given: GivenName[];
  family: string;
}

// Honours and generations after a name, and titles before it: not how an answer names a person.
const HONOURS = /,?\s+(?:jr|sr|obe|cbe|mbe|kbe|dbe|phd|md|qc|kc|esq)\.?$/i;
const GENERATION = new Set(['ii', 'iii', 'iv']);
const TITLES = new Set([
  'sir', 'dame', 'lord', 'lady', 'doctor', 'mr', 'mrs', 'ms', 'miss', 'saint', 'king', 'queen', 'prince', 'princess',
  'justice', 'judge', 'president', 'general', 'captain', 'colonel', 'major', 'admiral', 'reverend', 'father', 'pope',
]);
// Words that make a capitalised phrase a place, a body or a work rather than a person.
const NOT_PERSON = new Set([
  'airport', 'city', 'university', 'college', 'school', 'river', 'lake', 'sea', 'ocean', 'mount', 'mountain',
  'mountains', 'park', 'stadium', 'street', 'road', 'company', 'corporation', 'inc', 'ltd', 'post', 'times', 'news',
  'church', 'house', 'bridge', 'island', 'islands', 'state', 'states', 'kingdom', 'empire', 'republic', 'world',
  'war', 'award', 'band', 'club', 'team', 'party', 'army', 'navy', 'museum', 'hotel', 'theatre', 'theater', 'center',
  'centre', 'station', 'tower', 'castle', 'palace', 'bay', 'valley', 'county', 'estuary', 'act', 'show', 'series',
  'book', 'film', 'game', 'north', 'south', 'east', 'west', 'new', 'great', 'royal', 'national', 'international',
]);

/**
 * Reads a gold alias as a person's name when it looks like one: two to four capitalised words of
 * letters only, none of them a function word or a word of places and bodies ("Robert Gillespie
 * Adamson IV", "B. R. Ambedkar", "Sir Rowland Hill"); honours, generations and titles dropped.
 * Returns null otherwise.
 */
export function personName(text: string, stopWords: ReadonlySet<string>): PersonName | null {
  const bare = text.trim().replace(HONOURS, '');
  if (!/^[\p{L}.'\u2019\s-]+$/u.test(bare)) return null;
  const words = bare.split(/[\s-]+/).filter((w) => w !== '');
  const keys = words.map((w) => tokenize(w).map((t) => t.key).join(''));
  // Dotted initials written apart ("B. R. Ambedkar") are one given name each.
  if (words.some((w) => !/^\p{Lu}/u.test(w)) || keys.some((k) => k === '' || stopWords.has(k) || NOT_PERSON.has(k))) return null;
  let from = 0;
  let end = keys.length;
  while (from < end - 2 && TITLES.has(keys[from]!)) from++;
  if (end - from >= 4 && GENERATION.has(keys[end - 1]!)) end--;
  if (end - from < 2 || end - from > 4) return null;
  const given: GivenName[] = [];
  for (let i = from; i < end - 1; i++) {
    const dotted = words[i]!.includes('.') && keys[i]!.length <= 3;
    if (dotted) for (const letter of keys[i]!) given.push({ key: letter, initial: true });
    else given.push({ key: keys[i]!, initial: keys[i]!.length === 1 });
  }
  return { given, family: keys[end - 1]! };
}

/** Whether an answer's given name stands for the gold's: the same, a nickname of it, or its initial. */
function sameGiven(answer: string, gold: GivenName): boolean {
  if (answer === 'a' || answer === 'i') return false;
  if (gold.initial || answer.length === 1) return answer[0] === gold.key[0];
  if (answer === gold.key) return true;
  const a = GROUPS.get(answer);
  const b = GROUPS.get(gold.key);
  return a !== undefined && b !== undefined && a.some((g) => b.includes(g));
}

/**
 * Whether the answer's keys name this person at `at` (the family name's index): the given names
 * just before it are, in order, some of the gold's given names ("Kirsten Vangsness" for "Kirsten
 * Simone Vangsness", "Greg Wise" for "Matthew Gregory Wise", "Bhimrao Ramji" for "B. R.").
 */
export function namesPerson(keys: readonly string[], at: number, person: PersonName): boolean {
  if (keys[at] !== person.family) return false;
  // The longest run of given names before the family name that the gold's given names explain.
  for (let count = Math.min(at, person.given.length); count >= 1; count--) {
    let g = 0;
    let ok = true;
    for (let i = at - count; i < at && ok; i++) {
      while (g < person.given.length && !sameGiven(keys[i]!, person.given[g]!)) g++;
      ok = g < person.given.length;
      g++;
    }
    if (ok) return true;
  }
  return false;
}
