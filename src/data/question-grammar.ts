// A small checker for the grammar slips a template question makes when a relation label is pasted
// into "the … of {x}": doubled function words ("the member of of", "practiced by of"), an article
// before a preposition ("the of"), and a verb where a noun must stand ("the practiced by …",
// "the shares border with …"). It knows no grammar beyond that: it measures the template writer
// (scripts/measure-walks.ts) and guards it in tests, and is not a general English checker.

/** A grammar slip `questionGrammar` finds. */
export type GrammarProblem =
  /** Two prepositions in a row ("of of", "by of", "with of"), or an article before a preposition or an article ("the of", "the the"). */
  | 'doubled-function-word'
  /** A verb form right after an article, where a noun must stand ("the practiced by", "the shares border with", "the named after"). */
  | 'verb-as-noun'
  /** A participle followed by "of" ("spoken, written, or signed of", "produced of"). */
  | 'participle-of'
  /** The question ends on an article ("What is the?"). */
  | 'dangling-article';

const PREPOSITIONS = new Set(['of', 'by', 'at', 'in', 'with', 'to', 'for', 'from', 'on', 'after', 'into', 'about', 'under', 'over']);
const ARTICLES = new Set(['the', 'a', 'an']);
/** Finite verbs and verb-only forms seen in relation labels; "-ed" and "-en" participles are caught by their ending. */
const VERBS = new Set(['shares', 'studies', 'uses', 'has', 'have', 'owns', 'contains', 'follows', 'replaces', 'depicts', 'includes', 'practiced', 'spoken', 'written', 'known']);
// Words ending in -ed that are nouns or adjectives, not participles.
const NOT_PARTICIPLES = new Set(['red', 'bed', 'seed', 'need', 'speed', 'creed', 'breed', 'feed', 'united', 'hundred', 'kindred', 'sacred', 'shed', 'led', 'wed']);

/** The word without the sentence marks after it ("of?" → "of"). */
function stripEnd(word: string): string {
  let end = word.length;
  while (end > 0 && '?!.;:'.includes(word[end - 1]!)) end--;
  return word.slice(0, end);
}

function isParticiple(word: string): boolean {
  if (VERBS.has(word)) return true;
  return word.length > 4 && word.endsWith('ed') && !NOT_PARTICIPLES.has(word);
}

/**
 * The grammar slips of a question, in the order met (empty when none).
 * @example
 * questionGrammar('What is the member of of Q1?') // ['doubled-function-word']
 */
export function questionGrammar(question: string): GrammarProblem[] {
  // Lower-case words; commas kept apart so "spoken, written, or signed" still reads as a list.
  const words = question.toLowerCase().split(/[\s,]+/u).map(stripEnd).filter((w) => w !== '');
  const problems = new Set<GrammarProblem>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (next === undefined) {
      // A preposition may end an English question ("the entity Q1 is a member of?"); an article may not.
      if (ARTICLES.has(word)) problems.add('dangling-article');
      continue;
    }
    if ((PREPOSITIONS.has(word) && PREPOSITIONS.has(next)) || (ARTICLES.has(word) && (PREPOSITIONS.has(next) || ARTICLES.has(next)))) {
      problems.add('doubled-function-word');
    }
    if (ARTICLES.has(word) && VERBS.has(next)) problems.add('verb-as-noun');
    // "the founded by", "the located in": an article, a participle, then a preposition.
    if (ARTICLES.has(word) && isParticiple(next) && PREPOSITIONS.has(words[i + 2] ?? '')) problems.add('verb-as-noun');
    if (isParticiple(word) && next === 'of' && i > 0) problems.add('participle-of');
  }
  return [...problems];
}
