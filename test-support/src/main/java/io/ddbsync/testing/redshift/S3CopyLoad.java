package io.ddbsync.testing.redshift;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One COPY from S3 as Redshift runs it, on a session's upstream PostgreSQL connection: reads the
 * table's columns and the session's time zone there (temporary tables are visible only to it),
 * fetches the Parquet object from S3, checks and converts it ({@link ParquetLoad}), records load
 * errors as Redshift's system tables would, and streams the rows in with {@code COPY FROM STDIN}.
 * The session routes PostgreSQL's answers to {@code answers} while this runs and answers the client
 * from the {@link Outcome}.
 */
final class S3CopyLoad {
  /**
   * The rows loaded, or the failure to report (message and SQLSTATE); the COPY's id, -1 if none.
   */
  record Outcome(long rows, String failure, String failureState, long copyId) {}

  private final RedshiftStandIn standIn;
  private final String database;
  private final OutputStream upstreamOut;
  private final BlockingQueue<PgWire.Message> answers;

  S3CopyLoad(
      RedshiftStandIn standIn,
      String database,
      OutputStream upstreamOut,
      BlockingQueue<PgWire.Message> answers) {
    this.standIn = standIn;
    this.database = database;
    this.upstreamOut = upstreamOut;
    this.answers = answers;
  }

  Outcome load(RedshiftSql.CopyFromS3 copy) throws IOException, InterruptedException {
    ColumnTypes table = columnTypes(copy);
    if (table.error != null) {
      return new Outcome(0, table.error, "42P01", -1);
    }
    List<CopyManifestRules.DataFile> files;
    CopyManifestRules.DataFile named = new CopyManifestRules.DataFile(copy.bucket(), copy.key());
    if (copy.manifest()) {
      byte[] manifest = fetch(named);
      if (manifest == null) {
        return new Outcome(0, missing(named), "XX000", -1);
      }
      CopyManifestRules.Outcome listed = CopyManifestRules.read(manifest, this::sizeOf);
      if (listed.failure() != null) {
        return new Outcome(0, listed.failure(), "XX000", -1);
      }
      files = listed.files();
    } else {
      files = List.of(named);
    }
    List<byte[]> objects = new ArrayList<>();
    for (CopyManifestRules.DataFile file : files) {
      byte[] object = fetch(file);
      if (object == null) {
        return new Outcome(0, missing(file), "XX000", -1);
      }
      objects.add(object);
    }
    long copyId = standIn.nextCopyId();
    java.time.ZoneId zone = sessionZone();
    StringBuilder csv = new StringBuilder();
    long rows = 0;
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i).uri();
      ParquetLoad.Result result =
          ParquetLoad.load(
              objects.get(i),
              table.names,
              table.types,
              table.tableColumns,
              zone,
              standIn.largeStrings() ? 16_000_000 : 65_535);
      String failure = failure(copy, file, copyId, result);
      if (failure != null) {
        return new Outcome(0, failure, "XX000", copyId);
      }
      csv.append(result.csv());
      rows += result.rows();
    }
    String[] outcome = copyCsv(copy, table.names, csv.toString());
    if (outcome[0] == null) {
      standIn.recordCopy(
          new RedshiftStandIn.Copy(
              copy.table(),
              files.stream().map(CopyManifestRules.DataFile::uri).toList(),
              rows,
              copy.manifest()));
    }
    return new Outcome(rows, outcome[0], outcome[1], copyId);
  }

  /**
   * What COPY says of a file it cannot load, recorded in the load error tables with the row
   * numbered within that file; null when the file loads.
   */
  private String failure(
      RedshiftSql.CopyFromS3 copy, String file, long copyId, ParquetLoad.Result result) {
    if (result.fileError() != null) {
      standIn.recordLoadError(database, copyId, file, 0, "", 15001, result.fileError(), "");
      return result.fileError();
    }
    ParquetLoad.RowError error = result.error();
    if (error == null) {
      return null;
    }
    if (standIn.rowlessParquetValueErrors()) {
      standIn.recordLoadError(
          database,
          copyId,
          file,
          0,
          error.column(),
          15007,
          "Spectrum Scan Error. Error: " + error.reason() + " in column " + error.column(),
          "");
    } else {
      standIn.recordLoadError(
          database,
          copyId,
          file,
          error.line(),
          error.column(),
          error.code(),
          error.reason(),
          error.rawValue());
    }
    return "Load into table '"
        + copy.table()
        + "' failed. Check 'sys_load_error_detail' system table for details.";
  }

  /** The object's bytes, or null when it does not exist. */
  private byte[] fetch(CopyManifestRules.DataFile file) {
    try {
      return standIn
          .s3()
          .getObjectAsBytes(b -> b.bucket(file.bucket()).key(file.key()))
          .asByteArray();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception absent) {
      if (absent.statusCode() == 404) {
        return null;
      }
      throw absent;
    }
  }

  private long sizeOf(CopyManifestRules.DataFile file) {
    try {
      return standIn.s3().headObject(b -> b.bucket(file.bucket()).key(file.key())).contentLength();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception absent) {
      if (absent.statusCode() == 404) {
        return -1;
      }
      throw absent;
    }
  }

  private static String missing(CopyManifestRules.DataFile file) {
    return "S3ServiceException: The specified key does not exist. " + file.uri();
  }

  private record ColumnTypes(
      List<String> names, List<String> types, int tableColumns, String error) {}

  /** The session's time zone, as PostgreSQL holds it for this session. */
  private java.time.ZoneId sessionZone() throws IOException, InterruptedException {
    List<List<String>> rows = new ArrayList<>();
    String error = upstreamQuery("SHOW timezone", rows);
    if (error != null || rows.isEmpty()) {
      return java.time.ZoneOffset.UTC;
    }
    return java.time.ZoneId.of(rows.get(0).get(0));
  }

  /** The listed columns' types, read in this session, where temporary tables are visible. */
  private ColumnTypes columnTypes(RedshiftSql.CopyFromS3 copy)
      throws IOException, InterruptedException {
    String table = copy.reference().replace("'", "''");
    List<List<String>> rows = new ArrayList<>();
    String error =
        upstreamQuery(
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid = '"
                + table
                + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            rows);
    if (error != null) {
      return new ColumnTypes(null, null, 0, error);
    }
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> wanted =
        copy.columns().isEmpty() ? rows.stream().map(r -> r.get(0)).toList() : copy.columns();
    for (String column : wanted) {
      List<String> row =
          rows.stream().filter(r -> r.get(0).equals(column)).findFirst().orElse(null);
      if (row == null) {
        return new ColumnTypes(
            null,
            null,
            0,
            "column \"" + column + "\" of relation \"" + copy.table() + "\" does not exist");
      }
      names.add(column);
      types.add(row.get(1));
    }
    return new ColumnTypes(names, types, rows.size(), null);
  }

  /** Streams CSV into the table with COPY FROM STDIN on the upstream connection; {error, state}. */
  private String[] copyCsv(RedshiftSql.CopyFromS3 copy, List<String> columns, String csv)
      throws IOException, InterruptedException {
    String table = copy.table();
    List<String> quoted = columns.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList();
    forwardIntercepted(
        PgWire.query(
            "COPY "
                + copy.reference()
                + " ("
                + String.join(", ", quoted)
                + ") FROM STDIN WITH (FORMAT csv)"));
    String[] failure = {null, null};
    while (true) {
      PgWire.Message message = take();
      if (message.type() == 'G') {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += 65_536) {
          byte[] chunk =
              java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + 65_536));
          PgWire.write(upstreamOut, PgWire.copyData(chunk));
        }
        PgWire.write(upstreamOut, PgWire.empty('c'));
        upstreamOut.flush();
      } else if (message.type() == 'E') {
        String[] fields = PgWire.errorFields(message);
        failure = new String[] {"Load into table '" + table + "' failed: " + fields[1], fields[0]};
      } else if (message.type() == 'Z') {
        return failure;
      }
    }
  }

  private String upstreamQuery(String sql, List<List<String>> rows)
      throws IOException, InterruptedException {
    forwardIntercepted(PgWire.query(sql));
    String error = null;
    while (true) {
      PgWire.Message message = take();
      if (message.type() == 'D') {
        rows.add(PgWire.dataRow(message));
      } else if (message.type() == 'E') {
        error = PgWire.errorFields(message)[1];
      } else if (message.type() == 'Z') {
        return error;
      }
    }
  }

  private void forwardIntercepted(PgWire.Message message) throws IOException {
    PgWire.write(upstreamOut, message);
    upstreamOut.flush();
  }

  private PgWire.Message take() throws InterruptedException, IOException {
    PgWire.Message message = answers.poll(60, TimeUnit.SECONDS);
    if (message == null) {
      throw new IOException("PostgreSQL did not answer the stand-in within 60 s");
    }
    return message;
  }
}
