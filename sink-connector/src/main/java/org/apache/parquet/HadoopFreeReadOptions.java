package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options with a given codec factory, built without touching Hadoop. Parquet's own builder
 * always creates its Hadoop codec factory first, which fails where Hadoop is absent (the plugin
 * does not ship it); its constructor is package-private, hence this class in Parquet's package.
 * Tied to parquet-hadoop 1.18; ParquetRowsTest fails if the constructor changes.
 */
public final class HadoopFreeReadOptions {
  private HadoopFreeReadOptions() {}

  public static ParquetReadOptions with(CompressionCodecFactory codecs) {
    return new ParquetReadOptions(
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        FilterCompat.NOOP,
        ParquetMetadataConverter.NO_FILTER,
        codecs,
        new HeapByteBufferAllocator(),
        8 * 1024 * 1024,
        new HashMap<>(),
        null,
        null,
        new PlainParquetConfiguration());
  }
}
