import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrajectoryFile, readTrajectoryRecords } from './read-trajectories.js';

const dir = mkdtempSync(join(tmpdir(), 'read-trajectories-'));
const file = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
};

describe('readTrajectoryRecords', () => {
  it.each([
    ['a data trajectories row', { id: 'a', trajectory: { steps: [], citations: [] }, stop: 'max-turns', turns: 10, usage: {} }, 'max-turns'],
    ['a row without a stop', { id: 'a', trajectory: { steps: [], citations: [] } }, undefined],
    ['a numeric id', { id: 7, trajectory: { steps: [], citations: [] }, stop: 'answered' }, 'answered'],
    // A bare trace with an id: `stop` is the trace's own field (not how our agent ended), so not taken.
    ['a bare trace carrying its own stop field', { id: 'a', gen_text_store: '<answer>x</answer>', stop: 'eos' }, undefined],
    ['a stop that is not a string', { id: 'a', trajectory: { steps: [] }, stop: 3 }, undefined],
  ])('%s', async (_, row, stop) => {
    const path = file(`${Math.random().toString(36).slice(2)}.jsonl`, [row]);
    const { trajectories, stops } = await readTrajectoryRecords(path);
    const id = String((row as { id: unknown }).id);
    expect(stops.get(id)).toBe(stop);
    // The trajectories are what readTrajectoryFile has always given.
    expect(trajectories).toEqual(await readTrajectoryFile(path));
    expect(trajectories.get(id)).toEqual((row as { trajectory?: unknown }).trajectory ?? row);
  });
});
