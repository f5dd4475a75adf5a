package io.ddbsync.testing.redshift;

import io.ddbsync.testing.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A stand-in for Amazon Redshift, for tests only: embedded PostgreSQL behind a wire-protocol proxy
 * that lets the real Redshift JDBC driver connect, translates the Redshift-only syntax a loader
 * sends, runs COPY ... FROM 's3://...' FORMAT AS PARQUET as a load of the object (from moto) within
 * the same session, and refuses, like Redshift, what PostgreSQL would accept. Everything the tests
 * verify through it is verified against PostgreSQL's behaviour under those rules, not against
 * Redshift itself.
 */
public final class RedshiftStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedshiftStandIn.class);

  /**
   * Which Redshift records load errors where. A provisioned cluster fills both
   * SYS_LOAD_ERROR_DETAIL and STL_LOAD_ERRORS; Redshift Serverless has no STL views at all (and
   * loads on concurrency-scaling clusters are not in STL either), only SYS ("Redshift Serverless
   * ... system tables and views", Management Guide); a cluster on an older patch has
   * SYS_LOAD_ERROR_DETAIL empty for its loads and only STL filled.
   */
  public enum Kind {
    PROVISIONED,
    SERVERLESS,
    STL_ONLY
  }

  private final PostgresServer postgres;
  private final S3Client s3;
  private final ServerSocket server;
  private final ExecutorService sessions =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "redshift-stand-in");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong copyIds = new AtomicLong(10_000);
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final RedshiftTables tables = new RedshiftTables();
  private volatile boolean running = true;

  private final Kind kind;

  /**
   * STL's query ids and SYS's query ids are different numbers for the same COPY ("The query_id
   * column of SYS monitoring views is not the same identifier as the query column of STL views",
   * "Migrating to SYS monitoring views", Database Developer Guide); pg_last_copy_id() gives the STL
   * one.
   */
  static final long SYS_QUERY_ID_OFFSET = 7_000_000;

  // Parquet (columnar) COPY value errors come from Redshift Spectrum's scan and name no row; the
  // stand-in names the row unless told to behave so.
  private volatile boolean rowlessParquetValueErrors;
  // The cluster parameter enable_large_strings_opt_in: SUPER strings up to 16,000,000 bytes.
  private volatile boolean largeStrings;

  private RedshiftStandIn(PostgresServer postgres, S3Client s3, ServerSocket server, Kind kind) {
    this.postgres = postgres;
    this.s3 = s3;
    this.server = server;
    this.kind = kind;
  }

  public static RedshiftStandIn start(PostgresServer postgres, S3Client s3) {
    return start(postgres, s3, Kind.PROVISIONED);
  }

  /** A stand-in of {@code kind}; its databases must not be shared with a stand-in of another. */
  public static RedshiftStandIn start(PostgresServer postgres, S3Client s3, Kind kind) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      RedshiftStandIn standIn = new RedshiftStandIn(postgres, s3, server, kind);
      standIn.sessions.execute(standIn::accept);
      return standIn;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the Redshift stand-in", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * From now on a value a Parquet COPY cannot store is reported as Redshift Spectrum reports it: a
   * "Spectrum Scan Error" that names the file and the column but no row.
   */
  public RedshiftStandIn rowlessParquetValueErrors(boolean rowless) {
    this.rowlessParquetValueErrors = rowless;
    return this;
  }

  boolean rowlessParquetValueErrors() {
    return rowlessParquetValueErrors;
  }

  /**
   * The cluster opted in to large strings (enable_large_strings_opt_in=Yes): SUPER values hold
   * strings up to 16,000,000 bytes instead of 65,535, and is_large_string_enabled() says so. Set
   * before the stand-in's databases are first used.
   */
  public RedshiftStandIn largeStrings(boolean enabled) {
    this.largeStrings = enabled;
    return this;
  }

  boolean largeStrings() {
    return largeStrings;
  }

  private volatile int slices = 4;

  /**
   * How many slices STV_SLICES lists (two per node), on a provisioned cluster; 4 unless set. Set
   * before the database is first used. Redshift Serverless has no STV_SLICES in the stand-in.
   */
  public RedshiftStandIn slices(int count) {
    this.slices = count;
    return this;
  }

  /** A URL for the real Redshift JDBC driver; SSL off, as the stand-in speaks plain TCP. */
  public String jdbcUrl(String database) {
    return "jdbc:redshift://127.0.0.1:" + port() + "/" + database + "?ssl=false";
  }

  private void accept() {
    while (running) {
      try {
        Socket client = server.accept();
        sessions.execute(() -> new StandInSession(this, client).run());
      } catch (IOException e) {
        if (running) {
          LOG.warn("Stand-in accept failed", e);
        }
      }
    }
  }

  Socket connectUpstream() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), postgres.port());
  }

  S3Client s3() {
    return s3;
  }

  RedshiftTables tables() {
    return tables;
  }

  private final java.util.List<String> iamLogins =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private javax.net.ssl.SSLContext tls;

  /**
   * The TLS context of the stand-in's sessions: a self-signed certificate made by the JDK's keytool
   * on first use (clients connect with a non-validating SSL factory).
   */
  synchronized javax.net.ssl.SSLContext tls() throws IOException {
    if (tls != null) {
      return tls;
    }
    java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("stand-in-tls");
    java.nio.file.Path store = directory.resolve("stand-in.p12");
    String keytool =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "stand-in",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "stand-in",
                "-keypass",
                "stand-in")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("keytool.log").toFile())
            .start();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not make the stand-in's certificate within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "keytool failed: " + java.nio.file.Files.readString(directory.resolve("keytool.log")));
      }
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      try (var in = java.nio.file.Files.newInputStream(store)) {
        keys.load(in, "stand-in".toCharArray());
      }
      javax.net.ssl.KeyManagerFactory managers =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, "stand-in".toCharArray());
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      tls = context;
      return tls;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while making the stand-in's certificate", e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("Cannot load the stand-in's certificate", e);
    }
  }

  void iamLogin(String user) {
    iamLogins.add(user);
  }

  /** The temporary IAM users (IAM:..., IAMA:..., IAMR:...) sessions logged in as, in order. */
  public java.util.List<String> iamLogins() {
    return java.util.List.copyOf(iamLogins);
  }

  /**
   * A COPY that loaded: its table, every file it read (a manifest's parts, in order), the rows, and
   * whether it went through a manifest.
   */
  public record Copy(String table, java.util.List<String> files, long rows, boolean manifest) {}

  private final java.util.List<Copy> copies = new java.util.concurrent.CopyOnWriteArrayList<>();

  void recordCopy(Copy copy) {
    copies.add(copy);
  }

  /** Every COPY that loaded, in order (including those of transactions rolled back later). */
  public java.util.List<Copy> copies() {
    return java.util.List.copyOf(copies);
  }

  private final AtomicLong serializationConflicts = new AtomicLong();

  void serializationConflict() {
    serializationConflicts.incrementAndGet();
  }

  /** How many statements aborted with a serializable isolation violation (error 1023). */
  public long serializationConflicts() {
    return serializationConflicts.get();
  }

  long nextCopyId() {
    return copyIds.incrementAndGet();
  }

  /** Redshift's system tables and JSON_PARSE, created once per database on first use. */
  void prepare(String database) {
    if (!prepared.add(database)) {
      return;
    }
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      if (kind != Kind.SERVERLESS) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS public.stl_load_errors (query BIGINT, filename VARCHAR(256), line_number BIGINT,"
                + " colname VARCHAR(127), err_code INTEGER, err_reason VARCHAR(256), raw_field_value VARCHAR(1024),"
                + " starttime TIMESTAMP DEFAULT now())");
      }
      statement.execute(
          "CREATE TABLE IF NOT EXISTS public.sys_load_error_detail (query_id BIGINT, file_name VARCHAR(256),"
              + " line_number BIGINT, column_name VARCHAR(127), error_code INTEGER, error_message VARCHAR(512),"
              + " start_time TIMESTAMP DEFAULT now())");
      statement.execute(
          "CREATE OR REPLACE FUNCTION public.json_parse(text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS 'SELECT $1::jsonb'");
      statement.execute(
          "CREATE OR REPLACE FUNCTION public.is_large_string_enabled() RETURNS boolean"
              + " LANGUAGE sql IMMUTABLE AS 'SELECT "
              + largeStrings
              + "'");
      if (kind != Kind.SERVERLESS) {
        // Slices and the nodes they are on ("STV_SLICES"): two per node here.
        statement.execute(
            "CREATE OR REPLACE VIEW public.stv_slices AS SELECT CAST(s / 2 AS INTEGER) AS node,"
                + " CAST(s AS INTEGER) AS slice, CAST(s % 2 AS INTEGER) AS localslice,"
                + " CAST('D' AS CHAR(1)) AS type FROM generate_series(0, "
                + (slices - 1)
                + ") AS s");
      }
      // Redshift's sessions: its process id, start time, user and database ("STV_SESSIONS").
      statement.execute(
          "CREATE OR REPLACE VIEW public.stv_sessions AS SELECT backend_start AS starttime,"
              + " pid AS process, CAST(usename AS VARCHAR(50)) AS user_name,"
              + " CAST(datname AS VARCHAR(50)) AS db_name FROM pg_catalog.pg_stat_activity"
              + " WHERE backend_type = 'client backend'");
    } catch (SQLException e) {
      prepared.remove(database);
      throw new IllegalStateException(
          "Cannot prepare database " + database + " for the stand-in", e);
    }
  }

  /**
   * Writes a load error row the way Redshift records failed loads, outside the failed transaction.
   */
  void recordLoadError(
      String database,
      long copyId,
      String file,
      long line,
      String column,
      int code,
      String reason,
      String raw) {
    try (Connection connection = postgres.connect(database);
        var insertStl =
            connection.prepareStatement(
                "INSERT INTO public.stl_load_errors (query, filename, line_number, colname, err_code, err_reason, raw_field_value) VALUES (?,?,?,?,?,?,?)");
        var insertSys =
            connection.prepareStatement(
                "INSERT INTO public.sys_load_error_detail (query_id, file_name, line_number, column_name, error_code, error_message) VALUES (?,?,?,?,?,?)")) {
      if (kind != Kind.SERVERLESS) {
        insertStl.setLong(1, copyId);
        insertStl.setString(2, file);
        insertStl.setLong(3, line);
        insertStl.setString(4, column);
        insertStl.setInt(5, code);
        insertStl.setString(6, reason);
        insertStl.setString(7, raw);
        insertStl.execute();
      }
      if (kind != Kind.STL_ONLY) {
        insertSys.setLong(1, copyId + SYS_QUERY_ID_OFFSET);
        insertSys.setString(2, file);
        insertSys.setLong(3, line);
        insertSys.setString(4, column);
        insertSys.setInt(5, code);
        insertSys.setString(6, reason);
        insertSys.execute();
      }
    } catch (SQLException e) {
      LOG.warn("Could not record a load error", e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing the listener; sessions end with their sockets.
    }
    sessions.shutdownNow();
  }
}
