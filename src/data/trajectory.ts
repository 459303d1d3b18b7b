// Reads a search agent's log into a `Trajectory`: what it searched, saw, opened and cited. Three
// shapes: our native JSON (the format to convert other agents' logs to), an OpenAI-style chat with
// tool calls, and Search-R1 / R1-Searcher text traces. Only the shape is checked here; tiers are
// made by tierDocuments.
import { createEntityMatcher } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { normalizeText } from '../text/index.js';
import { titleKey, urlKey } from './corpus/doc-key.js';
import { R1_SEARCHER_MARKERS, SEARCH_R1_MARKERS } from './trace-markers.js';
import type { Doc, Trajectory } from './types.js';

/** Which trajectory shape a record is in. */
export type TrajectoryFormat = 'native' | 'chat' | 'r1-searcher';

/** Tool names of a chat trajectory: which calls search and which open a document. */
export interface ToolNames {
  /** @default ['search', 'web_search', 'google_search', 'bing_search', 'search_web', 'wiki_search', 'retrieve', 'retrieval'] */
  search?: readonly string[] | undefined;
  /** @default ['open', 'visit', 'browse', 'fetch', 'open_url', 'open_page', 'visit_page', 'read', 'read_page', 'get_page', 'crawl', 'scrape'] */
  open?: readonly string[] | undefined;
}

export interface ReadTrajectoryOptions {
  /** The record's shape; `'auto'` tells it from its fields. @default 'auto' */
  format?: TrajectoryFormat | 'auto' | undefined;
  /** Tool names of a chat trajectory (each list replaces the default one). */
  tools?: ToolNames | undefined;
}

export const DEFAULT_SEARCH_TOOLS = ['search', 'web_search', 'google_search', 'bing_search', 'search_web', 'wiki_search', 'retrieve', 'retrieval'];
export const DEFAULT_OPEN_TOOLS = ['open', 'visit', 'browse', 'fetch', 'open_url', 'open_page', 'visit_page', 'read', 'read_page', 'get_page', 'crawl', 'scrape'];

type Path = (string | number)[];

function fail(path: Path, code: string, message: string): never {
  throw new ValidationError('INVALID_TRAJECTORY', [{ path, code, message }]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, path: Path): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(path, 'invalid_type', `expected a string, got ${typeOf(value)}`);
  return value;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Collects documents once each (by id), keeping the first title/URL/text met and filling gaps later. */
/** The documents of one trajectory, merged by id and looked up by id, URL key or title key (doc-key.ts). */
class DocSet {
  readonly byId = new Map<string, Doc>();
  private readonly byUrl = new Map<string, Doc>();
  private readonly byTitle = new Map<string, Doc>();

  add(doc: Doc): Doc {
    const old = this.byId.get(doc.id);
    if (old === undefined) {
      const copy: Doc = { id: doc.id };
      if (doc.title !== undefined) copy.title = doc.title;
      if (doc.url !== undefined) copy.url = doc.url;
      if (doc.text !== undefined) copy.text = doc.text;
      this.byId.set(doc.id, copy);
      this.keep(copy);
      return copy;
    }
    old.title ??= doc.title;
    old.url ??= doc.url;
    // An opened page's full text beats a search snippet.
    if (doc.text !== undefined && (old.text === undefined || doc.text.length > old.text.length)) old.text = doc.text;
    this.keep(old);
    return old;
  }

  /** Remembers a document's URL and title keys; the first document with a key keeps it. */
  private keep(doc: Doc): void {
    if (doc.url !== undefined && doc.url !== '') {
      const key = urlKey(doc.url);
      if (!this.byUrl.has(key)) this.byUrl.set(key, doc);
    }
    if (doc.title !== undefined) {
      const key = titleKey(doc.title);
      if (key !== '' && !this.byTitle.has(key)) this.byTitle.set(key, doc);
    }
  }

  get(id: string): Doc | undefined {
    return this.byId.get(id);
  }

  /** The document with this URL (compared by URL key). */
  getByUrl(url: string): Doc | undefined {
    return this.byUrl.get(urlKey(url));
  }

  /** The document with this title (compared folded). */
  getByTitle(title: string): Doc | undefined {
    const key = titleKey(title);
    return key === '' ? undefined : this.byTitle.get(key);
  }

  list(): Doc[] {
    return [...this.byId.values()];
  }
}

/**
 * Reads one trajectory record (native JSON, an OpenAI-style chat with tool calls, or a Search-R1 /
 * R1-Searcher text trace). Throws `ValidationError` (`INVALID_TRAJECTORY`) naming the field.
 * @example readTrajectory({ steps: [{ search: { query: 'q', results: [{ id: 'd1', title: 'T' }] } }] }).seen // [{ id: 'd1', title: 'T' }]
 */
export function readTrajectory(record: unknown, options: ReadTrajectoryOptions = {}): Trajectory {
  const format = options.format === undefined || options.format === 'auto' ? detectFormat(record) : options.format;
  switch (format) {
    case 'native':
      return readNative(record);
    case 'chat':
      return readChat(record, options.tools ?? {});
    case 'r1-searcher':
      return readR1(record);
  }
}

/** The shape of a record, told from its fields; a typed error when none fits. */
export function detectFormat(record: unknown): TrajectoryFormat {
  if (typeof record === 'string') return 'r1-searcher';
  if (Array.isArray(record)) return 'chat';
  if (!isObject(record)) fail([], 'invalid_type', `expected a trajectory object, got ${typeOf(record)}`);
  if ('steps' in record) return 'native';
  if ('messages' in record) return 'chat';
  if ('gen_text_store' in record || 'trace' in record) return 'r1-searcher';
  return fail([], 'unknown_format', 'unknown trajectory shape: expected steps (native), messages (chat) or gen_text_store / trace (Search-R1 / R1-Searcher)');
}

// --- native ------------------------------------------------------------------------------------

function readDoc(value: unknown, path: Path, textKeys: readonly string[]): Doc {
  if (!isObject(value)) fail(path, 'invalid_type', `expected a document object, got ${typeOf(value)}`);
  const title = optionalString(value['title'], [...path, 'title']);
  const url = optionalString(value['url'], [...path, 'url']);
  const rawId = value['id'];
  if (rawId !== undefined && typeof rawId !== 'string' && typeof rawId !== 'number') fail([...path, 'id'], 'invalid_type', 'expected a string or a number');
  const id = rawId !== undefined ? String(rawId) : (url ?? title);
  if (id === undefined || id === '') fail([...path, 'id'], 'missing', 'a document needs an id, a url or a title');
  const doc: Doc = { id };
  if (title !== undefined) doc.title = title;
  if (url !== undefined) doc.url = url;
  for (const key of textKeys) {
    const text = optionalString(value[key], [...path, key]);
    if (text !== undefined) {
      doc.text = text;
      break;
    }
  }
  return doc;
}

function readNative(record: unknown): Trajectory {
  if (!isObject(record)) fail([], 'invalid_type', `expected a trajectory object, got ${typeOf(record)}`);
  const steps = record['steps'];
  if (!Array.isArray(steps)) fail(['steps'], 'invalid_type', `expected an array of steps, got ${typeOf(steps)}`);
  const queries: string[] = [];
  const seen = new DocSet();
  const read = new DocSet();
  steps.forEach((step: unknown, i) => {
    const at: Path = ['steps', i];
    if (!isObject(step)) fail(at, 'invalid_type', `expected a step object, got ${typeOf(step)}`);
    if (isObject(step['search'])) {
      const search = step['search'];
      const query = optionalString(search['query'], [...at, 'search', 'query']);
      if (query !== undefined) queries.push(query);
      const results = search['results'] ?? [];
      if (!Array.isArray(results)) fail([...at, 'search', 'results'], 'invalid_type', 'expected an array of results');
      results.forEach((r: unknown, j) => seen.add(readDoc(r, [...at, 'search', 'results', j], ['snippet', 'text'])));
    } else if (isObject(step['open'])) {
      const doc = readDoc(step['open'], [...at, 'open'], ['text']);
      // An opened document keeps what its search result told (title, URL) when the step omits it.
      const known = seen.get(doc.id) ?? (doc.url !== undefined ? seen.getByUrl(doc.url) : undefined);
      read.add(seen.add(known !== undefined ? { ...doc, id: known.id } : doc));
    } else {
      fail(at, 'unknown_step', 'a step needs a search: { query, results } or an open: { id, text? } object');
    }
  });
  const cited: Doc[] = [];
  const citations = record['citations'];
  if (citations !== undefined) {
    if (!Array.isArray(citations)) fail(['citations'], 'invalid_type', 'expected an array of document ids');
    citations.forEach((c: unknown, i) => {
      if (typeof c !== 'string' && typeof c !== 'number') fail(['citations', i], 'invalid_type', 'expected a document id');
      const doc = seen.get(String(c)) ?? seen.getByUrl(String(c));
      cited.push(doc ?? { id: String(c) });
    });
  }
  return { queries, seen: seen.list(), read: read.list(), cited, answer: optionalString(record['answer'], ['answer']) };
}

// --- OpenAI-style chat with tool calls ----------------------------------------------------------

type ToolKind = 'search' | 'open' | 'other';

function toolKind(name: string, tools: ToolNames): ToolKind {
  const lower = name.toLowerCase();
  if ((tools.search ?? DEFAULT_SEARCH_TOOLS).some((n) => n.toLowerCase() === lower)) return 'search';
  if ((tools.open ?? DEFAULT_OPEN_TOOLS).some((n) => n.toLowerCase() === lower)) return 'open';
  return 'other';
}

/** Tool arguments arrive as a JSON string (OpenAI) or an object (some loggers). */
function parseArguments(value: unknown, path: Path): Record<string, unknown> {
  if (isObject(value)) return value;
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') fail(path, 'invalid_type', 'expected a JSON string or an object');
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : {};
  } catch {
    return fail(path, 'invalid_json', 'the tool call arguments are not valid JSON');
  }
}

function firstString(args: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = args[key];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** The text of a message's content (a string, or OpenAI content parts). */
function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value.map((part) => (isObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('\n');
  }
  return '';
}

/** Search results in a tool message: a JSON array, or an object holding one, else numbered text blocks. */
function parseResults(content: string, path: Path): Doc[] {
  const trimmed = content.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      let list: unknown = parsed;
      if (isObject(parsed)) list = parsed['results'] ?? parsed['organic'] ?? parsed['items'] ?? parsed['documents'] ?? parsed['data'];
      if (!Array.isArray(list)) fail(path, 'invalid_results', 'a JSON search result must be an array, or an object with results / organic / items / documents / data');
      return list.map((r: unknown, j) => {
        // Search APIs name the link `url` or `link`, the excerpt `snippet`, `text` or `content`.
        if (isObject(r) && r['url'] === undefined && typeof r['link'] === 'string') r = { ...r, url: r['link'] };
        return readDoc(r, [...path, j], ['snippet', 'text', 'content']);
      });
    }
  }
  return parseNumberedDocs(content);
}

function readChat(record: unknown, tools: ToolNames): Trajectory {
  const messages = Array.isArray(record) ? record : isObject(record) ? record['messages'] : undefined;
  const base: Path = Array.isArray(record) ? [] : ['messages'];
  if (!Array.isArray(messages)) fail(base, 'invalid_type', `expected an array of chat messages, got ${typeOf(messages)}`);
  const queries: string[] = [];
  const seen = new DocSet();
  const read = new DocSet();
  // tool_call_id → what the call was, so its tool message can be read in the right way.
  const calls = new Map<string, { kind: ToolKind; target?: string | undefined }>();
  let pendingKinds: { kind: ToolKind; target?: string | undefined }[] = [];
  let reasoning = '';
  let answer: string | undefined;
  messages.forEach((message: unknown, i) => {
    const at: Path = [...base, i];
    if (!isObject(message)) fail(at, 'invalid_type', `expected a message object, got ${typeOf(message)}`);
    const role = message['role'];
    if (typeof role !== 'string') fail([...at, 'role'], 'invalid_type', 'expected a role string');
    if (role === 'assistant') {
      const text = contentText(message['content']);
      const thought = typeof message['reasoning_content'] === 'string' ? message['reasoning_content'] : '';
      reasoning += `\n${thought}\n${text}`;
      const toolCalls = message['tool_calls'] ?? [];
      if (!Array.isArray(toolCalls)) fail([...at, 'tool_calls'], 'invalid_type', 'expected an array of tool calls');
      if (toolCalls.length === 0 && text.trim() !== '') answer = text.trim();
      pendingKinds = [];
      toolCalls.forEach((call: unknown, j) => {
        const cat: Path = [...at, 'tool_calls', j];
        if (!isObject(call)) fail(cat, 'invalid_type', 'expected a tool call object');
        const fn = isObject(call['function']) ? call['function'] : call;
        const name = fn['name'];
        if (typeof name !== 'string') fail([...cat, 'function', 'name'], 'invalid_type', 'expected the tool name');
        const args = parseArguments(fn['arguments'], [...cat, 'function', 'arguments']);
        const kind = toolKind(name, tools);
        let target: string | undefined;
        if (kind === 'search') {
          const query = firstString(args, ['query', 'q', 'search_query', 'keywords']);
          if (query !== undefined) queries.push(query);
          // Some agents send several queries in one call.
          const many = args['queries'] ?? args['query'];
          if (Array.isArray(many)) for (const q of many) if (typeof q === 'string') queries.push(q);
        } else if (kind === 'open') {
          target = firstString(args, ['url', 'id', 'doc_id', 'docid', 'link', 'page', 'title']);
        }
        const entry = { kind, target };
        pendingKinds.push(entry);
        if (typeof call['id'] === 'string') calls.set(call['id'], entry);
      });
    } else if (role === 'tool' || role === 'function') {
      const id = message['tool_call_id'];
      const call = (typeof id === 'string' ? calls.get(id) : undefined) ?? pendingKinds.shift();
      if (call === undefined) return;
      const content = contentText(message['content']);
      if (call.kind === 'search') {
        for (const doc of parseResults(content, [...at, 'content'])) seen.add(doc);
      } else if (call.kind === 'open') {
        const target = call.target;
        if (target === undefined) fail([...at, 'tool_call_id'], 'missing_target', 'the open call this message answers names no url, id or title');
        const known = seen.get(target) ?? seen.getByUrl(target) ?? seen.getByTitle(target);
        const doc: Doc = known !== undefined ? { id: known.id, text: content } : /^https?:/.test(target) ? { id: target, url: target, text: content } : { id: target, text: content };
        read.add(seen.add(doc));
      }
    }
  });
  const explicit = isObject(record) ? record['citations'] : undefined;
  const cited = Array.isArray(explicit)
    ? explicit.map((c) => seen.get(String(c)) ?? seen.getByUrl(String(c)) ?? { id: String(c) })
    : citedByName(reasoning, seen.list());
  const stated = isObject(record) ? optionalString(record['answer'], ['answer']) : undefined;
  return { queries, seen: seen.list(), read: read.list(), cited, answer: stated ?? answer };
}

/** The documents whose title (or URL) the model's own words name, found with the entity matcher. */
export function citedByName(reasoning: string, docs: readonly Doc[]): Doc[] {
  const titled = docs.filter((d) => d.title !== undefined && normalizeText(d.title) !== '');
  const cited = new Set<Doc>();
  if (titled.length > 0 && reasoning.trim() !== '') {
    // Fuzzy off: a title one letter away from another document's title is a different document.
    const hits = createEntityMatcher(titled.map((d) => d.title!), { fuzzy: false }).match(reasoning);
    hits.forEach((hit, i) => {
      if (hit.found) cited.add(titled[i]!);
    });
  }
  for (const doc of docs) if (doc.url !== undefined && reasoning.includes(doc.url)) cited.add(doc);
  return docs.filter((d) => cited.has(d));
}

// --- Search-R1 / R1-Searcher text traces -------------------------------------------------------

// R1-Searcher's <|begin_of_query|>… and Search-R1's <search>…, from the one list the agent writes too.
const MARKERS = [R1_SEARCHER_MARKERS, SEARCH_R1_MARKERS].flatMap((m) => [
  { begin: m.beginQuery, end: m.endQuery, kind: 'query' as const },
  { begin: m.beginDocs, end: m.endDocs, kind: 'docs' as const },
]);

/**
 * Numbered retrieved documents: R1-Searcher's `(1)Title   text` (three spaces after the title) or
 * Search-R1's `Doc 1(Title: "T") text`. Lines that start no document continue the previous one.
 */
export function parseNumberedDocs(block: string): Doc[] {
  const docs: Doc[] = [];
  let current: { title: string; text: string } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const title = current.title.trim();
    if (title !== '') docs.push({ id: title, title, text: current.text.trim() });
    current = undefined;
  };
  for (const line of block.split('\n')) {
    const r1 = /^\s*\((\d+)\)(.*)$/.exec(line);
    const sr1 = r1 === null ? searchR1Doc(line) : null;
    if (r1 !== null) {
      flush();
      const rest = r1[2] ?? '';
      const gap = rest.indexOf('   ');
      current = gap < 0 ? { title: rest, text: '' } : { title: rest.slice(0, gap), text: rest.slice(gap + 3) };
    } else if (sr1 !== null) {
      flush();
      current = { title: sr1[0], text: sr1[1] };
    } else if (current !== undefined) {
      current.text += `\n${line}`;
    }
  }
  flush();
  return docs;
}

function readR1(record: unknown): Trajectory {
  let text: string;
  let stated: string | undefined;
  if (typeof record === 'string') text = record;
  else {
    if (!isObject(record)) fail([], 'invalid_type', `expected a trace string or object, got ${typeOf(record)}`);
    const key = 'gen_text_store' in record ? 'gen_text_store' : 'trace';
    const value = record[key];
    if (typeof value !== 'string') fail([key], 'invalid_type', `expected the trace text, got ${typeOf(value)}`);
    text = value;
    stated = optionalString(record['pred_ans'], ['pred_ans'])?.trim();
  }
  const queries: string[] = [];
  const seen = new DocSet();
  const own: { start: number; end: number }[] = [];
  let at = 0;
  // Where each marker next begins, found again only once passed: a marker that never comes again
  // is searched for once, not once per block (which made a trace of many searches quadratic).
  const upcoming = MARKERS.map(() => -2);
  for (;;) {
    // The next marker of any kind, so both trace dialects may be mixed.
    let next: (typeof MARKERS)[number] | undefined;
    let nextAt = -1;
    MARKERS.forEach((m, k) => {
      if (upcoming[k]! !== -1 && upcoming[k]! < at) upcoming[k] = text.indexOf(m.begin, at);
      const i = upcoming[k]!;
      if (i >= 0 && (nextAt < 0 || i < nextAt)) {
        next = m;
        nextAt = i;
      }
    });
    if (next === undefined) {
      own.push({ start: at, end: text.length });
      break;
    }
    own.push({ start: at, end: nextAt });
    const from = nextAt + next.begin.length;
    let to = text.indexOf(next.end, from);
    // A trace cut off inside a block (max tokens) ends there.
    if (to < 0) to = text.length;
    const inner = text.slice(from, to);
    if (next.kind === 'query') {
      if (inner.trim() !== '') queries.push(inner.trim());
    } else {
      for (const doc of parseNumberedDocs(inner)) seen.add(doc);
    }
    at = Math.min(text.length, to + next.end.length);
  }
  // Every retrieved document was put in front of the model: seen and read alike.
  const docs = seen.list();
  const answerMatch = /<answer>([\s\S]*?)<\/answer>/.exec(text);
  // The model's own words: outside retrieved documents and queries, and before the final answer.
  const reasoning = own.map((r) => text.slice(r.start, r.end)).join('\n').replace(/<answer>[\s\S]*?<\/answer>/g, '');
  return {
    queries,
    seen: docs,
    read: docs.map((d) => ({ ...d })),
    cited: citedByName(reasoning, docs),
    answer: stated ?? answerMatch?.[1]?.trim(),
  };
}

/**
 * `Doc 3 (Title: "Paris") text` → [title, text]; null for any other line. Not one regex: a lazy
 * title before a greedy tail backtracks quadratically on a long line.
 */
function searchR1Doc(line: string): [string, string] | null {
  const head = /^\s*Doc \d+\s*\(Title:\s*/.exec(line);
  if (head === null) return null;
  const close = line.indexOf(')', head[0].length);
  if (close < 0) return null;
  let title = line.slice(head[0].length, close);
  if (title.startsWith('"')) title = title.slice(1);
  if (title.endsWith('"')) title = title.slice(0, -1);
  const rest = line.slice(close + 1);
  return [title, /^\s/.test(rest) ? rest.slice(1) : rest];
}
