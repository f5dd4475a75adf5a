package io.ddbsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A stock Kafka Connect worker ({@code ConnectDistributed}) in a child JVM whose class path is only
 * Kafka's own (assembled by the workers/ modules) and which loads our connectors from {@code
 * plugin.path}, exactly as a user's worker would. Stopped by PID; {@link #kill()} is {@code kill
 * -9}.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
  /**
   * The log layout of the workers: Kafka's shipped one ({@code connect-log4j.properties}, {@code
   * connect-log4j2.yaml}: the logging context Connect sets, {@code %X{connector.context}}), with
   * the thread's name in brackets, so tests can tell which thread logged a line.
   */
  public static final String LOG_PATTERN = "[%d] %p [%t] %X{connector.context}%m (%c)%n";

  private final ManagedProcess process;
  private final ConnectRest rest;
  private final Path workDir;

  private ConnectWorkerProcess(ManagedProcess process, ConnectRest rest, Path workDir) {
    this.process = process;
    this.rest = rest;
    this.workDir = workDir;
  }

  /** The worker class path of a Kafka version the build assembled, e.g. "4.1" or "3.9". */
  public static Path workerClasspath(String kafkaVersion) {
    String property = System.getProperty("ddbsync.worker.classpath." + kafkaVersion);
    Path path =
        property != null
            ? Paths.get(property)
            : BuildPaths.repositoryRoot()
                .resolve("workers/connect-runtime-" + kafkaVersion + "/target/classpath");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "No worker class path at " + path + "; run `mvn package` first (the workers/ modules)");
    }
    return path;
  }

  /** The plugin.path directory with our unpacked plugin archives. */
  public static Path pluginPath() {
    String property = System.getProperty("ddbsync.plugin.path");
    Path path = property != null ? Paths.get(property) : Paths.get("target/plugin-path");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "No plugin archives at " + path.toAbsolutePath() + "; run `mvn package` first");
    }
    return path.toAbsolutePath();
  }

  /**
   * Starts a worker with the repository's worker properties ({@code config/<propertiesFile>}),
   * overridden by {@code overrides}; the REST port, bootstrap servers and plugin.path are set here.
   */
  public static ConnectWorkerProcess start(
      String name,
      String kafkaVersion,
      String bootstrapServers,
      String propertiesFile,
      Map<String, String> overrides) {
    return start(
        name,
        kafkaVersion,
        bootstrapServers,
        ConnectorConfigs.workerProperties(propertiesFile),
        overrides,
        List.of());
  }

  /**
   * Starts a worker with exactly {@code workerProperties} (nothing from the repository's file: a
   * stock worker is given only what it cannot run without) and extra JVM arguments such as a {@code
   * -javaagent:}; the REST port, bootstrap servers and plugin.path are set here.
   */
  public static ConnectWorkerProcess startStock(
      String name,
      String kafkaVersion,
      String bootstrapServers,
      Map<String, String> workerProperties,
      List<String> jvmArguments) {
    return start(name, kafkaVersion, bootstrapServers, Map.of(), workerProperties, jvmArguments);
  }

  private static ConnectWorkerProcess start(
      String name,
      String kafkaVersion,
      String bootstrapServers,
      Map<String, String> base,
      Map<String, String> overrides,
      List<String> jvmArguments) {
    int port = Ports.free();
    Path workDir = BuildPaths.target("workers/" + name);
    Map<String, String> properties = new LinkedHashMap<>(base);
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("listeners", "http://127.0.0.1:" + port);
    properties.put("rest.advertised.host.name", "127.0.0.1");
    properties.put("rest.advertised.port", Integer.toString(port));
    properties.put("plugin.path", pluginPath().toString());
    properties.putAll(overrides);
    Path propertiesPath = workDir.resolve("worker.properties");
    Path log4j = workDir.resolve("log4j.properties");
    Path log4j2 = workDir.resolve("log4j2.properties");
    try {
      Properties props = new Properties();
      props.putAll(properties);
      try (Writer writer = Files.newBufferedWriter(propertiesPath)) {
        props.store(writer, "written by ConnectWorkerProcess");
      }
      Files.writeString(
          log4j,
          "log4j.rootLogger=INFO, stdout\n"
              + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
              + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
              + "log4j.appender.stdout.layout.ConversionPattern="
              + LOG_PATTERN
              + "\n"
              + "log4j.logger.org.apache.kafka.clients=WARN\n"
              + "log4j.logger.org.reflections=ERROR\n");
      Files.writeString(
          log4j2,
          "rootLogger.level=INFO\nrootLogger.appenderRef.stdout.ref=STDOUT\n"
              + "appender.stdout.type=Console\nappender.stdout.name=STDOUT\n"
              + "appender.stdout.layout.type=PatternLayout\n"
              + "appender.stdout.layout.pattern="
              + LOG_PATTERN
              + "\n"
              + "logger.clients.name=org.apache.kafka.clients\nlogger.clients.level=WARN\n"
              + debugLoggers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmArguments);
    command.add("-Dlog4j.configuration=file:" + log4j);
    command.add("-Dlog4j2.configurationFile=" + log4j2);
    command.add("-cp");
    command.add(workerClasspath(kafkaVersion) + "/*");
    command.add("org.apache.kafka.connect.cli.ConnectDistributed");
    command.add(propertiesPath.toString());
    ManagedProcess process = ManagedProcess.start(name, command, workDir);
    ConnectWorkerProcess worker =
        new ConnectWorkerProcess(
            process, new ConnectRest(URI.create("http://127.0.0.1:" + port)), workDir);
    worker.awaitReady(Duration.ofSeconds(120));
    return worker;
  }

  public ConnectRest rest() {
    return rest;
  }

  public ManagedProcess process() {
    return process;
  }

  public Path workDir() {
    return workDir;
  }

  /** kill -9: no graceful shutdown, no offset flush. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Connect worker exited during start-up:\n" + process.tail(60));
      }
      try {
        if (rest.get("/connectors").status() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // Not listening yet.
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.stop();
    throw new IllegalStateException(
        "Connect worker not ready within " + timeout + ":\n" + process.tail(60));
  }

  /**
   * Loggers to run at DEBUG in the worker, for diagnosis: {@code -Dworker.debug.loggers=a.b,c.d}
   * (for example {@code io.ddbsync.sink} for the sink's load phase timings).
   */
  private static String debugLoggers() {
    StringBuilder lines = new StringBuilder();
    int index = 0;
    for (String logger : System.getProperty("worker.debug.loggers", "").split(",")) {
      if (!logger.isBlank()) {
        String id = "debug" + index++;
        lines.append("logger.").append(id).append(".name=").append(logger.trim()).append('\n');
        lines.append("logger.").append(id).append(".level=DEBUG\n");
      }
    }
    return lines.toString();
  }
}
