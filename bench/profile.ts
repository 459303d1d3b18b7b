/**
 * Loops one scenario so a CPU profile shows where rubricReward spends its time:
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/profile.ts [words|numeric|real] [--match] [--seconds 5]
 *   npx tsx bench/hotspots.ts .tmp/prof/<file>.cpuprofile
 *
 * `--match` profiles matcher.match over the whole text instead of rubricReward.
 */
import { parseArgs } from 'node:util';
import { allScenarios, loadLibrary } from './scenarios.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { match: { type: 'boolean', default: false }, seconds: { type: 'string', default: '5' } },
});
const id = positionals[0] ?? 'words';
const scenario = allScenarios().find((s) => s.id === id);
if (scenario === undefined) {
  console.error(`no scenario "${id}" here (have: ${allScenarios().map((s) => s.id).join(', ')})`);
  process.exit(1);
}
const lib = await loadLibrary();
const input = { response: scenario.response, answer: scenario.answer, entities: scenario.entities };
const matcher = lib.createEntityMatcher(scenario.entities);
const run = values.match ? () => matcher.match(scenario.response) : () => lib.rubricReward(input);
const until = Date.now() + Number(values.seconds) * 1000;
let calls = 0;
while (Date.now() < until) {
  run();
  calls++;
}
console.log(`${id}: ${calls} calls of ${values.match ? 'matcher.match' : 'rubricReward'} in ${values.seconds} s`);
