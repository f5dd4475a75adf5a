package io.ddbsync.common.model;

import io.ddbsync.common.names.AvroNames;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of one struct (the item, or a nested map) in the order they were first assigned,
 * with the Avro base name each received. Base names are decided in that order: an attribute whose
 * readable candidate is already taken gets a disambiguating suffix derived from its original name.
 */
public final class StructLineage {
  private final Map<String, AttributeLineage> attributes = new LinkedHashMap<>();
  private final Set<String> baseNames = new HashSet<>();

  public AttributeLineage attribute(String original) {
    return attributes.get(original);
  }

  public Collection<AttributeLineage> attributes() {
    return Collections.unmodifiableCollection(attributes.values());
  }

  AttributeLineage getOrCreate(String original) {
    AttributeLineage existing = attributes.get(original);
    if (existing != null) {
      return existing;
    }
    String candidate = AvroNames.candidate(original);
    String baseName = candidate;
    if (!baseNames.add(baseName)) {
      baseName = candidate + AvroNames.disambiguator(original);
      if (!baseNames.add(baseName)) {
        throw new IllegalStateException(
            "Two attribute names map to the same Avro name '"
                + baseName
                + "' (a hash collision); rename attribute '"
                + original
                + "'");
      }
    }
    AttributeLineage created = new AttributeLineage(original, baseName);
    attributes.put(original, created);
    return created;
  }

  StructLineage copy() {
    StructLineage copy = new StructLineage();
    attributes.forEach((name, attribute) -> copy.attributes.put(name, attribute.copy()));
    copy.baseNames.addAll(baseNames);
    return copy;
  }
}
