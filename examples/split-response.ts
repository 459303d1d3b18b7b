import assert from 'node:assert/strict';
import { spanText, splitResponse } from '../src/index.js';

const text = '<think>Search first.</think><search>capital of France</search>' +
  '<information>Paris is the capital of France.</information>\n\nParis<|im_end|>';
const { reasoning, content, final } = splitResponse(text);

assert.equal(spanText(text, reasoning), 'Search first.');
// The search query is the model's own words and stays; the retrieved document does not.
assert.deepEqual(content.map((s) => text.slice(s.start, s.end).trim()), ['capital of France', 'Paris']);
assert.equal(text.slice(final!.start, final!.end), 'Paris');
// Keep everything: no excluded blocks, no tool calls.
assert.equal(spanText(text, splitResponse(text, { exclude: false, toolCalls: false }).content).includes('Paris is'), true);
