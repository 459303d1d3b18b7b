/**
 * A seeded generator of long thinking-style traces for the benchmarks, so a fresh clone can run
 * them without any data set. The trace answers one multi-hop question (the composer of The
 * Bartered Bride → his cycle Má vlast → its second poem Vltava → Prague → Mělník → the Elbe) the
 * way a reasoning model does it: long stretches of doubt, arithmetic on years and distances,
 * detours through the wrong composers and rivers, search calls with retrieved documents, and a
 * short final answer. The sentences are written for this bench; none come from a data set.
 */

/** mulberry32: small, fast and good enough to pick templates; the same seed gives the same trace. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** Picks from `[value, weight]` pairs. */
function weighted(r: Rng, items: readonly (readonly [string, number])[]): string {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = r() * total;
  for (const [value, w] of items) {
    x -= w;
    if (x < 0) return value;
  }
  return items[items.length - 1]![0];
}

function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

// How the trace writes each chain entity, with how often. Aliases the gold lists (Moldau, Praha,
// Labe, My Homeland…) turn up at the rates a model that read German and Czech sources would use.
const FORMS: Record<string, readonly (readonly [string, number])[]> = {
  S: [['Smetana', 6], ['Bedřich Smetana', 3], ['Friedrich Smetana', 0.5], ['Smetana’s', 1], ["Smetana's", 1]],
  M: [['Má vlast', 5], ['Ma vlast', 1.5], ['My Homeland', 2.5], ['My Country', 1]],
  V: [['Vltava', 5], ['Moldau', 3], ['Vltava (the Moldau)', 1]],
  P: [['Prague', 8], ['Praha', 2]],
  N: [['Mělník', 6], ['Melnik', 4]],
  E: [['Elbe', 8.5], ['Labe', 1.5]],
};

const COMPOSERS = [
  'Antonín Dvořák', 'Leoš Janáček', 'Zdeněk Fibich', 'Bohuslav Martinů', 'Josef Suk', 'Franz Liszt',
  'Richard Wagner', 'Gustav Mahler', 'Jean Sibelius', 'Mikhail Glinka', 'Johannes Brahms', 'Béla Bartók',
];
const PLACES = [
  'Vienna', 'Brno', 'Bohemia', 'Moravia', 'Litomyšl', 'Göteborg', 'Dresden', 'Hamburg', 'České Budějovice',
  'Český Krumlov', 'Hradec Králové', 'Plzeň', 'Budapest', 'Leipzig', 'Ústí nad Labem', 'Děčín', 'Kutná Hora',
];
const RIVERS = ['Danube', 'Morava', 'Oder', 'Rhine', 'Sázava', 'Berounka', 'Otava', 'Ohře', 'Jizera', 'Malše', 'Vistula'];
const WORKS = [
  'The Bartered Bride', 'Šárka', 'Vyšehrad', 'From Bohemia’s Woods and Fields', 'Tábor', 'Blaník',
  'Dalibor', 'Libuše', 'the New World Symphony', 'the Slavonic Dances', 'the Sinfonietta', 'Ma Patrie',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function date(r: Rng): string {
  const d = int(r, 1, 28);
  const m = pick(r, MONTHS);
  const y = int(r, 1800, 1999);
  return pick(r, [`${d} ${m} ${y}`, `${m} ${d}, ${y}`, `${m} ${y}`, `${y}-${String(int(r, 1, 12)).padStart(2, '0')}-${String(d).padStart(2, '0')}`]);
}

function number(r: Rng): string {
  return pick(r, [
    String(int(r, 2, 99)),
    `${int(r, 1, 9)},${String(int(r, 0, 999)).padStart(3, '0')}`,
    `${int(r, 1, 9)}.${int(r, 1, 9)} million`,
    `${int(r, 10, 95)}%`,
    `${int(r, 2, 30)} years`,
  ]);
}

/**
 * Fills `{S}` `{M}` `{V}` `{P}` `{N}` `{E}` (chain entities), `{C}` composer, `{L}` place, `{R}`
 * river, `{W}` work, `{Y}` year, `{D}` date, `{K}` distance, `{#}` number; counts the chain mentions it writes.
 */
function fill(r: Rng, template: string, counts: Record<string, number>): string {
  return template.replace(/\{([SMVPNECLRWYDK#])\}/g, (_, slot: string) => {
    const forms = FORMS[slot];
    if (forms !== undefined) {
      counts[slot] = (counts[slot] ?? 0) + 1;
      return weighted(r, forms);
    }
    switch (slot) {
      case 'C': return pick(r, COMPOSERS);
      case 'L': return pick(r, PLACES);
      case 'R': return pick(r, RIVERS);
      case 'W': return pick(r, WORKS);
      case 'Y': return String(int(r, 1820, 2010));
      case 'D': return date(r);
      case 'K': return pick(r, [`${int(r, 12, 1400)} km`, `about ${int(r, 2, 9)},${String(int(r, 0, 999)).padStart(3, '0')} kilometres`, `${int(r, 20, 700)} miles`]);
      default: return number(r);
    }
  });
}

// Sentences that walk a hop of the chain (most chain mentions come from these).
const HOPS = [
  'So the composer of The Bartered Bride is {S}. I’m fairly sure of that — it premiered at the Provisional Theatre in {P} in 1866.',
  '{S} wrote a cycle of six symphonic poems called {M}, composed between 1874 and 1879 while he was already going deaf.',
  'The second poem in {M} is {V}; it follows the river from its two springs in the Šumava through the countryside and into {P}.',
  'The {V} flows north through {P} and joins the {E} at {N}, about 30 km north of the capital.',
  'Wait, does {V} flow into the {E} or into the {R}? The Danube is the river of Vienna and Budapest, and Bohemia drains north, so it should be the {E}.',
  '{S} died on 12 May 1884 in {P}, so the whole cycle was finished before his death; the complete cycle premiered on 5 November 1882.',
  'The confluence at {N} — I remember the chateau on the hill above where the two rivers meet, with vineyards on the slope.',
  'Let me restate the chain: composer → {S}, cycle → {M}, second poem → {V}, the river runs through {P}, reaches {N}, and ends in the {E}.',
  'Hmm, {S} composed {V} in late 1874, in about three weeks (November 20 to December 8, 1874, if I remember right).',
  'In German-speaking concert halls the poem is usually billed as {V}, which confused me the first time.',
  'At {N} the {E} is already a big river, and from there it runs through Ústí nad Labem and Dresden to Hamburg and the North Sea.',
];

// Reasoning that mentions no chain entity, or only in passing: the bulk of a long trace.
const FILLER = [
  'Hmm, let me think about this more carefully. The question has several hops, and I don’t want to skip one.',
  'Alternatively, maybe the question means a different cycle. {C} wrote {W}, but that isn’t a cycle about a river.',
  'Wait, I should double-check whether {C} was born in {L}. I recall {Y}, but it could be {Y} — I’m not sure.',
  'Let me consider the lengths: one river is {K} long, and another runs {K}; neither number matters for the answer, though.',
  'If the premiere was in {Y} and the composer was born in {Y}, that would make him far too young at the time, which seems off.',
  'Okay, so far so good. Hop one gives the composer, hop two gives the cycle, hop three gives the poem, and the last hop is where the river flows.',
  'I think it’s fine, but the question says “flows into”, not “flows through”, so the answer is a river, not a city.',
  'Maybe I’m confusing this with the {R}, which rises near {L} and joins another river after {K}.',
  'Let me recount the poems: Vyšehrad, then the river poem, then Šárka, then From Bohemia’s Woods and Fields, then Tábor, and finally Blaník.',
  'Another angle: {L} had a population of {#} in {Y}; that doesn’t help here, but it rules out the smaller town.',
  "Hmm, was it {D} or {D}? Dates like these are easy to mix up; it's the year that matters for this step.",
  'Actually, wait. Let me re-read the question. It asks about the river the poem portrays, not the poem itself.',
  "I recall that {C} studied in {L} and later taught there; there's a statue of him near the river {R}.",
  'So the answer should be a river name. Candidates so far: the {R}, the {R}, or the one I derived above.',
  'The catalogue lists {W} as premiered on {D}, with a second performance in {L} a few weeks later.',
  'Let me not overthink it. The chain is short: composer, cycle, poem, river, and where that river ends.',
  "Wait — the {R} flows into the Baltic, not the North Sea, so that can't be right for a Bohemian river.",
  'Also, {C}’s opera {W} was staged in {L} in {Y}, which is a different thread entirely.',
  'The distance between {L} and {L} is {K}; again, not relevant, but it helps me place the towns on the map.',
  'Hmm, there’s also the question of whether “second” counts from one or from zero — no, programme notes always start at one.',
  'I don’t remember the exact figure, but the basin covers {#} and a good part of it lies in {L}.',
  "Let me also make sure I'm not mixing up {W} and {W}; the first is an opera, the second a symphonic poem.",
];

// Search calls with retrieved passages, R1-Searcher and Search-R1 style; they carry chain
// entities too (which a rubric must not credit) and plenty of dates and numbers.
const QUERIES = [
  'composer of The Bartered Bride', 'Má vlast second symphonic poem', 'Vltava river mouth confluence',
  'where does the Vltava flow into', 'Smetana date of death', 'Mělník confluence Elbe Vltava',
  '{C} birthplace', '{R} river length', '{W} premiere date',
];
const PASSAGES: readonly (readonly [string, string])[] = [
  ['Bedřich Smetana', '{S} (2 March 1824 – 12 May 1884) was a Czech composer who pioneered the development of a musical style that became closely identified with his country’s aspirations to independent statehood. He is best known for his opera The Bartered Bride and for the symphonic cycle {M}, which portrays the history, legends and landscape of his native land.'],
  ['Vltava', 'The {V} is the longest river within the Czech Republic, running southeast along the Bohemian Forest and then north across Bohemia, through Český Krumlov, České Budějovice and {P}, and finally merging with the {E} at {N}. Its length is 430 km and its basin covers 28,090 km².'],
  ['Má vlast', '{M} is a set of six symphonic poems composed between 1874 and 1879. The second poem, {V}, was written between 20 November and 8 December 1874 and first performed on 4 April 1875.'],
  ['Mělník', '{N} is a town in the Central Bohemian Region of the Czech Republic. It has about 19,000 inhabitants and lies at the confluence of the {V} and {E} rivers, about 30 km north of {P}.'],
  ['{C}', '{C} (born {D}) was a composer from {L}. His works include {W} and {W}; he spent {#} in {L} before returning home in {Y}.'],
  ['{R}', 'The {R} is a river in Central Europe, {K} long, with a drainage basin of about {#}. It passes {L} and {L} before reaching the sea.'],
  ['Elbe', 'The {E} (Czech: Labe) is one of the major rivers of Central Europe. It rises in the Giant Mountains and flows 1,094 km to the North Sea at Cuxhaven; its largest tributary is the {V}. 易北河是中欧主要河流之一。'],
];

function documents(r: Rng, counts: Record<string, number>): string {
  const n = int(r, 2, 4);
  // Entities in documents are not the model's words: count them apart.
  const docCounts: Record<string, number> = {};
  const passages: (readonly [string, string])[] = [];
  for (let i = 0; i < n; i++) {
    const [title, body] = pick(r, PASSAGES);
    const name = fill(r, title, {});
    // A generated title ({C}, {R}) names the passage's subject: use the same name in the body.
    passages.push([name, fill(r, body.replaceAll(title, name), docCounts)]);
  }
  counts.__doc = (counts.__doc ?? 0) + Object.values(docCounts).reduce((a, b) => a + b, 0);
  const query = fill(r, pick(r, QUERIES), {});
  if (r() < 0.5) {
    const list = passages.map(([title, body], i) => `(${i + 1}) "${title}" ${body}`).join('\n');
    return `<|begin_of_query|>${query}<|end_of_query|>\n\n<|begin_of_documents|>\n${list}\n<|end_of_documents|>`;
  }
  const list = passages.map(([title, body], i) => `Doc ${i + 1}(Title: "${title}") ${body}`).join('\n');
  return `<search> ${query} </search>\n\n<information>${list}</information>`;
}

const OPENERS = ['', '', '', 'Hmm. ', 'Wait. ', 'Okay. ', 'Right. ', 'Let me see. ', 'Hold on. '];

export interface GeneratedTrace {
  /** `<think>…</think>` then the final answer. */
  response: string;
  /** UTF-8 bytes of the response. */
  bytes: number;
  /** UTF-8 bytes inside retrieved-document blocks (which the rubric skips). */
  documentBytes: number;
  /** Chain-entity mentions written in the model's own words, by slot (S, M, V, P, N, E). */
  mentions: Record<string, number>;
  /** Chain-entity mentions inside retrieved documents. */
  documentMentions: number;
  /** The final answer section, after `</think>`. */
  final: string;
}

export interface TraceOptions {
  /** @default 20250601 */
  seed?: number;
  /** Size of the whole response in UTF-8 bytes. @default 130_000 */
  bytes?: number;
  /** Share of sentences that walk a hop of the chain. @default 0.035 */
  hopRate?: number;
  /** One search call with documents every this many paragraphs, on average. @default 10 */
  searchEvery?: number;
}

/** Builds the trace; deterministic for a given seed and size. */
export function generateTrace(options: TraceOptions = {}): GeneratedTrace {
  const { seed = 20250601, bytes = 130_000, hopRate = 0.035, searchEvery = 10 } = options;
  const r = rng(seed);
  const counts: Record<string, number> = {};
  const final =
    '\n\nThe second poem of Smetana’s *Má vlast* is *Vltava* (The Moldau). The Vltava flows north through Prague and ' +
    'joins the Elbe at Mělník.\n\n**Final answer:** \\boxed{Elbe}';
  const parts: string[] = [
    '<think>\nOkay, let\'s see. The question asks which river the river portrayed in the second symphonic poem of the cycle ' +
      'by the composer of The Bartered Bride flows into. That\'s several hops: the composer, then the cycle, then the poem, ' +
      'then the river, then where it ends.',
  ];
  const encoder = new TextEncoder();
  let size = encoder.encode(parts[0]!).length + encoder.encode(final).length + '\n</think>'.length;
  let documentBytes = 0;
  while (size < bytes) {
    let paragraph: string;
    if (r() < 1 / searchEvery) {
      paragraph = documents(r, counts);
      const open = paragraph.indexOf('<|begin_of_documents|>') >= 0 ? paragraph.indexOf('<|begin_of_documents|>') : paragraph.indexOf('<information>');
      documentBytes += encoder.encode(paragraph.slice(open)).length;
    } else {
      // A paragraph is a few sentences; a hop sentence now and then among the filler.
      const n = int(r, 2, 6);
      const sentences: string[] = [];
      for (let i = 0; i < n; i++) sentences.push(fill(r, r() < hopRate ? pick(r, HOPS) : pick(r, FILLER), counts));
      const opener = pick(r, OPENERS);
      paragraph = (sentences[0]!.startsWith(opener.slice(0, 4)) ? '' : opener) + sentences.join(' ');
    }
    const cost = encoder.encode(paragraph).length + 2;
    if (size + cost > bytes + 200 && parts.length > 1) break;
    parts.push(paragraph);
    size += cost;
  }
  const response = `${parts.join('\n\n')}\n</think>${final}`;
  const { __doc: documentMentions = 0, ...mentions } = counts;
  return { response, bytes: encoder.encode(response).length, documentBytes, mentions, documentMentions, final };
}
