package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.FunctionSpec;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;

/**
 * One deployed function. Triggers target the alias: SnapStart snapshots only published versions, so
 * invoking $LATEST would never restore from a snapshot.
 */
public record DeployedFunction(FunctionSpec spec, Function function, Alias alias) {}
