package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * A deletion request as the account holder sees it.
 *
 * @param requestId the request's id
 * @param status its status ("received", ...)
 * @param dueAt when the grace window ends and the purge may execute it
 * @param deadline when it must be completed at the latest
 * @param created whether this call created it (false: an open one existed already)
 * @param cancellable whether signing in cancels it (it is in its grace window)
 */
public record DeletionTicket(
    String requestId,
    String status,
    Instant dueAt,
    Instant deadline,
    boolean created,
    boolean cancellable) {}
