package io.ddbsync.sink.db;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Driver;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What the sink knows of a dialect before it connects: its JDBC URL form and driver, the settings
 * only it has and their checks, and how to create it from the connector's configuration.
 */
public interface DialectDefinition {
  DialectName name();

  /** The JDBC URL prefix of this dialect, such as {@code jdbc:redshift:}. */
  String urlPrefix();

  /** An example URL, for the setting's documentation. */
  String urlExample();

  /**
   * A new instance of the JDBC driver. Drivers are instantiated directly rather than found through
   * DriverManager, which does not see drivers in a plugin's class loader.
   */
  Driver driver();

  /** Defines the settings only this dialect has (in a group of its own). */
  void define(ConfigDef def);

  /** Problems with the settings this dialect needs, beyond each setting on its own. */
  List<Problem> problems(AbstractConfig config, AwsSettings aws);

  /** The dialect, with {@code staging} where it reads staged files itself. */
  Dialect create(AbstractConfig config, AwsSettings aws, StagingStore staging);
}
