// What both report pages (the reward report and the data report) share: uPlot's assets read from
// the installed package, HTML escaping, inlining a script safely, and the gzip+base64 encoding of
// the embedded data. A page loads nothing from anywhere: everything it needs is inlined.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';

let uplot: { js: string; css: string } | undefined;

/** uPlot's minified script and stylesheet, read once from the installed `uplot` package. */
export function uplotAssets(): { js: string; css: string } {
  if (uplot === undefined) {
    const require = createRequire(import.meta.url);
    uplot = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return uplot;
}

/** Escapes text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `</script` or `<!--` inside inlined code would end or confuse its element; escape them (the same in JS). */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * A value as it is embedded in a page: gzipped JSON in base64. Base64 holds no `<`, so no text in
 * the data can end the element it sits in, and gzip makes repetitive text several times smaller.
 */
export function encodeJson(value: unknown): string {
  return gzipSync(JSON.stringify(value), { level: 6 }).toString('base64');
}

/** The inverse of {@link encodeJson}. */
export function decodeJson(base64: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8'));
}
