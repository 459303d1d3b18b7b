/// <reference lib="dom" />
// The data report's page script. It runs in the browser, not in Node: the page embeds its source
// with `dataViewer.toString()` and calls it with `renderText` and uPlot, so it references nothing
// outside its own body (types only). The index is read at once (charts, filters, search); a row's
// body and its documents' texts are decoded from their parts when the row is drawn, as the reader
// scrolls, so a page of 10,000 long rows opens as fast as one of ten.
import type { renderText as RenderText } from '../rollouts/layout.js';
import type { UPlotConstructor } from '../rollouts/viewer.js';
import type { DataDoc, DataReportIndex, DataRowBody, DataRowSummary } from './types.js';

/** Reads the page's embedded index and builds the page; rows are drawn on demand. Browser only. */
export async function dataViewer(renderText: typeof RenderText, uPlot: UPlotConstructor | undefined): Promise<void> {
  async function decode(el: Element | null): Promise<unknown> {
    const binary = atob(el?.textContent ?? '');
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    return JSON.parse(json) as unknown;
  }
  const index = (await decode(document.getElementById('data-index'))) as DataReportIndex;
  const rows = index.rows;
  performance.mark('data-report-parsed');
  const TIERS = ['gold', 'tier1', 'tier2', 'pool', 'unknown'];
  // Rows per step as the reader scrolls: long rows are big, so a few at a time.
  const BATCH = 3;

  function h(tag: string, attrs?: Record<string, string> | null, ...children: (Node | string | null | undefined | false)[]): HTMLElement {
    const el = document.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) el.setAttribute(k, attrs[k]!);
    for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }
  const byId = (id: string) => document.getElementById(id)!;
  const num = (x: number) => x.toLocaleString('en-US');
  const esc = (t: string): string =>
    t.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));

  // ---- parts, decoded once when first needed ----
  const rowParts = new Map<number, Promise<DataRowBody[]>>();
  const docParts = new Map<number, Promise<DataDoc[]>>();
  // The parts come after this script in the page, so the first rows can be drawn while the rest
  // of a big file is still being read: a part is taken once the parser has gone past it.
  async function partElement(kind: 'rows' | 'docs', p: number): Promise<Element | null> {
    for (;;) {
      const el = document.querySelector(`script[data-${kind}-part="${p}"]`);
      if (document.readyState !== 'loading' || (el !== null && el.nextElementSibling !== null)) return el;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
  const partStart: number[] = [];
  rows.forEach((r, i) => {
    if (partStart[r.part] === undefined) partStart[r.part] = i;
  });
  const rowPart = (p: number): Promise<DataRowBody[]> => {
    let got = rowParts.get(p);
    if (got === undefined) {
      got = partElement('rows', p).then(decode) as Promise<DataRowBody[]>;
      rowParts.set(p, got);
    }
    return got;
  };
  const docPartOf = (doc: number): number => {
    let lo = 0;
    let hi = index.docParts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (index.docParts[mid]! <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const docPart = (p: number): Promise<DataDoc[]> => {
    let got = docParts.get(p);
    if (got === undefined) {
      got = partElement('docs', p).then(decode) as Promise<DataDoc[]>;
      docParts.set(p, got);
    }
    return got;
  };

  // ---- header ----
  document.title = index.title;
  byId('title').textContent = index.title;
  const tokens = rows.map((r) => r.tokens);
  const meanTokens = tokens.length === 0 ? 0 : tokens.reduce((s, t) => s + t, 0) / tokens.length;
  const m = index.manifest;
  byId('meta').textContent =
    `${num(rows.length)} rows shown` + (index.skipped.count > 0 ? ` · ${num(index.skipped.count)} lines skipped` : '') +
    ` · mean prompt ${num(Math.round(meanTokens))} tokens` +
    (m === undefined ? ' · no manifest' : ` · build: ${num(m.questions)} questions, ${num(m.kept)} kept, ${num(m.questions - m.kept)} dropped`) + ` · ${index.created}`;

  // ---- summary ----
  function figure(title: string): HTMLElement {
    const box = h('figure', { class: 'chart' }, h('figcaption', null, title));
    byId('summary').append(box);
    return box;
  }
  function barChart(title: string, labels: string[], values: number[], color: string, note?: string): void {
    const box = figure(title);
    if (note !== undefined) box.append(h('div', { class: 'small' }, note));
    if (uPlot === undefined || labels.length === 0) {
      box.append(h('p', { class: 'empty' }, labels.length === 0 ? 'nothing to show' : 'chart library missing'));
      return;
    }
    const xs = labels.map((_, i) => i);
    const rotate = labels.length > 4 && labels.length <= 12;
    new uPlot(
      {
        width: 330,
        height: 190,
        legend: { show: false },
        cursor: { show: true, points: { show: false } },
        scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, Math.max(1, ...values) * 1.1] } },
        axes: [
          {
            splits: () => xs,
            values: (_u: unknown, splits: number[]) => splits.map((i) => (labels.length > 12 && i % 5 !== 4 ? '' : labels[i] ?? '')),
            size: rotate ? 64 : 36,
            rotate: rotate ? -40 : 0,
          },
          { size: 44 },
        ],
        series: [{}, { label: title, fill: color, stroke: color, paths: uPlot.paths.bars?.({ size: [0.8, 60], align: 0 }), points: { show: false } }],
      },
      [xs, values],
      box,
    );
  }
  function table(title: string, head: string[], lines: (string | number)[][]): void {
    const box = figure(title);
    if (lines.length === 0) {
      box.append(h('p', { class: 'empty' }, 'nothing to show'));
      return;
    }
    const t = h('table', { class: 'top' }, h('tr', null, ...head.map((x) => h('th', null, x))));
    for (const line of lines) t.append(h('tr', null, ...line.map((x) => h('td', { class: typeof x === 'number' ? 'n' : '' }, typeof x === 'number' ? num(x) : x))));
    box.append(t);
  }
  const counted = (values: string[]): [string, number][] => {
    const c = new Map<string, number>();
    for (const v of values) c.set(v, (c.get(v) ?? 0) + 1);
    return [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  };
  function drawSummary(): void {
    const budget = Math.max(1, ...rows.map((r) => r.budget), ...tokens);
    const bins = 20;
    const tok: number[] = new Array<number>(bins).fill(0);
    for (const t of tokens) tok[Math.min(bins - 1, Math.floor((t / budget) * bins))]! += 1;
    const budgets = [...new Set(rows.map((r) => r.budget))];
    barChart('prompt tokens (rows)', tok.map((_, i) => num(Math.round(((i + 1) * budget) / bins))), tok, '#4c78a8',
      `budget ${budgets.length === 1 ? num(budgets[0]!) : budgets.map(num).join(', ')} (right edge) · min ${num(Math.min(...tokens))} · max ${num(Math.max(...tokens))}`);

    const dbins = 10;
    const depth: number[] = new Array<number>(dbins).fill(0);
    let golds = 0;
    for (const r of rows) for (const d of r.depths) {
      depth[Math.min(dbins - 1, Math.floor(d * dbins))]! += 1;
      golds++;
    }
    barChart('gold depth in the context (gold documents)', depth.map((_, i) => ((i + 1) / dbins).toFixed(1)), depth, '#e45756', `0 = first document, 1 = last · ${num(golds)} gold documents`);

    // Documents per tier: a bar per tier in its colour, the mean per row, and the range.
    const shown = TIERS.map((name, t) => ({ name, t })).filter(({ t }) => t < 4 || rows.some((r) => (r.tiers[t] ?? 0) > 0));
    const stats = shown.map(({ name, t }) => {
      const per = rows.map((r) => r.tiers[t] ?? 0);
      return { name, mean: per.length === 0 ? 0 : per.reduce((a, b) => a + b, 0) / per.length, min: Math.min(...per), max: Math.max(...per) };
    });
    const top = Math.max(1, ...stats.map((x) => x.mean));
    const tierBox = figure('documents per tier, per row');
    const bars = h('table', { class: 'tierbars' }, h('tr', null, h('th', null, ''), h('th', null, 'mean'), h('th', null, ''), h('th', null, 'min–max')));
    for (const x of stats) {
      const bar = h('span', { class: `bar t-${x.name}` });
      bar.style.width = `${(160 * x.mean) / top}px`;
      bars.append(h('tr', null, h('td', null, h('span', { class: `tier t-${x.name}` }, x.name)), h('td', { class: 'n' }, x.mean.toFixed(1)), h('td', null, bar), h('td', { class: 'n' }, `${x.min}–${x.max}`)));
    }
    tierBox.append(bars);

    const hops = counted(rows.map((r) => String(r.hops))).sort((a, b) => Number(a[0]) - Number(b[0]));
    barChart('hops (rows)', hops.map((x) => x[0]), hops.map((x) => x[1]), '#54a24b');
    const sources = counted(rows.map((r) => r.source));
    barChart('tier source (rows)', sources.map((x) => x[0]), sources.map((x) => x[1]), '#72b7b2');
    if (m === undefined) {
      figure('dropped by the build').append(h('p', { class: 'empty' }, 'no manifest: pass --manifest FILE'));
    } else {
      const dropped = Object.keys(m.dropped).map((k): [string, number] => [k, m.dropped[k]!]).sort((a, b) => b[1] - a[1]);
      barChart('questions dropped by the build, by reason', dropped.map((x) => x[0]), dropped.map((x) => x[1]), '#b279a2',
        `${num(m.questions)} questions · ${num(m.kept)} kept` + (Object.keys(m.distractorsDropped).length > 0
          ? ` · distractors dropped: ${Object.keys(m.distractorsDropped).map((k) => `${k} ${num(m.distractorsDropped[k]!)}`).join(', ')}` : ''));
    }
    table('commonest answers', ['answer', 'rows'], counted(rows.map((r) => r.answer[0] ?? '')).slice(0, 8));
    // Bridges: the chain's entities between the start and the answer (a walk's chain starts with its
    // start entity; a chain without a path lists each hop's answer).
    table('commonest bridges', ['bridge entity', 'rows'], counted(rows.flatMap((r) => r.entities.slice(r.path.length > 0 ? 1 : 0, -1))).slice(0, 8));
    table('commonest relations', ['relation', 'hops'], counted(rows.flatMap((r) => r.path.map((t) => t[1]))).slice(0, 8));
    if (index.skipped.count > 0) {
      table(`${num(index.skipped.count)} lines skipped`, ['line', 'why'], index.skipped.first.map((s) => [String(s.line), s.message]));
    }
  }

  // ---- filters and search ----
  const fSource = byId('f-source') as HTMLSelectElement;
  const fHops = byId('f-hops') as HTMLSelectElement;
  const fAnswer = byId('f-answer') as HTMLSelectElement;
  const search = byId('f-search') as HTMLInputElement;
  for (const [s, n] of counted(rows.map((r) => r.source))) fSource.append(h('option', { value: s }, `${s} (${n})`));
  for (const [s, n] of counted(rows.map((r) => String(r.hops))).sort((a, b) => Number(a[0]) - Number(b[0]))) fHops.append(h('option', { value: s }, `${s} (${n})`));
  for (const [s, n] of counted(rows.map((r) => r.answer[0] ?? '')).slice(0, 300)) fAnswer.append(h('option', { value: s }, `${s} (${n})`));
  const haystacks: (string | undefined)[] = [];
  const haystack = (r: DataRowSummary, i: number): string =>
    (haystacks[i] ??= [r.id, r.question, ...r.answer, ...r.entities, ...r.path.map((t) => t[1])].join('\n').toLowerCase());
  function matches(r: DataRowSummary, i: number): boolean {
    if (fSource.value !== '' && r.source !== fSource.value) return false;
    if (fHops.value !== '' && String(r.hops) !== fHops.value) return false;
    if (fAnswer.value !== '' && r.answer[0] !== fAnswer.value) return false;
    const q = search.value.trim().toLowerCase();
    return q === '' || haystack(r, i).includes(q);
  }

  // ---- one row ----
  function chainView(r: DataRowSummary): HTMLElement {
    const chain = h('div', { class: 'chain' }, h('span', { class: 'label' }, 'chain '));
    const entity = (name: string, k: number) => h('mark', { class: `c${k % 12}`, title: `entity ${k}` }, name);
    const fromPath = r.path.length > 0 && r.path.length === r.entities.length - 1;
    r.entities.forEach((name, k) => {
      if (k > 0) chain.append(h('span', { class: 'rel' }, fromPath ? ` —${r.path[k - 1]![1]}→ ` : ' → '));
      chain.append(entity(name, k));
    });
    if (!fromPath && r.path.length > 0) {
      chain.append(h('div', { class: 'small' }, 'path: ' + r.path.map((t) => `${t[0]} —${t[1]}→ ${t[2]}`).join(' · ')));
    }
    return chain;
  }
  async function rowView(i: number): Promise<HTMLElement> {
    const r = rows[i]!;
    const body = (await rowPart(r.part))[i - partStart[r.part]!]!;
    const needed = [...new Set(body.docs.map((d) => docPartOf(d[0])))];
    const loaded = new Map<number, DataDoc[]>();
    await Promise.all(needed.map(async (p) => loaded.set(p, await docPart(p))));
    const docOf = (d: number): DataDoc => loaded.get(docPartOf(d))![d - index.docParts[docPartOf(d)]!] ?? ['', ''];

    const card = h('article', { class: 'row', 'data-row': String(r.row) });
    const tierText = TIERS.map((t, k) => ((r.tiers[k] ?? 0) > 0 ? `${t} ${r.tiers[k]}` : '')).filter((x) => x !== '').join(' · ');
    card.append(
      h('header', null, h('b', null, `line ${r.row}`), r.id === '' ? '' : ` · ${r.id}`, ' ', h('span', { class: 'badge' }, r.format), ' ',
        h('span', { class: 'badge' }, `tiers: ${r.source}`), ' ', h('span', { class: 'badge' }, `${r.hops} hop${r.hops === 1 ? '' : 's'}`),
        h('span', { class: 'num' }, `${num(r.tokens)} / ${num(r.budget)} tokens`), h('span', { class: 'num' }, `${body.docs.length} documents: ${tierText}`)),
      h('div', { class: 'question' }, h('span', { class: 'label' }, 'question '), r.question),
      h('div', { class: 'answer-line' }, h('span', { class: 'label' }, 'answer '), h('b', null, r.answer[0] ?? ''),
        r.answer.length > 1 ? h('span', { class: 'label' }, ` · aliases: `) : '', r.answer.length > 1 ? r.answer.slice(1).join(' · ') : ''),
      chainView(r),
    );
    // The context at a glance: one segment per document, width by length, coloured by tier.
    const total = body.docs.reduce((s, d) => s + docOf(d[0])[1].length, 0) || 1;
    const bar = h('div', { class: 'docbar', title: 'the context: documents in order, width by length' });
    body.docs.forEach((d, n) => {
      const seg = h('span', { class: `seg t-${TIERS[d[1]]}`, title: `#${n + 1} ${TIERS[d[1]]} ${docOf(d[0])[0]}` });
      seg.style.width = `${(100 * docOf(d[0])[1].length) / total}%`;
      if (d[2].length > 0) seg.classList.add('marked');
      bar.append(seg);
    });
    card.append(bar);
    const docs = h('div', { class: 'docs' }, h('div', { class: 'head-text' }, body.head));
    // The documents as one HTML string (a row can hold a thousand): every text escaped, ids in
    // attributes escaped too; the texts through renderText, which escapes all it writes.
    const html: string[] = [];
    body.docs.forEach((d, n) => {
      const tier = TIERS[d[1]] ?? 'unknown';
      const [id, text] = docOf(d[0]);
      const nl = text.indexOf('\n');
      const title = nl < 0 ? text : text.slice(0, nl);
      const ents = [...new Set(d[2].map((mk) => mk[2]))].sort((a, b) => a - b);
      html.push(
        `<details class="doc t-${tier}" data-doc="${esc(id)}" data-tier="${tier}"${tier === 'gold' ? ' open' : ''}><summary>` +
          `<span class="pos">#${n + 1}</span> <span class="tier t-${tier}">${tier}</span> <b>${esc(title)}</b> <span class="small">${esc(id)} · ${num(text.length)} chars</span>` +
          ents.map((k) => ` <mark class="c${k % 12} dot" title="${esc(r.entities[k] ?? '')}">${esc(r.entities[k] ?? String(k))}</mark>`).join('') +
          '</summary><div class="text">',
        renderText(text, [], d[2], null, { foldAbove: Number.POSITIVE_INFINITY }),
        '</div></details>',
      );
    });
    const list = h('div', { class: 'doclist' });
    list.innerHTML = html.join('');
    docs.append(list, h('div', { class: 'head-text' }, body.tail));
    card.append(docs);
    return card;
  }

  // ---- rows on demand ----
  const listEl = byId('rows');
  const more = byId('more');
  let items: number[] = [];
  let next = 0;
  let generation = 0;
  let busy = false;
  async function renderMore(): Promise<void> {
    if (busy) return;
    busy = true;
    const gen = generation;
    try {
      // The first row alone, so it shows as soon as it can; then a few per step.
      const batch = items.slice(next, next + (next === 0 ? 1 : BATCH));
      const cards = await Promise.all(batch.map((i) => rowView(i)));
      if (gen !== generation) return;
      next += batch.length;
      listEl.append(...cards);
      more.textContent = next < items.length ? `${num(items.length - next)} more: scroll to load` : items.length === 0 ? 'no row matches the filters' : '';
    } finally {
      // A step of an older filter must not free the current one's.
      if (gen === generation) busy = false;
    }
  }
  let near = false;
  let pumping = false;
  const pump = (): void => {
    if (!near || next >= items.length) {
      pumping = false;
      return;
    }
    pumping = true;
    void renderMore().then(() => requestAnimationFrame(pump));
  };
  async function refresh(): Promise<void> {
    generation++;
    items = [];
    rows.forEach((r, i) => {
      if (matches(r, i)) items.push(i);
    });
    byId('count').textContent = `${num(items.length)} of ${num(rows.length)} rows`;
    listEl.replaceChildren();
    next = 0;
    busy = false;
    await renderMore();
    if (!pumping) pump();
  }
  new IntersectionObserver((entries) => {
    near = entries.some((e) => e.isIntersecting);
    if (!pumping) pump();
  }, { rootMargin: '1500px' }).observe(more);
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const el of [fSource, fHops, fAnswer]) el.addEventListener('change', () => void refresh());
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 150);
  });
  await refresh();
  performance.mark('data-report-rendered');
  setTimeout(() => {
    drawSummary();
    performance.mark('data-report-summary');
  }, 0);
}
