package dev.baton.agent.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the endpoint's small JSON objects with Jackson's streaming generator (jackson-core only:
 * the agent keeps jackson-databind out of its memory, see {@code YamlTree}). Values are strings,
 * numbers, booleans, nulls and nested maps.
 */
final class JsonBody {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonBody() {}

  static byte[] of(Map<String, ?> object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(json, object);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail with I/O", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        json.writeFieldName(String.valueOf(e.getKey()));
        write(json, e.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeNumber(((Number) value).longValue());
    } else {
      json.writeString(value.toString());
    }
  }
}
