// Realistic generated rollouts for the memory test: GRPO groups of 8 rollouts per question, each
// question with its own 3-hop chain, responses of a few kB with retrieved documents, in both row
// shapes. Deterministic (a fixed-seed PRNG), so runs compare.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS = (
  'the of and river city was born in lies on flows into capital founded by which is known for its during century ' +
  'after before later also director film album released named country population border north south east west'
).split(' ');
const PLACES = ['Cologne', 'Rhine', 'North Sea', 'Vienna', 'Danube', 'Black Sea', 'Prague', 'Vltava', 'Elbe', 'Lyon', 'Rhône', 'Mediterranean'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` rollouts as JSONL to `file`; about `scale` × 3 kB a row. */
export async function writeRollouts(file: string, rows: number, { seed = 1, scale = 1 } = {}): Promise<void> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const filler = (n: number) => Array.from({ length: Math.round(n * scale) }, () => pick(WORDS)).join(' ');
  const out = createWriteStream(file);
  for (let i = 0; i < rows; i += 1) {
    const q = Math.floor(i / 8);
    // The chain belongs to the question: the same for the 8 rollouts of its group.
    const chain = [`${PLACES[q % PLACES.length]} ${q}`, `Hop ${q} ${PLACES[(q * 7 + 3) % PLACES.length]}`, `Answer ${q}`];
    const right = rand() < 0.6;
    const named = chain.filter(() => rand() < 0.7);
    const reasoning = `${filler(120)}. ${named.join('. ')}. ${filler(150)}.`;
    const documents = `<information>${filler(200)} ${chain.join(' ')}</information>`;
    const final = right ? `\\boxed{Answer ${q}}` : `\\boxed{Answer ${q + 1}}`;
    const response = `<think>${reasoning}</think>${documents}<think>${filler(60)}</think>\n${final}`;
    const row =
      i % 2 === 0
        ? { id: `r${i}`, group: `q${q}`, question: `Question ${q}?`, response, answer: `Answer ${q}`, entities: chain }
        : { id: `r${i}`, group: `q${q}`, label: `Answer ${q}`, extra_reward_info: { question: `Question ${q}?`, rubrics: chain }, response };
    if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
