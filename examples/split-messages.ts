import assert from 'node:assert/strict';
import { splitMessages } from '../src/index.js';

const { text, reasoning, final } = splitMessages([
  { role: 'user', content: 'Capital of France?' },
  { role: 'assistant', reasoning_content: 'It is Paris.', content: 'Paris' },
]);

assert.equal(text, 'It is Paris.\n\nParis'); // the assistant's words only
assert.deepEqual(reasoning, [{ start: 0, end: 12 }]);
assert.equal(text.slice(final!.start, final!.end), 'Paris');
