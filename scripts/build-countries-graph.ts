// Builds fixtures/graph/ (a small real knowledge graph of countries, capitals, borders, currencies,
// languages and regions) from the npm package `world-countries` (ODbL-1.0; see fixtures/README.md).
// Deterministic: run `npx tsx scripts/build-countries-graph.ts` and review the diff.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Country {
  name: { common: string; official: string };
  cca3: string;
  capital: string[];
  altSpellings: string[];
  region: string;
  subregion: string;
  borders: string[];
  currencies: Record<string, { name: string; symbol?: string }>;
  languages: Record<string, string>;
  independent: boolean | null;
}

const require = createRequire(import.meta.url);
const countries = (require('world-countries') as Country[]).slice().sort((a, b) => a.cca3.localeCompare(b.cca3));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'graph');

// Wikidata's property ids and labels, so the fixture reads like a slice of Wikidata.
const RELATIONS = [
  { id: 'P36', label: 'capital' },
  { id: 'P1376', label: 'capital of' },
  { id: 'P47', label: 'shares border with' },
  { id: 'P38', label: 'currency' },
  { id: 'P37', label: 'official language' },
  { id: 'P361', label: 'part of' },
  // world-countries' regions (Africa, Americas, Asia, Europe, Oceania, Antarctic) are continental.
  { id: 'P30', label: 'continent' },
];

const triples: string[] = [];
const labels = new Map<string, { id: string; label: string; aliases?: string[] }>();
const codes = new Set(countries.map((c) => c.cca3));
const edge = (s: string, r: string, o: string): void => void triples.push(`${s}\t${r}\t${o}`);
const label = (id: string, name: string, aliases: string[] = [], codes: string[] = []): void => {
  if (labels.has(id)) return;
  // Country codes ("DE") would make every "de" a mention; keep longer spellings only. Currency codes
  // (EUR, JPY) are unambiguous and are how texts name currencies, so they stay.
  const kept = [...new Set([...aliases.filter((a) => a.length > 3), ...codes].filter((a) => a !== name))].sort();
  labels.set(id, kept.length > 0 ? { id, label: name, aliases: kept } : { id, label: name });
};

for (const c of countries) {
  label(c.cca3, c.name.common, [c.name.official, ...c.altSpellings]);
  for (const city of c.capital ?? []) {
    const id = `city:${c.cca3}:${city}`;
    label(id, city);
    edge(c.cca3, 'P36', id);
    edge(id, 'P1376', c.cca3);
  }
  for (const b of [...(c.borders ?? [])].sort()) if (codes.has(b)) edge(c.cca3, 'P47', b);
  for (const [code, currency] of Object.entries(c.currencies ?? {}).sort()) {
    label(`currency:${code}`, currency.name, [], [code]);
    edge(c.cca3, 'P38', `currency:${code}`);
  }
  for (const [code, language] of Object.entries(c.languages ?? {}).sort()) {
    label(`language:${code}`, language);
    edge(c.cca3, 'P37', `language:${code}`);
  }
  if (c.subregion) {
    const sub = `region:${c.subregion}`;
    label(sub, c.subregion);
    edge(c.cca3, 'P361', sub);
    if (c.region) {
      label(`region:${c.region}`, c.region);
      const link = `${sub}\tP30\tregion:${c.region}`;
      if (!triples.includes(link)) triples.push(link);
    }
  } else if (c.region) {
    label(`region:${c.region}`, c.region);
    edge(c.cca3, 'P30', `region:${c.region}`);
  }
}

mkdirSync(out, { recursive: true });
const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(join(out, 'countries.tsv'), '# subject\trelation\tobject (from world-countries, ODbL-1.0)\n' + triples.join('\n') + '\n');
writeFileSync(join(out, 'countries-labels.jsonl'), jsonl([...labels.values()].sort((a, b) => a.id.localeCompare(b.id))));
writeFileSync(join(out, 'countries-relations.jsonl'), jsonl(RELATIONS));
console.log(`${triples.length} triples, ${labels.size} labels -> ${out}`);
