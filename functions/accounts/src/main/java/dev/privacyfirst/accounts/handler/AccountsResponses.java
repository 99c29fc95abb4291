package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ConsentChange;
import dev.privacyfirst.accounts.domain.ConsentsView;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.Grant;
import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfileView;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.rights.domain.ExportJob;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies the AccountsApi function answers with, one record per shape, written by the one
 * mapper ({@code Json.MAPPER} through {@code HttpResponse.json}): members in declaration order, a
 * null member left out. The OpenAPI document describes the same shapes; the contract test checks
 * real answers against it.
 */
final class AccountsResponses {
  private AccountsResponses() {}

  /** An accepted request with a state and what happens next (sign-up, guardian pending). */
  record StatusMessage(String status, String message) {}

  /** An accepted request whose answer is the same whatever the address (links, resets). */
  record Message(String message) {}

  /** A state alone: {@code {"status": "active"}} once a guardian agreed. */
  record Status(String status) {}

  /** A new session. */
  record Session(String token, Instant expiresAt, String accountId) {
    static Session of(SignInResult.SignedIn s) {
      return new Session(s.token(), s.expiresAt(), s.accountId());
    }
  }

  /** A verified address: the account that opened and its first session. */
  record VerifiedAccount(
      String id,
      String email,
      Instant createdAt,
      String token,
      Instant expiresAt,
      String accountId) {
    static VerifiedAccount of(AccountView account, SignInResult.SignedIn s) {
      return new VerifiedAccount(
          account.id(),
          account.email(),
          account.createdAt(),
          s.token(),
          s.expiresAt(),
          s.accountId());
    }
  }

  /** The 403 of signing in during a deletion's grace window: an error body with the way out. */
  record DeletionPending(String error, String message, PendingDeletion deletion) {}

  record PendingDeletion(String status, Instant scheduledFor, CancelRequest cancel) {}

  /** The request that cancels the deletion, spelled out for the client. */
  record CancelRequest(String method, String path, String token, Instant tokenExpiresAt) {}

  record SessionsSignedOut(int sessionsSignedOut) {}

  record Sessions(List<CredentialService.SessionView> sessions) {
    Sessions {
      sessions = List.copyOf(sessions);
    }
  }

  record Email(String email) {}

  /**
   * The signed-in account with its profile: {@code profile} holds the fields that are set (and the
   * handle), {@code visibility} every field's visibility; {@code analyticsId} only on GET.
   */
  record Me(
      String id,
      String email,
      Instant createdAt,
      Map<String, String> profile,
      Map<String, String> visibility,
      String analyticsId) {
    Me {
      profile = Collections.unmodifiableMap(new LinkedHashMap<>(profile));
      visibility = Collections.unmodifiableMap(new LinkedHashMap<>(visibility));
    }

    /** Keyed by the fields' wire names in {@link ProfileField} order, the handle last. */
    static Me of(AccountView account, ProfileView profile, String analyticsId) {
      Map<String, String> values = new LinkedHashMap<>();
      Map<String, String> visibility = new LinkedHashMap<>();
      for (ProfileField field : ProfileField.values()) {
        if (profile != null && profile.values().containsKey(field)) {
          values.put(field.wire(), profile.values().get(field));
        }
        Visibility chosen =
            profile == null
                ? Visibility.PRIVATE
                : profile.visibility().getOrDefault(field, Visibility.PRIVATE);
        visibility.put(field.wire(), chosen.wire());
      }
      if (profile != null && profile.handle() != null) {
        values.put("handle", profile.handle());
      }
      return new Me(
          account.id(), account.email(), account.createdAt(), values, visibility, analyticsId);
    }
  }

  /** A filed deletion request; {@code cancellableUntil} only while signing in can cancel it. */
  record DeletionRequested(
      String requestId,
      String status,
      Instant cancellableUntil,
      Instant dueAt,
      Instant deadline,
      boolean confirmationEmailSent) {
    static DeletionRequested of(DeletionTicket ticket, boolean confirmationSent) {
      return new DeletionRequested(
          ticket.requestId(),
          ticket.status(),
          ticket.cancellable() ? ticket.dueAt() : null,
          ticket.dueAt(),
          ticket.deadline(),
          confirmationSent);
    }
  }

  /** An export job; {@code archive} once it is ready. */
  record Export(
      String jobId, String status, Instant requestedAt, Instant finishedAt, Archive archive) {
    static Export of(ExportJob job) {
      Archive archive =
          job.link() == null
              ? null
              : new Archive(job.link().toString(), job.linkExpiresAt(), job.bytes());
      return new Export(
          job.jobId(), job.status().wire(), job.requestedAt(), job.finishedAt(), archive);
    }
  }

  record Archive(String url, Instant expiresAt, long bytes) {}

  /** The consents ({@code updatedAt} once changed), the grants in force and the history. */
  record Consents(
      boolean shareWithThirdPartiesOptOut,
      boolean trackingOptOut,
      Instant updatedAt,
      List<Grant> grants,
      List<ConsentChange> history) {
    Consents {
      grants = List.copyOf(grants);
      history = List.copyOf(history);
    }

    static Consents of(ConsentsView view) {
      return new Consents(
          view.consents().shareWithThirdPartiesOptOut(),
          view.consents().trackingOptOut(),
          view.consents().updatedAt(),
          view.grants(),
          view.history());
    }
  }
}
