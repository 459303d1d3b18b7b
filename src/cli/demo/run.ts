// `longtrace-reward demo`: scores the bundled fixtures and explains each result in plain words, for
// someone who has just cloned the repository. With default options it also checks every result
// against the fixture's `expected` and fails when one differs, so `npm start` doubles as a smoke test.
import { rubricReward, type GoldAnswer, type RewardResult, type RewardStrategy } from '../../index.js';
import { DEFAULT_ETA } from '../../rubric/strategy.js';
import { colorsFor, type Colors } from '../shared/colors.js';
import { toRecord } from '../../rows/grouper.js';
import type { DemoOptions } from './options.js';
import { renderTable, truncate, wrap } from '../shared/table.js';
import { docPath } from '../shared/version.js';

/** The fields of a fixture the demo reads (see fixtures/types.ts). */
interface DemoFixture {
  id: string;
  source: string;
  question: string;
  response?: string | undefined;
  messages?: readonly { role: 'system' | 'user' | 'assistant' | 'tool'; content?: string | null; reasoning_content?: string | null }[] | undefined;
  answer: GoldAnswer;
  entities: readonly (string | { name: string; aliases?: readonly string[]; weight?: number })[];
  expected: { correct: boolean; method: string; hits: readonly string[]; reward: number };
}

export async function runDemo(options: DemoOptions): Promise<number> {
  // Loaded here, not at the top: only this command needs the fixtures.
  const { fixtures } = (await import('../../../fixtures/index.js')) as { fixtures: readonly DemoFixture[] };
  const eta = options.eta ?? DEFAULT_ETA;
  const strategy: RewardStrategy = options.strategy ?? 'positive-only';
  const defaults = options.eta === undefined && options.strategy === undefined;
  const scored = fixtures.map((f) => ({
    fixture: f,
    result: rubricReward(
      { response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question },
      { eta, strategy },
    ),
  }));

  if (options.json === true) {
    for (const [i, { fixture, result }] of scored.entries()) {
      process.stdout.write(`${JSON.stringify(toRecord({ kind: 'scored', line: i + 1, id: fixture.id, result, options: { eta, strategy } }))}\n`);
    }
    return 0;
  }

  const c = colorsFor(process.stdout);
  const width = Math.max(60, Math.min(process.stdout.columns ?? 100, 120));
  const out: string[] = [];
  out.push(
    c.bold(`longtrace-reward demo: ${scored.length} bundled rollouts of multi-hop questions, scored`),
    '',
    wrap(
      'For each rollout: is the final answer right (and which rule decided), which entities of the gold chain ' +
        "(the hops a correct answer passes through) the model's own reasoning names, and the reward that gives. " +
        `Reward: ${formula(strategy, eta)}.`,
      width,
      '',
    ),
    '',
  );

  let differ = 0;
  for (const [i, { fixture, result }] of scored.entries()) {
    const mismatch = defaults ? difference(fixture, result) : undefined;
    if (mismatch !== undefined) differ += 1;
    out.push(...block(i + 1, fixture, result, { eta, strategy, width, c }));
    if (mismatch !== undefined) out.push(`     ${c.yellow(`⚠ differs from the fixture's expected result: ${mismatch}`)}`);
    out.push('');
  }

  out.push(c.bold('In short'));
  const rows = scored.map(({ fixture, result }, i) => {
    const hits = result.rubricDetail.entities.filter((e) => e.found).length;
    return [
      String(i + 1),
      truncate(oneLine(fixture.question), Math.max(20, width - 48)),
      result.verdict.correct ? c.green(`✓ ${result.verdict.method}`) : c.red(`✗ ${result.verdict.method}`),
      `${hits}/${result.rubricDetail.total}`,
      result.reward.toFixed(2),
    ];
  });
  out.push(renderTable([['#', 'question', 'answer', 'chain', 'reward'].map((h) => c.dim(h)), ...rows], { align: ['right', 'left', 'left', 'right', 'right'] }));
  const correct = scored.filter((s) => s.result.verdict.correct).length;
  const mean = scored.reduce((sum, s) => sum + s.result.reward, 0) / Math.max(1, scored.length);
  out.push(
    '',
    `${correct} of ${scored.length} answers correct, mean reward ${mean.toFixed(3)}.`,
    `Score your own rollouts: ${c.cyan('npx longtrace-reward score rollouts.jsonl > rewards.jsonl')} (see ${docPath('docs/cli.md')}).`,
  );
  if (differ > 0) out.push(c.yellow(`${differ} result(s) differ from the fixtures' expected results: the fixtures or the scorer changed.`));
  process.stdout.write(`${out.join('\n')}\n`);
  return differ > 0 ? 1 : 0;
}

function block(n: number, f: DemoFixture, r: RewardResult, o: { eta: number; strategy: RewardStrategy; width: number; c: Colors }): string[] {
  const { c, width } = o;
  const pad = '     ';
  const label = (text: string) => c.dim(text.padEnd(8));
  const gold = goldText(f.answer);
  const said = r.verdict.extracted === null ? c.dim('(no final answer found)') : `"${truncate(oneLine(r.verdict.extracted), 40)}"`;
  const verdict = r.verdict.correct
    ? `${c.green('✓ correct')}  ${said} ${c.dim(`matches "${gold}" (rule: ${r.verdict.method})`)}`
    : `${c.red('✗ wrong')}    ${said} ${c.dim(`vs gold "${gold}" (rule: ${r.verdict.method})`)}`;
  // No-break spaces keep each entity's mark and name on one line when the chain wraps.
  const chain = r.rubricDetail.entities.map((e) => (e.found ? c.green(`✓ ${e.name}`) : c.red(`✗ ${e.name}`)).replace(/ /g, '\u00a0')).join('  ');
  return [
    `${c.bold(String(n).padStart(3))}. ${c.bold(f.id)}  ${c.dim(truncate(f.source, Math.max(10, width - f.id.length - 9)))}`,
    wrap(`Q: ${oneLine(f.question)}`, width, pad),
    wrap(`${label('answer')}${verdict}`, width, pad, `${pad}${' '.repeat(8)}`),
    wrap(`${label('chain')}${chain}  ${c.dim(`recall\u00a0${r.rubric.toFixed(2)}`)}`, width, pad, `${pad}${' '.repeat(8)}`),
    `${pad}${label('reward')}${c.bold(r.reward.toFixed(2))}  ${c.dim(explain(r, o.strategy, o.eta))}`,
  ];
}

function formula(strategy: RewardStrategy, eta: number): string {
  const a = num(1 - eta);
  const b = num(eta);
  switch (strategy) {
    case 'positive-only':
      return `correct ? ${a}·outcome + ${b}·recall : 0 (strategy positive-only: the chain only counts when the answer is right)`;
    case 'mixed':
      return `${a}·outcome + ${b}·recall (strategy mixed)`;
    case 'negative-only':
      return `correct ? 1 : ${b}·recall (strategy negative-only: partial credit for wrong answers)`;
    case 'outcome-only':
      return 'outcome (1 when correct, else 0; strategy outcome-only)';
  }
}

function explain(r: RewardResult, strategy: RewardStrategy, eta: number): string {
  const o = r.outcome;
  const rubric = r.rubric.toFixed(2);
  switch (strategy) {
    case 'positive-only':
      return o > 0 ? `= ${num(1 - eta)} × outcome ${o} + ${num(eta)} × recall ${rubric}` : '= 0: a wrong answer earns nothing, whatever the chain';
    case 'mixed':
      return `= ${num(1 - eta)} × outcome ${o} + ${num(eta)} × recall ${rubric}`;
    case 'negative-only':
      return o > 0 ? '= outcome 1' : `= ${num(eta)} × recall ${rubric}`;
    case 'outcome-only':
      return `= outcome ${o}`;
  }
}

/** What differs from the fixture's expected result, or undefined when nothing does. */
function difference(f: DemoFixture, r: RewardResult): string | undefined {
  const hits = r.rubricDetail.entities.filter((e) => e.found).map((e) => e.name);
  const diffs: string[] = [];
  if (r.verdict.correct !== f.expected.correct) diffs.push(`correct ${String(f.expected.correct)}`);
  if (r.verdict.method !== f.expected.method) diffs.push(`rule ${f.expected.method}`);
  if (hits.join('\u0000') !== f.expected.hits.join('\u0000')) diffs.push(`hits [${f.expected.hits.join(', ')}]`);
  if (Math.abs(r.reward - f.expected.reward) > 1e-9) diffs.push(`reward ${f.expected.reward.toFixed(3)}`);
  return diffs.length === 0 ? undefined : `expected ${diffs.join(', ')}`;
}

function goldText(answer: GoldAnswer): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer[0] ?? '';
  return (answer as { answer: string }).answer;
}

const num = (x: number) => String(Math.round(x * 1000) / 1000);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
