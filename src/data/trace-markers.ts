// The text protocols of RL-trained search agents, in one place: the markers Search-R1 and
// R1-Searcher write around queries, retrieved documents and answers, and the way each renders a
// retrieved document. readTrajectory reads traces with these; the agent's tags protocol writes them.

/** Search-R1: `<search>q</search>`, `<information>docs</information>`, `<answer>a</answer>`. */
export const SEARCH_R1_MARKERS = {
  beginQuery: '<search>',
  endQuery: '</search>',
  beginDocs: '<information>',
  endDocs: '</information>',
  beginAnswer: '<answer>',
  endAnswer: '</answer>',
} as const;

/** R1-Searcher: `<|begin_of_query|>q<|end_of_query|>`, `<|begin_of_documents|>docs<|end_of_documents|>`, `<answer>a</answer>`. */
export const R1_SEARCHER_MARKERS = {
  beginQuery: '<|begin_of_query|>',
  endQuery: '<|end_of_query|>',
  beginDocs: '<|begin_of_documents|>',
  endDocs: '<|end_of_documents|>',
  beginAnswer: '<answer>',
  endAnswer: '</answer>',
} as const;

/** The markers of one dialect. */
export type TraceMarkers = typeof SEARCH_R1_MARKERS | typeof R1_SEARCHER_MARKERS;

/**
 * One retrieved document as Search-R1 shows it (`_passages2string` in its generation.py):
 * `Doc 1(Title: "T") text`, where the title is the first line of the retriever's `contents`.
 */
export function searchR1DocLine(index: number, title: string, text: string): string {
  return `Doc ${index}(Title: "${title}") ${text}`;
}

/**
 * One retrieved document as R1-Searcher shows it: `(1)` then the corpus line (title, three
 * spaces, text), the shape readTrajectory reads back.
 */
export function r1SearcherDocLine(index: number, title: string, text: string): string {
  return `(${index})${title}   ${text}`;
}
