// The one place that says when two documents are the same: by id, else by URL, else by folded
// title. Trajectories name documents in all three ways (an agent opens a URL that a search result
// listed under an id), so every comparison of documents in the data half goes through these keys.
import { normalizeText } from '../../text/index.js';
import type { Doc } from '../types.js';

/** The key a URL is compared by: no scheme, no `www.`, no fragment, no trailing slash, lower-case host. */
export function urlKey(url: string): string {
  let u = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hash = u.indexOf('#');
  if (hash >= 0) u = u.slice(0, hash);
  u = u.replace(/^www\./i, '');
  const slash = u.indexOf('/');
  u = slash < 0 ? u.toLowerCase() : u.slice(0, slash).toLowerCase() + u.slice(slash);
  // A loop, not /\/+$/: that regex is quadratic on a long run of slashes not at the end.
  let end = u.length;
  while (end > 0 && u.charCodeAt(end - 1) === 0x2f) end--;
  return u.slice(0, end);
}

/** The key a title is compared by: folded (case, accents, punctuation) with the text layer's tokenizer. */
export function titleKey(title: string): string {
  return normalizeText(title);
}

/** True when `text` looks like a URL (an `http(s)://` scheme), so a reference by it is a URL reference. */
export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text.trim());
}

/** The keys a document is known by, most specific first: `id:…`, `url:…`, `title:…`. */
export function docKeys(doc: Doc): string[] {
  const keys = [`id:${doc.id}`];
  if (doc.url !== undefined && doc.url !== '') keys.push(`url:${urlKey(doc.url)}`);
  if (doc.title !== undefined) {
    const t = titleKey(doc.title);
    if (t !== '') keys.push(`title:${t}`);
  }
  return keys;
}

/** A set of documents by their keys: a document sharing any key with one added is in it. */
export class DocKeySet {
  private readonly keys = new Set<string>();

  add(doc: Doc): void {
    for (const k of docKeys(doc)) this.keys.add(k);
  }

  has(doc: Doc): boolean {
    return docKeys(doc).some((k) => this.keys.has(k));
  }
}

/** True when a document has text to put in a context (not missing, not only blanks). */
export function hasText(doc: Doc): boolean {
  return typeof doc.text === 'string' && doc.text.trim() !== '';
}
