import { describe, expect, it } from 'vitest';
import { compileAliases, hashKey, letterMask, maxDistanceFor, textKeys, type AliasOutput, type TrieNode } from './alias-trie.js';
import { normalizeEntities } from './normalize-entities.js';
import { tokenize } from '../text/index.js';
import type { GoldEntity } from './types.js';

function compile(entities: GoldEntity[], acronymCase = true) {
  return compileAliases(normalizeEntities(entities), { acronymCase });
}

/** Every key path of the trie that ends an alias, as `key key … → alias`. */
function paths(node: TrieNode, prefix: string[] = []): string[] {
  const out = (node.out ?? []).map((o: AliasOutput) => `${prefix.join(' ')} → ${o.alias}${o.caseSensitive ? ' (case)' : ''}`);
  for (const [key, child] of node.next ?? []) out.push(...paths(child, [...prefix, key]));
  return out;
}

describe('maxDistanceFor', () => {
  it.each([
    [1, 0], [4, 0], [6, 0], [7, 1], [10, 1], [11, 2], [19, 2], [20, 3], [40, 3],
  ])('a word of %i letters may be off by %i', (length, bound) => {
    expect(maxDistanceFor(length)).toBe(bound);
  });
});

describe('compileAliases', () => {
  it.each<{ entities: GoldEntity[]; expected: string[] }>([
    { entities: ['Paris'], expected: ['paris → Paris'] },
    // a capitalised last word also takes its plural by -s (issue 25), an ordinal only an ordinal
    { entities: ['Giraffe'], expected: ['giraffe → Giraffe', 'giraffes → Giraffe'] },
    { entities: ['12th'], expected: ['n:12#th → 12th'] },
    { entities: ['Yaquina Bay Light'], expected: ['yaquina bay light → Yaquina Bay Light', 'yaquina bay lights → Yaquina Bay Light', 'yaquina bay lighthouse → Yaquina Bay Light', 'yaquina bay lighthouses → Yaquina Bay Light'] },
    // a leading article is dropped, unless nothing else is left
    { entities: ['The Beatles'], expected: ['beatles → The Beatles'] },
    { entities: ['The The'], expected: ['the the → The The'] },
    { entities: ['The'], expected: ['the → The'] },
    // short all-caps names must be written in capitals
    { entities: ['WHO', 'Who'], expected: ['who → WHO (case)', 'who → Who', 'whos → Who'] },
    { entities: ['U.S.'], expected: ['us → U.S. (case)'] },
    { entities: ['UNESCO'], expected: ['unesco → UNESCO'] },
    // a number with a unit also takes a bare number in the text
    { entities: ['5 km'], expected: ['n:5|km → 5 km', 'n:5|? → 5 km'] },
    { entities: ['March 14, 1879'], expected: ['d:1879-03-14 → March 14, 1879'] },
    { entities: [{ name: 'Cologne', aliases: ['Köln'] }], expected: ['cologne → Cologne', 'colognes → Cologne', 'koln → Köln', 'kolns → Köln'] },
  ])('$entities', ({ entities, expected }) => {
    expect(paths(compile(entities).root)).toEqual(expected);
  });

  it('turns acronym case off on request', () => {
    expect(paths(compile(['WHO'], false).root)).toEqual(['who → WHO']);
  });

  it.each<{ entities: GoldEntity[]; numeric: boolean }>([
    { entities: ['Paris'], numeric: false },
    { entities: ['1879'], numeric: true },
    { entities: ['forty-two'], numeric: true },
    { entities: ['March 1879'], numeric: true },
    { entities: ['World War 2'], numeric: false },
  ])('numeric: $entities → $numeric', ({ entities, numeric }) => {
    expect(compile(entities).numeric).toBe(numeric);
  });

  it('collects the start hashes of word aliases, with the short forms of abbreviations', () => {
    const { startHashes } = compile(['Saint Louis', 'Mount Everest', '1879']);
    for (const word of ['saint', 'st', 'mount', 'mt']) expect(startHashes.has(hashKey(word)), word).toBe(true);
    expect(startHashes.has(hashKey('louis'))).toBe(false);
    expect(startHashes.size).toBe(4);
  });

  it('keeps the longest alias in tokens', () => {
    expect(compile(['Paris', { name: 'NYC', aliases: ['New York City'] }]).maxTokens).toBe(3);
  });

  it('lists the aliases long enough for typos', () => {
    const { fuzzy, fuzzyExactFirst } = compile(['Paris', 'Tchaikovsky', 'Pyotr Tchaikovsky', '1879', 'Dostoevsky 1879']);
    expect(fuzzy.map((f) => [f.alias, f.bounds])).toEqual([['Tchaikovsky', [2]], ['Pyotr Tchaikovsky', [0, 2]]]);
    expect([...fuzzyExactFirst]).toEqual(['pyotr']);
    expect(fuzzy[0]!.mask).toBe(letterMask('tchaikovsky'));
  });
});

describe('hashKey', () => {
  it('is the rolling hash the fast scan computes over folded char codes', () => {
    let h = 0;
    for (const c of 'tchaikovsky') h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
    expect(hashKey('tchaikovsky')).toBe(h);
    // a single BMP character hashes to its code, which the scan of CJK relies on
    expect(hashKey('東')).toBe('東'.charCodeAt(0));
  });
});

describe('textKeys', () => {
  it.each([
    { text: '5 km', keys: ['n:5|km', 'n:5'] },
    { text: '5', keys: ['n:5', 'n:5|?'] },
    { text: 'March 14, 1879', keys: ['d:1879-03-14', 'd:1879-03', 'd:--03-14', 'n:1879'] },
    { text: 'Paris', keys: ['paris'] },
  ])('$text', ({ text, keys }) => {
    expect(textKeys(tokenize(text)[0]!)).toEqual(keys);
  });
});

describe('letterMask', () => {
  it.each([
    ['abc', 0b111], ['zz', 1 << 25], ['a1b', 0b11], ['', 0],
  ])('%s', (key, mask) => {
    expect(letterMask(key)).toBe(mask);
  });
});
