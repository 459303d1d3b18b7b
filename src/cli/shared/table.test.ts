import { describe, expect, it } from 'vitest';
import { renderTable, textWidth, truncate, wrap } from './table.js';

describe('text layout', () => {
  it('measures terminal columns: colour codes take none, CJK characters two', () => {
    expect(textWidth('\u001b[32mok\u001b[39m')).toBe(2);
    expect(textWidth('北京')).toBe(4);
    expect(textWidth('Köln')).toBe(4);
  });

  it('truncates to a width with an ellipsis', () => {
    expect(truncate('Cologne lies on the Rhine', 10)).toBe('Cologne l…');
    expect(truncate('Cologne lies', 9)).toBe('Cologne…'); // no space before the ellipsis
    expect(truncate('short', 10)).toBe('short');
    expect(textWidth(truncate('长城所在国家的首都', 7))).toBeLessThanOrEqual(7);
  });

  it('aligns columns without trailing spaces', () => {
    expect(renderTable([['a', '1', 'x'], ['longer', '22', '']], { align: ['left', 'right', 'left'] })).toBe('  a        1  x\n  longer  22');
    expect(renderTable([['北京', 'x'], ['ab', 'y']])).toBe('  北京  x\n  ab    y');
  });

  it('wraps at spaces with the given indents', () => {
    expect(wrap('one two three four', 10, '> ', '  ')).toBe('> one two\n  three\n  four');
  });
});
