// DuckDB as the independent Parquet reader of the tests (a devDependency): one in-memory database,
// rows and column types of a file.
import { DuckDBInstance } from '@duckdb/node-api';

/** An open DuckDB connection for reading Parquet files; `close` it when done. */
export interface ParquetReader {
  /** Rows of any SQL over the files (`read_parquet($1)`, `parquet_metadata($1)`), as objects. */
  query(sql: string, params: string[]): Promise<Record<string, unknown>[]>;
  rows(path: string): Promise<Record<string, unknown>[]>;
  /** Column name → DuckDB type, as `DESCRIBE` gives it. */
  columnTypes(path: string): Promise<Record<string, string>>;
  close(): void;
}

/** Opens an in-memory DuckDB for reading Parquet files. */
export async function openParquetReader(): Promise<ParquetReader> {
  const db = await DuckDBInstance.create(':memory:');
  const duck = await db.connect();
  const query = async (sql: string, params: string[]): Promise<Record<string, unknown>[]> =>
    (await duck.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
  return {
    query,
    rows: (path) => query('SELECT * FROM read_parquet($1)', [path]),
    columnTypes: async (path) => {
      const described = await query('SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($1))', [path]);
      return Object.fromEntries(described.map((r) => [String(r['column_name']), String(r['column_type'])]));
    },
    close: () => {
      duck.closeSync();
      db.closeSync();
    },
  };
}
