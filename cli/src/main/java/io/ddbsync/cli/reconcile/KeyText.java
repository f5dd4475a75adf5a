package io.ddbsync.cli.reconcile;

import java.util.List;

/**
 * The text that identifies an item's rows: its key values in canonical form, each preceded by its
 * length so that no value can make two keys read the same; readable enough for reports.
 */
public final class KeyText {
  private KeyText() {}

  public static String of(List<Object> canonicalKeyValues) {
    StringBuilder text = new StringBuilder();
    for (Object value : canonicalKeyValues) {
      String part = String.valueOf(value);
      text.append(text.length() == 0 ? "" : "|").append(part.length()).append(':').append(part);
    }
    return text.toString();
  }
}
