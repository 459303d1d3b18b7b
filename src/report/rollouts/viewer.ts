/// <reference lib="dom" />
// The report page's script. It runs in the browser, not in Node: the page embeds its source with
// `viewer.toString()` and calls it with `renderText` and uPlot, so it references nothing outside
// its own body (types only). Rows are rendered on demand from the embedded JSON as the reader
// scrolls, so a 10,000-row report opens as fast as a 10-row one.
import type { renderText as RenderText } from './layout.js';
import type { ReportContext, ReportData, ReportFailure, ReportRollout } from './types.js';

/** The part of uPlot's constructor the page uses (its types are not needed in Node). */
export interface UPlotConstructor {
  new (options: object, data: (number | null)[][], target: HTMLElement): unknown;
  paths: { bars?: (options: object) => unknown };
}

/** Reads the gzipped JSON in `#report-data` and builds the page. Browser only. */
export async function viewer(renderText: typeof RenderText, uPlot: UPlotConstructor | undefined): Promise<void> {
  const base64 = document.getElementById('report-data')?.textContent ?? '';
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  const data = JSON.parse(json) as ReportData;
  const rows = data.rows;
  performance.mark('report-parsed');
  // Rollouts rendered per step as the reader scrolls: a screen or two, so each step stays within a frame.
  const BATCH = 8;
  type Row = ReportRollout | ReportFailure;
  const isFailure = (r: Row): r is ReportFailure => 'error' in r;

  function h(tag: string, attrs?: Record<string, string> | null, ...children: (Node | string | null | undefined | false)[]): HTMLElement {
    const el = document.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) el.setAttribute(k, attrs[k]!);
    for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }
  const fmt = (x: number, digits = 3) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
  const signed = (x: number) => (x > 0 ? '+' : '') + x.toFixed(2);
  const byId = (id: string) => document.getElementById(id)!;

  // Which entities of a rollout's chain its marks found.
  const foundOf = (r: ReportRollout): boolean[] => {
    const found = (data.chains[r.chain] ?? []).map(() => false);
    for (const m of r.marks) found[m[2]] = true;
    return found;
  };

  // ---- header: counts and options ----
  const rollouts = rows.filter((r): r is ReportRollout => !isFailure(r));
  const failures = rows.length - rollouts.length;
  const correct = rollouts.filter((r) => r.verdict.correct).length;
  const gated = rollouts.filter((r) => r.gated).length;
  const undecided = rollouts.filter((r) => r.verdict.method === 'undecided').length;
  const meanReward = rollouts.length === 0 ? 0 : rollouts.reduce((s, r) => s + r.reward, 0) / rollouts.length;
  document.title = data.title;
  byId('title').textContent = data.title;
  const opts = Object.keys(data.options).map((k) => `${k}=${String(data.options[k])}`).join(' ');
  byId('meta').textContent =
    `${rows.length} rows · ${rollouts.length} scored · ${failures} failed · ${data.groups.length} group${data.groups.length === 1 ? '' : 's'} · ` +
    `correct ${correct} · gated ${gated} · undecided ${undecided} · mean reward ${fmt(meanReward)}` +
    (opts === '' ? '' : ` · ${opts}`) + ` · ${data.created}`;

  // ---- summary charts (uPlot) ----
  function barChart(target: HTMLElement, title: string, labels: string[], values: number[], color: string, yMax?: number): void {
    const box = h('figure', { class: 'chart' }, h('figcaption', null, title));
    target.append(box);
    if (uPlot === undefined || labels.length === 0) {
      box.append(h('p', { class: 'empty' }, labels.length === 0 ? 'nothing to show' : 'chart library missing'));
      return;
    }
    const xs = labels.map((_, i) => i);
    const bars = uPlot.paths.bars?.({ size: [0.8, 60], align: 0 });
    new uPlot(
      {
        width: 360,
        height: 200,
        legend: { show: false },
        cursor: { show: true, points: { show: false } },
        scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, yMax ?? Math.max(1, ...values) * 1.1] } },
        axes: [
          {
            splits: () => xs,
            values: (_u: unknown, splits: number[]) => splits.map((i) => (labels.length > 10 && i % 5 !== 0 ? '' : labels[i] ?? '')),
            size: labels.length > 4 && labels.length <= 10 ? 70 : 36,
            rotate: labels.length > 4 && labels.length <= 10 ? -40 : 0,
          },
          { size: 44 },
        ],
        series: [{}, { label: title, fill: color, stroke: color, paths: bars, points: { show: false } }],
      },
      [xs, values],
      box,
    );
  }
  const summary = byId('summary');
  function drawSummary(): void {
    const bins = 20;
    const counts: number[] = new Array<number>(bins).fill(0);
    for (const r of rollouts) counts[Math.min(bins - 1, Math.max(0, Math.floor(r.reward * bins)))]! += 1;
    barChart(summary, 'reward histogram (rows)', counts.map((_, i) => (i / bins).toFixed(2)), counts, '#4c78a8');

    const methods = new Map<string, number>();
    for (const r of rollouts) methods.set(r.verdict.method, (methods.get(r.verdict.method) ?? 0) + 1);
    const sorted = [...methods].sort((a, b) => b[1] - a[1]);
    barChart(summary, 'verdict methods (rows)', sorted.map((m) => m[0]), sorted.map((m) => m[1]), '#f58518');

    // Recall by place in the chain: how often the reasoning names hop k.
    const seen: number[] = [];
    const hit: number[] = [];
    const byName = new Map<string, { rows: number; hits: number }>();
    for (const r of rollouts) {
      const found = foundOf(r);
      const names = data.chains[r.chain] ?? [];
      found.forEach((f, i) => {
        seen[i] = (seen[i] ?? 0) + 1;
        hit[i] = (hit[i] ?? 0) + (f ? 1 : 0);
        const name = names[i] ?? '';
        const c = byName.get(name) ?? { rows: 0, hits: 0 };
        c.rows += 1;
        c.hits += f ? 1 : 0;
        byName.set(name, c);
      });
    }
    barChart(summary, 'recall by place in the chain', seen.map((_, i) => `e${i}`), seen.map((s, i) => (hit[i] ?? 0) / s), '#54a24b', 1);

    const missed = [...byName].filter(([, c]) => c.hits < c.rows).sort((a, b) => b[1].rows - b[1].hits - (a[1].rows - a[1].hits)).slice(0, 10);
    const table = h('table', { class: 'missed-table' }, h('tr', null, h('th', null, 'most missed entity'), h('th', null, 'recall')));
    for (const [name, c] of missed) table.append(h('tr', null, h('td', null, name), h('td', null, `${c.hits}/${c.rows}`)));
    summary.append(
      h('figure', { class: 'chart' }, h('figcaption', null, `undecided: ${undecided} · no answer: ${rollouts.filter((r) => r.verdict.method === 'no-answer').length} · failed rows: ${failures}`), table),
    );
  }

  // ---- filters ----
  const show = byId('f-show') as HTMLSelectElement;
  const method = byId('f-method') as HTMLSelectElement;
  const group = byId('f-group') as HTMLSelectElement;
  const search = byId('f-search') as HTMLInputElement;
  for (const m of [...new Set(rollouts.map((r) => r.verdict.method))].sort()) method.append(h('option', { value: m }, m));
  data.groups.forEach((g, i) => group.append(h('option', { value: String(i) }, String(g))));
  let lower: string[] | undefined;
  const haystack = (r: Row, i: number): string => {
    lower ??= [];
    let s = lower[i];
    if (s === undefined) {
      const parts = [String(r.id ?? ''), r.question ?? ''];
      if (isFailure(r)) parts.push(r.error.message);
      else parts.push(r.text, r.verdict.extracted ?? '', ...(data.chains[r.chain] ?? []));
      s = parts.join('\n').toLowerCase();
      lower[i] = s;
    }
    return s;
  };
  function matches(r: Row, i: number): boolean {
    const s = show.value;
    if (isFailure(r)) {
      if (!(s === 'all' || s === 'failed') || method.value !== '') return false;
    } else {
      if (s === 'failed') return false;
      if (s === 'wrong' && r.verdict.correct) return false;
      if (s === 'correct' && !r.verdict.correct) return false;
      if (s === 'gated' && !r.gated) return false;
      if (s === 'undecided' && r.verdict.method !== 'undecided') return false;
      if (method.value !== '' && r.verdict.method !== method.value) return false;
    }
    if (group.value !== '' && String(r.group) !== group.value) return false;
    const q = search.value.trim().toLowerCase();
    return q === '' || haystack(r, i).includes(q);
  }

  // ---- rows ----
  const TIER_COLORS: Record<string, string> = { gold: '#e45756', tier1: '#f58518', tier2: '#72b7b2', pool: '#bab0ac', filler: '#bab0ac', distractor: '#bab0ac' };
  function contextBar(context: ReportContext): HTMLElement {
    const { documents } = context;
    const total = documents.reduce((s, d) => s + d.tokens, 0) || 1;
    const bar = h('div', { class: 'docbar', title: context.sized ? 'context documents in order, width by tokens' : 'context documents in order (sizes not recorded)' });
    documents.forEach((d, i) => {
      const size = context.sized ? ` · ${d.tokens} tokens` : '';
      const seg = h('span', { class: `doc tier-${d.tier}`, title: `#${i + 1} ${d.tier}${size}${d.title === '' ? '' : ` · ${d.title}`}` });
      seg.style.width = `${(100 * d.tokens) / total}%`;
      seg.style.background = TIER_COLORS[d.tier] ?? '#ccc';
      bar.append(seg);
    });
    const gold = documents.map((d, i) => (d.tier === 'gold' ? i + 1 : 0)).filter((i) => i > 0);
    const tiers = Object.keys(context.tiers).map((t) => `${t} ${context.tiers[t]}`).join(', ');
    const tokens = context.tokens === undefined ? '' : ` · ${context.tokens} tokens${context.budgetTokens === undefined ? '' : ` of ${context.budgetTokens}`}`;
    return h('div', { class: 'docs' }, h('div', { class: 'small' }, `context: ${documents.length} documents${tokens} · gold at ${gold.join(', ') || 'none'} · ${tiers}`), bar);
  }

  function head(r: Row): HTMLElement {
    const bits: (Node | string)[] = [h('b', null, `line ${r.row}`)];
    if (r.id !== undefined) bits.push(` · id ${String(r.id)}`);
    if (r.group !== undefined) bits.push(` · group ${String(data.groups[r.group])}`);
    if (isFailure(r)) {
      bits.push(' ', h('span', { class: 'badge bad' }, r.error.code));
      return h('header', null, ...bits);
    }
    bits.push(
      ' ',
      h('span', { class: `badge ${r.verdict.correct ? 'ok' : 'bad'}` }, r.verdict.correct ? 'correct' : 'wrong'),
      ' ',
      h('span', { class: 'badge method' }, r.verdict.method),
      r.gated ? h('span', { class: 'badge gated' }, 'gated') : '',
      h('span', { class: 'num' }, `reward ${fmt(r.reward)}`),
      r.advantage !== undefined ? h('span', { class: `num ${r.advantage >= 0 ? 'pos' : 'neg'}` }, `advantage ${signed(r.advantage)}`) : '',
      h('span', { class: 'num' }, `outcome ${r.outcome}`),
      h('span', { class: 'num' }, `rubric ${fmt(r.rubric)}`),
      r.recall !== r.rubric ? h('span', { class: 'num' }, `recall ${fmt(r.recall)}`) : '',
    );
    return h('header', null, ...bits);
  }

  function rollout(r: Row, side: boolean): HTMLElement {
    const card = h('article', { class: `rollout${side ? ' side' : ''}`, 'data-row': String(r.row) }, head(r));
    if (r.question !== undefined) card.append(h('div', { class: 'question' }, h('span', { class: 'label' }, 'question '), r.question));
    if (isFailure(r)) {
      card.append(h('div', { class: 'error' }, `${r.error.path === '' ? '' : `${r.error.path}: `}${r.error.message}`));
      if (r.context !== undefined) card.append(contextBar(r.context));
      return card;
    }
    const v = r.verdict;
    card.append(
      h(
        'div',
        { class: 'verdict' },
        h('span', { class: 'label' }, 'extracted '),
        v.extracted === null ? h('i', null, 'none') : h('span', { class: 'answer' }, v.extracted),
        h('span', { class: 'label' }, ' matched '),
        v.matched === null ? h('i', null, 'none') : v.matched,
        h('span', { class: 'label' }, ' method '),
        v.method,
      ),
    );
    const names = data.chains[r.chain] ?? [];
    const found = foundOf(r);
    const counts = names.map(() => 0);
    for (const m of r.marks) counts[m[2]] = (counts[m[2]] ?? 0) + 1;
    const legend = h('ol', { class: 'legend', title: 'chain entities in order' });
    names.forEach((name, i) => {
      legend.append(h('li', { class: found[i] ? 'hit' : 'miss' }, h('mark', { class: `c${i % 12}` }, name), found[i] ? ` ×${counts[i]}` : ' missed'));
    });
    card.append(legend);
    const missed = names.filter((_, i) => !found[i]);
    if (missed.length > 0) card.append(h('div', { class: 'missed' }, h('span', { class: 'label' }, 'missed '), missed.join(' · ')));
    if (r.context !== undefined) card.append(contextBar(r.context));

    const body = h('div', { class: 'text' });
    // Chat messages that are not the assistant's stand between the assistant's parts, dimmed.
    const cuts = (r.asides ?? []).map((a) => a.at);
    let from = 0;
    let html = '';
    const asides = r.asides ?? [];
    for (let i = 0; i <= asides.length; i++) {
      const to = i < asides.length ? cuts[i]! : r.text.length;
      if (to > from || i === asides.length) html += renderText(r.text, r.uncounted, r.marks, r.box, { from, to });
      if (i < asides.length) html += `<details class="aside" data-aside="${i}"><summary></summary></details>`;
      from = to;
    }
    body.innerHTML = html;
    body.querySelectorAll('details.aside').forEach((el) => {
      const a = asides[Number(el.getAttribute('data-aside'))]!;
      el.querySelector('summary')!.textContent = `${a.role} message · ${a.text.length} characters · not counted`;
      el.append(h('div', { class: 'aside-text' }, a.text));
    });
    card.append(body);
    return card;
  }

  let groupRows: Row[][] | undefined;
  function groupView(members: Row[]): HTMLElement {
    const gi = members[0]!.group!;
    if (groupRows === undefined) {
      groupRows = data.groups.map(() => []);
      for (const r of rows) if (r.group !== undefined) groupRows[r.group]?.push(r);
    }
    const all = groupRows[gi] ?? members;
    const scored = all.filter((r): r is ReportRollout => !isFailure(r));
    const mean = scored.length === 0 ? 0 : scored.reduce((s, r) => s + r.reward, 0) / scored.length;
    const strip = h('table', { class: 'strip' });
    const line = (label: string, cell: (r: Row) => string, cls?: (r: Row) => string) => {
      const tr = h('tr', null, h('th', null, label));
      for (const r of all) tr.append(h('td', { class: cls?.(r) ?? '' }, cell(r)));
      strip.append(tr);
    };
    line('line', (r) => String(r.row));
    line('verdict', (r) => (isFailure(r) ? r.error.code : r.verdict.correct ? 'correct' : 'wrong'), (r) => (!isFailure(r) && r.verdict.correct ? 'ok' : 'bad'));
    line('reward', (r) => (isFailure(r) ? '' : fmt(r.reward)));
    line('advantage', (r) => (isFailure(r) || r.advantage === undefined ? '' : signed(r.advantage)), (r) => (!isFailure(r) && (r.advantage ?? 0) >= 0 ? 'pos' : 'neg'));
    line('rubric', (r) => (isFailure(r) ? '' : fmt(r.rubric)));
    const side = h('div', { class: 'side-by-side' }, ...members.map((r) => rollout(r, true)));
    return h(
      'section',
      { class: 'group', 'data-group': String(gi) },
      h('h2', null, `group ${String(data.groups[gi])} · ${all.length} rollouts · mean reward ${fmt(mean)}` + (members.length < all.length ? ` · ${members.length} shown by the filter` : '')),
      strip,
      side,
    );
  }

  const list = byId('rows');
  const more = byId('more');
  let items: Row[][] = [];
  let next = 0;
  function renderMore(): void {
    const frag = document.createDocumentFragment();
    for (let shown = 0; next < items.length && shown < BATCH; next++) {
      const item = items[next]!;
      frag.append(item[0]!.group === undefined ? rollout(item[0]!, false) : groupView(item));
      shown += item.length;
    }
    list.append(frag);
    more.textContent = next < items.length ? `${items.length - next} more: scroll to load` : items.length === 0 ? 'no row matches the filters' : '';
  }
  function refresh(): void {
    items = [];
    let shown = 0;
    rows.forEach((r, i) => {
      if (!matches(r, i)) return;
      shown += 1;
      const last = items[items.length - 1];
      if (last !== undefined && r.group !== undefined && last[0]!.group === r.group) last.push(r);
      else items.push([r]);
    });
    byId('count').textContent = `${shown} of ${rows.length} rows`;
    list.replaceChildren();
    next = 0;
    renderMore();
  }
  // The observer says when the end of the list comes near; it fires on changes only, so while the
  // end stays near, one batch is added per frame until it is pushed out of reach.
  let near = false;
  let pumping = false;
  const pump = (): void => {
    if (!near || next >= items.length) {
      pumping = false;
      return;
    }
    pumping = true;
    renderMore();
    requestAnimationFrame(pump);
  };
  new IntersectionObserver((entries) => {
    near = entries.some((e) => e.isIntersecting);
    if (!pumping) pump();
  }, { rootMargin: '1200px' }).observe(more);
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const el of [show, method, group]) el.addEventListener('change', refresh);
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button.unfold');
    if (button === null) return;
    const folded = button.nextElementSibling as HTMLElement | null;
    if (folded !== null) folded.hidden = false;
    button.remove();
  });
  refresh();
  performance.mark('report-rendered');
  // The charts come after the first rows are on screen.
  setTimeout(() => {
    drawSummary();
    performance.mark('report-summary');
  }, 0);
}
