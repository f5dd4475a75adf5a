package io.ddbsync.source.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.common.model.Assignment;
import io.ddbsync.common.model.FieldKind;
import io.ddbsync.common.model.PathStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema history's record format: {@code {"parent":[["Items","l_m"]],"attribute":"Sku",
 * "kind":"s","scale":-1}}, keyed by the table name.
 */
final class AssignmentJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AssignmentJson() {}

  static String write(Assignment assignment) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode parent = root.putArray("parent");
    for (PathStep step : assignment.parent()) {
      parent.addArray().add(step.attribute()).add(step.kindTag());
    }
    root.put("attribute", assignment.attribute());
    root.put("kind", assignment.kind().tag());
    root.put("scale", assignment.kind().scale());
    return root.toString();
  }

  static Assignment read(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<PathStep> parent = new ArrayList<>();
      for (JsonNode step : root.path("parent")) {
        parent.add(new PathStep(step.get(0).asText(), step.get(1).asText()));
      }
      int scale = root.path("scale").asInt(FieldKind.NO_SCALE);
      return new Assignment(
          parent,
          root.path("attribute").asText(),
          FieldKind.parse(root.path("kind").asText(), Math.max(0, scale)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("A schema history record is not valid: " + json, e);
    }
  }
}
