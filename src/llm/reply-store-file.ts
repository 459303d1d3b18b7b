// The on-disk reply store: one JSON file per key under a directory sharded by the key's first two
// characters, each written beside its place and renamed into it, so a reader sees a whole entry or
// none. A truncated, corrupt or unreadable entry is a miss; a directory that refuses writes (read
// only, full) turns writing off with one warning, and the run goes on without a cache.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { ChatReply } from './chat-request.js';
import type { ReplyStore, ReplyStoreStats } from './reply-cache.js';

/** Options of `createFileReplyStore`. */
export interface FileReplyStoreOptions {
  /** The cache directory (created on first write). @default defaultReplyCacheDir() */
  dir?: string | undefined;
  /** Called once when writing is turned off. @default process.emitWarning */
  onWarning?: ((message: string) => void) | undefined;
}

/** A reply store on disk; `dir` says where, `writable` whether writes still go there. */
export interface FileReplyStore extends ReplyStore {
  readonly dir: string;
  readonly writable: boolean;
}

const ENTRY_VERSION = 1;

// What an entry on disk must hold; anything else is a miss (a file from another version, a torn write).
const StoredReply = z.object({
  v: z.literal(ENTRY_VERSION),
  key: z.string(),
  reply: z.object({
    content: z.string().nullable(),
    reasoningContent: z.string().nullish(),
    toolCalls: z.array(z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) })),
    finishReason: z.string().nullable(),
    stopReason: z.string().nullish(),
    usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() }).optional(),
  }),
});

const KEY = /^[0-9a-f]{16,128}$/;

/**
 * The default directory of the model reply cache: `$XDG_CACHE_HOME/longtrace-reward/llm`, or
 * `~/.cache/longtrace-reward/llm`. Reads the environment only when called.
 */
export function defaultReplyCacheDir(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG spec: a relative path is invalid and must be ignored.
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'longtrace-reward', 'llm');
}

/**
 * A reply store of one file per key under `dir`, written atomically (a temporary file in the same
 * directory, then a rename). Never throws for a bad entry or a failed write: they are counted.
 * @example const store = createFileReplyStore({ dir: '.cache/llm' }); withReplyCache(client, store);
 */
export function createFileReplyStore(options: FileReplyStoreOptions = {}): FileReplyStore {
  const dir = options.dir ?? defaultReplyCacheDir();
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, { code: 'LONGTRACE_REPLY_CACHE' }));
  const counters: ReplyStoreStats = { hits: 0, misses: 0, writes: 0, errors: 0 };
  const madeDirs = new Set<string>();
  let writable = true;
  let temps = 0;
  const pathOf = (key: string): { shard: string; file: string } => {
    const shard = join(dir, key.slice(0, 2));
    return { shard, file: join(shard, `${key}.json`) };
  };
  const checkKey = (key: string): void => {
    // Keys are hashes: anything else could walk out of the directory.
    if (!KEY.test(key)) throw new ValidationError('INVALID_INPUT', [{ path: ['key'], code: 'invalid_key', message: `a reply store key must be a hex hash, got ${JSON.stringify(key.slice(0, 40))}` }]);
  };

  async function get(key: string): Promise<ChatReply | undefined> {
    checkKey(key);
    let text: string;
    try {
      text = await readFile(pathOf(key).file, 'utf8');
    } catch (error) {
      counters.misses++;
      if (codeOf(error) !== 'ENOENT') counters.errors++;
      return undefined;
    }
    const entry = parseEntry(text);
    if (entry === undefined || entry.key !== key) {
      counters.misses++;
      counters.errors++;
      return undefined;
    }
    counters.hits++;
    return toReply(entry.reply);
  }

  async function set(key: string, reply: ChatReply): Promise<void> {
    checkKey(key);
    if (!writable) return;
    const { shard, file } = pathOf(key);
    const temp = join(shard, `.${key}.${process.pid}.${temps++}.tmp`);
    try {
      if (!madeDirs.has(shard)) {
        await mkdir(shard, { recursive: true });
        madeDirs.add(shard);
      }
      await writeFile(temp, `${JSON.stringify({ v: ENTRY_VERSION, key, reply })}\n`, 'utf8');
      await rename(temp, file);
      counters.writes++;
    } catch (error) {
      counters.errors++;
      await unlink(temp).catch(() => {});
      // Read only, full, or not a directory: every later write would fail the same way.
      if (writable) {
        writable = false;
        warn(`reply cache ${dir} cannot be written (${codeOf(error) ?? describe(error)}); model replies are no longer cached`);
      }
    }
  }

  return {
    dir,
    get writable() {
      return writable;
    },
    get,
    set,
    stats: () => ({ ...counters }),
  };
}

function parseEntry(text: string): z.infer<typeof StoredReply> | undefined {
  try {
    const parsed = StoredReply.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The stored reply without fields that were absent (exactOptionalPropertyTypes: no `undefined` values). */
function toReply(stored: z.infer<typeof StoredReply>['reply']): ChatReply {
  const reply: ChatReply = { content: stored.content, toolCalls: stored.toolCalls, finishReason: stored.finishReason };
  if (stored.reasoningContent !== undefined) reply.reasoningContent = stored.reasoningContent;
  if (stored.stopReason !== undefined) reply.stopReason = stored.stopReason;
  if (stored.usage !== undefined) reply.usage = stored.usage;
  return reply;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
