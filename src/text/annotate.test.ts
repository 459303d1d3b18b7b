import { describe, expect, it } from 'vitest';
import { annotate, dateKey } from './annotate.js';
import { scan } from './scan.js';
import { F_ABBR, F_UPPER, type Token } from './token.js';

function tokens(text: string): Token[] {
  return annotate(scan(text), text);
}

/** Tokens as `source=key|unit`, so a row shows what was merged and what it means. */
function shown(text: string): string[] {
  return tokens(text).map((t) => `${text.slice(t.start, t.end)}=${t.key}${t.unit === undefined ? '' : `|${t.unit}`}`);
}

describe('numbers', () => {
  it.each([
    { text: '1,500,000', expected: ['1,500,000=n:1500000'] },
    { text: '1.5 million', expected: ['1.5 million=n:1500000'] },
    { text: 'one and a half million', expected: ['one and a half million=n:1500000'] },
    { text: 'a million', expected: ['a million=n:1000000'] },
    { text: '2.3 billion', expected: ['2.3 billion=n:2300000000'] },
    { text: '3bn', expected: ['3bn=n:3000000000'] },
    { text: '5k', expected: ['5k=n:5000'] },
    { text: 'forty-two', expected: ['forty-two=n:42'] },
    { text: 'forty two', expected: ['forty two=n:42'] },
    { text: 'twelve', expected: ['twelve=n:12'] },
    { text: 'ninety-nine', expected: ['ninety-nine=n:99'] },
    { text: 'one hundred and five', expected: ['one hundred and five=n:105'] },
    { text: 'two thousand and five', expected: ['two thousand and five=n:2005'] },
    { text: 'twenty one hundred', expected: ['twenty one hundred=n:2100'] },
    { text: 'one hundred and twenty-three thousand four hundred and fifty-six', expected: ['one hundred and twenty-three thousand four hundred and fifty-six=n:123456'] },
    // two numbers side by side stay two
    { text: 'one two', expected: ['one=n:1', 'two=n:2'] },
    { text: 'one hundred and five hundred', expected: ['one hundred and five=n:105', 'hundred=hundred'] },
    { text: 'twenty twenty', expected: ['twenty=n:20', 'twenty=n:20'] },
    // "and" joins only where English does
    { text: 'five and six', expected: ['five=n:5', 'and=and', 'six=n:6'] },
    // fractions: small, proper, slashed, unspaced
    { text: '1/2', expected: ['1/2=n:0.5'] },
    { text: '3/4', expected: ['3/4=n:0.75'] },
    { text: '5/2', expected: ['5=n:5', '2=n:2'] },
    { text: '1 / 2', expected: ['1=n:1', '2=n:2'] },
    { text: '24/7', expected: ['24=n:24', '7=n:7'] },
  ])('$text', ({ text, expected }) => {
    expect(shown(text)).toEqual(expected);
  });
});

describe('units after numbers', () => {
  it.each([
    { text: '45%', expected: ['45%=n:45|%'] },
    { text: '45 percent', expected: ['45 percent=n:45|%'] },
    { text: '45 per cent', expected: ['45 per cent=n:45|%'] },
    { text: '12.5%', expected: ['12.5%=n:12.5|%'] },
    { text: '7 km', expected: ['7 km=n:7|km'] },
    { text: '7km', expected: ['7km=n:7|km'] },
    { text: 'seven kilometres', expected: ['seven kilometres=n:7|km'] },
    { text: '7 kilometers', expected: ['7 kilometers=n:7|km'] },
    { text: '3 m', expected: ['3 m=n:3|m'] },
    { text: '3 metres', expected: ['3 metres=n:3|m'] },
    { text: '3.5kg', expected: ['3.5kg=n:3.5|kg'] },
    { text: '$5', expected: ['$5=n:5|usd'] },
    { text: '5 dollars', expected: ['5 dollars=n:5|usd'] },
    { text: '$1.5 million', expected: ['$1.5 million=n:1500000|usd'] },
    { text: '$5m', expected: ['$5m=n:5000000|usd'] },
    { text: '€20', expected: ['€20=n:20|eur'] },
    { text: '£3 billion', expected: ['£3 billion=n:3000000000|gbp'] },
    // a unit must follow the number: "km 7" is a word and a number
    { text: 'km 7', expected: ['km=km', '7=n:7'] },
    // a $ without a number is a symbol
    { text: '$ and', expected: ['$=$', 'and=and'] },
    // letters glued to digits belong with them, not with a date or a currency before
    { text: 'May 05km', expected: ['May=may', '05km=n:5|km'] },
    { text: '$5km', expected: ['$=$', '5km=n:5|km'] },
    { text: '1/2km', expected: ['1=n:1', '2km=n:2|km'] },
    { text: '5k&', expected: ['5k=n:5000', '&=and'] },
  ])('$text', ({ text, expected }) => {
    expect(shown(text)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    { text: 'March 14, 1879', key: 'd:1879-03-14' },
    { text: 'March 14 1879', key: 'd:1879-03-14' },
    { text: '14 March 1879', key: 'd:1879-03-14' },
    { text: '14 March, 1879', key: 'd:1879-03-14' },
    { text: '14th of March 1879', key: 'd:1879-03-14' },
    { text: '14th March 1879', key: 'd:1879-03-14' },
    { text: 'Mar. 14, 1879', key: 'd:1879-03-14' },
    { text: '1879-03-14', key: 'd:1879-03-14' },
    { text: '3/14/1879', key: 'd:1879-03-14' },
    { text: '14/3/1879', key: 'd:1879-03-14' }, // cannot be month/day: read day/month
    { text: 'March 1879', key: 'd:1879-03' },
    { text: 'March, 1879', key: 'd:1879-03' },
    { text: '14 March', key: 'd:--03-14' },
    { text: 'March 14', key: 'd:--03-14' },
    { text: 'Feb 29, 2000', key: 'd:2000-02-29' },
  ])('$text → $key', ({ text, key }) => {
    const all = tokens(text);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ key, kind: 'date', start: 0, end: text.length });
  });

  it.each([
    // a full date also answers to its month, its day of the year and its year
    { text: 'March 14, 1879', alts: ['d:1879-03', 'd:--03-14', 'n:1879'] },
    // a month of a year answers to its year, never to a full date
    { text: 'March 1879', alts: ['n:1879'] },
    { text: '14 March', alts: undefined },
    // an ambiguous slashed date answers to both readings
    { text: '3/4/1879', alts: ['d:1879-03', 'd:--03-04', 'n:1879', 'd:1879-04-03'] },
  ])('alternatives of $text', ({ text, alts }) => {
    expect(tokens(text)[0]!.alts).toEqual(alts);
  });

  it.each([
    // no such day
    { text: 'February 30, 1879', expected: ['February=february', '30=n:30', '1879=n:1879'] },
    { text: '1879-13-01', expected: ['1879=n:1879', '13=n:13', '01=n:1'] },
    // a year is three or four plain digits
    { text: 'March 14, 18790', expected: ['March 14=d:--03-14', '18790=n:18790'] },
    { text: 'March 1,879', expected: ['March=march', '1,879=n:1879'] },
    // a line break or sentence end does not join a date
    { text: 'March 14.\n1879', expected: ['March 14=d:--03-14', '1879=n:1879'] },
    // the modal verb is a month only before a day or a year
    { text: 'May I', expected: ['May=may', 'I=i'] },
  ])('not a (full) date: $text', ({ text, expected }) => {
    expect(shown(text)).toEqual(expected);
  });

  it.each([
    [1879, 3, 14, 'd:1879-03-14'], [1879, 3, undefined, 'd:1879-03'], [undefined, 3, 14, 'd:--03-14'], [33, 12, 25, 'd:0033-12-25'],
  ])('dateKey(%s, %s, %s) = %s', (year, month, day, key) => {
    expect(dateKey(year, month, day)).toBe(key);
  });
});

describe('dotted initials and acronyms', () => {
  it.each([
    { text: 'U.S.A.', expected: ['U.S.A.=usa'] },
    { text: 'U.S.A', expected: ['U.S.A=usa'] },
    { text: 'U.S. Army', expected: ['U.S.=us', 'Army=army'] },
    { text: 'J. R. R. Tolkien', expected: ['J. R. R.=jrr', 'Tolkien=tolkien'] },
    { text: 'J.R.R. Tolkien', expected: ['J.R.R.=jrr', 'Tolkien=tolkien'] },
    { text: 'C.F. Martin', expected: ['C.F.=cf', 'Martin=martin'] },
    { text: 'e.g. this', expected: ['e.g.=eg', 'this=this'] },
    // a chain is all spaced or all unspaced: the next sentence's "A" is not an initial
    { text: 'the U.S.A. J. R. R. Tolkien', expected: ['the=the', 'U.S.A.=usa', 'J. R. R.=jrr', 'Tolkien=tolkien'] },
    { text: 'Washington, D.C. A year later', expected: ['Washington=washington', 'D.C.=dc', 'A=a', 'year=year', 'later=later'] },
    // one initial stays a one-letter word
    { text: 'John F. Kennedy', expected: ['John=john', 'F=f', 'Kennedy=kennedy'] },
    { text: 'A. Smith', expected: ['A=a', 'Smith=smith'] },
    // a line break ends a chain
    { text: 'A.\nB.', expected: ['A=a', 'B=b'] },
  ])('$text', ({ text, expected }) => {
    expect(shown(text)).toEqual(expected);
  });

  it.each([
    { text: 'U.S.A.', upper: true },
    { text: 'u.s.a.', upper: false },
    { text: 'e.g.', upper: false },
  ])('$text is F_ABBR, upper: $upper', ({ text, upper }) => {
    const t = tokens(text)[0]!;
    expect(t.flags & F_ABBR).toBe(F_ABBR);
    expect((t.flags & F_UPPER) !== 0).toBe(upper);
  });

  it('does not look past `to` for a closing period', () => {
    const text = 'U.S. Army';
    const t = annotate(scan(text, 0, 3), text, 3);
    expect(t.map((x) => [x.key, x.end])).toEqual([['us', 3]]);
  });
});

describe('abbreviations', () => {
  it.each([
    { text: 'St. Louis', expected: ['St=saint', 'Louis=louis'] },
    { text: 'St Louis', expected: ['St=saint', 'Louis=louis'] },
    { text: 'Mt. Everest', expected: ['Mt=mount', 'Everest=everest'] },
    { text: 'Dr. Who', expected: ['Dr=doctor', 'Who=who'] },
    { text: 'Ft. Worth', expected: ['Ft=fort', 'Worth=worth'] },
    { text: 'Martin Luther King Jr.', expected: ['Martin=martin', 'Luther=luther', 'King=king', 'Jr=junior'] },
    // after a number, ft is feet
    { text: '6 ft', expected: ['6 ft=n:6|ft'] },
  ])('$text', ({ text, expected }) => {
    expect(shown(text)).toEqual(expected);
  });

  it('leaves the raw tokens as they were, so a window may be annotated again as it grows', () => {
    const text = 'St. Louis, J. Smith and 5 km';
    const raw = scan(text);
    const copy = structuredClone(raw);
    const first = annotate(raw, text);
    expect(raw).toEqual(copy);
    expect(annotate(raw, text)).toEqual(first);
  });

  it('marks an abbreviation so that its period does not end a sentence', () => {
    const [st] = tokens('St. Louis');
    expect(st!.flags & F_ABBR).toBe(F_ABBR);
    expect(st!.norm).toBe('st');
  });
});
