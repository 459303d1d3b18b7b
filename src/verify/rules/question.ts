import { tokenize } from '../../text/index.js';
import type { Mention } from '../../entities/index.js';
import { contentOf, keysOf, unglue, type CompiledGold } from '../compiled-gold.js';

export const NO_WORDS: ReadonlySet<string> = new Set();
// Questions read per compiled gold: the 8+ rollouts of a group ask the same one, so a few suffice.
const QUESTIONS_PER_GOLD = 16;

/** What the verifier has read from this question, kept with the gold it was asked with. */
function questionNotes(gold: CompiledGold, question: string): { words?: ReadonlySet<string>; mentions?: number } {
  let notes = gold.questions.get(question);
  if (notes === undefined) {
    if (gold.questions.size >= QUESTIONS_PER_GOLD) gold.questions.clear();
    gold.questions.set(question, (notes = {}));
  }
  return notes;
}

/** The content words of a question. */
export function askedWords(gold: CompiledGold, question: string): ReadonlySet<string> {
  const notes = questionNotes(gold, question);
  return (notes.words ??= new Set(contentOf(keysOf(tokenize(unglue(question))))));
}

/** How often the question names the gold. */
function mentionsInQuestion(gold: CompiledGold, question: string): number {
  const notes = questionNotes(gold, question);
  return (notes.mentions ??= gold.matcher.match(unglue(question)).reduce((n, hit) => n + hit.mentions.length, 0));
}

/**
 * A long answer that names the gold no more often than the question does may only be restating
 * the question ("the main mineral in lithium batteries is lithium cobalt oxide").
 */
export function restatesQuestion(gold: CompiledGold, found: readonly Mention[], question: string | undefined): boolean {
  if (question === undefined) return false;
  const inQuestion = mentionsInQuestion(gold, question);
  return inQuestion > 0 && found.length <= inQuestion;
}
