package io.ddbsync.cli;

import io.ddbsync.common.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ddbsync command-line tool: checks and operates a running pipeline from the same connector
 * configuration users POST to Kafka Connect.
 */
@Command(
    name = "ddbsync",
    mixinStandardHelpOptions = true,
    versionProvider = Ddbsync.VersionProvider.class,
    description = "Checks and operates a DynamoDB-to-warehouse pipeline of ddbsync connectors.",
    subcommands = {
      ReconcileCommand.class,
      DriftCommand.class,
      StatusCommand.class,
      ResnapshotCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the check passed (reconcile: every item equals its rows)",
      "1:the check found differences",
      "2:the command line is wrong",
      "3:the check could not run (a connection, a permission, a missing table)"
    })
public final class Ddbsync {
  /** The check passed. */
  public static final int MATCH = 0;

  /** The check found differences. */
  public static final int DIFFERENT = 1;

  /** The check could not run. */
  public static final int FAILED = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new Ddbsync())
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              commandLine.getErr().println("ddbsync: " + describe(e));
              return FAILED;
            })
        .execute(args);
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    while (cause != null && cause != e) {
      text.append(" (").append(cause.getMessage()).append(')');
      e = cause;
      cause = cause.getCause();
    }
    return text.toString();
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ddbsync " + Version.get()};
    }
  }
}
