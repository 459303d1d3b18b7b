// The options of `data report`, checked with zod before any input is read.
import { z } from 'zod';

/** Options of `data report`. */
export const DataReportOptionsSchema = z.object({
  output: z.string().min(1, 'expected a file name'),
  manifest: z.string().min(1, 'expected a file name').optional(),
  title: z.string().min(1, 'expected a title').optional(),
});
export type DataReportOptions = z.output<typeof DataReportOptionsSchema>;
