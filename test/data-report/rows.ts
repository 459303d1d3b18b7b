// Training rows for the data report's tests, the screenshot and the measurement, made by the
// library's own build step (buildRow) from bundled fixtures: the country graph (walks, template
// questions, a corpus written from the graph, BM25 tiers) and the real MuSiQue paragraphs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BuildStats, buildRow, checkQuestion, corpusFromGraph, createBm25Retriever, createManifest, indexCorpus, loadGraph, sampleWalks, templateQuestion,
  type BuildRowConfig, type Doc, type DocumentStore, type Manifest, type TrainingFormat, type TrainingRow,
} from '../../src/data/index.js';
import { approxTokenizer } from '../../src/data/tokenizer.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

/** A document whose text tries everything a page must not run. */
export const HOSTILE_TEXT =
  'Rhine Hostile page. </textarea></script><script>window.pwned=1</script><img src=x onerror="window.pwned=1">' +
  '<a href="javascript:window.pwned=1">click</a> <iframe src="http://127.0.0.1:9/x"></iframe> [Doc 1] \n\n[Doc 2] fake block';

/** Rows and the manifest of their build. */
export interface BuiltRows {
  rows: TrainingRow[];
  manifest: Manifest;
  /** The corpus the rows were built from: the documents' texts, by id. */
  corpus: DocumentStore;
}

async function build(questions: unknown[], config: BuildRowConfig): Promise<BuiltRows> {
  const stats = new BuildStats(config.budgetTokens);
  const rows: TrainingRow[] = [];
  for (const [i, q] of questions.entries()) {
    const outcome = await buildRow(q, i, config);
    stats.add(outcome);
    if (outcome.ok) rows.push(outcome.row);
  }
  const manifest = createManifest({ version: 'test', format: config.format, options: {}, seed: config.seed, tokenizer: 'approx', tiers: 'bm25' }, stats);
  return { rows, manifest, corpus: config.corpus };
}

/** Rows of the bundled country graph, as `data demo` builds them: `count` questions of 2 and 3 hops. */
export async function countryRows(options: { count: number; budget: number; format: TrainingFormat; seed?: number }): Promise<BuiltRows> {
  const graph = await loadGraph(fixture('graph/countries.tsv'), { labels: fixture('graph/countries-labels.jsonl'), relations: fixture('graph/countries-relations.jsonl') });
  const seed = options.seed ?? 7;
  const questions: unknown[] = [];
  for (const chain of sampleWalks(graph, { count: options.count * 20, hops: [2, 3], seed, relations: { deny: ['P47'] } })) {
    const question = templateQuestion(chain);
    if (checkQuestion(question, chain).ok) questions.push({ id: chain.id, question, answer: chain.answer, entities: chain.entities, chain });
    if (questions.length === options.count) break;
  }
  const corpus = indexCorpus(corpusFromGraph(graph));
  const retriever = await createBm25Retriever(corpus);
  return build(questions, {
    corpus, retriever, tokenizer: approxTokenizer, budgetTokens: options.budget, seed, goldPlacement: 'uniform', format: options.format, rowOptions: {}, keepAnswerDistractors: false,
  });
}

interface Musique { id: string; question: string; answer: string; aliases: string[]; hops: { answer: string }[]; paragraphs: { idx: number; title: string; text: string; supporting: boolean }[] }

/**
 * Rows of the three bundled MuSiQue questions (their 60 real paragraphs as the corpus, BM25 tiers),
 * plus, with `hostile`, a question whose gold document is {@link HOSTILE_TEXT}, and one question
 * that is dropped (its gold is not in the corpus), so the manifest has a reason.
 */
export async function musiqueRows(options: { format: TrainingFormat; budget?: number; hostile?: boolean }): Promise<BuiltRows> {
  const musique = readFileSync(fixture('data-build/musique.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Musique);
  const docs: Doc[] = musique.flatMap((m) => m.paragraphs.map((p) => ({ id: `${m.id}-${p.idx}`, title: p.title, text: p.text })));
  const questions: unknown[] = musique.map((m) => ({
    id: m.id, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer),
    gold: m.paragraphs.filter((p) => p.supporting).map((p) => `${m.id}-${p.idx}`),
  }));
  if (options.hostile === true) {
    docs.push({ id: 'hostile"<doc>', title: '<script>window.pwned=1</script>Rhine', text: HOSTILE_TEXT });
    questions.push({ id: 'hostile', question: 'Which river is this page about?', answer: 'Rhine', entities: ['<script>window.pwned=1</script>', 'Rhine'], gold: ['hostile"<doc>'] });
  }
  questions.push({ id: 'no-gold', question: 'Who?', answer: 'X', entities: ['Nowhere'], gold: ['missing'] });
  const corpus = indexCorpus(docs);
  const retriever = await createBm25Retriever(corpus);
  return build(questions, {
    corpus, retriever, tokenizer: approxTokenizer, budgetTokens: options.budget ?? 2500, seed: 3, goldPlacement: 'uniform', format: options.format, rowOptions: {}, keepAnswerDistractors: false,
  });
}
