package dev.baton.drill.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a YAML document starts, by JSON pointer, so that problems can name their
 * line. A second pass over the text; cheap for files of a few hundred lines.
 */
final class LineMap {
  private final Map<String, Integer> lines;

  private LineMap(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** The map of {@code yaml}; empty when the text does not parse (the tree parser says why). */
  static LineMap of(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          continue;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        // A container's pointer is that of its parent slot; its first token marks its line.
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          pointer =
              p.getParsingContext().getParent() == null
                  ? ""
                  : p.getParsingContext().getParent().pathAsPointer().toString();
        }
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
      }
    } catch (StreamReadException e) {
      // The tree parser reports the syntax error with its location; lines stay unknown.
      return new LineMap(lines);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail: " + e.getMessage(), e);
    }
    return new LineMap(lines);
  }

  /**
   * The line of the field named in dotted form ({@code timeline[2].do}), or of its nearest
   * enclosing value; 0 when unknown.
   */
  int lineOf(String field) {
    String pointer = toPointer(field);
    while (true) {
      Integer line = lines.get(pointer);
      if (line != null) {
        return line;
      }
      int slash = pointer.lastIndexOf('/');
      if (slash < 0) {
        return 0;
      }
      pointer = pointer.substring(0, slash);
    }
  }

  static String toPointer(String field) {
    if (field.isEmpty()) {
      return "";
    }
    return "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
  }
}
