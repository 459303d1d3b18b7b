// Places and the adjectives or demonyms for them: "Which nationality…?" golds say "American" where
// answers say "United States", and back. Expanded on the gold side, once per question.
const TABLE: readonly (readonly string[])[] = [
  ['united states', 'american', 'usa', 'us', 'u.s.', 'u.s.a.', 'america', 'united states of america'],
  ['united kingdom', 'british', 'uk', 'u.k.', 'britain', 'great britain'], ['england', 'english'],
  ['scotland', 'scottish', 'scots'], ['wales', 'welsh'], ['ireland', 'irish'], ['france', 'french'],
  ['germany', 'german'], ['italy', 'italian'], ['spain', 'spanish'], ['portugal', 'portuguese'],
  ['canada', 'canadian'], ['australia', 'australian'], ['new zealand', 'new zealander'], ['japan', 'japanese'],
  ['china', 'chinese'], ['india', 'indian'], ['russia', 'russian'], ['soviet union', 'soviet', 'ussr'],
  ['mexico', 'mexican'], ['brazil', 'brazilian'], ['argentina', 'argentine', 'argentinian'], ['chile', 'chilean'],
  ['netherlands', 'dutch', 'holland'], ['belgium', 'belgian'], ['switzerland', 'swiss'], ['austria', 'austrian'],
  ['sweden', 'swedish'], ['norway', 'norwegian'], ['denmark', 'danish'], ['finland', 'finnish'], ['iceland', 'icelandic'],
  ['poland', 'polish'], ['czech republic', 'czech'], ['slovakia', 'slovak'], ['hungary', 'hungarian'],
  ['romania', 'romanian'], ['bulgaria', 'bulgarian'], ['serbia', 'serbian'], ['croatia', 'croatian'],
  ['slovenia', 'slovenian'], ['greece', 'greek'], ['turkey', 'turkish'], ['ukraine', 'ukrainian'],
  ['israel', 'israeli'], ['iran', 'iranian', 'persia', 'persian'], ['iraq', 'iraqi'], ['egypt', 'egyptian'],
  ['south africa', 'south african'], ['nigeria', 'nigerian'], ['kenya', 'kenyan'], ['ethiopia', 'ethiopian'],
  ['pakistan', 'pakistani'], ['bangladesh', 'bangladeshi'], ['sri lanka', 'sri lankan'], ['nepal', 'nepalese', 'nepali'],
  ['korea', 'korean'], ['south korea', 'south korean'], ['north korea', 'north korean'], ['vietnam', 'vietnamese'],
  ['thailand', 'thai'], ['indonesia', 'indonesian'], ['philippines', 'filipino', 'philippine'], ['singapore', 'singaporean'],
  ['malaysia', 'malaysian'], ['taiwan', 'taiwanese'], ['mongolia', 'mongolian'], ['cuba', 'cuban'], ['jamaica', 'jamaican'],
  ['colombia', 'colombian'], ['peru', 'peruvian'], ['venezuela', 'venezuelan'], ['lebanon', 'lebanese'], ['syria', 'syrian'],
  ['saudi arabia', 'saudi'], ['morocco', 'moroccan'], ['algeria', 'algerian'], ['georgia', 'georgian'], ['armenia', 'armenian'],
  ['rome', 'roman', 'ancient rome'], ['vienna', 'viennese'], ['paris', 'parisian'], ['athens', 'athenian'],
  ['venice', 'venetian'], ['florence', 'florentine'], ['prussia', 'prussian'], ['bavaria', 'bavarian'],
];

const INDEX = new Map<string, readonly string[]>();
for (const row of TABLE) for (const name of row) INDEX.set(name, row);

/** The other names of a country or city and its demonym: `'American'` → `['united states', …]`; empty when none. */
export function demonymAliases(alias: string): readonly string[] {
  const key = alias.trim().toLowerCase().replace(/^the\s+/, '');
  return (INDEX.get(key) ?? []).filter((name) => name !== key);
}
