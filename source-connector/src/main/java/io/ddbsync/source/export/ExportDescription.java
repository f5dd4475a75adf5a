package io.ddbsync.source.export;

/**
 * What DescribeExport says about an export.
 *
 * @param status IN_PROGRESS, COMPLETED or FAILED
 * @param failureCode AWS's code when the export failed (such as S3NoSuchBucket), else null
 * @param exportTimeMillis the point in time the export is an image of (its end, for an incremental
 *     export); 0 when not given
 * @param prefix the S3 prefix the export wrote under, "" for none
 * @param manifestKey the key of the export's summary manifest, null when the export has none yet
 */
public record ExportDescription(
    String exportArn,
    String status,
    String failureCode,
    String failureMessage,
    long exportTimeMillis,
    String bucket,
    String prefix,
    String manifestKey,
    ExportFormat format,
    boolean incremental,
    long itemCount) {

  public boolean completed() {
    return "COMPLETED".equals(status);
  }

  public boolean failed() {
    return "FAILED".equals(status);
  }

  /** The export's own id, the last part of its ARN ({@code .../export/<id>}). */
  public String exportId() {
    return exportArn.substring(exportArn.lastIndexOf('/') + 1);
  }
}
