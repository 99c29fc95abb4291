package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.HeldItems;
import dev.privacyfirst.events.domain.PrivacyService;
import dev.privacyfirst.events.domain.ProjectErasure;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.Holds;
import java.util.List;

/** The events capability's side of the subject-rights contract, over its own table. */
public final class EventsRights {
  private EventsRights() {}

  public static CapabilityRights of(
      ProjectService projects,
      DistinctIdData distinctIds,
      ExpiredEvents expired,
      HeldItems held,
      PrivacyService privacy,
      ProjectErasure projectErasure,
      DeletionTaskExecutor deletions,
      AnalyticsPseudonyms pseudonyms,
      Holds holds) {
    return new CapabilityRights(
        "events",
        List.of(
            new EventsErasureStep(projects, distinctIds, pseudonyms, holds),
            new EventsProjectErasureStep(projectErasure)),
        List.of(
            new EventsTasksExpiryStep(deletions), new EventsExpiryStep(expired, projects, holds)),
        List.of(new EventsExport(projects, privacy, pseudonyms)),
        List.of(deletions::deadlines),
        List.of(new EventsHoldStep(projects, held, pseudonyms, holds)));
  }
}
