// Shared by the report tests.
import { Grouper } from '../../src/rows/grouper.js';
import { scoreLine, type RowContext } from '../../src/rows/score-row.js';
import { ReportCollector, type ReportData } from '../../src/report/index.js';

/** Scores JSONL lines as `report` does: score's row parsing and grouping, into a collector. */
export function collect(lines: string[], defaults: RowContext['defaults'] = {}): ReportData {
  const collector = new ReportCollector({ title: 't' });
  const grouper = new Grouper({ emit: (record) => collector.record(record) });
  const context: RowContext = { defaults, groupBy: 'group', keepInput: true };
  lines.forEach((text, i) => {
    const row = scoreLine(text, i + 1, context);
    collector.add(row);
    grouper.push(row);
  });
  grouper.end();
  return collector.data();
}

