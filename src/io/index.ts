// Files in and out, for the CLI and the data half: one line reader (JSONL, TSV, N-Triples, gzip),
// one output writer (partial file beside the target, renamed when complete), atomic small files,
// and the repair of a partial file that a resumed run continues.
export { LineSplitter } from './line-splitter.js';
export { readLines, readJsonl, openFile, fileSize, InputError, MAX_LINE_CHARS, type InputLine, type JsonlRecord, type ReadLinesOptions } from './read-lines.js';
export { openOutputFile, writeFileAtomic, partialPath, isSpecial, type OutputFile, type OpenOutputOptions } from './output-file.js';
export { repairPartial, type PartialRow, type RepairedPartial } from './resume.js';
export { workerEntry, type WorkerEntry } from './worker-entry.js';
