package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.HeldItems;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Held analytics data out of DynamoDB TTL's reach: for a held project, every item of the project
 * (events, profiles, group profiles, expiry markers, anonymous aggregates); for a held account, its
 * pseudonym's partition in every first-party project. A project's end users in a customer's project
 * are not the service's accounts, so an account hold does not search them. Restoring an account's
 * items skips projects that are themselves held, and restoring a first-party project's items skips
 * held accounts' pseudonyms: lifting one hold never exposes what another still covers.
 *
 * <p>The daily opt-out's {@code PREFS} item keeps its TTL: its expiry is what it means.
 */
public final class EventsHoldStep implements HoldStep {
  private final ProjectService projects;
  private final HeldItems items;
  private final AnalyticsPseudonyms pseudonyms;
  private final Holds holds;

  public EventsHoldStep(
      ProjectService projects, HeldItems items, AnalyticsPseudonyms pseudonyms, Holds holds) {
    this.projects = projects;
    this.items = items;
    this.pseudonyms = pseudonyms;
    this.holds = holds;
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.PROJECT || kind == SubjectKind.ACCOUNT;
  }

  @Override
  public Batch move(Subject subject, Direction direction, String cursor, int limit) {
    if (subject.kind() == SubjectKind.PROJECT) {
      return items.moveProject(
          subject.id(), direction, cursor, limit, keptBack(direction, subject));
    }
    return moveAccount(subject.id(), direction, cursor, limit);
  }

  /**
   * Restoring a first-party project: the pseudonyms of held accounts stay sheltered (their own hold
   * covers them).
   */
  private Set<String> keptBack(Direction direction, Subject project) {
    if (direction != Direction.RESTORE
        || !projects.byId(project.id()).map(Project::firstParty).orElse(false)) {
      return Set.of();
    }
    Set<String> keep = new HashSet<>();
    holds.held(SubjectKind.ACCOUNT).forEach(account -> keep.add(pseudonyms.of(account.id())));
    return keep;
  }

  /**
   * Cursor {@code <projectId>\n<sort key>}: within that project's partition after the sort key, or
   * (empty sort key) that project done, continuing with the next first-party project by id.
   */
  private Batch moveAccount(String accountId, Direction direction, String cursor, int limit) {
    String atProject = null;
    String afterSk = null;
    if (cursor != null) {
      int cut = cursor.indexOf('\n');
      atProject = cursor.substring(0, cut);
      afterSk = cursor.substring(cut + 1);
    }
    String distinctId = pseudonyms.of(accountId);
    List<String> firstParty =
        projects.list().stream().filter(Project::firstParty).map(Project::id).sorted().toList();
    for (String projectId : firstParty) {
      boolean resume = afterSk != null && !afterSk.isEmpty() && projectId.equals(atProject);
      if (atProject != null && !resume && projectId.compareTo(atProject) <= 0) {
        continue;
      }
      if (direction == Direction.RESTORE && holds.isHeld(Subject.project(projectId))) {
        continue;
      }
      Batch page =
          items.moveDistinctId(projectId, distinctId, direction, resume ? afterSk : null, limit);
      return new Batch(page.count(), projectId + "\n" + (page.last() ? "" : page.cursor()));
    }
    return new Batch(0, null);
  }
}
