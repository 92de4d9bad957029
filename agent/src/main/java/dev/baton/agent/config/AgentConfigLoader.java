package dev.baton.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.config.DurationText;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads the agent's YAML file, applies {@code BATON_AGENT_*} environment overrides (environment
 * wins), and validates the result. Every problem (YAML syntax, unknown fields and variables, values
 * that do not parse, broken rules) is reported in one {@link InvalidConfigException}.
 *
 * <p>Each field's variable is its YAML path in upper snake case: {@code heartbeat.interval} is
 * {@code BATON_AGENT_HEARTBEAT_INTERVAL}, {@code hooks.onFenced} is {@code
 * BATON_AGENT_HOOKS_ON_FENCED}.
 */
public final class AgentConfigLoader {
  public static final String ENV_PREFIX = "BATON_AGENT_";

  /** Names the config file; not a field. */
  public static final String CONFIG_FILE_VARIABLE = "BATON_AGENT_CONFIG";

  /** Marks a path the file does not mention (a YAML null is "mentioned, empty"). */
  private static final Object ABSENT = new Object();

  private enum Kind {
    TEXT,
    DURATION,
    INT,
    BOOL,
    URL,
    PATH,
    /** A YAML list of texts; in an environment variable, comma-separated. */
    LIST
  }

  private record Field(String path, Kind kind, BiConsumer<AgentConfigBuilder, Object> setter) {
    String variable() {
      return ENV_PREFIX
          + path.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
  }

  /** Every field the agent understands, in the order of the example file. */
  private static final List<Field> FIELDS =
      List.of(
          new Field("region", Kind.TEXT, (b, v) -> b.region((String) v)),
          new Field("instanceId", Kind.TEXT, (b, v) -> b.instanceId((String) v)),
          new Field("table", Kind.TEXT, (b, v) -> b.table((String) v)),
          new Field("aws.region", Kind.TEXT, (b, v) -> b.awsRegion((String) v)),
          new Field("aws.controlRegions", Kind.LIST, (b, v) -> b.controlRegions(texts(v))),
          new Field("aws.endpoint", Kind.URL, (b, v) -> b.awsEndpoint((URI) v)),
          new Field(
              "heartbeat.interval", Kind.DURATION, (b, v) -> b.heartbeatInterval((Duration) v)),
          new Field("heartbeat.jitter", Kind.DURATION, (b, v) -> b.heartbeatJitter((Duration) v)),
          new Field("heartbeat.ttl", Kind.DURATION, (b, v) -> b.heartbeatTtl((Duration) v)),
          new Field("fenceAfter", Kind.DURATION, (b, v) -> b.fenceAfter((Duration) v)),
          new Field("probe.url", Kind.URL, (b, v) -> b.probeUrl((URI) v)),
          new Field("probe.timeout", Kind.DURATION, (b, v) -> b.probeTimeout((Duration) v)),
          new Field("probe.expectedStatus", Kind.INT, (b, v) -> b.probeExpectedStatus((Integer) v)),
          new Field("probe.expectedBody", Kind.TEXT, (b, v) -> b.probeExpectedBody((String) v)),
          new Field("probe.slowAfter", Kind.DURATION, (b, v) -> b.probeSlowAfter((Duration) v)),
          new Field("hooks.onActive", Kind.TEXT, (b, v) -> b.onActive((String) v)),
          new Field("hooks.onStandby", Kind.TEXT, (b, v) -> b.onStandby((String) v)),
          new Field("hooks.onFenced", Kind.TEXT, (b, v) -> b.onFenced((String) v)),
          new Field("hooks.timeout", Kind.DURATION, (b, v) -> b.hookTimeout((Duration) v)),
          new Field("hooks.socket", Kind.TEXT, (b, v) -> b.hooksSocket((String) v)),
          new Field("listen.address", Kind.TEXT, (b, v) -> b.listenAddress((String) v)),
          new Field("listen.port", Kind.INT, (b, v) -> b.listenPort((Integer) v)),
          new Field("stateFile", Kind.PATH, (b, v) -> b.stateFile((Path) v)),
          new Field(
              "allowUnsynchronisedClock",
              Kind.BOOL,
              (b, v) -> b.allowUnsynchronisedClock((Boolean) v)),
          new Field("outsideProbes", Kind.BOOL, (b, v) -> b.outsideProbes((Boolean) v)));

  private final Map<String, String> env;
  private final Supplier<String> hostName;

  /**
   * @param env the process environment (for overrides)
   * @param hostName supplies the default {@code instanceId}
   */
  public AgentConfigLoader(Map<String, String> env, Supplier<String> hostName) {
    this.env = Map.copyOf(env);
    this.hostName = hostName;
  }

  /** The environment variable that overrides {@code path}, e.g. {@code BATON_AGENT_FENCE_AFTER}. */
  public static String variableFor(String path) {
    return FIELDS.stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .map(Field::variable)
        .orElseThrow(() -> new IllegalArgumentException("no agent config field " + path));
  }

  /**
   * Loads {@code file} (or only the environment when {@code file} is null).
   *
   * @throws InvalidConfigException listing every problem
   */
  public AgentConfig load(Path file) {
    if (file == null) {
      return parse("", "environment");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          "agent configuration", List.of(new ConfigProblem(file.toString(), "file not found")));
    } catch (IOException e) {
      throw new InvalidConfigException(
          "agent configuration",
          List.of(new ConfigProblem(file.toString(), "cannot be read: " + e)));
    }
  }

  /**
   * Parses YAML text from {@code source} (a file name, for messages) plus the environment.
   *
   * @throws InvalidConfigException listing every problem
   */
  public AgentConfig parse(String yaml, String source) {
    AgentConfigBuilder builder = AgentConfig.builder();
    Map<String, Object> root = readTree(yaml, source, builder);
    reportUnknownFields(root, "", builder);
    reportUnknownVariables(builder);
    for (Field field : FIELDS) {
      String fromEnv = env.get(field.variable());
      if (fromEnv != null) {
        set(builder, field, fromEnv, " (from " + field.variable() + ")");
        continue;
      }
      Object value = lookup(root, field.path());
      if (value == ABSENT || value == null) {
        continue;
      }
      if (field.kind() == Kind.LIST) {
        setList(builder, field, value);
        continue;
      }
      if (!(value instanceof String text)) {
        builder.problem(field.path(), "must be a single value, not a list or a section");
        continue;
      }
      set(builder, field, text, "");
    }
    if (!env.containsKey(variableFor("instanceId")) && lookup(root, "instanceId") == ABSENT) {
      builder.instanceId(hostName.get());
    }
    return builder.build();
  }

  /** The value at a dotted path, {@link #ABSENT} when the document does not have it. */
  private static Object lookup(Map<String, Object> root, String path) {
    Object current = root;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return ABSENT;
      }
      current = map.get(part);
    }
    return current;
  }

  private static Map<String, Object> readTree(
      String yaml, String source, AgentConfigBuilder builder) {
    if (yaml.isBlank()) {
      return Map.of();
    }
    try {
      Object root = YamlTree.read(yaml);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?>)) {
        builder.problem(source, "must be a YAML mapping of fields (region: nyc1, ...)");
        return Map.of();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) root;
      return map;
    } catch (JsonProcessingException e) {
      builder.problem(
          source,
          "is not valid YAML at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
      return Map.of();
    }
  }

  private static void reportUnknownFields(
      Map<String, Object> node, String prefix, AgentConfigBuilder b) {
    for (Map.Entry<String, Object> e : node.entrySet()) {
      String path = prefix + e.getKey();
      boolean isField = FIELDS.stream().anyMatch(f -> f.path().equals(path));
      boolean isSection = FIELDS.stream().anyMatch(f -> f.path().startsWith(path + "."));
      if (isSection) {
        if (e.getValue() instanceof Map<?, ?> section) {
          @SuppressWarnings("unchecked")
          Map<String, Object> fields = (Map<String, Object>) section;
          reportUnknownFields(fields, path + ".", b);
        } else if (e.getValue() != null) {
          b.problem(path, "must be a section with fields " + fieldsUnder(path));
        }
      } else if (!isField) {
        b.problem(path, "unknown field; known fields: " + knownNear(prefix));
      }
    }
  }

  private void reportUnknownVariables(AgentConfigBuilder b) {
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX)
          && !name.equals(CONFIG_FILE_VARIABLE)
          && FIELDS.stream().noneMatch(f -> f.variable().equals(name))) {
        b.problem(name, "unknown environment variable (no such agent config field)");
      }
    }
  }

  private static String fieldsUnder(String section) {
    return String.join(
        ", ",
        FIELDS.stream()
            .map(Field::path)
            .filter(p -> p.startsWith(section + "."))
            .map(p -> p.substring(section.length() + 1))
            .toList());
  }

  private static String knownNear(String prefix) {
    TreeSet<String> names = new TreeSet<>();
    for (Field f : FIELDS) {
      if (f.path().startsWith(prefix)) {
        String rest = f.path().substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return String.join(", ", names);
  }

  /** A YAML list of single values, e.g. {@code [us-east-1, us-east-2, us-west-2]}. */
  private static void setList(AgentConfigBuilder b, Field field, Object value) {
    if (!(value instanceof List<?> items)) {
      b.problem(field.path(), "must be a list such as [us-east-1, us-east-2, us-west-2]");
      return;
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String text) || text.isBlank()) {
        b.problem(field.path() + "[" + i + "]", "must be a single non-empty value");
        return;
      }
      texts.add(text.trim());
    }
    field.setter().accept(b, texts);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(Object v) {
    return (List<String>) v;
  }

  private static void set(AgentConfigBuilder b, Field field, String text, String origin) {
    Object value;
    try {
      value = parseValue(field.kind(), text);
    } catch (IllegalArgumentException e) {
      b.problem(field.path(), e.getMessage() + origin);
      return;
    }
    field.setter().accept(b, value);
  }

  /**
   * The value {@code text} stands for.
   *
   * @throws IllegalArgumentException naming the rule broken and the text (the caller adds the
   *     field)
   */
  private static Object parseValue(Kind kind, String text) {
    String t = text.trim();
    return switch (kind) {
      case TEXT -> {
        if (t.isEmpty()) {
          throw new IllegalArgumentException("must not be empty");
        }
        yield t;
      }
      case DURATION -> DurationText.parseUnsigned(text);
      case INT -> parseInt(t, text);
      case BOOL ->
          switch (t) {
            case "true" -> true;
            case "false" -> false;
            default -> throw broken("must be true or false", text);
          };
      case URL -> parseUri(t, text);
      case PATH -> parsePath(t, text);
      case LIST -> {
        if (t.isEmpty()) {
          throw broken(
              "must be a comma-separated list such as us-east-1,us-east-2,us-west-2", text);
        }
        yield Arrays.stream(t.split(",", -1)).map(String::trim).toList();
      }
    };
  }

  private static Integer parseInt(String t, String text) {
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw broken("must be a whole number", text);
    }
  }

  private static URI parseUri(String t, String text) {
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw broken("must be an absolute URL", text);
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw broken("must be an absolute URL", text);
    }
    return uri;
  }

  private static Path parsePath(String t, String text) {
    if (t.isEmpty()) {
      throw broken("must be a file path", text);
    }
    try {
      return Path.of(t);
    } catch (InvalidPathException e) {
      throw broken("must be a file path", text);
    }
  }

  private static IllegalArgumentException broken(String rule, String text) {
    return new IllegalArgumentException(rule + ", was '" + text + "'");
  }
}
