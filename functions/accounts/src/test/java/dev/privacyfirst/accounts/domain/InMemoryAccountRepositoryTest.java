package dev.privacyfirst.accounts.domain;

/** The in-memory account repository the domain's unit tests use keeps the same contract. */
class InMemoryAccountRepositoryTest extends AccountRepositoryContract {
  @Override
  protected AccountRepository repository() {
    return new InMemoryPorts.Accounts();
  }
}
