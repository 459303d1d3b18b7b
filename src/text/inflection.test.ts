import { describe, expect, it } from 'vitest';
import { numberVariants } from './inflection.js';

describe('numberVariants', () => {
  it.each<[string, string[]]>([
    ['giraffe', ['giraffes']],
    ['giraffes', ['giraffe']],
    ['insect', ['insects']],
    ['sign', ['signs']],
    ['election', ['elections']],
    ['city', ['cities']],
    ['cities', ['citie', 'city']],
    ['boy', ['boys']],
    ['box', ['boxes']],
    ['boxes', ['boxe', 'box']],
    ['church', ['churches']],
    ['glass', ['glasses']],
    ['virus', ['viruses']],
    ['analysis', ['analysises']],
    // too short, or not plain a–z: left alone
    ['ox', []],
    ['gas', []],
    ['café', []],
    ['b52', []],
  ])('%s → %j', (word, expected) => {
    expect(numberVariants(word)).toEqual(expected);
  });
});
