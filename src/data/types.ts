// The contract of `longtrace-reward/data` (../shared/DESIGN.md): the shapes every part of the data
// pipeline passes along. Names are fixed; fields may grow. Plain types: zod checks only the edges
// (files, CLI rows) where untrusted data comes in.
import type { GoldEntity } from '../entities/index.js';
import type { GoldAnswer } from '../verify/index.js';

export type { GoldEntity, GoldAnswer };

/** One edge of a knowledge graph: `subject --relation--> object`, each an id. */
export interface Triple {
  subject: string;
  relation: string;
  object: string;
}

/** An edge of a walk with the human-readable labels of its ids. */
export interface LabelledTriple extends Triple {
  subjectLabel: string;
  relationLabel: string;
  objectLabel: string;
}

/**
 * A multi-hop chain from a random walk: `e0 → e1 → … → answer`. `entities` and `answer` go into
 * `rubricReward` as they are (the chain is the rubric).
 */
export interface Chain {
  id: string;
  /** The seed of the walk's own random stream, derived from the run's seed and the walk's index. */
  seed: number;
  triples: LabelledTriple[];
  /** Each entity of the path in order, the start included and the answer last, with its aliases. */
  entities: GoldEntity[];
  answer: { answer: string; aliases: string[] };
}

/** A document: found by a search, read by an agent, or taken from a corpus. */
export interface Doc {
  id: string;
  title?: string | undefined;
  url?: string | undefined;
  text?: string | undefined;
}

/** What a search agent did: its queries, the documents it saw in results, opened, and cited. */
export interface Trajectory {
  queries: string[];
  /** Documents that appeared in search results (opened or not). */
  seen: Doc[];
  /** Documents the agent opened and read. */
  read: Doc[];
  /** Documents the agent's own reasoning or citations name. */
  cited: Doc[];
  answer?: string | undefined;
}
