package io.ddbsync.source.task;

import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.export.ExportObjects;

/**
 * The ports a task reads DynamoDB's exports with: the export calls and the export's objects in S3.
 * {@link #NONE} for a task configured without exports; using it then is a bug, named as such.
 */
public record ExportAccess(ExportClient client, ExportObjects objects) {
  public static final ExportAccess NONE = new ExportAccess(null, null);

  public ExportClient requireClient() {
    if (client == null) {
      throw new IllegalStateException("This task was started without access to exports");
    }
    return client;
  }

  public ExportObjects requireObjects() {
    if (objects == null) {
      throw new IllegalStateException("This task was started without access to exports");
    }
    return objects;
  }

  public ExportManifests manifests() {
    return new ExportManifests(requireObjects());
  }
}
