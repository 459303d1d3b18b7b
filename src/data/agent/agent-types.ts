// The shapes of the search agent: what it is given, what one run gives back, and the recorder the
// two protocols share (the native trajectory being written, the turns and the tokens so far).
import type { ChatTransport, Usage } from '../../llm/index.js';
import type { SearchBackend } from '../search/search-backend.js';
import type { Doc } from '../types.js';

/** How a trajectory ended. */
export type AgentStop = 'answered' | 'max-turns' | 'bad-tool-call' | 'error';

/** A search result as the native trajectory keeps it. */
export interface AgentResultDoc {
  id: string;
  title?: string | undefined;
  url?: string | undefined;
  /** What the model was shown of the document. */
  snippet?: string | undefined;
}

/** One step of a native trajectory: a search and its results, or a document opened (its full text). */
export type AgentStep =
  | { search: { query: string; results: AgentResultDoc[] } }
  | { open: { id: string; title?: string | undefined; text?: string | undefined } };

/** A trajectory in the native format `readTrajectory` reads. */
export interface AgentTrajectory {
  steps: AgentStep[];
  /** Ids of the documents the agent cited (or, without explicit citations, whose titles its words name). */
  citations: string[];
  answer?: string | undefined;
}

/** What one run of the agent gives back. */
export interface SearchAgentResult {
  trajectory: AgentTrajectory;
  stop: AgentStop;
  /** Model calls made. */
  turns: number;
  /** Tokens the model's API reported, summed over the turns. */
  usage: Usage;
  /** Why the run stopped with `stop: 'error'`: the error's code and message. */
  error?: { code: string; message: string } | undefined;
}

/** Options of the `tags` protocol. */
export interface TagsOptions {
  /**
   * Search-R1's `<search>`/`<information>` or R1-Searcher's `<|begin_of_query|>`/`<|begin_of_documents|>`.
   * @default 'search-r1'
   */
  dialect?: 'search-r1' | 'r1-searcher' | undefined;
  /**
   * `chat`: the assistant turn is continued through chat completions (`continue_final_message`);
   * `completions`: `/completions` with a prompt from `renderPrompt`.
   * @default 'chat' for search-r1, 'completions' for r1-searcher (it was trained on a raw prompt)
   */
  via?: 'chat' | 'completions' | undefined;
  /**
   * The prompt before the model's first word, for `via: 'completions'` (your model's chat template
   * around the instruction). @default R1-Searcher's own prompt; for Search-R1, ChatML (Qwen2.5) around its instruction
   */
  renderPrompt?: ((question: string) => string) | undefined;
}

/** Options of `runSearchAgent`. */
export interface SearchAgentOptions {
  /** The model (`createLlmClient`, possibly `withReplyCache`); `client` is the same thing under its DESIGN name. */
  transport?: ChatTransport | undefined;
  client?: ChatTransport | undefined;
  /** Where the agent searches. */
  search: SearchBackend;
  /** @default 'tools' */
  protocol?: 'tools' | 'tags' | undefined;
  tags?: TagsOptions | undefined;
  /**
   * Model calls at most; a trajectory that reaches it ends with `stop: 'max-turns'`.
   * @default 10
   */
  maxTurns?: number | undefined;
  /** Results per search. @default 5 (tools), 3 (Search-R1, as trained), 5 (R1-Searcher, as evaluated) */
  topk?: number | undefined;
  /**
   * Characters of an opened document shown to the model.
   * @default 4000
   */
  openChars?: number | undefined;
  /**
   * Characters of each search result's text shown to the model (tools protocol).
   * @default 300
   */
  snippetChars?: number | undefined;
  /** `max_tokens` of each model call; null leaves it out. @default the transport's (tools), 1024 (Search-R1), 512 (R1-Searcher) */
  maxTokens?: number | null | undefined;
  /** Sampling temperature of each call; undefined keeps the transport's. */
  temperature?: number | null | undefined;
  /** The system prompt of the tools protocol. @default TOOLS_SYSTEM_PROMPT */
  systemPrompt?: string | undefined;
  /** Stops the run: the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** A question for `collectTrajectories`: the rows `data questions` writes (other fields are ignored). */
export interface AgentQuestion {
  id: string;
  question: string;
}

/** One row of `collectTrajectories`: the question's id, then what `runSearchAgent` gave. */
export interface TrajectoryRow extends SearchAgentResult {
  id: string;
}

/** The most characters of a query sent to search, and of an answer kept (a model may ramble for megabytes). */
export const MAX_QUERY_CHARS = 1000;
export const MAX_ANSWER_CHARS = 10_000;

/** Text cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Writes one run's trajectory as it goes, so a run that fails half-way still gives what it did. */
export class AgentRecorder {
  readonly steps: AgentStep[] = [];
  /** Every document a search returned or an open found, by id, with the full text the backend gave. */
  readonly docs = new Map<string, Doc>();
  turns = 0;
  readonly usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

  /** Counts a model call and its tokens. */
  countTurn(usage: Usage | undefined): void {
    this.turns++;
    if (usage === undefined) return;
    this.usage.promptTokens += usage.promptTokens;
    this.usage.completionTokens += usage.completionTokens;
    this.usage.totalTokens += usage.totalTokens;
  }

  /** Records a search and its results (each shown as `snippet`). */
  searched(query: string, docs: readonly Doc[], snippetOf: (doc: Doc) => string | undefined): void {
    const results = docs.map((doc) => {
      this.remember(doc);
      const result: AgentResultDoc = { id: doc.id };
      if (doc.title !== undefined) result.title = doc.title;
      if (doc.url !== undefined) result.url = doc.url;
      const snippet = snippetOf(doc);
      if (snippet !== undefined) result.snippet = snippet;
      return result;
    });
    this.steps.push({ search: { query, results } });
  }

  /** Records a document opened, with its full text. */
  opened(doc: Doc): void {
    this.remember(doc);
    const open: { id: string; title?: string; text?: string } = { id: doc.id };
    if (doc.title !== undefined) open.title = doc.title;
    if (doc.text !== undefined) open.text = doc.text;
    this.steps.push({ open });
  }

  /** The result of the run so far. */
  finish(stop: AgentStop, answer?: string, citations: readonly string[] = [], error?: { code: string; message: string }): SearchAgentResult {
    const trajectory: AgentTrajectory = { steps: this.steps, citations: [...new Set(citations)] };
    if (answer !== undefined) trajectory.answer = clip(answer, MAX_ANSWER_CHARS);
    const result: SearchAgentResult = { trajectory, stop, turns: this.turns, usage: { ...this.usage } };
    if (error !== undefined) result.error = error;
    return result;
  }

  private remember(doc: Doc): void {
    const old = this.docs.get(doc.id);
    // An opened page's full text beats a shorter one met before.
    if (old === undefined || (doc.text !== undefined && (old.text === undefined || doc.text.length > old.text.length))) this.docs.set(doc.id, doc);
  }
}
