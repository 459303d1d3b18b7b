import { describe, expect, it } from 'vitest';
import { readReportData, renderReportHtml, uplotAssets } from '../../src/report/index.js';
import { collect } from './helpers.js';

const HOSTILE = '</script><script>window.pwned=1</script><!-- <img src=x onerror=alert(1)> \u2028 & "\'';

describe('renderReportHtml', () => {
  const data = collect([
    JSON.stringify({ id: HOSTILE, group: HOSTILE, question: HOSTILE, response: `${HOSTILE} Rhine \\boxed{${HOSTILE}}`, answer: 'Rhine', entities: [HOSTILE, 'Rhine'] }),
  ]);
  data.title = HOSTILE;
  const html = renderReportHtml(data);

  it('a hostile response cannot add markup: the only script elements are the page\'s three', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(3);
    expect(html.match(/<\/script>/gi)).toHaveLength(3);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!-- <img');
    expect(html).toContain('<title>&lt;/script&gt;&lt;script&gt;window.pwned=1');
  });

  it('embeds the data (gzipped JSON in base64) so that it reads back whole', () => {
    expect(readReportData(html)).toEqual(JSON.parse(JSON.stringify(data)));
    expect(() => readReportData('<html></html>')).toThrow(/not a longtrace-reward report/);
  });

  it('the page script parses as JavaScript (the browser tests run it; this holds without a browser too)', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    for (const code of scripts) expect(() => new Function(code)).not.toThrow();
    expect(scripts[1]).toContain('DecompressionStream');
  });

  it('is self-contained: uPlot inlined, nothing loaded from elsewhere', () => {
    expect(html).toContain(uplotAssets().js.slice(0, 200));
    expect(html).toContain('.uplot');
    expect(html).not.toMatch(/<(script|link|img|iframe)\s[^>]*\b(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
  });
});
