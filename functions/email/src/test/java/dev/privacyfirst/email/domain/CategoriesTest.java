package dev.privacyfirst.email.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CategoriesTest {
  private final Categories categories = Categories.standard();

  @Test
  void theConfiguredListHasTheTransactionalAndPromotionalCategoriesWithDescriptions() {
    assertThat(categories.transactional())
        .extracting(Category::id)
        .containsExactly(
            "account-created",
            "security",
            "deletion-confirmation",
            "policy-change",
            "change-of-control",
            "address-verification",
            "guardian-consent");
    assertThat(categories.promotional())
        .extracting(Category::id)
        .containsExactly("product-announcements", "newsletter", "offers");
    assertThat(categories.all()).allSatisfy(c -> assertThat(c.description()).isNotBlank());
  }

  @Test
  void refusingOneCategoryOrAllNeverStopsTransactionalMail() {
    Preferences none = Preferences.defaults("a:x");
    Preferences noOffers = none.refusing("offers", null);
    Preferences nothing = none.refusing(Categories.ALL, null);
    assertThat(noOffers.allows(categories.require("offers"))).isFalse();
    assertThat(noOffers.allows(categories.require("newsletter"))).isTrue();
    assertThat(nothing.allows(categories.require("newsletter"))).isFalse();
    assertThat(nothing.allows(categories.require("policy-change"))).isTrue();
    assertThat(noOffers.refusing("offers", null).refused()).isEqualTo(Set.of("offers"));
  }
}
