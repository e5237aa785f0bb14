import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';

/** The columns of the file: a name and the one type of its values ('STRING' texts, 'DOUBLE' numbers, 'INT32' whole numbers). */
export interface ParquetColumnSpec {
  name: string;
  type: 'STRING' | 'DOUBLE' | 'INT32';
}

/**
 * Writes a Parquet file in pieces, for an answer that is sent while it is computed: each call of
 * writeRowGroup encodes one row group (hyparquet-writer, snappy pages) and returns its bytes at once,
 * the file's header first; finish returns the footer (the schema and where each row group sits), which
 * Parquet keeps at the end. Memory is one row group plus the footer's few bytes per group, so a caller
 * that writes one row group per scored block holds one block, whatever the size of the answer.
 */
export class ParquetStreamWriter {
  private readonly bytes = new ByteWriter();
  private readonly writer: ParquetWriter;

  constructor(private readonly columns: ParquetColumnSpec[]) {
    const empty = columns.map(({ name, type }) => ({ name, type, data: [], nullable: true }) satisfies ColumnSource);
    this.writer = new ParquetWriter({ writer: this.bytes, schema: schemaFromColumnData({ columnData: empty }) });
  }

  /** One row group: `data[colIdx]` holds the rows of columns[colIdx], all of one length; null is missing. Returns the bytes to send. */
  writeRowGroup(data: Array<ArrayLike<unknown>>): Uint8Array {
    const nRows = data[0]?.length ?? 0;
    if (nRows > 0) {
      const columnData = this.columns.map(({ name, type }, colIdx) => ({ name, type, data: Array.from(data[colIdx]), nullable: true }) satisfies ColumnSource);
      void this.writer.write({ columnData, rowGroupSize: nRows });
    }
    return this.take();
  }

  /** The footer; the file is complete once it has been sent. */
  finish(): Uint8Array {
    void this.writer.finish();
    return this.take();
  }

  /** The bytes encoded since the last call, copied out, and the buffer reused (its running offset stays, for the footer's positions). */
  private take(): Uint8Array {
    const out = this.bytes.getBytes().slice();
    this.bytes.index = 0;
    return out;
  }
}
