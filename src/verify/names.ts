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
const HONOURS = /,?(?<!\s)\s+(?:jr|sr|obe|cbe|mbe|kbe|dbe|phd|md|qc|kc|esq)\.?$/i;
const GENERATION = new Set(['ii', 'iii', 'iv']);
const TITLES = new Set([
  'sir', 'dame', 'lord', 'lady', 'doctor', 'mr', 'mrs', 'ms', 'miss', 'saint', 'king', 'queen', 'prince', 'princess',
  'justice', 'judge', 'president', 'general', 'captain', 'colonel', 'major', 'admiral', 'reverend', 'father', 'pope',
]);
// Words that tie a name into a title rather than describe a person ("… without Interlocked Pipelined Stages").
const LINKS = new Set(['without', 'about', 'against', 'under', 'over', 'after', 'before', 'into', 'like', 'than', 'versus', 'vs', 'via', 'upon']);
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
  // A nickname in quotes is a given name like another ("\"Kate\" Mulgrew").
  const bare = text.trim().replace(HONOURS, '').replace(/["\u201c\u201d]/g, '');
  if (!/^[\p{L}.'\u2019\s-]+$/u.test(bare)) return null;
  let words = bare.split(/[\s-]+/).filter((w) => w !== '');
  if (words.length > 8) return null;
  // A description before the name: "the physician George Huntington", "Swedish botanist Carl Linnaeus".
  const firstName = words.findIndex((w, i) => i > 0 && /^\p{Lu}/u.test(w) && words.slice(i).every((v) => /^\p{Lu}/u.test(v)));
  const before = words[firstName - 1]?.toLowerCase() ?? '';
  if (firstName > 0 && /^\p{Ll}/u.test(words[firstName - 1]!) && !stopWords.has(before) && !LINKS.has(before)) words = words.slice(firstName);
  const keys = words.map((w) => tokenize(w).map((t) => t.key).join(''));
  // Dotted initials written apart ("B. R. Ambedkar") are one given name each.
  if (words.some((w) => !/^\p{Lu}/u.test(w)) || keys.some((k) => k === '' || stopWords.has(k) || NOT_PERSON.has(k))) return null;
  let from = 0;
  let end = keys.length;
  while (from < end - 2 && TITLES.has(keys[from]!)) from++;
  if (end - from >= 4 && GENERATION.has(keys[end - 1]!)) end--;
  // A regnal number is no family name: "John Paul II", "Henry Ford II".
  if (end - from < 2 || end - from > 4 || GENERATION.has(keys[end - 1]!)) return null;
  const given: GivenName[] = [];
  for (let i = from; i < end - 1; i++) {
    const dotted = words[i]!.includes('.') && keys[i]!.length <= 3;
    if (dotted) for (const letter of keys[i]!) given.push({ key: letter, initial: true });
    else given.push({ key: keys[i]!, initial: keys[i]!.length === 1 });
  }
  return { given, family: keys[end - 1]! };
}

/** Whether an answer's given name stands for the gold's: the same, a nickname or short form of it, or its initial. */
function sameGiven(answer: string, gold: GivenName): boolean {
  if (answer === 'a' || answer === 'i') return false;
  if (gold.initial || answer.length === 1) return answer[0] === gold.key[0];
  if (answer === gold.key) return true;
  // "Thad" for "Thaddeus", "Chris" for "Christopher"; not "Julia" for "Julian", "Carl" for "Carlos".
  if (answer.length >= 3 && gold.key.length >= answer.length + 3 && gold.key.startsWith(answer)) return true;
  const a = GROUPS.get(answer);
  const b = GROUPS.get(gold.key);
  return a !== undefined && b !== undefined && a.some((g) => b.includes(g));
}

/** Whether `key` ("br") spells the initials of the gold's given names from `from` on. */
function spellsInitials(key: string, given: readonly GivenName[], from: number): boolean {
  if (key.length < 2 || key.length > 3 || from + key.length > given.length) return false;
  for (let k = 0; k < key.length; k++) if (given[from + k]!.key[0] !== key[k]) return false;
  return true;
}

/**
 * Where the answer names this person with its family name at `at`: the index of the first of the
 * name-like words just before it (titles left out) when at least one of them is one of the gold's
 * given names, in their order, as a word, a nickname, a short form or initials ("Kirsten
 * Vangsness" for "Kirsten Simone Vangsness", "Greg Wise" for "Matthew Gregory Wise", "Dr. B.R.
 * Ambedkar" for "Bhimrao Ramji Ambedkar"); the answer may give names the gold leaves out
 * ("Katherine Kiernan Maria Mulgrew"), but no initial the gold does not have, and when it gives
 * initials it gives all of the gold's ("George W. Bush" is not "George H. W. Bush"). Else -1.
 */
export function namesPerson(keys: readonly string[], at: number, person: PersonName, nameLike: (i: number) => boolean): number {
  if (keys[at] !== person.family) return -1;
  let from = at;
  while (from > 0 && at - from < 4 && nameLike(from - 1)) from--;
  while (from < at && TITLES.has(keys[from]!)) from++;
  let next = 0;
  let matched = false;
  let initials = 0;
  for (let i = from; i < at; i++) {
    const key = keys[i]!;
    let found = -1;
    for (let j = next; j < person.given.length && found < 0; j++) if (sameGiven(key, person.given[j]!)) found = j;
    if (found >= 0) next = found + 1;
    else if (spellsInitials(key, person.given, next)) next += key.length;
    // An initial the gold does not have ("H. W." folds to "hw") is another person.
    else if (key.length === 1 || (key.length <= 3 && !/[aeiouy]/.test(key))) return -1;
    else continue;
    if (key.length === 1) initials++;
    matched = true;
  }
  if (!matched) return -1;
  const goldInitials = person.given.filter((g) => g.initial).length;
  return initials > 0 && goldInitials > 0 && initials < goldInitials ? -1 : from;
}
