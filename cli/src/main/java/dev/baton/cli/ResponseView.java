package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The promotion function's answer for people: {@code outcome} and {@code reason} first, then the
 * other fields; lists of objects (steps, planned requests) as tables, objects indented.
 */
public final class ResponseView {
  private ResponseView() {}

  public static String table(JsonNode response) {
    StringBuilder out = new StringBuilder();
    out.append("outcome: ").append(response.path("outcome").asText("?")).append('\n');
    if (response.hasNonNull("reason")) {
      out.append("reason:  ").append(response.get("reason").asText()).append('\n');
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("outcome") || f.getKey().equals("reason")) {
        continue;
      }
      field(out, f.getKey(), f.getValue(), "");
    }
    return out.toString();
  }

  private static void field(StringBuilder out, String name, JsonNode value, String indent) {
    if (value.isArray() && !value.isEmpty() && allObjects(value)) {
      out.append(indent).append(name).append(":\n");
      Set<String> columns = new LinkedHashSet<>();
      value.forEach(v -> v.fieldNames().forEachRemaining(columns::add));
      List<String> header = new ArrayList<>(columns);
      TextTable t = new TextTable(header.stream().map(String::toUpperCase).toArray(String[]::new));
      for (JsonNode v : value) {
        t.row(header.stream().map(c -> scalar(v.get(c))).toArray());
      }
      t.toString().lines().forEach(l -> out.append(indent).append("  ").append(l).append('\n'));
    } else if (value.isObject()) {
      out.append(indent).append(name).append(":\n");
      value.fields().forEachRemaining(f -> field(out, f.getKey(), f.getValue(), indent + "  "));
    } else {
      out.append(indent).append(name).append(": ").append(scalar(value)).append('\n');
    }
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode v : array) {
      if (!v.isObject()) {
        return false;
      }
    }
    return true;
  }

  private static String scalar(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "-";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(scalar(x)));
      return String.join(", ", parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
