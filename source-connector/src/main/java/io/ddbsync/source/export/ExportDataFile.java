package io.ddbsync.source.export;

/**
 * One data file of an export, as its files manifest lists it.
 *
 * @param key the object's key in the export's bucket
 * @param itemCount the lines the manifest says it holds; -1 when unknown (no manifest)
 * @param md5Base64 the MD5 of the stored (compressed) object, base64; null when unknown
 */
public record ExportDataFile(String key, long itemCount, String md5Base64) {}
