// Derives the small credited fixtures of the training-data tests (fixtures/data-build/) from the real
// data in ../shared/data: 3 R1-Searcher traces, 3 MuSiQue questions with their 20 paragraphs, and
// 2 HotpotQA questions with their distractor context. Fixed picks, so the output is reproducible.
// Run: npx tsx scripts/build-data-fixtures.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ../shared/data beside the checkout, or LONGTRACE_SHARED_DATA (a worktree sits one level deeper).
const shared = process.env.LONGTRACE_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const out = join(import.meta.dirname, '..', 'fixtures', 'data-build');

const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

// R1-Searcher (MIT; 2WikiMultihopQA): rows 1, 5 and 9 have one, two and two searches.
const r1 = readFileSync(join(shared, 'r1-searcher/eval_results/2wiki_qwen.jsonl'), 'utf8').split('\n').filter(Boolean);
const traces = [1, 5, 9].map((i) => {
  const row = JSON.parse(r1[i]!) as { question: string; answer: string; pred_ans: string; gen_text_store: string; gpt4o_output: string };
  return { source: `r1-searcher/2wiki_qwen.jsonl#${i}`, question: row.question, answer: row.answer, pred_ans: row.pred_ans, gen_text_store: row.gen_text_store };
});
writeFileSync(join(out, 'r1-searcher-traces.jsonl'), jsonl(traces));

// MuSiQue (CC BY 4.0) via HippoRAG (MIT): the gold chain is the decomposition's answers.
interface Musique {
  id: string; question: string; answer: string; answer_aliases: string[];
  question_decomposition: { question: string; answer: string; paragraph_support_idx: number }[];
  paragraphs: { idx: number; title: string; paragraph_text: string; is_supporting: boolean }[];
}
const musique = JSON.parse(readFileSync(join(shared, 'hipporag/musique_train.json'), 'utf8')) as Musique[];
writeFileSync(join(out, 'musique.jsonl'), jsonl([0, 1, 2].map((i) => {
  const m = musique[i]!;
  return {
    id: m.id, question: m.question, answer: m.answer, aliases: m.answer_aliases,
    hops: m.question_decomposition.map((h) => ({ question: h.question, answer: h.answer, paragraph: h.paragraph_support_idx })),
    paragraphs: m.paragraphs.map((p) => ({ idx: p.idx, title: p.title, text: p.paragraph_text, supporting: p.is_supporting })),
  };
})));

// HotpotQA (CC BY-SA 4.0) via HippoRAG (MIT): supporting titles are the gold documents.
interface Hotpot { _id: string; question: string; answer: string; supporting_facts: [string, number][]; context: [string, string[]][] }
const hotpot = JSON.parse(readFileSync(join(shared, 'hipporag/hotpotqa_train.json'), 'utf8')) as Hotpot[];
writeFileSync(join(out, 'hotpotqa.jsonl'), jsonl([0, 1].map((i) => {
  const h = hotpot[i]!;
  return {
    id: h._id, question: h.question, answer: h.answer,
    supporting: [...new Set(h.supporting_facts.map(([t]) => t))],
    context: h.context.map(([title, sentences]) => ({ title, text: sentences.join('') })),
  };
})));

// A corpus for the corpus-index tests (corpus-wiki.jsonl): the paragraphs of MuSiQue rows 0–24 as
// { id, title, text }, and HotpotQA rows 0–24's context in wiki-18's shape ({ id, contents:
// "\"Title\"\ntext" }), so both readers are exercised; corpus-questions.jsonl holds those questions
// with their gold ids.
const corpus: unknown[] = [];
const questions: unknown[] = [];
for (let i = 0; i < 25; i++) {
  const m = musique[i]!;
  const ids = m.paragraphs.map((p) => `${m.id}/${p.idx}`);
  m.paragraphs.forEach((p, j) => corpus.push({ id: ids[j], title: p.title, text: p.paragraph_text }));
  questions.push({
    id: m.id, question: m.question, answer: m.answer,
    entities: m.question_decomposition.map((h) => h.answer), gold: m.paragraphs.filter((p) => p.is_supporting).map((p) => `${m.id}/${p.idx}`),
  });
}
for (let i = 0; i < 25; i++) {
  const h = hotpot[i]!;
  const supporting = new Set(h.supporting_facts.map(([t]) => t));
  const gold: string[] = [];
  h.context.forEach(([title, sentences], j) => {
    const id = `${h._id}/${j}`;
    if (supporting.has(title)) gold.push(id);
    corpus.push({ id, contents: `"${title}"\n${sentences.join('')}` });
  });
  questions.push({ id: h._id, question: h.question, answer: h.answer, entities: [...supporting], gold });
}
writeFileSync(join(out, 'corpus-wiki.jsonl'), jsonl(corpus));
writeFileSync(join(out, 'corpus-questions.jsonl'), jsonl(questions));
