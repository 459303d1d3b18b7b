// The options of `data serve-retrieval`.
import { z } from 'zod';
import { byteSize, integerIn } from '../../shared/options.js';

/** Options of `data serve-retrieval`. */
export const DataServeRetrievalOptionsSchema = z.object({
  corpus: z.string().min(1, 'expected a file'),
  host: z.string().trim().min(1, 'expected a host name or address'),
  port: integerIn(0, 65_535),
  topk: integerIn(1, 100),
  maxQueries: integerIn(1, 100_000),
  bodyLimit: byteSize(64 * 1024 * 1024),
});
export type DataServeRetrievalOptions = z.output<typeof DataServeRetrievalOptionsSchema>;
