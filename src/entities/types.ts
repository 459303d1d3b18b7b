/** A gold chain entity: a name, or a name with aliases and an optional weight (default 1). */
export type GoldEntity = string | { name: string; aliases?: readonly string[] | undefined; weight?: number | undefined };

/** How a mention was matched: the alias as written, equal after folding, or within a small typo distance. */
export type MentionHow = 'exact' | 'folded' | 'fuzzy';

/** One place in the text where an entity is mentioned. `text.slice(start, end) === mention.text`. */
export interface Mention {
  start: number;
  end: number;
  /** The mentioned text, as it stands in the caller's string. */
  text: string;
  /** The gold name or alias this mention matched. */
  alias: string;
  how: MentionHow;
}

/** Whether one gold entity is mentioned, and where. */
export interface EntityHit {
  name: string;
  found: boolean;
  /** Every mention, in text order, without overlaps. */
  mentions: Mention[];
  weight: number;
}

/** A half-open range [start, end) of the text to search. */
export interface TextRange {
  start: number;
  end: number;
}

export interface MatchOptions {
  /** Search only these ranges of the text (for example the reasoning without retrieved documents). Default: the whole text. */
  ranges?: readonly TextRange[] | undefined;
}

/** A matcher compiled once per question and reused for every rollout of its group. */
export interface EntityMatcher {
  /** The entities, normalised, in chain order. */
  readonly entities: readonly { name: string; aliases: readonly string[]; weight: number }[];
  /** Finds every mention of every entity; one hit per entity, in chain order. */
  match(text: string, options?: MatchOptions): EntityHit[];
}

export interface EntityMatcherOptions {
  /**
   * Find small typos in long names (Tchaikovksy) when a name is not found exactly.
   * @default true
   */
  fuzzy?: boolean | undefined;
  /**
   * Match short all-caps aliases (US, UN, WHO) only where the text writes them in capitals.
   * @default true
   */
  acronymCase?: boolean | undefined;
}
