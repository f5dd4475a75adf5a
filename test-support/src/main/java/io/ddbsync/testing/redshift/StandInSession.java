package io.ddbsync.testing.redshift;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the stand-in: relays the protocol to PostgreSQL, decides each statement
 * with {@link RedshiftSql}, and serves COPY from S3 ({@link S3CopyLoad}) on the upstream connection
 * while holding the client's responses back.
 */
final class StandInSession {
  private static final Logger LOG = LoggerFactory.getLogger(StandInSession.class);
  private final RedshiftStandIn standIn;
  private final Socket client;
  private final Object clientLock = new Object();
  private final AtomicInteger awaitingReady = new AtomicInteger(1);
  private volatile BlockingQueue<PgWire.Message> intercepted;
  private volatile char transactionStatus = 'I';
  private volatile boolean aborted;
  private long lastCopyId = -1;
  private String database;
  // The IAM user the session logged in as, if any (for tests to see).
  private String iamUser;
  private Socket upstream;
  private DataInputStream clientIn;
  private OutputStream clientOut;
  private DataInputStream upstreamIn;
  private OutputStream upstreamOut;

  StandInSession(RedshiftStandIn standIn, Socket client) {
    this.standIn = standIn;
    this.client = client;
  }

  void run() {
    try (client) {
      clientIn = new DataInputStream(new BufferedInputStream(client.getInputStream()));
      clientOut = new BufferedOutputStream(client.getOutputStream());
      if (!startUp()) {
        return;
      }
      try (Socket ignored = upstream) {
        Thread serverPump = new Thread(this::pumpServer, "stand-in-server-pump");
        serverPump.setDaemon(true);
        serverPump.start();
        pumpClient();
      }
    } catch (IOException e) {
      LOG.debug("Stand-in session ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the start-up packet, answers SSL requests with "no", forwards cancels, drops extra
   * parameters.
   */
  private boolean startUp() throws IOException {
    while (true) {
      StartupPacket packet = StartupPacket.read(clientIn);
      int code = packet.code();
      if (code == StartupPacket.SSL_REQUEST) {
        // TLS with a self-signed certificate: the Redshift driver insists on it for IAM logins.
        clientOut.write('S');
        clientOut.flush();
        javax.net.ssl.SSLSocket tls =
            (javax.net.ssl.SSLSocket)
                standIn
                    .tls()
                    .getSocketFactory()
                    .createSocket(
                        client, client.getInetAddress().getHostAddress(), client.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        clientIn = new DataInputStream(new BufferedInputStream(tls.getInputStream()));
        clientOut = new BufferedOutputStream(tls.getOutputStream());
        continue;
      }
      if (code == StartupPacket.CANCEL_REQUEST) {
        try (Socket cancel = standIn.connectUpstream()) {
          packet.writeTo(cancel.getOutputStream());
        }
        return false;
      }
      if (code != StartupPacket.PROTOCOL_3) {
        throw new IOException("Unsupported protocol " + code);
      }
      StartupPacket.Forwarded forwarded = packet.forwarded();
      database = forwarded.database();
      iamUser = forwarded.iamUser();
      standIn.prepare(database);
      if (iamUser != null) {
        standIn.iamLogin(iamUser);
      }
      upstream = standIn.connectUpstream();
      upstreamIn = new DataInputStream(new BufferedInputStream(upstream.getInputStream()));
      upstreamOut = new BufferedOutputStream(upstream.getOutputStream());
      StartupPacket.writeStartup(upstreamOut, forwarded.parameters());
      return true;
    }
  }

  private void pumpServer() {
    try {
      PgWire.Message message;
      while ((message = PgWire.read(upstreamIn)) != null) {
        if (message.type() == 'E') {
          message = asRedshiftError(message);
        }
        if (message.type() == 'Z') {
          transactionStatus = (char) message.payload()[0];
          if (aborted && intercepted == null) {
            // The stand-in refused a statement inside this transaction: Redshift aborted it.
            message = PgWire.ready('E');
          }
        }
        BlockingQueue<PgWire.Message> queue = intercepted;
        if (queue != null) {
          queue.put(message);
          continue;
        }
        synchronized (clientLock) {
          PgWire.write(clientOut, message);
          if (message.type() == 'Z') {
            clientOut.flush();
            awaitingReady.decrementAndGet();
          } else if (message.type() == 'G' || message.type() == 'H' || message.type() == 'R') {
            clientOut.flush();
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      LOG.debug("Stand-in server pump ended: {}", e.toString());
    } finally {
      try {
        client.close();
      } catch (IOException ignored) {
        // The client side goes down with the server side.
      }
    }
  }

  /**
   * PostgreSQL's serialization failure (SQLSTATE 40001) as Redshift reports a serializable
   * isolation violation: error 1023 as the message, the tables in the detail ("Serializable
   * isolation violation errors", Amazon Redshift Database Developer Guide).
   */
  private PgWire.Message asRedshiftError(PgWire.Message error) {
    String[] fields = PgWire.errorFields(error);
    if (!fields[0].equals("40001")) {
      return error;
    }
    standIn.serializationConflict();
    return PgWire.error(
        "XX000", "1023", "Serializable isolation violation on a table in Redshift: " + fields[1]);
  }

  private void pumpClient() throws IOException, InterruptedException {
    List<PgWire.Message> group = new ArrayList<>();
    PgWire.Message message;
    while ((message = PgWire.read(clientIn)) != null) {
      switch (message.type()) {
        case 'P', 'B', 'D', 'E', 'C' -> group.add(message);
        case 'H' -> {
          group.add(message);
          handleGroup(group, false);
          group = new ArrayList<>();
        }
        case 'S' -> {
          group.add(message);
          handleGroup(group, true);
          group = new ArrayList<>();
        }
        case 'Q' -> handleQuery(message);
        case 'X' -> {
          forward(List.of(message), false);
          return;
        }
        default -> forward(List.of(message), false);
      }
    }
  }

  private void handleGroup(List<PgWire.Message> group, boolean sync)
      throws IOException, InterruptedException {
    List<String> statements = new ArrayList<>();
    for (PgWire.Message message : group) {
      if (message.type() == 'P') {
        statements.add(PgWire.parseSql(message));
      }
    }
    if (aborted && !(statements.size() == 1 && isRollback(statements.get(0)))) {
      refuse(
          group,
          sync,
          "25P02",
          "current transaction is aborted, commands ignored until end of transaction block");
      return;
    }
    List<PgWire.Message> forwarded = new ArrayList<>(group.size());
    // The driver sends BEGIN in the same group as the transaction's first statement.
    boolean inTransaction = transactionStatus != 'I';
    for (PgWire.Message message : group) {
      if (message.type() != 'P') {
        forwarded.add(message);
        continue;
      }
      String sql = PgWire.parseSql(message);
      RedshiftSql.Decision decision = decide(sql, inTransaction);
      if (decision instanceof RedshiftSql.Refuse refused) {
        refuse(group, sync, refused.sqlState(), refused.message(), inTransaction);
        return;
      }
      inTransaction = transactionAfter(sql, inTransaction);
      if (decision instanceof RedshiftSql.CopyFromS3 copy) {
        if (statements.size() != 1) {
          refuse(
              group,
              sync,
              "0A000",
              "The stand-in needs COPY to be the only statement of its Sync or Flush");
          return;
        }
        runCopy(copy, group, sync);
        return;
      }
      standIn.tables().record(database, sql);
      forwarded.add(PgWire.withParseSql(message, ((RedshiftSql.Pass) decision).sql()));
    }
    if (aborted) {
      aborted = false;
    }
    forward(forwarded, sync);
  }

  private void handleQuery(PgWire.Message query) throws IOException, InterruptedException {
    String sql = query.cstring(0);
    if (aborted && !isRollback(sql)) {
      refuse(
          List.of(query),
          true,
          "25P02",
          "current transaction is aborted, commands ignored until end of transaction block");
      return;
    }
    RedshiftSql.Decision decision = decide(sql, transactionStatus == 'T');
    if (decision instanceof RedshiftSql.Refuse refused) {
      refuse(List.of(query), true, refused.sqlState(), refused.message());
    } else if (decision instanceof RedshiftSql.CopyFromS3 copy) {
      runCopy(copy, List.of(query), true);
    } else {
      aborted = false;
      standIn.tables().record(database, sql);
      forward(List.of(PgWire.query(((RedshiftSql.Pass) decision).sql())), true);
    }
  }

  /** The statement's decision: refused for what Redshift knows of its tables, or by its text. */
  private RedshiftSql.Decision decide(String sql, boolean inTransaction) {
    String refusal = standIn.tables().refusal(database, sql);
    if (refusal != null) {
      return new RedshiftSql.Refuse("0A000", refusal);
    }
    return RedshiftSql.decide(sql, inTransaction, lastCopyId);
  }

  private void forward(List<PgWire.Message> messages, boolean expectsReady) throws IOException {
    if (expectsReady) {
      awaitingReady.incrementAndGet();
    }
    for (PgWire.Message message : messages) {
      PgWire.write(upstreamOut, message);
    }
    upstreamOut.flush();
  }

  /**
   * Answers a statement group with an error, as Redshift would refuse it; inside a transaction the
   * transaction is then aborted until ROLLBACK, as on Redshift.
   */
  private void refuse(List<PgWire.Message> group, boolean sync, String state, String message)
      throws IOException, InterruptedException {
    refuse(group, sync, state, message, transactionStatus != 'I');
  }

  private void refuse(
      List<PgWire.Message> group, boolean sync, String state, String message, boolean inTransaction)
      throws IOException, InterruptedException {
    awaitIdle();
    LOG.info("Stand-in refuses a statement as Redshift would: {}", message);
    if (inTransaction) {
      aborted = true;
    }
    synchronized (clientLock) {
      PgWire.write(clientOut, PgWire.error(state, message));
      if (sync) {
        PgWire.write(clientOut, PgWire.ready(aborted ? 'E' : transactionStatus));
      }
      clientOut.flush();
    }
  }

  /**
   * Loads an S3 Parquet object into a table of this session, as Redshift's COPY would, and answers
   * the client's messages for it. A group that ends with Flush (the Redshift driver's habit) gets
   * no ReadyForQuery: its Sync follows separately and PostgreSQL answers it.
   */
  private void runCopy(RedshiftSql.CopyFromS3 copy, List<PgWire.Message> group, boolean sync)
      throws IOException, InterruptedException {
    awaitIdle();
    BlockingQueue<PgWire.Message> queue = new LinkedBlockingQueue<>();
    intercepted = queue;
    S3CopyLoad.Outcome outcome;
    try {
      outcome = new S3CopyLoad(standIn, database, upstreamOut, queue).load(copy);
    } finally {
      intercepted = null;
    }
    if (outcome.copyId() >= 0) {
      lastCopyId = outcome.copyId();
    }
    String failure = outcome.failure();
    String failureState = outcome.failureState();
    long rows = outcome.rows();
    if (failure != null) {
      refuse(group, sync, failureState, failure);
      return;
    }
    synchronized (clientLock) {
      for (PgWire.Message message : group) {
        switch (message.type()) {
          case 'P' -> PgWire.write(clientOut, PgWire.empty('1'));
          case 'B' -> PgWire.write(clientOut, PgWire.empty('2'));
          case 'C' -> PgWire.write(clientOut, PgWire.empty('3'));
          case 'D' -> {
            if (message.payload()[0] == 'S') {
              PgWire.write(clientOut, PgWire.noParameters());
            }
            PgWire.write(clientOut, PgWire.empty('n'));
          }
          case 'E', 'Q' -> PgWire.write(clientOut, PgWire.commandComplete("COPY " + rows));
          default -> {
            // Sync is answered below.
          }
        }
      }
      if (sync) {
        PgWire.write(clientOut, PgWire.ready(transactionStatus));
      }
      clientOut.flush();
    }
  }

  /** Waits until PostgreSQL has answered everything forwarded so far. */
  private void awaitIdle() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (awaitingReady.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IOException("PostgreSQL did not finish earlier statements within 60 s");
      }
      Thread.sleep(1);
    }
  }

  private static boolean transactionAfter(String sql, boolean before) {
    String trimmed = sql.trim().toUpperCase(java.util.Locale.ROOT);
    if (trimmed.startsWith("BEGIN") || trimmed.startsWith("START TRANSACTION")) {
      return true;
    }
    if (trimmed.startsWith("COMMIT") || trimmed.startsWith("END") || isRollback(trimmed)) {
      return false;
    }
    return before;
  }

  private static boolean isRollback(String sql) {
    String trimmed = sql.trim().toUpperCase(java.util.Locale.ROOT);
    return trimmed.startsWith("ROLLBACK") || trimmed.startsWith("ABORT");
  }
}
