package dev.baton.drill.timeline;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of an event's record as plain values (durations as milliseconds), for JSON. */
final class EventFields {
  private EventFields() {}

  static Map<String, Object> of(DrillEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      if (c.getName().equals("at")) {
        continue;
      }
      Object value;
      try {
        value = c.getAccessor().invoke(event);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + event, e);
      }
      if (value instanceof Duration d) {
        fields.put(c.getName() + "Ms", d.toMillis());
      } else if (value instanceof Enum<?> e) {
        fields.put(c.getName(), e.name());
      } else {
        fields.put(c.getName(), value);
      }
    }
    return fields;
  }
}
