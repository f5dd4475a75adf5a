package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigChecks.Problem;
import java.util.List;

/** Test access to the validator's package-private checks. */
public final class SinkConfigValidatorAccess {
  private SinkConfigValidatorAccess() {}

  public static List<Problem> loginProblems(RedshiftSinkConfig config) {
    return SinkConfigValidator.loginProblems(config);
  }
}
