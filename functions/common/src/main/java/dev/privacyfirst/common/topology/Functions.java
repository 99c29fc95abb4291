package dev.privacyfirst.common.topology;

import dev.privacyfirst.common.topology.FunctionSpec.Trigger;
import java.util.List;
import java.util.Optional;

/** Every function of the system, defined once for the CDK stack and the local cloud. */
public final class Functions {
  private Functions() {}

  private static final String BASE = "dev.privacyfirst.";

  public static final FunctionSpec ACCOUNTS_API =
      new FunctionSpec(
          "AccountsApi",
          "accounts",
          BASE + "accounts.handler.AccountsApiHandler",
          Trigger.HTTP,
          1024,
          10,
          null);

  public static final FunctionSpec FILES_API =
      new FunctionSpec(
          "FilesApi",
          "files",
          BASE + "files.handler.FilesApiHandler",
          Trigger.HTTP,
          1024,
          29,
          null);

  public static final FunctionSpec UPLOAD_PROCESSOR =
      new FunctionSpec(
          "UploadProcessor",
          "files",
          BASE + "files.handler.UploadProcessorHandler",
          Trigger.S3_OBJECT_CREATED,
          2048,
          900,
          null);

  /**
   * Decrypts a large file's chunks in parallel into a multipart upload in the exports bucket, for a
   * short-lived download link (API Gateway and the API function cannot carry large bodies). 2048 MB
   * (about 1.2 vCPU and its network share); 15 minutes covers a 5 GiB file at 6 MB/s.
   */
  public static final FunctionSpec DOWNLOAD_MATERIALISER =
      new FunctionSpec(
          "DownloadMaterialiser",
          "files",
          BASE + "files.handler.DownloadMaterialiserHandler",
          Trigger.S3_EXPORT_REQUESTED,
          2048,
          900,
          null);

  /**
   * Hands uploads whose S3 event was lost (a processor that died, a dependency down for Lambda's
   * retries) to the processor again: their objects are still in the incoming bucket 20 minutes
   * after they arrived. It lists, reads file records and invokes; it processes nothing itself.
   */
  public static final FunctionSpec UPLOAD_REDRIVE =
      new FunctionSpec(
          "UploadRedrive",
          "files",
          BASE + "files.handler.UploadRedriveHandler",
          Trigger.SCHEDULE,
          512,
          300,
          "rate(10 minutes)");

  /** Removes plaintext download copies within the hour (S3 lifecycle rules work in days). */
  public static final FunctionSpec DOWNLOAD_SWEEP =
      new FunctionSpec(
          "DownloadSweep",
          "files",
          BASE + "files.handler.DownloadSweepHandler",
          Trigger.SCHEDULE,
          512,
          300,
          "rate(15 minutes)");

  /**
   * Lawful disclosure: served on the IAM-authorised operator route {@code POST
   * /v1/operator/disclosures} (the requester on record is the AWS identity API Gateway
   * authenticated); audits into the subject-rights contract's table and notifies the person through
   * its {@code AccountNotices} port.
   */
  public static final FunctionSpec LAWFUL_DISCLOSURE =
      new FunctionSpec(
          "LawfulDisclosure",
          "files",
          BASE + "files.handler.LawfulDisclosureHandler",
          Trigger.HTTP,
          2048,
          900,
          null);

  public static final FunctionSpec TRACKING_API =
      new FunctionSpec(
          "TrackingApi",
          "events",
          BASE + "events.handler.TrackingApiHandler",
          Trigger.HTTP,
          1024,
          29,
          null);

  public static final FunctionSpec EVENTS_PRIVACY_API =
      new FunctionSpec(
          "EventsPrivacyApi",
          "events",
          BASE + "events.handler.EventsPrivacyApiHandler",
          Trigger.HTTP,
          1024,
          29,
          null);

  public static final FunctionSpec EVENT_PROJECTS =
      new FunctionSpec(
          "EventProjects",
          "events",
          BASE + "events.handler.EventProjectsHandler",
          Trigger.INVOKE,
          512,
          30,
          null);

  public static final FunctionSpec EMAIL_LINKS =
      new FunctionSpec(
          "EmailLinks",
          "email",
          BASE + "email.handler.EmailLinksHandler",
          Trigger.HTTP,
          512,
          10,
          null);

  public static final FunctionSpec SES_NOTIFICATIONS =
      new FunctionSpec(
          "SesNotifications",
          "email",
          BASE + "email.handler.SesNotificationsHandler",
          Trigger.SNS,
          512,
          30,
          null);

  /**
   * Mail to the unsubscribe mailbox ({@code unsubscribe+<token>@domain}, the mailto alternative of
   * List-Unsubscribe), from the SES receipt rule's SNS action: unsubscribes as the one-click POST.
   */
  public static final FunctionSpec INBOUND_MAIL =
      new FunctionSpec(
          "InboundMail",
          "email",
          BASE + "email.handler.InboundMailHandler",
          Trigger.SES_INBOUND,
          512,
          30,
          null);

  public static final FunctionSpec CAMPAIGNS =
      new FunctionSpec(
          "Campaigns",
          "email",
          BASE + "email.handler.CampaignsHandler",
          Trigger.INVOKE,
          1024,
          900,
          null);

  public static final FunctionSpec RETENTION_PURGE =
      new FunctionSpec(
          "RetentionPurge",
          "retention",
          BASE + "retention.handler.RetentionPurgeHandler",
          Trigger.SCHEDULE,
          1024,
          900,
          "rate(1 day)");

  public static final FunctionSpec RETENTION_OPERATOR =
      new FunctionSpec(
          "RetentionOperator",
          "retention",
          BASE + "retention.handler.RetentionOperatorHandler",
          Trigger.INVOKE,
          512,
          60,
          null);

  /**
   * Sends a transactional notice to an account holder (invoked asynchronously by accounts and the
   * subject-rights functions through the contract's {@code AccountNotices} port).
   */
  public static final FunctionSpec ACCOUNT_NOTICES =
      new FunctionSpec(
          "AccountNotices",
          "email",
          BASE + "email.handler.AccountNoticesHandler",
          Trigger.INVOKE,
          512,
          30,
          null);

  /**
   * Runs filed subject-rights jobs (account exports): invoked asynchronously when a job is filed,
   * and on a schedule that picks up any job an invocation missed.
   */
  public static final FunctionSpec RIGHTS_JOBS =
      new FunctionSpec(
          "RightsJobs",
          "retention",
          BASE + "retention.handler.RightsJobsHandler",
          Trigger.SCHEDULE,
          1024,
          900,
          "rate(15 minutes)");

  public static final List<FunctionSpec> ALL =
      List.of(
          ACCOUNTS_API,
          FILES_API,
          UPLOAD_PROCESSOR,
          UPLOAD_REDRIVE,
          DOWNLOAD_MATERIALISER,
          DOWNLOAD_SWEEP,
          LAWFUL_DISCLOSURE,
          TRACKING_API,
          EVENTS_PRIVACY_API,
          EVENT_PROJECTS,
          EMAIL_LINKS,
          SES_NOTIFICATIONS,
          INBOUND_MAIL,
          CAMPAIGNS,
          ACCOUNT_NOTICES,
          RETENTION_PURGE,
          RETENTION_OPERATOR,
          RIGHTS_JOBS);

  /**
   * The environment variable that carries a function's deployed name to the functions that invoke
   * it (set by the CDK app; the local cloud invokes by id, the fallback).
   */
  public static String nameEnvVar(FunctionSpec function) {
    return "FUNCTION_NAME_"
        + function.id().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  /** The name to invoke a function by: its deployed name, or its id locally. */
  public static String deployedName(
      dev.privacyfirst.common.config.Config config, FunctionSpec function) {
    return config.get(nameEnvVar(function), function.id());
  }

  /**
   * Which modules' functions invoke which functions asynchronously (the subject-rights contract's
   * notices and job triggers): the CDK app grants exactly these invocations and passes each
   * target's name in {@link #nameEnvVar}; the local cloud serves Lambda's Invoke API for them.
   */
  public static final java.util.Map<String, List<FunctionSpec>> INVOKES =
      java.util.Map.of(
          "accounts",
          List.of(ACCOUNT_NOTICES, RIGHTS_JOBS),
          // The subject-rights functions mail people through the contract's AccountNotices port:
          // the operator's notices to everyone, disclosure notices once an order ends.
          "retention",
          List.of(ACCOUNT_NOTICES));

  /**
   * Single functions that invoke others asynchronously, beyond their module's {@link #INVOKES}: the
   * lawful-disclosure function (in the files module, which otherwise invokes nothing) sends
   * disclosure notices through the contract's {@code AccountNotices} port; the upload redrive hands
   * uploads whose event was lost to the processor.
   */
  public static final java.util.Map<FunctionSpec, List<FunctionSpec>> FUNCTION_INVOKES =
      java.util.Map.of(
          LAWFUL_DISCLOSURE, List.of(ACCOUNT_NOTICES), UPLOAD_REDRIVE, List.of(UPLOAD_PROCESSOR));

  /** Every function this one invokes asynchronously: its module's, then its own. */
  public static List<FunctionSpec> invokedBy(FunctionSpec caller) {
    java.util.LinkedHashSet<FunctionSpec> targets =
        new java.util.LinkedHashSet<>(INVOKES.getOrDefault(caller.module(), List.of()));
    targets.addAll(FUNCTION_INVOKES.getOrDefault(caller, List.of()));
    return List.copyOf(targets);
  }

  public static Optional<FunctionSpec> byId(String id) {
    return ALL.stream().filter(f -> f.id().equals(id)).findFirst();
  }
}
