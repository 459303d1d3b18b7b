// Checks a question against its chain with the reward's own matcher: a question that names the
// answer or a bridge entity (any alias, any folding the matcher does) teaches nothing, and one
// a model answers without documents is a shortcut.
import { createEntityMatcher } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import type { ChatModel } from '../llm/index.js';
import { normalizeText } from '../text/index.js';
import { verifyAnswer } from '../verify/index.js';
import type { Chain, GoldEntity } from './types.js';

/** Why a question was rejected. */
export type QuestionProblem =
  /** The question is empty. */
  | 'empty'
  /** It names the answer (an alias, a folded or abbreviated form). */
  | 'answer-leak'
  /** It names a bridge entity (neither start nor answer). */
  | 'bridge-leak'
  /** It does not name the start entity. */
  | 'start-missing'
  /** A model answered it right with no documents (`closedBook`). */
  | 'shortcut';

/** The verdict on a question. */
export interface QuestionCheck {
  ok: boolean;
  reasons: QuestionProblem[];
  /** The entity names the question leaks. */
  leaked: string[];
  /** The closed-book model's reply, when one was asked. */
  closedBookAnswer?: string | undefined;
}

export interface CheckQuestionOptions {
  /**
   * Require the question to name the start entity.
   * @default true
   */
  requireStart?: boolean | undefined;
  /**
   * Also count initials of a multi-word name as a mention ("UK" for "United Kingdom", "USA" for "United States of America").
   * @default true
   */
  initials?: boolean | undefined;
  /** Asks this model the question without documents: `shortcut` when `verifyAnswer` says its reply is right. */
  closedBook?: ChatModel | undefined;
  /** Abandons the closed-book call. */
  signal?: AbortSignal | undefined;
}

/** The instruction of the closed-book check. */
export const CLOSED_BOOK_PROMPT = 'Answer the question from your own knowledge, without searching. Reply with the answer only.';

/**
 * Checks a question against its chain: `answer-leak`, `bridge-leak`, `start-missing`; with
 * `closedBook`, a promise that also checks `shortcut`.
 * @example
 * checkQuestion('What is the currency of the country that borders Portugal?', chain) // { ok: true, reasons: [], leaked: [] }
 */
export function checkQuestion(question: string, chain: Chain, options?: CheckQuestionOptions & { closedBook?: undefined }): QuestionCheck;
export function checkQuestion(question: string, chain: Chain, options: CheckQuestionOptions & { closedBook: ChatModel }): Promise<QuestionCheck>;
export function checkQuestion(question: string, chain: Chain, options: CheckQuestionOptions = {}): QuestionCheck | Promise<QuestionCheck> {
  if (typeof question !== 'string') {
    throw new ValidationError('INVALID_INPUT', [{ path: ['question'], code: 'invalid_type', message: `question must be a string, got ${typeof question}` }]);
  }
  if (typeof chain !== 'object' || chain === null || !Array.isArray(chain.entities) || chain.entities.length < 2 || typeof chain.answer !== 'object') {
    throw new ValidationError('INVALID_INPUT', [{ path: ['chain'], code: 'invalid_type', message: 'chain must have entities (start … answer) and an answer' }]);
  }
  const check = offline(question, chain, options);
  if (options.closedBook === undefined) return check;
  return closedBook(question, chain, check, options.closedBook, options.signal);
}

function offline(question: string, chain: Chain, options: CheckQuestionOptions): QuestionCheck {
  const reasons: QuestionProblem[] = [];
  const leaked: string[] = [];
  if (question.trim() === '') return { ok: false, reasons: ['empty'], leaked };
  const initials = options.initials ?? true;
  const answer: GoldEntity = { name: chain.answer.answer, aliases: chain.answer.aliases };
  const bridges = chain.entities.slice(1, -1);
  const found = (entity: GoldEntity): boolean => createEntityMatcher([withInitials(entity, initials)]).match(question)[0]?.found === true;
  if (found(answer)) {
    reasons.push('answer-leak');
    leaked.push(chain.answer.answer);
  }
  const bridgeNames = bridges.filter(found).map(nameOf);
  if (bridgeNames.length > 0) {
    reasons.push('bridge-leak');
    leaked.push(...bridgeNames);
  }
  // Initials are for catching leaks; the start must be named as such.
  if ((options.requireStart ?? true) && createEntityMatcher([chain.entities[0]!]).match(question)[0]?.found !== true) reasons.push('start-missing');
  return { ok: reasons.length === 0, reasons, leaked };
}

async function closedBook(question: string, chain: Chain, check: QuestionCheck, model: ChatModel, signal: AbortSignal | undefined): Promise<QuestionCheck> {
  const reply = await model.chat(
    [
      { role: 'system', content: CLOSED_BOOK_PROMPT },
      { role: 'user', content: question },
    ],
    { signal },
  );
  const verdict = verifyAnswer(reply, chain.answer);
  if (!verdict.correct) return { ...check, closedBookAnswer: reply };
  return { ok: false, reasons: [...check.reasons, 'shortcut'], leaked: check.leaked, closedBookAnswer: reply };
}

function nameOf(entity: GoldEntity): string {
  return typeof entity === 'string' ? entity : entity.name;
}

/** The entity with the initials of its multi-word names as more aliases ("United Kingdom" → "UK"). */
function withInitials(entity: GoldEntity, on: boolean): GoldEntity {
  if (!on) return entity;
  const name = nameOf(entity);
  const aliases = typeof entity === 'string' ? [] : (entity.aliases ?? []);
  const extra: string[] = [];
  for (const form of [name, ...aliases]) {
    const words = form.split(/\s+/).filter((w) => w !== '');
    const capitals = words.filter((w) => /^\p{Lu}/u.test(w));
    // Two capitalised words at least ("United States"): one-word names have no initials worth matching.
    if (capitals.length < 2 || capitals.length > 5) continue;
    const letters = capitals.map((w) => w[0]!).join('');
    extra.push(letters, capitals.map((w) => `${w[0]!}.`).join(''));
  }
  return extra.length === 0 ? entity : { name, aliases: [...aliases, ...extra] };
}

/**
 * Why a chain cannot become a training question, or undefined: an entity or answer the scorer
 * refuses (no letter or digit, an empty alias, a negative weight). Checked before a question is
 * written, so a bad chain is a counted skip and never a crash later.
 */
export function chainProblem(chain: Chain): string | undefined {
  try {
    createEntityMatcher(chain.entities);
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  const answers = [chain.answer.answer, ...chain.answer.aliases];
  const bad = answers.findIndex((a) => normalizeText(a) === '');
  if (bad === 0) return `answer.answer: ${JSON.stringify(chain.answer.answer)} has no letter or digit`;
  if (bad > 0) return `answer.aliases[${bad - 1}]: ${JSON.stringify(answers[bad])} has no letter or digit`;
  return undefined;
}
