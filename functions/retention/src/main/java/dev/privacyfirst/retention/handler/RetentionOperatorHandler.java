package dev.privacyfirst.retention.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.privacyfirst.accounts.adapter.EmailLookupRekeyPass;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.events.adapter.EventsLookupRekeyPass;
import dev.privacyfirst.retention.adapter.RetentionWiring;
import dev.privacyfirst.retention.domain.NoticeBroadcast;
import dev.privacyfirst.retention.domain.PurgeEngine;
import dev.privacyfirst.retention.domain.PurgeReport;
import dev.privacyfirst.rights.adapter.InvocationBudget;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequests;
import dev.privacyfirst.rights.domain.DirectoryBackfill;
import dev.privacyfirst.rights.domain.HoldPasses;
import dev.privacyfirst.rights.domain.LegalHolds;
import dev.privacyfirst.rights.domain.Notice;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.RequestKind;
import dev.privacyfirst.rights.domain.RequestOutcome;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operator entry point (direct invoke only): {@code {"action": ...}} with
 *
 * <ul>
 *   <li>{@code requestDeletion}: {@code kind} GUARDIAN_REQUEST ({@code accountId}), EMAIL_REQUEST
 *       ({@code email}), PROJECT_TERMINATION ({@code projectId}); optional {@code deadlineDays}
 *   <li>{@code listRequests}: optional {@code accountId} or {@code projectId}; else all open ones
 *   <li>{@code getRequest}: {@code requestId}, with its receipts; with {@code accountId} or {@code
 *       projectId}, each receipt says whether it is about that subject ({@code aboutSubject})
 *   <li>{@code placeHold}, {@code liftHold}: {@code accountId} or {@code projectId}, {@code
 *       reason}; then runs the hold pass that moves the subject's items out of DynamoDB TTL's reach
 *       (or back), as far as the invocation's time allows (the purge continues it)
 *   <li>{@code runHoldPasses}: continues pending hold passes now
 *   <li>{@code backfillDirectory}: the one-time backfill of the account directory for accounts
 *       created before it existed; invoke again until {@code finished} is true
 *   <li>{@code rekeyEmailLookups}: the re-key pass of the {@code email-lookup} key (after a
 *       rotation has reached every container); invoke again until {@code finished} is true
 *   <li>{@code rekeyEventsLookups}: the re-key pass of the {@code events-lookup} key (after a
 *       rotation has reached every container); invoke again until {@code finished} is true, and
 *       retire the older version only when {@code leftUnderOlderVersions} is 0
 *   <li>{@code runPurge}: runs the purge now
 * </ul>
 *
 * Bad input is answered with {@code {"error":"bad_request","message":...}}; dependency failures are
 * rethrown.
 */
public final class RetentionOperatorHandler implements RequestStreamHandler {
  private final DeletionRequests requests;
  private final LegalHolds holds;
  private final PurgeEngine engine;
  private final NoticeBroadcast notices;
  private final HoldPasses holdPasses;
  private final DirectoryBackfill backfill;
  private final EmailLookupRekeyPass emailLookupRekey;
  private final EventsLookupRekeyPass eventsLookupRekey;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public RetentionOperatorHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public RetentionOperatorHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  private RetentionOperatorHandler(Config config, Clock clock) {
    this(RetentionWiring.fromConfig(config, clock), clock);
  }

  private RetentionOperatorHandler(RetentionWiring assembly, Clock clock) {
    this(
        assembly.requests(),
        assembly.holds(),
        assembly.engine(),
        assembly.notices(),
        assembly.holdPasses(),
        assembly.directoryBackfill(),
        assembly.emailLookupRekey(),
        assembly.eventsLookupRekey(),
        clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests, LegalHolds holds, PurgeEngine engine, Clock clock) {
    this(requests, holds, engine, null, clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      NoticeBroadcast notices,
      Clock clock) {
    this(requests, holds, engine, notices, null, clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      NoticeBroadcast notices,
      HoldPasses holdPasses,
      Clock clock) {
    this(requests, holds, engine, notices, holdPasses, null, clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      NoticeBroadcast notices,
      HoldPasses holdPasses,
      DirectoryBackfill backfill,
      Clock clock) {
    this(requests, holds, engine, notices, holdPasses, backfill, null, clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      NoticeBroadcast notices,
      HoldPasses holdPasses,
      DirectoryBackfill backfill,
      EmailLookupRekeyPass emailLookupRekey,
      Clock clock) {
    this(requests, holds, engine, notices, holdPasses, backfill, emailLookupRekey, null, clock);
  }

  public RetentionOperatorHandler(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      NoticeBroadcast notices,
      HoldPasses holdPasses,
      DirectoryBackfill backfill,
      EmailLookupRekeyPass emailLookupRekey,
      EventsLookupRekeyPass eventsLookupRekey,
      Clock clock) {
    this.eventsLookupRekey = eventsLookupRekey;
    this.emailLookupRekey = emailLookupRekey;
    this.backfill = backfill;
    this.holdPasses = holdPasses;
    this.notices = notices;
    this.requests = requests;
    this.holds = holds;
    this.engine = engine;
    this.clock = clock;
  }

  /** Input the operator got wrong. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /**
   * Lambda's entry point: the direct invocation's JSON object in, the result out ({@link
   * EventPayloads} says why a stream); a payload that is not a JSON object is a bad request.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveObject(input, output, payload -> handleRequest(payload, context));
  }

  /** The same on the payload as a map (tests). */
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    try {
      if (input == null) {
        throw new BadInput("expected a JSON object with an action");
      }
      Instant now = clock.instant();
      String action = text(input, "action");
      return switch (action) {
        case "requestDeletion" -> requestDeletion(input, now);
        case "listRequests" -> listRequests(input);
        case "getRequest" -> getRequest(input);
        case "placeHold" -> {
          String placedAt =
              holds.place(subject(input), text(input, "reason"), now).placedAt().toString();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("hold", "placed");
          out.put("placedAt", placedAt);
          out.putAll(runHoldPasses(context, now));
          yield out;
        }
        case "liftHold" -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("lifted", holds.lift(subject(input), text(input, "reason"), now));
          out.putAll(runHoldPasses(context, now));
          yield out;
        }
        case "runHoldPasses" -> runHoldPasses(context, now);
        case "backfillDirectory" -> backfillDirectory(context, now);
        case "rekeyEmailLookups" -> rekeyEmailLookups(context);
        case "rekeyEventsLookups" -> rekeyEventsLookups(context);
        case "runPurge" -> toMap(engine.run(now, budget(context)));
        case "noticeAll" -> noticeAll(input, context, now);
        default -> throw new BadInput("unknown action");
      };
    } catch (BadInput | IllegalArgumentException e) {
      return Map.of("error", "bad_request", "message", String.valueOf(e.getMessage()));
    }
  }

  /** What an operator invocation may spend: until 5 s before its Lambda deadline. */
  private static Budget budget(Context context) {
    return InvocationBudget.of(context, 5_000);
  }

  private Map<String, Object> backfillDirectory(Context context, Instant now) {
    if (backfill == null) {
      throw new BadInput("the directory backfill is not configured");
    }
    DirectoryBackfill.Report report = backfill.run(now, budget(context));
    return Map.of(
        "accountsRead", report.read(),
        "entriesWritten", report.written(),
        "finished", report.finished());
  }

  private Map<String, Object> rekeyEmailLookups(Context context) {
    if (emailLookupRekey == null) {
      throw new BadInput("the email lookup re-key pass is not configured");
    }
    EmailLookupRekeyPass.Report report = emailLookupRekey.run(budget(context));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keyVersion", report.version());
    out.put("accountsRead", report.read());
    out.put("rekeyed", report.rekeyed());
    out.put("oldLookupsRemoved", report.removed());
    out.put("skipped", report.skipped());
    out.put("conflicts", report.conflicts());
    out.put("finished", report.finished());
    return out;
  }

  private Map<String, Object> rekeyEventsLookups(Context context) {
    if (eventsLookupRekey == null) {
      throw new BadInput("the events lookup re-key pass is not configured");
    }
    EventsLookupRekeyPass.Report report = eventsLookupRekey.run(budget(context));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keyVersion", report.version());
    out.put("partitionsRead", report.partitionsRead());
    out.put("partitionsMoved", report.partitionsMoved());
    out.put("itemsMoved", report.itemsMoved());
    out.put("unattributableOptOuts", report.unattributable());
    out.put("secretsUnderOlderVersions", report.secretsUnderOlderVersions());
    out.put("leftUnderOlderVersions", report.leftUnderOlderVersions());
    out.put("finished", report.finished());
    return out;
  }

  private Map<String, Object> runHoldPasses(Context context, Instant now) {
    if (holdPasses == null) {
      return Map.of();
    }
    HoldPasses.Report report = holdPasses.run(now, budget(context));
    return Map.of("heldItemsMoved", report.moved(), "holdPassesPending", !report.finished());
  }

  /**
   * {@code {"action":"noticeAll","broadcastId","category":"policy-change"|"change-of-control",
   * "subject","paragraphs":[...]}}: a transactional notice to every active account; invoking again
   * with the same broadcastId continues where it stopped.
   */
  private Map<String, Object> noticeAll(Map<String, Object> input, Context context, Instant now) {
    if (notices == null) {
      throw new BadInput("notices are not configured");
    }
    Object paragraphs = input.get("paragraphs");
    if (!(paragraphs instanceof List<?> list) || list.isEmpty()) {
      throw new BadInput("paragraphs must be a non-empty list");
    }
    Instant deadline =
        context == null
            ? Instant.MAX
            : now.plusMillis(context.getRemainingTimeInMillis()).minusSeconds(10);
    NoticeBroadcast.Report report =
        notices.run(
            text(input, "broadcastId"),
            new Notice(
                text(input, "category"),
                text(input, "subject"),
                list.stream().map(String::valueOf).toList()),
            deadline);
    return Map.of("sent", report.sent(), "finished", report.finished());
  }

  private Map<String, Object> requestDeletion(Map<String, Object> input, Instant now) {
    RequestKind kind;
    try {
      kind = RequestKind.valueOf(text(input, "kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInput("kind must be GUARDIAN_REQUEST, EMAIL_REQUEST or PROJECT_TERMINATION");
    }
    Duration deadline = deadline(input);
    RequestOutcome outcome =
        switch (kind) {
          case GUARDIAN_REQUEST ->
              requests.requestGuardianDeletion(text(input, "accountId"), deadline, now);
          case EMAIL_REQUEST -> {
            String email = text(input, "email");
            if (!email.contains("@") || email.length() > 320) {
              throw new BadInput("email is not an address");
            }
            yield requests.requestDeletionByEmail(email, deadline, now);
          }
          case PROJECT_TERMINATION ->
              requests.requestProjectDeletion(text(input, "projectId"), deadline, now);
          case ACCOUNT ->
              throw new BadInput("self-service deletion is requested by the account holder");
        };
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", outcome instanceof RequestOutcome.Created ? "created" : "already_open");
    out.put(
        "request",
        toMap(
            switch (outcome) {
              case RequestOutcome.Created c -> c.request();
              case RequestOutcome.AlreadyOpen a -> a.request();
            }));
    return out;
  }

  private Map<String, Object> listRequests(Map<String, Object> input) {
    List<DeletionRequest> found =
        input.containsKey("accountId") || input.containsKey("projectId")
            ? requests.forSubject(subject(input))
            : requests.open();
    return Map.of("requests", found.stream().map(RetentionOperatorHandler::toMap).toList());
  }

  private Map<String, Object> getRequest(Map<String, Object> input) {
    String requestId = text(input, "requestId");
    DeletionRequest request =
        requests.find(requestId).orElseThrow(() -> new BadInput("no such request"));
    // With accountId or projectId: whether each receipt is about that subject (an auditor's check).
    Subject about =
        input.get("accountId") != null || input.get("projectId") != null ? subject(input) : null;
    Map<String, Object> out = new LinkedHashMap<>(toMap(request));
    out.put(
        "receipts",
        requests.receipts(requestId).stream()
            .map(
                r -> {
                  Map<String, Object> receipt = toMap(r);
                  if (about != null) {
                    receipt.put("aboutSubject", engine.isAbout(r, about));
                  }
                  return receipt;
                })
            .toList());
    return out;
  }

  private static Duration deadline(Map<String, Object> input) {
    Object days = input.get("deadlineDays");
    if (days == null) {
      return null;
    }
    if (!(days instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
      throw new BadInput("deadlineDays must be a whole number of days");
    }
    return Duration.ofDays(n.longValue());
  }

  private static Subject subject(Map<String, Object> input) {
    boolean account = input.get("accountId") != null;
    boolean project = input.get("projectId") != null;
    if (account == project) {
      throw new BadInput("give exactly one of accountId or projectId");
    }
    return account
        ? new Subject(SubjectKind.ACCOUNT, text(input, "accountId"), null)
        : new Subject(SubjectKind.PROJECT, text(input, "projectId"), null);
  }

  private static String text(Map<String, Object> input, String field) {
    Object value = input.get(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new BadInput(field + " must be a non-empty string");
    }
    if (s.length() > 1000) {
      throw new BadInput(field + " is too long");
    }
    return s.trim();
  }

  static Map<String, Object> toMap(DeletionRequest r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", r.requestId());
    out.put("kind", r.kind().name());
    out.put("subjectKind", r.subject().kind().name());
    out.put("subjectId", r.subject().id());
    out.put("status", r.status().wire());
    out.put("createdAt", r.createdAt().toString());
    out.put("dueAt", r.dueAt().toString());
    out.put("deadline", r.deadline().toString());
    Map<String, Object> steps = new LinkedHashMap<>();
    r.steps().forEach((k, v) -> steps.put(k, Map.of("count", v.count(), "done", v.done())));
    out.put("steps", steps);
    r.completed().ifPresent(at -> out.put("completedAt", at.toString()));
    return out;
  }

  static Map<String, Object> toMap(Receipt r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", r.requestId());
    out.put("outcome", r.outcome().name());
    out.put("subjectKind", r.subjectKind().name());
    out.put("subjectHash", r.subjectHash());
    out.put("requestKind", r.requestKind().name());
    out.put("counts", r.counts());
    out.put("at", r.at().toString());
    return out;
  }

  static Map<String, Object> toMap(PurgeReport report) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("completed", report.completed());
    out.put("held", report.held());
    out.put("unfinished", report.unfinished());
    out.put("withoutSteps", report.withoutSteps());
    out.put("erased", report.erased());
    out.put("expired", report.expired());
    out.put("nearDeadline", report.nearDeadline());
    out.put("overdue", report.overdue());
    out.put("finished", report.finished());
    return out;
  }
}
