import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { CHAT_END_TOKENS, DEFAULT_EXCLUDED_BLOCKS } from '../response/index.js';
import type { GoldAnswer } from './gold-answer.js';
import { verifyAnswer, type Verdict, type VerdictMethod, type VerifyOptions } from './verify-answer.js';

interface Case {
  response: string;
  gold: GoldAnswer;
  correct: boolean;
  /** The rule expected to decide; left out where the spec only fixes the verdict. */
  method?: VerdictMethod;
  extracted?: string | null;
  matched?: string | null;
  options?: VerifyOptions;
}

const RIGHT: readonly VerdictMethod[] = ['exact', 'contains', 'sentence', 'number', 'date', 'choice', 'yes-no', 'partial-name', 'all-words', 'acronym'];

/** The invariants every verdict keeps, whatever the input. */
function expectWellFormed(v: Verdict): void {
  expect(v.score).toBeGreaterThanOrEqual(0);
  expect(v.score).toBeLessThanOrEqual(1);
  expect(RIGHT.includes(v.method)).toBe(v.correct);
  if (v.correct) expect(v.score).toBe(1);
  if (v.method === 'undecided') expect(v.score).toBeGreaterThan(0);
  if (!v.correct && v.method !== 'undecided') expect(v.score).toBe(0);
  // `matched` names the deciding alias of a correct verdict, and only then.
  expect(v.matched !== null).toBe(v.correct);
  if (v.extracted === null) expect(v.method).toBe('no-answer');
}

function check({ response, gold, correct, method, extracted, matched, options }: Case): void {
  const v = verifyAnswer(response, gold, options);
  expect({ correct: v.correct, method: method === undefined ? undefined : v.method }).toEqual({ correct, method });
  if (extracted !== undefined) expect(v.extracted).toBe(extracted);
  if (matched !== undefined) expect(v.matched).toBe(matched);
  expectWellFormed(v);
}

const name = (c: Case): string => `${JSON.stringify(c.response)} vs ${JSON.stringify(c.gold)}`;
const table = (cases: Case[]) => cases.map((c) => ({ ...c, name: name(c) }));

describe('verifyAnswer: finding the final answer', () => {
  it.each(table([
    { response: '<think>Maybe Lyon.</think>\n\nParis', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '<think>It is Paris.</think>\n\nLyon', gold: 'Paris', correct: false, method: 'mismatch', extracted: 'Lyon' },
    { response: '<think>It is Paris, clearly.', gold: 'Paris', correct: false, method: 'no-answer', extracted: null },
    { response: '<think>It is Paris.</think>', gold: 'Paris', correct: false, method: 'no-answer', extracted: null },
    { response: 'The capital is Paris.</think>Lyon', gold: 'Paris', correct: false, method: 'mismatch' },
    { response: '<think>a</think>Paris<think>b</think>Lyon', gold: 'Paris', correct: false, method: 'mismatch', extracted: 'Lyon' },
    { response: '<answer>Paris</answer>', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'Thinking about Lyon. <answer> Paris </answer>', gold: 'Paris', correct: true, method: 'exact' },
    { response: 'So the capital is \\boxed{Paris}.', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'The result is \\boxed{\\text{Paris}}.', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '$\\boxed{\\textbf{North Sea}}$', gold: 'North Sea', correct: true, method: 'exact', extracted: 'North Sea' },
    { response: '<think>\\boxed{Lyon}</think>\\boxed{Paris}', gold: 'Paris', correct: true, method: 'exact' },
    { response: 'Reasoning about Lyon.\nAnswer: Paris', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'Lyon is big.\nFinal answer: Paris', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'Lyon is big, so the answer is Paris.', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'Lyon is big.\n\n**Final Answer:** Paris', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: 'Lyon is big.\n\n**Answer:** **Paris**', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '{"answer": "Paris"}', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '{"answer": "Lyon", "reason": "Paris is too big"}', gold: 'Paris', correct: false, method: 'mismatch', extracted: 'Lyon' },
    { response: '  paris  ', gold: 'Paris', correct: true, method: 'exact', extracted: 'paris' },
    { response: '', gold: 'Paris', correct: false, method: 'no-answer', extracted: null },
    { response: ' \n ', gold: 'Paris', correct: false, method: 'no-answer', extracted: null },
    { response: '<answer></answer>', gold: 'Paris', correct: false, method: 'no-answer' },
    { response: '\\boxed{}', gold: 'Paris', correct: false, method: 'no-answer' },
    { response: 'Answer:', gold: 'Paris', correct: false },
    { response: '…', gold: 'Paris', correct: false, method: 'no-answer' },
  ]))('$name', check);
});

describe('verifyAnswer: chat end tokens, documents and tool output', () => {
  it.each(table([
    ...CHAT_END_TOKENS.map((t): Case => ({ response: `<think>x</think>Paris${t}`, gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' })),
    { response: 'Paris<|im_end|>\n<|im_start|>user\nNo, Lyon<|im_end|>', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '\\boxed{Paris}<｜end▁of▁sentence｜>', gold: 'Paris', correct: true, method: 'exact' },
    ...DEFAULT_EXCLUDED_BLOCKS.map((b): Case => ({ response: `<think>search</think>${b.open}Paris is the capital.${b.close}`, gold: 'Paris', correct: false, method: 'no-answer' })),
    ...DEFAULT_EXCLUDED_BLOCKS.map((b): Case => ({ response: `<think>search</think>${b.open}Paris is the capital.${b.close}Lyon`, gold: 'Paris', correct: false, method: 'mismatch', extracted: 'Lyon' })),
    { response: '<|begin_of_query|>capital<|end_of_query|><|begin_of_documents|>Lyon is big.<|end_of_documents|>Paris', gold: 'Paris', correct: true, method: 'exact', extracted: 'Paris' },
    { response: '<search>capital of France</search><information>Lyon</information>\\boxed{Paris}', gold: 'Paris', correct: true, method: 'exact' },
    { response: 'Let me look it up. <search>Paris', gold: 'Paris', correct: false, method: 'no-answer' },
  ]))('$name', check);
});

describe('verifyAnswer: comparing with the gold and its aliases', () => {
  it.each(table([
    { response: 'PARIS', gold: 'paris', correct: true, method: 'exact', matched: 'paris' },
    { response: 'São Paulo', gold: 'Sao Paulo', correct: true, method: 'exact' },
    { response: 'The Beatles', gold: 'Beatles', correct: true, method: 'exact' },
    { response: 'Beatles', gold: 'The Beatles', correct: true, method: 'exact' },
    { response: 'Lutetia', gold: ['Paris', 'Lutetia'], correct: true, method: 'exact', matched: 'Lutetia' },
    { response: 'Lutetia', gold: { answer: 'Paris', aliases: ['Lutetia'] }, correct: true, method: 'exact', matched: 'Lutetia' },
    { response: 'NYC', gold: { answer: 'New York City', aliases: ['NYC', 'Big Apple'] }, correct: true, method: 'exact', matched: 'NYC' },
    { response: 'Lyon', gold: ['Paris', 'Lutetia'], correct: false, method: 'mismatch' },
    { response: 'Paris, France', gold: 'Paris', correct: true, method: 'contains', matched: 'Paris' },
    { response: 'Paris (or Lutetia)', gold: 'Paris', correct: true, method: 'contains' },
    { response: 'Uralic language family', gold: 'Uralic languages', correct: true, method: 'contains' },
    { response: 'Parisian', gold: 'Paris', correct: true },
    { response: 'Parisiennes', gold: 'Paris', correct: false },
    { response: 'the United States', gold: 'American', correct: true, method: 'exact' },
    { response: 'Wilhelm Röntgen', gold: 'Wilhelm Conrad Röntgen', correct: true, method: 'partial-name', matched: 'Wilhelm Conrad Röntgen' },
    { response: 'Röntgen', gold: 'Wilhelm Conrad Röntgen', correct: true, method: 'partial-name' },
    { response: 'Agincourt', gold: 'Battle of Agincourt', correct: true, method: 'partial-name' },
    { response: 'Obama', gold: 'Barack Obama', correct: true, method: 'partial-name' },
    { response: 'Tchaikovksy', gold: 'Tchaikovsky', correct: true, method: 'contains' },
    { response: 'Tchaikovksy', gold: 'Tchaikovsky', correct: false, options: { fuzzy: false } },
    // The label is read as one: the answer itself is compared, not found inside "答案：东京".
    { response: '答案：东京', gold: '东京', correct: true, method: 'exact', matched: '东京' },
    { response: '最终答案：大阪', gold: '东京', correct: false, method: 'mismatch' },
  ]))('$name', check);
});

describe('verifyAnswer: partial overlaps are undecided', () => {
  it.each<{ response: string; gold: string; score: number }>([
    { response: 'Conrad', gold: 'Wilhelm Conrad Röntgen', score: 0.5 },
    { response: 'Michelle Obama', gold: 'Barack Obama', score: 0.5 },
    { response: 'New York State', gold: 'New York City', score: 2 / 3 },
    { response: 'George Washington', gold: 'Washington, D.C.', score: 0.5 },
    // Two shared words, but "of" makes it another name (fixture r1-2wiki-0 without its question).
    { response: 'The House of Mirrors', gold: 'Key House Mirror', score: 0.8 },
  ])('$response vs $gold → undecided, score $score', ({ response, gold, score }) => {
    const v = verifyAnswer(response, gold);
    expect({ correct: v.correct, method: v.method, matched: v.matched }).toEqual({ correct: false, method: 'undecided', matched: null });
    expect(v.score).toBeCloseTo(score, 12);
  });
});

describe('verifyAnswer: numbers and units', () => {
  it.each(table([
    { response: '42', gold: '42', correct: true, method: 'exact' },
    { response: '5.0', gold: '5', correct: true },
    { response: 'five', gold: '5', correct: true },
    { response: '1,500,000', gold: '1.5 million', correct: true },
    { response: '1.5 million', gold: '1,500,000', correct: true },
    { response: '1500000', gold: '1.5 million', correct: true },
    { response: 'about 1.5 million people', gold: '1,500,000', correct: true, method: 'number' },
    { response: '1.6 million', gold: '1,500,000', correct: false, method: 'number-mismatch' },
    { response: '1.5 billion', gold: '1.5 million', correct: false, method: 'number-mismatch' },
    { response: '12', gold: '13', correct: false, method: 'number-mismatch' },
    { response: '7 km', gold: '7 km', correct: true },
    { response: '7 kilometres', gold: '7 km', correct: true },
    { response: 'about 7 km', gold: '7 km', correct: true, method: 'number', matched: '7 km' },
    { response: 'about 7 miles', gold: '7 km', correct: false, method: 'number-mismatch' },
    { response: '7', gold: '7 km', correct: true },
    { response: '7 km', gold: '7', correct: true },
    { response: '50%', gold: '50 percent', correct: true },
    { response: 'The Rhine is 1,230 km long', gold: '1,230 km', correct: true, method: 'number' },
    { response: '1650 or 1651', gold: '1650', correct: false, method: 'hedged' },
    { response: 'No. 5', gold: '5', correct: true, method: 'number' },
  ]))('$name', check);

  // The spec: "numbers by value (with units when both have one: 7 km ≠ 7 miles)".
  it.each<{ response: string; gold: string }>([
    { response: '7 km', gold: '7 miles' },
    { response: '7 miles', gold: '7 km' },
    { response: '12 km', gold: '12 miles' },
    { response: '5 kg', gold: '5 km' },
  ])('$response is wrong for $gold (units differ)', ({ response, gold }) => {
    expect(verifyAnswer(response, gold).correct).toBe(false);
  });
});

describe('verifyAnswer: dates', () => {
  it.each(table([
    { response: 'February 11, 1650', gold: '11 February 1650', correct: true },
    { response: '11 February 1650', gold: 'February 11, 1650', correct: true },
    { response: 'Feb. 11, 1650', gold: '11 February 1650', correct: true },
    { response: '1650-02-11', gold: '11 February 1650', correct: true },
    { response: '12 February 1650', gold: '11 February 1650', correct: false, method: 'date-mismatch' },
    { response: 'February 11, 1651', gold: 'February 11, 1650', correct: false, method: 'date-mismatch' },
    { response: '1650', gold: '11 February 1650', correct: false, method: 'date-mismatch' },
    { response: 'It happened in 1650.', gold: 'February 11, 1650', correct: false, method: 'date-mismatch' },
    { response: 'February 1650', gold: 'February 11, 1650', correct: false, method: 'date-mismatch' },
    { response: 'March 1946', gold: '21 March 1946', correct: false, method: 'date-mismatch' },
    { response: '21 March 1946', gold: '1946', correct: true, method: 'date', matched: '1946' },
    { response: 'on 11 February 1650', gold: '1650', correct: true, method: 'date' },
    { response: 'February 1650', gold: '1650', correct: true, method: 'date' },
    { response: 'in 1946', gold: '1946', correct: true },
    { response: '1651', gold: '1650', correct: false, method: 'number-mismatch' },
  ]))('$name', check);
});

describe('verifyAnswer: multiple choice and yes/no', () => {
  it.each(table([
    { response: 'B', gold: 'B', correct: true, method: 'choice', matched: 'B' },
    { response: '(B)', gold: 'B', correct: true, method: 'choice' },
    { response: 'b', gold: 'B', correct: true, method: 'choice' },
    { response: 'B. Paris', gold: 'B', correct: true, method: 'choice' },
    { response: 'Option C', gold: 'C', correct: true, method: 'choice' },
    { response: 'The answer is C', gold: 'B', correct: false, method: 'choice-mismatch', extracted: 'C' },
    { response: 'D', gold: '(C)', correct: false, method: 'choice-mismatch' },
    { response: 'Yes', gold: 'yes', correct: true, method: 'yes-no' },
    { response: 'Yes.', gold: 'Yes', correct: true, method: 'yes-no' },
    { response: 'no', gold: 'No', correct: true, method: 'yes-no' },
    { response: 'Answer: yes', gold: 'yes', correct: true, method: 'yes-no' },
    { response: 'Yes, both films were directed by Americans.', gold: 'yes', correct: true, method: 'yes-no' },
    { response: 'True', gold: 'yes', correct: true, method: 'yes-no' },
    { response: 'No', gold: 'yes', correct: false, method: 'yes-no-mismatch' },
    { response: 'No, it is not.', gold: 'yes', correct: false, method: 'yes-no-mismatch' },
    { response: 'maybe', gold: 'yes', correct: false, method: 'yes-no-mismatch' },
  ]))('$name', check);
});

describe('verifyAnswer: what a careful grader refuses', () => {
  it.each(table([
    { response: 'I cannot determine the answer from the documents.', gold: 'Paris', correct: false, method: 'refusal' },
    { response: "I don't know", gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'Unknown', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'N/A', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'Cannot be determined', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'There is not enough information to answer.', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'The documents do not provide enough information to determine this.', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'The capital is not mentioned in the documents.', gold: 'Paris', correct: false, method: 'refusal' },
    { response: 'Paris or Lyon', gold: 'Paris', correct: false, method: 'hedged' },
    { response: 'Lyon or Paris', gold: 'Paris', correct: false, method: 'hedged' },
    { response: 'either Paris or Lyon', gold: 'Paris', correct: false, method: 'hedged' },
    { response: 'Paris, Lyon, Marseille or Nice', gold: 'Paris', correct: false, method: 'hedged' },
    { response: 'Paris, Lyon or Nice', gold: 'Lyon', correct: false, method: 'hedged' },
    { response: 'Answer: Paris or Lyon', gold: 'Paris', correct: false, method: 'hedged', extracted: 'Paris or Lyon' },
    { response: 'Paris or Paris, France', gold: ['Paris', 'Paris, France'], correct: true },
    { response: 'not Paris', gold: 'Paris', correct: false, method: 'negated' },
    { response: 'It is not Paris', gold: 'Paris', correct: false, method: 'negated' },
    { response: "It isn't Paris", gold: 'Paris', correct: false, method: 'negated' },
    { response: 'Never Paris', gold: 'Paris', correct: false, method: 'negated' },
    { response: 'Not Paris but Lyon', gold: 'Paris', correct: false, method: 'negated' },
    { response: 'Paris, not Lyon', gold: 'Paris', correct: true, method: 'contains' },
    { response: '\\boxed{Lyon} … no wait, \\boxed{Paris}', gold: 'Paris', correct: false, method: 'conflicting-answers', extracted: 'Paris' },
    { response: '<answer>Lyon</answer> then <answer>Paris</answer>', gold: 'Paris', correct: false, method: 'conflicting-answers' },
    { response: '\\boxed{Paris} … or \\boxed{Lyon}', gold: 'Paris', correct: false },
    { response: '\\boxed{Paris} and again \\boxed{paris}', gold: 'Paris', correct: true, method: 'exact' },
    { response: '\\boxed{Paris} and \\boxed{Paris, France}', gold: 'Paris', correct: true },
    { response: '\\boxed{Lutetia} \\boxed{Paris}', gold: ['Paris', 'Lutetia'], correct: true },
  ]))('$name', check);
});

describe('verifyAnswer: long answers are judged on the sentence', () => {
  it.each(table([
    {
      response: 'After reading all the documents carefully, I conclude that the capital city of the country is Paris.',
      gold: 'Paris',
      correct: true,
      method: 'sentence',
    },
    {
      response: 'After reading all the documents carefully, I conclude that the capital city is definitely not Paris.',
      gold: 'Paris',
      correct: false,
      method: 'negated',
    },
    {
      response: 'The river flows through many cities and, after careful consideration of the documents, ends in the North Sea.',
      gold: 'North Sea',
      correct: true,
      method: 'sentence',
    },
    {
      response: 'The river flows through many cities and, after careful consideration of the documents, ends in the Baltic Sea.',
      gold: 'North Sea',
      correct: false,
    },
    {
      response: 'Having checked every document, I believe the person in question is Wilhelm Röntgen, the physicist.',
      gold: 'Wilhelm Conrad Röntgen',
      correct: true,
      method: 'partial-name',
    },
    {
      // Restating the question is no answer: the gold appears no more often than in the question.
      response: 'So after all of that reading, the long river that passes through Cologne ends up in the North Sea, like the question says.',
      gold: 'North Sea',
      correct: false,
      options: { question: 'Into which sea does the river through Cologne flow, the North Sea?' },
    },
  ]))('$name', check);
});

describe('verifyAnswer: people, short forms and acronyms', () => {
  it.each(table([
    // Middle names left out, given names shortened or as initials, honours and generations dropped.
    { response: 'Kirsten Vangsness plays Penelope Garcia on Criminal Minds', gold: 'Kirsten Simone Vangsness', correct: true, method: 'partial-name' },
    { response: 'The role went to Kate Walsh.', gold: 'Kathleen Erin Walsh', correct: true, method: 'partial-name' },
    { response: 'Dave Gahan', gold: 'David Gahan', correct: true, method: 'partial-name' },
    { response: 'Bhimrao Ramji Ambedkar', gold: 'B. R. Ambedkar', correct: true, method: 'partial-name' },
    { response: 'William Gannaway Brownlow', gold: 'William G. Brownlow', correct: true, method: 'partial-name' },
    { response: 'Noah is played by Robert Adamson', gold: 'Robert Gillespie Adamson IV', correct: true, method: 'partial-name' },
    { response: 'Geoffrey Palmer played Lionel', gold: 'Geoffrey Dyson Palmer, OBE', correct: true, method: 'partial-name' },
    { response: 'It was Rowland Hill.', gold: 'Sir Rowland Hill', correct: true, method: 'partial-name' },
    { response: 'JT is played by Thad Luckinbill', gold: 'Thaddeus Rowe Luckinbill', correct: true, method: 'partial-name' },
    { response: 'Father of the Indian Constitution: Dr. B.R. Ambedkar', gold: 'Bhimrao Ramji Ambedkar', correct: true, method: 'partial-name' },
    { response: 'Katherine Kiernan Maria Mulgrew', gold: '"Kate" Mulgrew', correct: true, method: 'partial-name' },
    { response: 'patricia anne maloney', gold: 'Patty Maloney', correct: true, method: 'partial-name' },
    { response: 'It is named after Dr. George Huntington, who described it', gold: 'the physician George Huntington', correct: true, method: 'partial-name' },
    { response: 'The executive branch is set out in Article II of the Constitution.', gold: 'Article Two', correct: true },
    { response: 'Queen Mary 2', gold: 'Queen Mary II', correct: true },
    { response: 'He led the Indian freedom movement.', gold: 'India Wins Freedom', correct: false },
    // Another person of the family, another given name, a negation, a hedge, the question's own name: no.
    { response: 'Luke Skywalker', gold: 'Anakin Skywalker', correct: false },
    { response: 'Michael Madsen played him', gold: 'Virginia Madsen', correct: false },
    { response: 'It was not Kate Walsh.', gold: 'Kathleen Erin Walsh', correct: false },
    { response: 'Kate Walsh or Emma Stone', gold: 'Kathleen Erin Walsh', correct: false },
    { response: 'Dave Smith', gold: 'David Smith', correct: false, options: { question: 'Which Smith founded the company, David Smith or his brother?' } },
    // Capitalised phrases that are no person are not read as one.
    { response: 'Harry Potter and the Philosopher\'s Stone', gold: 'Harry Potter III', correct: false },
    { response: 'It flows into the North Sea.', gold: 'Thames Estuary, North Sea', correct: false },
    { response: 'Porter Airlines flies out of Toronto City Airport, located in the downtown Toronto harbourfront area', gold: 'Billy Bishop Toronto City Airport', correct: false },
    { response: 'The term comes from the Chicago Post.', gold: 'The Washington Post', correct: false },
    // The gold without its qualifier.
    { response: 'Dodger Stadium', gold: 'Dodger Stadium, Los Angeles', correct: true, method: 'partial-name' },
    { response: 'Thomas Hobbes', gold: 'Thomas Hobbes in his Leviathan', correct: true, method: 'partial-name' },
    { response: 'Long Island', gold: 'Long Island of 1922', correct: true, method: 'partial-name' },
    { response: 'the physical layer', gold: 'physical layer or layer 1', correct: true },
    { response: 'Battle', gold: 'Battle of Hastings', correct: false },
    { response: 'Archduke Franz Ferdinand', gold: 'Archduke Franz Ferdinand of Austria', correct: true, method: 'partial-name' },
    { response: 'Isle', gold: 'Isle of Man', correct: false },
    // A gold offering two answers accepts either; a title with "or" in it is one name; "or older" qualifies.
    { response: 'The bodies are taken to the mortuary.', gold: 'morgue or mortuary', correct: true },
    { response: 'Doves', gold: 'PIGEONS or DOVES', correct: true },
    { response: 'He made a deal with the network in 2005 after long talks with the producers of the show.', gold: 'Deal or No Deal', correct: false },
    { response: 'In New Zealand you must be 18 years of age or older to hold a licence.', gold: '16 or older', correct: false },
    { response: 'Los Angeles', gold: 'Dodger Stadium, Los Angeles', correct: false },
    // Acronyms, either way round; spelled-out letters are not a word.
    { response: 'the NFL', gold: 'National Football League', correct: true, method: 'acronym' },
    { response: 'Oprah Winfrey Network', gold: 'OWN', correct: true, method: 'acronym' },
    { response: 'the NBA', gold: 'National Football League', correct: false },
    { response: 'Divorce', gold: 'D-I-V-O-R-C-E', correct: false },
    // Compounds open, hyphenated or closed; soft hyphens and mis-decoded UTF-8 in the gold.
    { response: 'the rearview mirror', gold: 'rear-view mirror', correct: true, method: 'exact' },
    { response: 'Helium', gold: 'He\u00adlium', correct: true, method: 'exact' },
    { response: 'Máire Brennan', gold: 'MÃ¡ire Brennan', correct: true, method: 'exact' },
    // Written variants of the gold: eras, year ranges, ordinals, blood groups, singular and plural.
    { response: 'The Dome of the Rock was completed in 691 AD.', gold: '691 CE', correct: true },
    { response: 'They were held in 1951-1952', gold: '1951–52', correct: true },
    { response: 'Arnold was in the 4th grade', gold: 'fourth', correct: true },
    { response: 'The final season is the eighth, which aired in 2019.', gold: '8th', correct: true },
    { response: 'A positive (A+)', gold: 'A+', correct: true },
    { response: 'B negative', gold: 'A+', correct: false },
    { response: 'According to the cell theory, the cell is the most fundamental unit of life.', gold: 'cells', correct: true },
    { response: 'It lasted 741 weeks', gold: 'a week', correct: false },
    // What tokenizers and citations leave in answers: "500, 000", "in 19661." (1966, note 1), "Gaga⁶".
    { response: 'more than 500, 000', gold: '500,000', correct: true },
    { response: 'The Cowboys first played on Thanksgiving Day in 19661. They won.', gold: '1966', correct: true },
    { response: 'St George died on April 23, 303 AD', gold: '303', correct: true },
    { response: 'The halftime show was performed by Lady Gaga⁶', gold: 'Lady Gaga', correct: true },
  ]))('$name', check);
});

describe('verifyAnswer: what the name, qualifier and acronym rules must not accept', () => {
  it.each(table([
    { response: 'Fiddler', gold: 'Fiddler on the Roof', correct: false },
    { response: 'Death', gold: 'Death in Venice', correct: false },
    { response: '1', gold: '1 in 4', correct: false },
    { response: 'No', gold: 'New Orleans', correct: false },
    { response: 'If', gold: 'Ian Fleming', correct: false },
    { response: 'Uganda and Kenya', gold: 'UK', correct: false },
    { response: 'University of South Carolina', gold: 'USC', correct: false },
    { response: 'Julia Lennon', gold: 'Julian Lennon', correct: false },
    { response: 'Robert Flack', gold: 'Roberta Flack', correct: false },
    { response: 'Carl Santana', gold: 'Carlos Santana', correct: false },
    { response: 'George H. W. Bush', gold: 'George W. Bush', correct: false },
    { response: 'George W. Bush', gold: 'George H. W. Bush', correct: false },
    { response: 'It was Pope Paul II, elected in 1464, who did it.', gold: 'Pope John Paul II', correct: false },
    { response: 'It was either Sam Smith or Joe Bloggs, I cannot be certain which.', gold: 'Samuel Smith', correct: false },
    { response: 'The actress is not Kate E. Walsh; it was someone else.', gold: 'Kathleen Erin Walsh', correct: false },
    { response: 'Not able', gold: 'Notable', correct: false },
    { response: 'Malcolm 10', gold: 'Malcolm X', correct: false },
    { response: 'He raised an army of 15000 men.', gold: '1500', correct: false },
    { response: 'By day 2, 500 refugees had arrived.', gold: '2500', correct: false },
    // …and what they still accept.
    { response: 'The town had a population of 19000.', gold: '19000', correct: true },
    { response: 'Dhaka', gold: 'Dhaka, Bangladesh', correct: true },
    { response: 'Scots', gold: 'Scots in origin', correct: true },
    { response: 'two years', gold: 'two years for women', correct: true },
    { response: 'Beekeeper', gold: 'Bee keeper', correct: true },
    { response: 'Jkl', gold: 'J K L', correct: true },
  ]))('$name', check);
});

// Issue 25: a number of the gold must be in the answer; the question saying it is not enough.
describe('verifyAnswer: a number in the gold is matched by the answer, not by the question', () => {
  it.each(table([
    { response: 'Gate 12', gold: 'Gate 7', options: { question: 'Where does Flight 7 board?' }, correct: false },
    { response: 'Floor 2', gold: 'Floor 6', options: { question: 'Which floor is Room 6 on?' }, correct: false },
    { response: 'Studio 1', gold: 'Studio 4', options: { question: 'Which studio did Channel 4 use?' }, correct: false },
    // …and what it still accepts
    { response: 'Gate 7', gold: 'Gate 7', options: { question: 'Where does Flight 7 board?' }, correct: true },
    { response: 'Six Degrees of Separation', gold: 'Six Degrees of Separation', options: { question: 'what is the movie about six degrees of separation' }, correct: true },
    // a citation mark in the gold is no number ("Peter Gardner[4] Ostrum", EVOUNA-NQ)
    { response: 'The actor who played Charlie is Peter Ostrum, now a veterinarian in upstate New York.', gold: 'Peter Gardner[4] Ostrum', correct: true },
    // the year of a full date is that number too
    { response: 'The only Englishman to become Pope was Nicholas Breakspear, who took the name Pope Adrian IV. He ruled from 4 December 1154 to his death in 1159', gold: 'Nicholas Breakspear, who was Adrian IV from 1154 to 1159', correct: true },
    // the gold's own note names the gold: no hedge ("Echidna (spiny anteater)", EVOUNA-TQ)
    { response: 'Egg-laying mammals: Echidnas or spiny anteaters.', gold: 'Echidna (spiny anteater)', correct: true },
  ]))('$name', check);
});

describe('verifyAnswer: a gold of punctuation only is compared as written (issue 25)', () => {
  it.each(table([
    { response: '!!!', gold: '!!!', correct: true, method: 'exact', matched: '!!!' },
    { response: 'The band is \\boxed{!!!}', gold: '!!!', correct: true, method: 'exact' },
    { response: 'Answer: "?"', gold: '?', correct: true, method: 'exact' },
    { response: '?', gold: '!!!', correct: false, method: 'no-answer' },
    { response: 'Paris', gold: '!!!', correct: false, method: 'mismatch' },
  ]))('$name', check);
});

describe('verifyAnswer: a year found in a sentence whose own date contradicts the gold', () => {
  it.each(table([
    { response: 'Canada abolished the death penalty on July 26, 1976 when Bill C-48 was enacted.', gold: ['July 14, 1976', '1976'], correct: false, method: 'date-mismatch' },
    { response: 'South Sudan became a full member of the community on 5 September 2016.', gold: ['April 2016', '2016'], correct: false, method: 'date-mismatch' },
    { response: 'Canada abolished the death penalty on July 14, 1976 when Bill C-48 was enacted.', gold: ['July 14, 1976', '1976'], correct: true },
    { response: 'South Sudan joined the community in April 2016, a long process.', gold: ['April 2016', '2016'], correct: true },
    { response: 'It premiered on October 3, 2013 and went on general release on November 27, 2013.', gold: ['November 27, 2013', '2013'], correct: true },
    { response: 'The law took effect in 1976 after a long debate in parliament.', gold: ['July 14, 1976', '1976'], correct: true },
  ]))('$name', check);
});

describe('verifyAnswer: full verdicts', () => {
  it('a boxed answer', () => {
    expect(verifyAnswer('<think>Cologne is on the Rhine.</think>It flows into \\boxed{\\text{the North Sea}}.<|im_end|>', ['North Sea', 'German Ocean']))
      .toMatchInlineSnapshot(`
        {
          "correct": true,
          "extracted": "the North Sea",
          "matched": "North Sea",
          "method": "exact",
          "score": 1,
        }
      `);
  });

  it('a hedge', () => {
    expect(verifyAnswer('Final answer: Paris or Lyon', 'Paris')).toMatchInlineSnapshot(`
      {
        "correct": false,
        "extracted": "Paris or Lyon",
        "matched": null,
        "method": "hedged",
        "score": 0,
      }
    `);
  });

  it('an unclosed think block', () => {
    expect(verifyAnswer('<think>The answer is Paris', 'Paris')).toMatchInlineSnapshot(`
      {
        "correct": false,
        "extracted": null,
        "matched": null,
        "method": "no-answer",
        "score": 0,
      }
    `);
  });

  it('a partial overlap', () => {
    expect(verifyAnswer('Answer: New York State', { answer: 'New York City', aliases: ['NYC'] })).toMatchInlineSnapshot(`
      {
        "correct": false,
        "extracted": "New York State",
        "matched": null,
        "method": "undecided",
        "score": 0.6666666666666666,
      }
    `);
  });
});

describe('verifyAnswer: a bad gold answer', () => {
  function errorOf(gold: unknown): { name: string; code: string; path: string; message: string; issues: unknown } {
    try {
      verifyAnswer('Paris', gold as GoldAnswer);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { name: error.name, code: error.code, path: error.path, message: error.message, issues: error.issues };
    }
    throw new Error('expected a ValidationError');
  }

  it('an empty string', () => {
    expect(errorOf('')).toMatchInlineSnapshot(`
      {
        "code": "INVALID_GOLD_ANSWER",
        "issues": [
          {
            "code": "empty",
            "message": "the gold answer is empty",
            "path": [
              "answer",
            ],
          },
        ],
        "message": "answer: the gold answer is empty",
        "name": "ValidationError",
        "path": "answer",
      }
    `);
  });

  it('{ answer: 3 }', () => {
    expect(errorOf({ answer: 3 })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_GOLD_ANSWER",
        "issues": [
          {
            "code": "invalid_type",
            "message": "expected a string",
            "path": [
              "answer",
              "answer",
            ],
          },
        ],
        "message": "answer.answer: expected a string",
        "name": "ValidationError",
        "path": "answer.answer",
      }
    `);
  });

  it('a value of the wrong type', () => {
    expect(errorOf(3)).toMatchInlineSnapshot(`
      {
        "code": "INVALID_GOLD_ANSWER",
        "issues": [
          {
            "code": "invalid_type",
            "message": "expected a string, an array of strings, or { answer, aliases? }",
            "path": [
              "answer",
            ],
          },
        ],
        "message": "answer: expected a string, an array of strings, or { answer, aliases? }",
        "name": "ValidationError",
        "path": "answer",
      }
    `);
  });

  it.each<{ name: string; gold: unknown; path: string; code: string }>([
    { name: 'whitespace only', gold: '   ', path: 'answer', code: 'empty' },
    { name: 'an empty array', gold: [], path: 'answer', code: 'empty' },
    { name: 'an array of empty strings', gold: ['', ' '], path: 'answer', code: 'empty' },
    { name: 'a non-string alias in an array', gold: ['Paris', 2], path: 'answer[1]', code: 'invalid_type' },
    { name: 'null', gold: null, path: 'answer', code: 'invalid_type' },
    { name: 'undefined', gold: undefined, path: 'answer', code: 'invalid_type' },
    { name: 'an object without answer', gold: { aliases: ['Paris'] }, path: 'answer', code: 'invalid_type' },
    { name: 'an empty answer field', gold: { answer: '' }, path: 'answer', code: 'empty' },
    { name: 'aliases that are not an array', gold: { answer: 'Paris', aliases: 'Lutetia' }, path: 'answer.aliases', code: 'invalid_type' },
    { name: 'a non-string alias in an object', gold: { answer: 'Paris', aliases: ['Lutetia', 7] }, path: 'answer.aliases[1]', code: 'invalid_type' },
  ])('$name → $path ($code)', ({ gold, path, code }) => {
    const e = errorOf(gold);
    expect({ code: e.code, path: e.path, issueCode: (e.issues as { code: string }[])[0]?.code }).toEqual({ code: 'INVALID_GOLD_ANSWER', path, issueCode: code });
    expect(e.message.startsWith(`${path}: `)).toBe(true);
  });

  it('is checked even when there is no answer to compare', () => {
    expect(() => verifyAnswer('', '')).toThrow(ValidationError);
    expect(() => verifyAnswer('<think>unfinished', { answer: 3 } as unknown as GoldAnswer)).toThrow(ValidationError);
  });

  it('a response that is not a string is no answer, not an error', () => {
    expect(verifyAnswer(undefined as unknown as string, 'Paris').method).toBe('no-answer');
    expect(verifyAnswer(42 as unknown as string, '42').method).toBe('no-answer');
  });
});

describe('verifyAnswer: properties', () => {
  const markers = [
    '<think>', '</think>', '\\boxed{', '\\boxed{\\text{', '}', '{', '<answer>', '</answer>', 'Answer: ', 'Final answer: ', 'the answer is ', '**', '{"answer": "', '"}',
    ' or ', 'not ', ', ', '\n', ...CHAT_END_TOKENS, ...DEFAULT_EXCLUDED_BLOCKS.flatMap((b) => [b.open, b.close]), '<search>', '</search>',
  ];
  const words = ['Paris', 'Lyon', 'paris', 'Paris, France', 'North Sea', '7 km', '7 miles', '1650', 'February 11, 1650', 'B', '(C)', 'yes', 'No', 'I cannot determine', 'Unknown', '1.5 million'];
  const markerText = fc.array(fc.oneof(fc.constantFrom(...markers), fc.constantFrom(...words), fc.string({ maxLength: 5 })), { maxLength: 30 }).map((p) => p.join(''));
  const anyResponse = fc.oneof(markerText, fc.string({ maxLength: 300 }), fc.string({ maxLength: 80, unit: 'binary' }), fc.string({ maxLength: 80, unit: 'grapheme' }));
  const gold = fc.oneof(
    fc.constantFrom<GoldAnswer>('Paris', ['Paris', 'Lutetia'], { answer: 'North Sea', aliases: ['German Ocean'] }, '7 km', '1.5 million', 'February 11, 1650', '1650', 'B', 'yes', 'no', 'Wilhelm Conrad Röntgen', 'The Who', 'A+'),
    fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
  );

  it('never throws on any response string, and every verdict is well formed', () => {
    fc.assert(
      fc.property(anyResponse, gold, (response, g) => {
        expectWellFormed(verifyAnswer(response, g));
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyResponse, gold, (response, g) => {
        // A structurally equal but fresh gold, so a cache cannot hide a difference.
        expect(verifyAnswer(response, g)).toEqual(verifyAnswer(response, structuredClone(g)));
      }),
      { numRuns: 300 },
    );
  });

  it('a correct verdict scores 1; the score is always in [0, 1]', () => {
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.constantFrom(...words), fc.constantFrom('', '\\boxed{', '<answer>', 'Answer: '), (answer, g, wrap) => {
        const close = wrap === '\\boxed{' ? '}' : wrap === '<answer>' ? '</answer>' : '';
        const v = verifyAnswer(`<think>hmm</think>${wrap}${answer}${close}`, g);
        if (v.correct) expect(v.score).toBe(1);
        expect(v.score >= 0 && v.score <= 1).toBe(true);
        // The gold itself, as the final answer, is right (unless the gold reads as a refusal).
        if (answer === g && g !== 'Unknown' && g !== 'I cannot determine') expect(v.correct).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a gold answer that is itself the response is right, in every extraction form', () => {
    fc.assert(
      fc.property(fc.constantFrom('Paris', 'North Sea', 'Wilhelm Conrad Röntgen', '7 km', '1.5 million', 'February 11, 1650', 'B', 'yes', 'Treaty of Westphalia'), fc.constantFrom((a: string) => a, (a: string) => `<answer>${a}</answer>`, (a: string) => `\\boxed{${a}}`, (a: string) => `Final answer: ${a}`, (a: string) => `{"answer": "${a}"}`, (a: string) => `<think>x</think>**Answer:** ${a}<|im_end|>`), (g, wrap) => {
        const v = verifyAnswer(wrap(g), g);
        expect(v.correct).toBe(true);
        expect(v.matched).toBe(g);
      }),
    );
  });
});
