// Word tables of the text layer: number words, scales, units, months and abbreviations.
// Keys are folded (lower-case, accent-free) token keys.

/** Cardinal number words below one hundred. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6],
  ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12],
  ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16], ['seventeen', 17],
  ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40],
  ['fourty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
]);

/** Words that multiply what comes before them ("1.5 million", "two hundred"). */
export const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['hundred', 100], ['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12],
  ['mln', 1e6], ['mn', 1e6], ['bn', 1e9], ['tn', 1e12],
]);

/** Suffixes glued to digits that mean a scale ("5k", "3bn"); `m` is metres, not millions. */
export const SCALE_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['k', 1e3], ['bn', 1e9], ['mn', 1e6], ['mln', 1e6],
]);

/** Unit words and symbols after a number, mapped to one canonical unit. */
export const UNITS: ReadonlyMap<string, string> = new Map([
  ...aliases('%', ['%', 'percent', 'pct', 'percentage']),
  ...aliases('km', ['km', 'kms', 'kilometre', 'kilometres', 'kilometer', 'kilometers']),
  ...aliases('m', ['m', 'metre', 'metres', 'meter', 'meters']),
  ...aliases('cm', ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters']),
  ...aliases('mm', ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters']),
  ...aliases('mi', ['mi', 'mile', 'miles']),
  ...aliases('ft', ['ft', 'foot', 'feet']),
  ...aliases('yd', ['yd', 'yds', 'yard', 'yards']),
  ...aliases('inch', ['inch', 'inches']),
  ...aliases('kg', ['kg', 'kgs', 'kilogram', 'kilograms', 'kilo', 'kilos']),
  ...aliases('g', ['g', 'gram', 'grams']),
  ...aliases('lb', ['lb', 'lbs']),
  ...aliases('t', ['tonne', 'tonnes', 'ton', 'tons']),
  ...aliases('l', ['l', 'litre', 'litres', 'liter', 'liters']),
  ...aliases('ha', ['ha', 'hectare', 'hectares']),
  ...aliases('acre', ['acre', 'acres']),
  ...aliases('mph', ['mph']),
  ...aliases('kmh', ['kmh', 'kph']),
  ...aliases('usd', ['$', 'usd', 'dollar', 'dollars']),
  ...aliases('eur', ['€', 'eur', 'euro', 'euros']),
  ...aliases('gbp', ['£', 'gbp', 'sterling']),
  ...aliases('jpy', ['¥', 'jpy', 'yen']),
  ...aliases('inr', ['₹', 'inr', 'rupee', 'rupees']),
  ...aliases('s', ['s', 'sec', 'secs', 'second', 'seconds']),
  ...aliases('min', ['min', 'mins', 'minute', 'minutes']),
  ...aliases('h', ['h', 'hr', 'hrs', 'hour', 'hours']),
  ...aliases('day', ['day', 'days']),
  ...aliases('week', ['week', 'weeks']),
  ...aliases('month', ['month', 'months']),
  ...aliases('year', ['year', 'years', 'yr', 'yrs']),
  ...aliases('decade', ['decade', 'decades']),
  ...aliases('century', ['century', 'centuries']),
  ...aliases('c', ['celsius', 'centigrade']),
  ...aliases('f', ['fahrenheit']),
]);

/** Units that may be glued to digits ("5km", "10kg"); not `s`, so "1990s" stays a decade. */
export const GLUED_UNITS: ReadonlySet<string> = new Set([
  'km', 'kms', 'm', 'cm', 'mm', 'mi', 'ft', 'yd', 'kg', 'kgs', 'g', 'lb', 'lbs', 'l', 'ha', 'mph',
  'kmh', 'kph', 'h', 'hr', 'hrs', 'min', 'mins', 'sec', 'secs',
]);

/** Currency symbols that stand before a number ("$5"). */
export const CURRENCY_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['$', 'usd'], ['€', 'eur'], ['£', 'gbp'], ['¥', 'jpy'], ['₹', 'inr'],
]);

/** Month names and their usual abbreviations, to month numbers. */
export const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3],
  ['april', 4], ['apr', 4], ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7],
  ['august', 8], ['aug', 8], ['september', 9], ['sep', 9], ['sept', 9], ['october', 10],
  ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);

/** Days in each month, February with the 29th (a date without a year may be a leap day). */
export const DAYS_IN_MONTH: readonly number[] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Abbreviations that equal their long form (St. = Saint). The long form is the key, so both
 * spellings meet in the matcher and the verifier. "St" is read as Saint, not Street: in entity
 * names (St. Petersburg, St. Louis) that is by far the common reading.
 */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'], ['ste', 'sainte'], ['mt', 'mount'], ['mtn', 'mountain'], ['ft', 'fort'],
  ['dr', 'doctor'], ['jr', 'junior'], ['sr', 'senior'], ['gen', 'general'], ['gov', 'governor'],
  ['pres', 'president'], ['prof', 'professor'], ['sen', 'senator'], ['capt', 'captain'],
  ['col', 'colonel'], ['lt', 'lieutenant'], ['sgt', 'sergeant'], ['adm', 'admiral'],
  ['univ', 'university'], ['inst', 'institute'], ['intl', 'international'], ['natl', 'national'],
  ['dept', 'department'], ['corp', 'corporation'], ['inc', 'incorporated'], ['ltd', 'limited'],
  ['bros', 'brothers'], ['ave', 'avenue'], ['blvd', 'boulevard'], ['vs', 'versus'],
  ['mr', 'mister'], ['assn', 'association'],
]);

/** Leading articles that may be dropped when comparing names ("The Beatles" = "Beatles"). */
export const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);

function aliases(canonical: string, words: string[]): [string, string][] {
  return words.map((w) => [w, canonical]);
}

/**
 * The heads of a name that are also written as a longer compound naming the same thing: "Yaquina
 * Bay Light" is "Yaquina Bay Lighthouse". Only these extend: a head is never read as the prefix of
 * any longer word ("Sea" is not "Seattle", "Port" not "Portland").
 */
export const HEAD_COMPOUNDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['light', ['lighthouse']],
  ['lighthouse', ['light']],
]);

