// The data report page: one self-contained HTML file. uPlot, our styles, the page script, the index
// and the encoded parts are all inlined; the page loads nothing from anywhere and opens offline.
import { ValidationError } from '../../errors.js';
import { openOutputFile } from '../../io/index.js';
import { decodeJson, encodeJson, escapeHtml, inlineScript, uplotAssets } from '../page.js';
import { renderText } from '../rollouts/layout.js';
import type { DataDoc, DataReportData, DataReportIndex, DataRowBody } from './types.js';
import { dataViewer } from './viewer.js';

// The entity colours of the reward report, so a chain reads the same on both pages.
const PALETTE = ['#ffd8a8', '#a5d8ff', '#b2f2bb', '#fcc2d7', '#d0bfff', '#ffec99', '#99e9f2', '#ffc9c9', '#c0eb75', '#eebefa', '#dee2e6', '#96f2d7'];
const TIER_COLORS: Record<string, [string, string]> = {
  gold: ['#e03131', '#fff5f5'], tier1: ['#f08c00', '#fff9db'], tier2: ['#1098ad', '#f1fbfc'], pool: ['#adb5bd', '#ffffff'], unknown: ['#dee2e6', '#ffffff'],
};

const STYLE = `
:root { color-scheme: light; --fg: #1d2127; --dim: #8a9099; --line: #dde1e6; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif; color: var(--fg); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 16px; }
header.top h1 { font-size: 17px; margin: 0 0 2px; }
#meta, .small { color: #555; font-size: 12px; }
.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 6px; }
.filters select, .filters input { font: inherit; padding: 2px 6px; max-width: 260px; }
.filters input { min-width: 260px; }
.legend-tiers { display: inline-flex; gap: 10px; font-size: 12px; margin-left: 8px; }
#summary { display: flex; flex-wrap: wrap; gap: 12px; padding: 12px 16px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-width: 250px; }
figcaption { font-weight: 600; font-size: 12px; margin-bottom: 2px; }
figure.chart .small { max-width: 330px; }
table.top { border-collapse: collapse; font-size: 12px; }
table.top td, table.top th { padding: 1px 10px 1px 0; text-align: left; max-width: 320px; overflow-wrap: anywhere; }
table.top td.n { text-align: right; font-variant-numeric: tabular-nums; }
main { padding: 0 16px 40px; }
article.row { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 10px 0; content-visibility: auto; contain-intrinsic-size: auto 600px; }
article.row > header { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.badge { border-radius: 4px; padding: 0 6px; font-size: 12px; background: #eee; }
.num { font-variant-numeric: tabular-nums; color: #333; margin-left: 6px; font-size: 12px; }
.label { color: var(--dim); font-size: 12px; }
.question, .answer-line, .chain { margin-top: 4px; }
.chain .rel { color: #555; font-size: 12px; }
mark { border-radius: 2px; padding: 0; color: inherit; }
${PALETTE.map((c, i) => `mark.c${i} { background: ${c}; }`).join('\n')}
mark.dot { font-size: 11px; padding: 0 4px; }
.docbar { display: flex; height: 16px; border: 1px solid #ccc; border-radius: 3px; overflow: hidden; margin: 8px 0 4px; }
.docbar .seg { height: 100%; min-width: 1px; border-right: 1px solid rgba(255,255,255,.7); }
.docbar .seg.marked { box-shadow: inset 0 -4px 0 #1d2127; }
${Object.keys(TIER_COLORS).map((t) => `.docbar .seg.t-${t} { background: ${TIER_COLORS[t]![0]}; }`).join('\n')}
.head-text { color: var(--dim); font-size: 12px; white-space: pre-wrap; margin: 4px 0; }
details.doc { border-left: 5px solid #ccc; margin: 3px 0; border-radius: 3px; }
${Object.keys(TIER_COLORS).map((t) => `details.doc.t-${t} { border-left-color: ${TIER_COLORS[t]![0]}; background: ${TIER_COLORS[t]![1]}; }`).join('\n')}
details.doc > summary { cursor: pointer; padding: 2px 8px; font-size: 13px; list-style-position: inside; }
details.doc > summary .pos { color: var(--dim); font-variant-numeric: tabular-nums; }
span.tier { border-radius: 3px; padding: 0 5px; font-size: 11px; color: #fff; }
${Object.keys(TIER_COLORS).map((t) => `span.tier.t-${t} { background: ${TIER_COLORS[t]![0]}; }`).join('\n')}
span.tier.t-pool, span.tier.t-unknown { color: #333; }
details.doc .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 8px 6px; padding: 6px 8px; background: #fff; border: 1px solid #eef0f2; border-radius: 4px; font: 13px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; max-height: 50vh; overflow-y: auto; }
table.tierbars { border-collapse: collapse; font-size: 12px; margin-top: 8px; }
table.tierbars td, table.tierbars th { padding: 3px 8px 3px 0; text-align: left; font-weight: normal; color: #555; }
table.tierbars td.n { text-align: right; font-variant-numeric: tabular-nums; color: var(--fg); }
table.tierbars .bar { display: inline-block; height: 14px; border-radius: 2px; vertical-align: middle; }
${Object.keys(TIER_COLORS).map((t) => `table.tierbars .bar.t-${t} { background: ${TIER_COLORS[t]![0]}; }`).join('\n')}
#more { color: var(--dim); text-align: center; padding: 20px; }
`;

/** The page's pieces in order (the HTML is their concatenation): written one by one, a big page is never one string. */
export function* dataReportPieces(data: DataReportData): Generator<string> {
  const { js, css } = uplotAssets();
  // esbuild's keepNames (tsx, vitest) wraps inner functions in __name(); define it for the page.
  const boot = `var __name = function (f) { return f; };\n(${dataViewer.toString()})(${renderText.toString()}, window.uPlot).catch(function (e) {
  document.getElementById('more').textContent = 'This report could not be read: ' + e;
  throw e;
});`;
  const title = escapeHtml(data.index.title);
  const tiers = Object.keys(TIER_COLORS).filter((t) => t !== 'unknown')
    .map((t) => `<span><span class="tier t-${t}">${t}</span></span>`).join('');
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="longtrace-reward data report">
<title>${title}</title>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
<h1 id="title">${title}</h1>
<div id="meta"></div>
<div class="filters">
<label>tier source <select id="f-source"><option value="">any</option></select></label>
<label>hops <select id="f-hops"><option value="">any</option></select></label>
<label>answer <select id="f-answer"><option value="">any</option></select></label>
<input id="f-search" type="search" placeholder="search questions, answers, ids, chain entities, relations" aria-label="search">
<span id="count" class="small"></span>
<span class="legend-tiers">${tiers}</span>
</div>
</header>
<section id="summary" aria-label="summary"></section>
<main id="rows"></main>
<div id="more"></div>
<script type="application/octet-stream" id="data-index" data-encoding="gzip+base64">${encodeJson(data.index)}</script>
<script>${inlineScript(js)}</script>
<script>${inlineScript(boot)}</script>`;
  // The parts after the script: it starts (header, first rows) before a big file is read to the end.
  const next = { rows: 0, docs: 0 };
  for (const kind of data.sequence) {
    const i = next[kind]++;
    const part = kind === 'rows' ? data.rowParts[i] : data.docParts[i];
    yield `<script type="application/octet-stream" data-${kind}-part="${i}" data-encoding="gzip+base64">${part ?? ''}</script>`;
  }
  yield `<template id="parts-end"></template>
</body>
</html>`;
}

/** The whole data report page for `data`, as one string (tests, small sets; `writeDataReport` streams). */
export function renderDataReportHtml(data: DataReportData): string {
  return [...dataReportPieces(data)].join('\n') + '\n';
}

/** Writes the data report page to `file` piece by piece through a partial file renamed when complete; resolves with its size in bytes. */
export async function writeDataReport(file: string, data: DataReportData): Promise<number> {
  const out = await openOutputFile(file);
  let bytes = 0;
  try {
    for (const piece of dataReportPieces(data)) {
      bytes += Buffer.byteLength(piece, 'utf8') + 1;
      await out.write([piece]);
    }
    await out.commit();
  } finally {
    await out.close();
  }
  return bytes;
}

const PART = /<script type="application\/octet-stream" (id="data-index"|data-rows-part="\d+"|data-docs-part="\d+") data-encoding="gzip\+base64">([A-Za-z0-9+/=]*)<\/script>/g;

/** Reads the index, the row bodies and the documents back out of a page written by `renderDataReportHtml`. */
export function readDataReport(html: string): { index: DataReportIndex; bodies: DataRowBody[]; docs: DataDoc[] } {
  let index: DataReportIndex | undefined;
  const bodies: DataRowBody[] = [];
  const docs: DataDoc[] = [];
  for (const m of html.matchAll(PART)) {
    const value = decodeJson(m[2]!);
    if (m[1] === 'id="data-index"') index = value as DataReportIndex;
    else if (m[1]!.startsWith('data-rows')) bodies.push(...(value as DataRowBody[]));
    else docs.push(...(value as DataDoc[]));
  }
  if (index === undefined) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['html'], code: 'invalid_format', message: 'not a longtrace-reward data report: no embedded index' }]);
  }
  return { index, bodies, docs };
}
