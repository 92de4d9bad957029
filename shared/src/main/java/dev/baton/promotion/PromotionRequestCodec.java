package dev.baton.promotion;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.PromotionKind;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one documented JSON request type of the promotion function, both ways. Decoding is strict: a
 * missing field, a field of the wrong type, an unknown field (a typo such as {@code "dryrun"} must
 * not turn a dry run into a real promotion), an unknown action or (when the topology is known) an
 * unknown region is a {@link RequestRejected} naming the field and the rule. Whether the target is
 * already active is a question for the promotion rules, which see the baton.
 *
 * <pre>
 * {"action":"failover","from":"nyc1","to":"ams3","expectedEpoch":3,"evidence":["..."],
 *  "requestedBy":"baton:health-transition","reason":"...","dryRun":false}
 * {"action":"failback"|"switchover","to":"nyc1","force":false,"expectedEpoch":4,
 *  "requestedBy":"alice","reason":"...","dryRun":false}
 * {"action":"freeze"|"unfreeze","requestedBy":"alice","reason":"...","dryRun":false}
 * {"action":"resume","promotionId":"...","requestedBy":"alice","reason":"...","dryRun":false}
 * {"action":"reconcile","expectedEpoch":4,"requestedBy":"alice","reason":"...","dryRun":false}
 * {"action":"readiness"}
 * </pre>
 */
public final class PromotionRequestCodec {
  public static final String ACTION = "action";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String EXPECTED_EPOCH = "expectedEpoch";
  public static final String EVIDENCE = "evidence";
  public static final String REQUESTED_BY = "requestedBy";
  public static final String REASON = "reason";
  public static final String DRY_RUN = "dryRun";
  public static final String FORCE = "force";
  public static final String PROMOTION_ID = "promotionId";

  /** The field name used when the request as a whole is at fault. */
  public static final String BODY = "(body)";

  private static final List<String> COMMON = List.of(ACTION, REQUESTED_BY, REASON, DRY_RUN);

  /** Every action and the fields it accepts, in documented order. */
  public static final Map<String, List<String>> FIELDS_BY_ACTION = fieldsByAction();

  private static final int MAX_TEXT = 1_000;
  private static final int MAX_EVIDENCE = 50;
  // Promotion ids become part of a table key; keep them to safe characters.
  private static final Pattern PROMOTION_ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final JsonMapper mapper;
  private final Topology topology;

  /** A codec that does not know the regions (region names are checked by the rules later). */
  public PromotionRequestCodec() {
    this(null);
  }

  /** A codec that also rejects regions absent from {@code topology} (null: do not check). */
  public PromotionRequestCodec(Topology topology) {
    this.topology = topology;
    this.mapper =
        JsonMapper.builder()
            // Two "dryRun" keys in one request are ambiguous: refuse rather than pick one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
  }

  /** Decodes a request from JSON text. */
  public FunctionRequest decode(String json) {
    if (json == null || json.isBlank()) {
      throw new RequestRejected(BODY, "is required: a JSON object with an \"action\" field");
    }
    try {
      return decodeTree(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  /** Decodes a request from a JSON stream (the Lambda runtime's input). */
  public FunctionRequest decode(InputStream json) {
    try {
      return decodeTree(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the request", e);
    }
  }

  /** Decodes a request the Lambda runtime already parsed into a map. */
  public FunctionRequest decode(Map<String, ?> request) {
    if (request == null) {
      throw new RequestRejected(BODY, "is required: a JSON object with an \"action\" field");
    }
    JsonNode tree = mapper.valueToTree(request);
    return decodeTree(tree);
  }

  /** Decodes a request that must be a promotion request (not the internal readiness check). */
  public PromotionRequest decodePromotion(String json) {
    if (decode(json) instanceof FunctionRequest.Promotion promotion) {
      return promotion.request();
    }
    throw new RequestRejected(ACTION, "must be a promotion action, not readiness");
  }

  /** Decodes a parsed JSON tree. */
  public FunctionRequest decodeTree(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw new RequestRejected(BODY, "is required: a JSON object with an \"action\" field");
    }
    if (!body.isObject()) {
      throw new RequestRejected(
          BODY, "must be a JSON object with an \"action\" field, was " + describe(body));
    }
    String action = requiredText(body, ACTION);
    List<String> allowed = FIELDS_BY_ACTION.get(action);
    if (allowed == null) {
      throw new RequestRejected(
          ACTION, "unknown action '" + action + "'; known: " + FIELDS_BY_ACTION.keySet());
    }
    rejectUnknownFields(body, action, allowed);
    return switch (action) {
      case "readiness" -> new FunctionRequest.Readiness();
      case "failover" -> new FunctionRequest.Promotion(failover(body));
      case "failback" -> new FunctionRequest.Promotion(manual(body, PromotionKind.FAILBACK));
      case "switchover" -> new FunctionRequest.Promotion(manual(body, PromotionKind.SWITCHOVER));
      case "freeze" ->
          new FunctionRequest.Promotion(
              new PromotionRequest.Freeze(requestedBy(body), reason(body), dryRun(body)));
      case "unfreeze" ->
          new FunctionRequest.Promotion(
              new PromotionRequest.Unfreeze(requestedBy(body), reason(body), dryRun(body)));
      case "resume" -> new FunctionRequest.Promotion(resume(body));
      case "reconcile" ->
          new FunctionRequest.Promotion(
              new PromotionRequest.Reconcile(
                  body.has(EXPECTED_EPOCH) ? epoch(body, false) : null,
                  requestedBy(body),
                  reason(body),
                  dryRun(body)));
      default -> throw new IllegalStateException("action table and switch disagree: " + action);
    };
  }

  /** The JSON text of {@code request}, as the detectors send it to the promotion function. */
  public String encode(PromotionRequest request) {
    try {
      return mapper.writeValueAsString(toTree(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not encode a promotion request", e);
    }
  }

  /** The JSON text of the internal readiness request. */
  public String encodeReadiness() {
    return "{\"" + ACTION + "\":\"readiness\"}";
  }

  /** The JSON tree of {@code request}; absent optional fields are omitted. */
  public ObjectNode toTree(PromotionRequest request) {
    ObjectNode node = mapper.createObjectNode();
    node.put(ACTION, request.action());
    // Java 17: no pattern matching in switch yet, so instanceof over the sealed interface.
    if (request instanceof PromotionRequest.AutoFailover f) {
      node.put(FROM, f.from());
      node.put(TO, f.to());
      node.put(EXPECTED_EPOCH, f.expectedEpoch());
      ArrayNode evidence = node.putArray(EVIDENCE);
      f.evidence().forEach(evidence::add);
    } else if (request instanceof PromotionRequest.Manual m) {
      node.put(TO, m.to());
      node.put(FORCE, m.force());
      if (m.expectedEpoch() != null) {
        node.put(EXPECTED_EPOCH, m.expectedEpoch());
      }
    } else if (request instanceof PromotionRequest.Resume r) {
      node.put(PROMOTION_ID, r.promotionId());
    } else if (request instanceof PromotionRequest.Reconcile r && r.expectedEpoch() != null) {
      node.put(EXPECTED_EPOCH, r.expectedEpoch());
    }
    node.put(REQUESTED_BY, request.requestedBy());
    node.put(REASON, request.reason());
    node.put(DRY_RUN, request.dryRun());
    return node;
  }

  private PromotionRequest.AutoFailover failover(JsonNode body) {
    String from = region(body, FROM);
    String to = region(body, TO);
    if (from.equals(to)) {
      throw new RequestRejected(TO, "must differ from '" + FROM + "' ('" + from + "')");
    }
    long expectedEpoch = epoch(body, true);
    return new PromotionRequest.AutoFailover(
        from, to, expectedEpoch, evidence(body), requestedBy(body), reason(body), dryRun(body));
  }

  private PromotionRequest.Manual manual(JsonNode body, PromotionKind kind) {
    String to = region(body, TO);
    boolean force = optionalBoolean(body, FORCE);
    Long expectedEpoch = body.has(EXPECTED_EPOCH) ? epoch(body, false) : null;
    return new PromotionRequest.Manual(
        kind, to, force, expectedEpoch, requestedBy(body), reason(body), dryRun(body));
  }

  private PromotionRequest.Resume resume(JsonNode body) {
    String promotionId = requiredText(body, PROMOTION_ID);
    if (!PROMOTION_ID_PATTERN.matcher(promotionId).matches()) {
      throw new RequestRejected(
          PROMOTION_ID,
          "must be a promotion id as returned by a promotion (letters, digits, '.', '_', ':', '-';"
              + " at most 128)");
    }
    return new PromotionRequest.Resume(promotionId, requestedBy(body), reason(body), dryRun(body));
  }

  private String region(JsonNode body, String field) {
    String region = requiredText(body, field);
    if (topology != null && !topology.hasRegion(region)) {
      throw new RequestRejected(
          field,
          "unknown region '" + region + "'; the topology has: " + topology.regionNamesByPriority());
    }
    return region;
  }

  private static long epoch(JsonNode body, boolean required) {
    JsonNode value = body.get(EXPECTED_EPOCH);
    if (value == null || value.isNull()) {
      if (required) {
        throw new RequestRejected(EXPECTED_EPOCH, "is required: the baton epoch the request saw");
      }
      throw new RequestRejected(EXPECTED_EPOCH, "must be a whole number when present, was null");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new RequestRejected(EXPECTED_EPOCH, "must be a whole number, was " + describe(value));
    }
    long epoch = value.longValue();
    if (epoch < 0) {
      throw new RequestRejected(EXPECTED_EPOCH, "must be >= 0, was " + epoch);
    }
    return epoch;
  }

  private static List<String> evidence(JsonNode body) {
    JsonNode value = body.get(EVIDENCE);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new RequestRejected(EVIDENCE, "must be an array of strings, was " + describe(value));
    }
    if (value.size() > MAX_EVIDENCE) {
      throw new RequestRejected(
          EVIDENCE, "must have at most " + MAX_EVIDENCE + " entries, had " + value.size());
    }
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isTextual()) {
        throw new RequestRejected(
            EVIDENCE + "[" + i + "]", "must be a string, was " + describe(item));
      }
      evidence.add(limit(EVIDENCE + "[" + i + "]", item.textValue()));
    }
    return evidence;
  }

  private static String requestedBy(JsonNode body) {
    return requiredText(body, REQUESTED_BY);
  }

  private static String reason(JsonNode body) {
    return requiredText(body, REASON);
  }

  private static boolean dryRun(JsonNode body) {
    return optionalBoolean(body, DRY_RUN);
  }

  private static boolean optionalBoolean(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new RequestRejected(field, "must be true or false, was " + describe(value));
    }
    return value.booleanValue();
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new RequestRejected(field, "is required");
    }
    if (!value.isTextual()) {
      throw new RequestRejected(field, "must be a string, was " + describe(value));
    }
    String text = value.textValue().strip();
    if (text.isEmpty()) {
      throw new RequestRejected(field, "must not be blank");
    }
    return limit(field, text);
  }

  private static String limit(String field, String text) {
    if (text.length() > MAX_TEXT) {
      throw new RequestRejected(
          field, "must be at most " + MAX_TEXT + " characters, had " + text.length());
    }
    return text;
  }

  private static void rejectUnknownFields(JsonNode body, String action, List<String> allowed) {
    Set<String> known = Set.copyOf(allowed);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RequestRejected(
            name, "is not a field of action '" + action + "'; its fields are " + allowed);
      }
    }
  }

  private static RequestRejected notJson(JsonProcessingException e) {
    // Jackson's own message can quote the input; give only the position.
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    String what =
        e instanceof JsonParseException ? "must be valid JSON" : "must be one JSON object";
    if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
      what = "must not repeat a field";
    }
    return new RequestRejected(BODY, what + where);
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Map<String, List<String>> fieldsByAction() {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("failover", with(FROM, TO, EXPECTED_EPOCH, EVIDENCE));
    fields.put("failback", with(TO, FORCE, EXPECTED_EPOCH));
    fields.put("switchover", with(TO, FORCE, EXPECTED_EPOCH));
    fields.put("freeze", with());
    fields.put("unfreeze", with());
    fields.put("resume", with(PROMOTION_ID));
    fields.put("reconcile", with(EXPECTED_EPOCH));
    fields.put("readiness", List.of(ACTION, REQUESTED_BY));
    return java.util.Collections.unmodifiableMap(fields);
  }

  private static List<String> with(String... specific) {
    List<String> all = new ArrayList<>();
    all.add(ACTION);
    all.addAll(List.of(specific));
    all.addAll(COMMON.subList(1, COMMON.size()));
    return List.copyOf(all);
  }
}
