import { describe, expect, it } from 'vitest';
import { GOLD_VARIANTS, writtenVariants } from './gold-variants.js';

const generator = (name: string) => GOLD_VARIANTS.find((g) => g.name === name)!;

describe('gold variants, one generator at a time', () => {
  it.each<{ name: string; alias: string; variants: string[] }>([
    { name: 'era', alias: '691 CE', variants: ['691 AD'] },
    { name: 'era', alias: '500 BCE', variants: ['500 BC'] },
    { name: 'era', alias: 'Paris', variants: [] },
    { name: 'year-range', alias: '1951–52', variants: ['1951–1952'] },
    { name: 'year-range', alias: '2001-05', variants: [] },
    { name: 'ordinal', alias: 'fourth season', variants: ['4th season'] },
    { name: 'ordinal', alias: '3rd Reich', variants: ['third Reich'] },
    { name: 'closing-number', alias: 'Article Two', variants: ['Article II', 'Article 2'] },
    { name: 'closing-number', alias: 'Mary II', variants: ['Mary 2'] },
    { name: 'closing-number', alias: 'Malcolm X', variants: [] },
    { name: 'blood-group', alias: 'A+', variants: ['A positive'] },
    { name: 'blood-group', alias: 'AB-', variants: ['AB negative'] },
    { name: 'last-word-number', alias: 'red blood cells', variants: ['red blood cell'] },
    { name: 'last-word-number', alias: 'cell', variants: ['cells'] },
    { name: 'last-word-number', alias: 'a week', variants: [] },
    { name: 'last-word-number', alias: 'News', variants: [] },
  ])('$name: $alias → $variants', ({ name, alias, variants }) => {
    expect(generator(name).variants(alias)).toEqual(variants);
  });

  it('writtenVariants is every generator in list order', () => {
    expect(GOLD_VARIANTS.map((g) => g.name)).toEqual(['era', 'year-range', 'ordinal', 'closing-number', 'blood-group', 'last-word-number']);
    // An ordinal and a last word that takes a plural: both, the ordinal first.
    expect(writtenVariants('fourth season')).toEqual(['4th season', 'fourth seasons']);
    expect(writtenVariants('Article Two')).toEqual(['Article II', 'Article 2', 'Article Twos']);
  });
});
