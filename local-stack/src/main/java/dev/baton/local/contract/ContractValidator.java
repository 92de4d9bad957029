package dev.baton.local.contract;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.anyOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isResponse;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.methodIs;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusTypeIs;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.StatusType;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import dev.baton.local.fakes.FakeRequest;
import dev.baton.local.fakes.FakeResponse;
import dev.baton.local.fakes.RecordedExchange;
import io.swagger.v3.oas.models.PathItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Validates every request and response of a provider fake against the provider's OpenAPI contract
 * (swagger-request-validator). Plug it into a fake with {@code fake.addListener(validator)}; it
 * collects violations, and {@link #assertNoViolations()} fails the test with all of them.
 *
 * <p>Settings, from {@code contracts/README.md}: combinators ({@code allOf}) resolved; for
 * Cloudflare, API-token auth is not declared by the spec (security ignored) and the record body
 * schema marks read-only fields as required (top-level required ignored for PUT/POST and, because
 * PATCH uses the same schema, PATCH; the oneOf branch still demands type, name and content); its
 * spec documents no 5xx answers, which the real API does send (an unknown 5xx status is accepted).
 * A response to an injected fault that deliberately breaks the contract (hang, malformed body) is
 * not validated; its request still is.
 */
public final class ContractValidator implements dev.baton.local.fakes.ExchangeListener {
  private static final Map<ProviderContract, OpenApiInteractionValidator> LOADED =
      new EnumMap<>(ProviderContract.class);

  private static final int MAX_DETAIL = 600;

  private final ProviderContract api;
  private final OpenApiInteractionValidator validator;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger validated = new AtomicInteger();

  private ContractValidator(ProviderContract api, OpenApiInteractionValidator validator) {
    this.api = api;
    this.validator = validator;
  }

  /**
   * A validator for {@code api}, or empty (after printing a notice to System.err) when the
   * contracts folder is absent.
   */
  public static Optional<ContractValidator> forApi(ProviderContract api) {
    Optional<Path> file = ContractsFolder.file(api);
    if (file.isEmpty()) {
      ContractsFolder.printNoticeOnce(api);
      return Optional.empty();
    }
    return Optional.of(new ContractValidator(api, load(api, file.get())));
  }

  /** Loads (once per JVM: parsing the contract takes a second) the validator of {@code api}. */
  private static OpenApiInteractionValidator load(ProviderContract api, Path file) {
    synchronized (LOADED) {
      return LOADED.computeIfAbsent(
          api,
          a ->
              OpenApiInteractionValidator.createForSpecificationUrl(file.toUri().toString())
                  .withResolveCombinators(true)
                  .withLevelResolver(levels(a))
                  .withWhitelist(whitelist(a))
                  .build());
    }
  }

  private static LevelResolver levels(ProviderContract api) {
    LevelResolver.Builder levels = LevelResolver.create();
    if (api == ProviderContract.CLOUDFLARE) {
      // The Cloudflare spec declares key/email auth on most operations, not the API tokens Baton
      // uses; the key is hierarchical, so this covers .missing and its siblings.
      levels.withLevel("validation.request.security", ValidationReport.Level.IGNORE);
    }
    return levels.build();
  }

  private static ValidationErrorsWhitelist whitelist(ProviderContract api) {
    ValidationErrorsWhitelist whitelist = ValidationErrorsWhitelist.create();
    if (api == ProviderContract.CLOUDFLARE) {
      whitelist =
          whitelist
              .withRule(
                  "The Cloudflare spec documents no 5xx answers; the real API sends them",
                  allOf(
                      isResponse(),
                      messageHasKey("validation.response.status.unknown"),
                      responseStatusTypeIs(StatusType.SERVER_ERROR)))
              .withRule(
                  "The Cloudflare record body schema (PUT, POST and PATCH share it) marks read-only"
                      + " fields (id, created_on, modified_on, proxiable) as required",
                  allOf(
                      messageHasKey("validation.request.body.schema.required"),
                      anyOf(
                          methodIs(PathItem.HttpMethod.PUT),
                          methodIs(PathItem.HttpMethod.POST),
                          methodIs(PathItem.HttpMethod.PATCH))));
    }
    return whitelist;
  }

  public ProviderContract api() {
    return api;
  }

  @Override
  public void onExchange(RecordedExchange exchange) {
    Request request = request(exchange.request());
    ValidationReport report;
    if (exchange.response() == null
        || exchange.injectedFault().map(f -> f.breaksContract()).orElse(false)) {
      report = validator.validateRequest(request);
    } else {
      report = validator.validate(request, response(exchange.response()));
    }
    if (report.hasErrors()) {
      violations.add(exchange + "\n" + describe(report));
    }
    validated.incrementAndGet();
  }

  /** Every violation seen so far, each with its exchange. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** How many exchanges were validated. */
  public int validatedCount() {
    return validated.get();
  }

  public void reset() {
    violations.clear();
    validated.set(0);
  }

  /** Fails with every violation when there is any. */
  public void assertNoViolations() {
    if (!violations.isEmpty()) {
      throw new AssertionError(
          violations.size()
              + " exchange(s) of the "
              + api
              + " fake violate "
              + api.fileName()
              + ":\n"
              + String.join("\n", violations));
    }
  }

  private static String describe(ValidationReport report) {
    List<String> lines = new ArrayList<>();
    for (ValidationReport.Message m : report.getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR) {
        lines.add("  [" + m.getKey() + "] " + m.getMessage() + nested(m));
      }
    }
    return String.join("\n", lines);
  }

  /** The details of a message, cut short: a oneOf over 20 schemas explains itself at length. */
  private static String nested(ValidationReport.Message m) {
    List<String> details = new ArrayList<>(m.getAdditionalInfo());
    m.getNestedMessages().forEach(n -> details.add(n.getKey() + ": " + n.getMessage()));
    if (details.isEmpty()) {
      return "";
    }
    String text = String.join("; ", details);
    return " (" + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text) + ")";
  }

  private static Request request(FakeRequest r) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(r.method(), r.path());
    r.query().forEach(b::withQueryParam);
    r.headers().forEach(b::withHeader);
    if (!r.body().isEmpty()) {
      b.withBody(r.body());
    }
    return b.build();
  }

  private static SimpleResponse response(FakeResponse r) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(r.status());
    r.headers().forEach(b::withHeader);
    if (!r.body().isEmpty()) {
      b.withContentType("application/json");
      b.withBody(r.body());
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "ContractValidator["
        + api
        + ", "
        + validated.get()
        + " validated, "
        + violations.stream().collect(Collectors.counting())
        + " violations]";
  }
}
