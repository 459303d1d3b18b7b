// The report page: one self-contained HTML file. uPlot's script and styles (read from the
// installed package), our styles, the page script and the data are all inlined; fonts are the
// system's, so the page loads nothing from anywhere and opens from disk offline.
import { ValidationError } from '../../errors.js';
import { decodeJson, encodeJson, escapeHtml, inlineScript, uplotAssets } from '../page.js';
import { renderText } from './layout.js';
import type { ReportData } from './types.js';
import { viewer } from './viewer.js';

export { escapeHtml, uplotAssets };

/**
 * The data as it is embedded: gzipped JSON in base64. Traces are repetitive text, so this is
 * several times smaller than the JSON, which is what the browser must read before the first paint;
 * and base64 holds no `<`, so no response can end the element it sits in.
 */
export function encodeReportData(data: ReportData): string {
  return encodeJson(data);
}

/** Reads the data back out of a report page written by `renderReportHtml`. */
export function readReportData(html: string): ReportData {
  const m = /<script type="application\/octet-stream" id="report-data" data-encoding="gzip\+base64">([A-Za-z0-9+/=]*)<\/script>/.exec(html);
  if (m === null) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['html'], code: 'invalid_format', message: 'not a longtrace-reward report: no embedded report data' }]);
  }
  return decodeJson(m[1]!) as ReportData;
}

// Twelve entity colours, light enough to read black text on; the legend uses the same classes.
const PALETTE = ['#ffd8a8', '#a5d8ff', '#b2f2bb', '#fcc2d7', '#d0bfff', '#ffec99', '#99e9f2', '#ffc9c9', '#c0eb75', '#eebefa', '#dee2e6', '#96f2d7'];

const STYLE = `
:root { color-scheme: light; --fg: #1d2127; --dim: #8a9099; --line: #dde1e6; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif; color: var(--fg); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 16px; }
header.top h1 { font-size: 17px; margin: 0 0 2px; }
#meta, .small { color: #555; font-size: 12px; }
.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 6px; }
.filters select, .filters input { font: inherit; padding: 2px 6px; }
.filters input { min-width: 260px; }
#summary { display: flex; flex-wrap: wrap; gap: 12px; padding: 12px 16px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-width: 300px; }
figcaption { font-weight: 600; font-size: 12px; margin-bottom: 4px; }
.missed-table { border-collapse: collapse; font-size: 12px; }
.missed-table td, .missed-table th { padding: 1px 8px 1px 0; text-align: left; }
main { padding: 0 16px 40px; }
article.rollout { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 10px 0; content-visibility: auto; contain-intrinsic-size: auto 400px; }
article.rollout > header { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.badge { border-radius: 4px; padding: 0 6px; font-size: 12px; background: #eee; }
.badge.ok, td.ok { background: #d3f9d8; } .badge.bad, td.bad { background: #ffe3e3; } .badge.gated { background: #343a40; color: #fff; }
.num { font-variant-numeric: tabular-nums; color: #333; margin-left: 6px; }
.pos { color: #2b8a3e; } .neg { color: #c92a2a; }
.label { color: var(--dim); font-size: 12px; }
.question, .verdict, .missed, .error { margin-top: 4px; }
.error { color: #c92a2a; }
.answer { outline: 2px solid #e8590c; border-radius: 3px; padding: 0 2px; }
ol.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; }
ol.legend li.miss mark { text-decoration: line-through; opacity: .6; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 8px; padding: 8px; background: #fbfbfc; border: 1px solid #eef0f2; border-radius: 4px; font: 13px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; max-height: 70vh; overflow-y: auto; }
mark { border-radius: 2px; padding: 0; color: inherit; }
${PALETTE.map((c, i) => `mark.c${i} { background: ${c}; }`).join('\n')}
.seg.u1 { color: var(--dim); background: repeating-linear-gradient(135deg, #f1f3f5, #f1f3f5 6px, #e9ecef 6px, #e9ecef 12px); display: inline; }
.seg.u1::before { content: "[not counted: retrieved documents / tool output] "; font-style: italic; color: #adb5bd; }
.seg.u2 { color: var(--dim); }
button.unfold { font: 12px system-ui, sans-serif; margin: 2px 0; cursor: pointer; border: 1px dashed #adb5bd; background: #fff; border-radius: 4px; }
details.aside { color: var(--dim); margin: 6px 0; white-space: normal; }
details.aside .aside-text { white-space: pre-wrap; }
section.group { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
section.group h2 { font-size: 14px; margin: 0 0 6px; }
table.strip { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; margin-bottom: 6px; }
table.strip th { text-align: left; padding-right: 10px; color: var(--dim); font-weight: normal; }
table.strip td { padding: 1px 8px; border: 1px solid #f1f3f5; text-align: right; }
.side-by-side { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(380px, 1fr); gap: 10px; overflow-x: auto; }
.side-by-side article.rollout { margin: 0; }
.side-by-side .text { max-height: 50vh; }
.docbar { display: flex; height: 14px; border: 1px solid #ccc; border-radius: 3px; overflow: hidden; margin-top: 2px; }
.docbar .doc { height: 100%; border-right: 1px solid #fff; min-width: 1px; }
#more { color: var(--dim); text-align: center; padding: 20px; }
`;

/** The whole report page for `data`. */
export function renderReportHtml(data: ReportData): string {
  const { js, css } = uplotAssets();
  // esbuild's keepNames (tsx, vitest) wraps inner functions in __name(); define it for the page.
  const boot = `var __name = function (f) { return f; };\n(${viewer.toString()})(${renderText.toString()}, window.uPlot).catch(function (e) {
  document.getElementById('more').textContent = 'This report could not be read: ' + e;
  throw e;
});`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="longtrace-reward report">
<title>${escapeHtml(data.title)}</title>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
<h1 id="title">${escapeHtml(data.title)}</h1>
<div id="meta"></div>
<div class="filters">
<label>show <select id="f-show"><option value="all">all</option><option value="wrong">wrong</option><option value="correct">correct</option><option value="gated">gated</option><option value="undecided">undecided</option><option value="failed">failed rows</option></select></label>
<label>verdict method <select id="f-method"><option value="">any</option></select></label>
<label>group <select id="f-group"><option value="">any</option></select></label>
<input id="f-search" type="search" placeholder="search text, ids, answers, entities" aria-label="search">
<span id="count" class="small"></span>
</div>
</header>
<section id="summary" aria-label="summary"></section>
<main id="rows"></main>
<div id="more"></div>
<script type="application/octet-stream" id="report-data" data-encoding="gzip+base64">${encodeReportData(data)}</script>
<script>${inlineScript(js)}</script>
<script>${inlineScript(boot)}</script>
</body>
</html>
`;
}
