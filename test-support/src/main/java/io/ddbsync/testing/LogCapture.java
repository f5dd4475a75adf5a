package io.ddbsync.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged in this JVM while it is open, each event as one string: logger name, message,
 * and the stack trace of an attached exception (messages of every cause included). The given
 * loggers log at DEBUG meanwhile, so that tests see what an operator with debug logging would.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final AbstractAppender appender;
  private final Map<String, Level> previousLevels = new HashMap<>();

  private LogCapture(String... debugLoggers) {
    context = (LoggerContext) LogManager.getContext(false);
    appender =
        new AbstractAppender(
            "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line =
                new StringBuilder(event.getLoggerName())
                    .append(' ')
                    .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            events.add(line.toString());
          }
        };
    appender.start();
    Configuration configuration = context.getConfiguration();
    configuration.getRootLogger().addAppender(appender, Level.ALL, null);
    for (String logger : debugLoggers) {
      previousLevels.put(logger, LogManager.getLogger(logger).getLevel());
      Configurator.setLevel(logger, Level.DEBUG);
    }
    context.updateLoggers();
  }

  /** Starts capturing; {@code debugLoggers} (package names) log at DEBUG until closed. */
  public static LogCapture start(String... debugLoggers) {
    return new LogCapture(debugLoggers);
  }

  public List<String> events() {
    return new ArrayList<>(events);
  }

  @Override
  public void close() {
    previousLevels.forEach(Configurator::setLevel);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
