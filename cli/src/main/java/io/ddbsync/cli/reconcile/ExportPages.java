package io.ddbsync.cli.reconcile;

import io.ddbsync.source.export.ExportDataFile;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFileReader;
import io.ddbsync.source.export.ExportManifest;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.export.ExportObjects;
import io.ddbsync.source.export.ExportRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of a completed full export, read from its data files on S3 (the manifest's list, each
 * file's MD5 and item count checked at its end, as the source's export snapshot does): the table's
 * image at the export time, for zero read capacity.
 */
public final class ExportPages implements ItemPages {
  private final ExportObjects objects;
  private final ExportDescription export;
  private final Iterator<ExportDataFile> files;
  private final int pageSize;
  private ExportFileReader reader;

  public ExportPages(ExportObjects objects, ExportDescription export, int pageSize)
      throws IOException {
    if (!export.completed() || export.incremental()) {
      throw new IllegalArgumentException(
          "Export "
              + export.exportArn()
              + " is "
              + (export.incremental() ? "incremental" : export.status())
              + ": reconcile reads a COMPLETED full export (ExportTableToPointInTime without"
              + " INCREMENTAL_EXPORT)");
    }
    this.objects = objects;
    this.export = export;
    ExportManifest manifest = new ExportManifests(objects).read(export);
    this.files = manifest.files().iterator();
    this.pageSize = pageSize;
  }

  @Override
  public List<Map<String, AttributeValue>> next() {
    List<Map<String, AttributeValue>> page = new ArrayList<>(pageSize);
    try {
      while (page.size() < pageSize) {
        if (reader == null) {
          if (!files.hasNext()) {
            break;
          }
          ExportDataFile file = files.next();
          reader =
              new ExportFileReader(
                  objects.open(export.bucket(), file.key()), file, export.format());
        }
        ExportRecord record = reader.next();
        if (record == null) {
          reader.verify();
          reader.close();
          reader = null;
          continue;
        }
        page.add(record.newImage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Reading export " + export.exportArn() + " failed", e);
    }
    return page.isEmpty() ? null : page;
  }

  @Override
  public double consumedCapacity() {
    return 0;
  }

  @Override
  public void close() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
