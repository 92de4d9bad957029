package dev.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * template.yaml as the template tests read it. Jackson reads CloudFormation's short tags as plain
 * values: {@code !Ref X} is {@code "X"}, {@code !If [c, a, b]} is the array {@code [c, a, b]}.
 */
final class TemplateResources {
  private TemplateResources() {}

  static JsonNode template() {
    try {
      return new YAMLMapper().readTree(BatonTable.template().toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BatonTable.template(), e);
    }
  }

  /** The logical ids of the resources of {@code type}, in template order. */
  static List<String> ofType(JsonNode resources, String type) {
    List<String> ids = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
              }
            });
    return ids;
  }
}
